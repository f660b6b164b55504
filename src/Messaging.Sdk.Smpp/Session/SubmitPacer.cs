using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messaging.Sdk.Smpp.Session;

/// <summary>
/// Paces submit_sm PDUs of one bind: an optional fixed rate (per PDU, so a long message counts every segment) and, after
/// ESME_RTHROTTLED / ESME_RMSGQFUL, a pause that doubles on each further one (reset by a success) plus, when adaptive,
/// a rate cap that halves on further throttling rounds and rises by a quarter per quiet interval until it is dropped.
/// </summary>
/// <remarks>
/// <para>
/// State machine (all under <see cref="_gate"/>; the hot path reads <see cref="_active"/> only, <see cref="OnAccepted"/>
/// <see cref="_watch"/> only). With a configured rate, the first throttling round caps the bind at half of it. With
/// nothing known about the rate, the first round only pauses and starts a probe of one recovery interval (at least
/// one second) that counts
/// the submits the SMSC accepts; if the SMSC throttled again within it (or, failing that, at the first refusal in the
/// following probe length), the bind is capped at the accepted rate (what the SMSC let through while the bind pushed),
/// otherwise the probe ends with no cap. With a cap in force, each further
/// round halves it (at most once per half recovery interval; rounds in between only pause), down to the floor. Each
/// quiet interval multiplies the cap by 1.25; once it reaches its ceiling (the configured rate, or twice the rate the
/// probe capped at) the cap is dropped.
/// </para>
/// <para>
/// Only dense rounds (<see cref="DenseAfter"/> throttling answers in a row) drive the cap; others only pause.
/// A round is one escalation: answers to requests queued before the latest escalation (their <see cref="Epoch"/> is
/// older) say nothing new and do not escalate again, so a window full of throttled answers counts once.
/// </para>
/// <para>
/// The rate the bind sends at is not measured: counting it would put work on the unthrottled hot path, and right after a
/// pause it says little anyway (the window leaves in one burst, then waits for answers).
/// </para>
/// </remarks>
internal sealed class SubmitPacer
{
    private const double RecoveryFactor = 1.25;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private readonly TimeProvider _time;
    private readonly long _fixedInterval;
    private readonly int? _fixedRate;
    private readonly TimeSpan _firstBackoff;
    private readonly bool _adaptive;
    private readonly long _recoveryTicks;
    private readonly long _probeTicks;
    private readonly double _floor;
    private readonly int _denseAfter;
    private readonly string _sender;
    private readonly int _bindIndex;
    private readonly ILogger _logger;
    private readonly object _gate = new();

    // Non-zero while any pacing may apply (fixed rate, cap, pause or probing): the only field WaitAsync reads on the hot path.
    private int _active;

    // Non-zero while OnAccepted has something to do (a pause to end, a probe counting): the only field it reads otherwise.
    private int _watch;
    private int _epoch;
    private long _next;
    private long _throttledUntil;
    private TimeSpan _backoff;

    private double _cap;
    private long _capInterval;
    private double _ceiling;
    private long _quietSince;
    private long _lastCut;
    private bool _probing;
    private long _probeStart;
    private int _probeRounds;
    private long _probeAccepted;
    private int _consecutive;

    public SubmitPacer(TimeProvider timeProvider, int? messagesPerSecond, TimeSpan firstBackoff, bool adaptive, TimeSpan recoveryInterval,
        int minimumRate, int denseAfter, string senderName, int bindIndex, ILogger? logger)
    {
        _time = timeProvider;
        _fixedRate = messagesPerSecond;
        _fixedInterval = messagesPerSecond is { } rate ? Math.Max(1, _time.TimestampFrequency / rate) : 0;
        _firstBackoff = firstBackoff;
        _adaptive = adaptive;
        _recoveryTicks = Math.Max(1, (long)(recoveryInterval.TotalSeconds * _time.TimestampFrequency));
        // SMSCs count per second: a shorter probe could fall wholly in the refused rest of one and see nothing accepted.
        _probeTicks = Math.Max(_recoveryTicks, _time.TimestampFrequency);
        _floor = Math.Max(1, minimumRate);
        _denseAfter = Math.Max(1, denseAfter);
        _sender = senderName;
        _bindIndex = bindIndex;
        _logger = logger ?? NullLogger.Instance;
        _active = _fixedInterval != 0 ? 1 : 0;
    }

    public static SubmitPacer For(SmppOptions options, TimeProvider timeProvider, string senderName, int bindIndex, ILogger logger)
        => new(timeProvider, options.MaxMessagesPerSecond, options.ThrottleBackoff, options.AdaptiveThrottling, options.ThrottleRecoveryInterval,
            options.ThrottleMinimumRate, DenseAfter(options.WindowSize), senderName, bindIndex, logger);

    /// <summary>How many throttling answers in a row (no success between) mark a rate limit rather than an occasional refusal.</summary>
    /// <remarks>Half the window, 2 to 8: a per-second limit refuses everything to the end of its second, so the rest of the
    /// window comes back refused together; an SMSC that refuses a share of submits whatever the rate interleaves them with
    /// successes, and slowing down would not help it (the pause alone then applies, as with adaptive throttling off).</remarks>
    public static int DenseAfter(int windowSize) => Math.Clamp(windowSize / 2, 2, 8);

    /// <summary>The escalation count: read it before sending and pass it to <see cref="OnThrottled(int)"/>.</summary>
    public int Epoch => Volatile.Read(ref _epoch);

    /// <summary>The adaptive cap in submit_sm PDUs per second now in force, or <see langword="null"/> when the bind is not slowed by one.</summary>
    public double? AdaptiveCap
    {
        get
        {
            lock (_gate)
            {
                Refresh(_time.GetTimestamp());
                return _cap > 0 ? _cap : null;
            }
        }
    }

    /// <summary>Whether <see cref="WaitAsync"/> leaves the hot path (a rate, a cap, a pause or probing is in force).</summary>
    public bool IsPacing => Volatile.Read(ref _active) != 0;

    /// <summary>Waits until the next PDU may go.</summary>
    public ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        // The hot path: no rate, no cap, no throttling: one read, no lock, no allocation.
        if (Volatile.Read(ref _active) == 0)
        {
            return ValueTask.CompletedTask;
        }

        long slot;
        long now;
        lock (_gate)
        {
            now = _time.GetTimestamp();
            Refresh(now);
            slot = Math.Max(now, _throttledUntil);
            var interval = Math.Max(_fixedInterval, _capInterval);
            if (interval != 0)
            {
                slot = Math.Max(slot, _next);
                _next = slot + interval;
            }
        }

        var wait = slot - now;
        return wait <= 0
            ? ValueTask.CompletedTask
            : new ValueTask(Task.Delay(TimeSpan.FromSeconds((double)wait / _time.TimestampFrequency), _time, cancellationToken));
    }

    /// <summary>Records a throttling response and returns the pause now in force.</summary>
    /// <param name="epochAtSend">The <see cref="Epoch"/> read before the throttled request was sent.</param>
    public TimeSpan OnThrottled(int epochAtSend)
    {
        double? cap;
        TimeSpan backoff;
        var recovered = false;
        var slowed = false;
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            cap = Refresh(now, ref recovered, ref slowed);
            _consecutive++;
            if (epochAtSend != _epoch)
            {
                // Answers to requests queued before the latest escalation say nothing new: do not escalate for them.
                backoff = _backoff;
            }
            else
            {
                _epoch++;
                _backoff = _backoff == TimeSpan.Zero ? _firstBackoff : TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, MaxBackoff.Ticks));
                _throttledUntil = now + (long)(_backoff.TotalSeconds * _time.TimestampFrequency);
                backoff = _backoff;
                if (_adaptive && _consecutive >= _denseAfter)
                {
                    if (Cut(now) is { } cut)
                    {
                        (cap, slowed, recovered) = (cut, true, false);
                    }

                    _quietSince = now;
                }

                Update();
            }
        }

        Report(cap, slowed, recovered, backoff);
        return backoff;
    }

    /// <summary>Records an accepted submit: ends the pause once it is over and counts for a probe (the cap recovers by itself).</summary>
    public void OnAccepted()
    {
        if (Volatile.Read(ref _watch) == 0)
        {
            return;
        }

        lock (_gate)
        {
            if (_probing)
            {
                _probeAccepted++;
            }

            _consecutive = 0;
            if (_throttledUntil != 0 && _time.GetTimestamp() >= _throttledUntil)
            {
                _backoff = TimeSpan.Zero;
                _throttledUntil = 0;
            }

            Update();
        }
    }

    /// <summary>Applies the interval-driven changes due by <paramref name="now"/> outside the throttling path.</summary>
    private void Refresh(long now)
    {
        var recovered = false;
        var slowed = false;
        var cap = Refresh(now, ref recovered, ref slowed);
        Report(cap, slowed, recovered, _backoff);
    }

    /// <summary>Lowers the cap for a new throttling round; returns the new cap, or <see langword="null"/> when it stays.</summary>
    private double? Cut(long now)
    {
        if (_probing)
        {
            _probeRounds++;
            return now - _probeStart >= _probeTicks ? EndProbe(now) : null;
        }

        if (_cap == 0 && _fixedRate is null)
        {
            // Nothing known about the rate: pause, and count what the SMSC accepts for one interval.
            _probing = true;
            _probeStart = now;
            _probeRounds = 0;
            _probeAccepted = 0;
            return null;
        }

        if (_cap > 0 && now - _lastCut < _recoveryTicks / 2)
        {
            // An SMSC that counts per second keeps refusing until its second is over, whatever the bind's rate now is:
            // within half a recovery interval of the last cut, further rounds only lengthen the pause. Cutting on each
            // would take the cap to the floor in one refused second.
            return null;
        }

        if (_cap == 0)
        {
            _ceiling = _fixedRate!.Value;
        }

        var basis = _cap > 0 ? Math.Min(_cap, _fixedRate ?? double.MaxValue) : _fixedRate!.Value;
        _lastCut = now;
        SetCap(Math.Max(_floor, basis / 2));
        return _cap;
    }

    /// <summary>
    /// Ends a probe that has run one interval (capping at the accepted rate if the SMSC throttled again), and raises the
    /// cap by a quarter per quiet interval, dropping it at its ceiling. Returns the cap when it was set or changed.
    /// </summary>
    private double? Refresh(long now, ref bool recovered, ref bool slowed)
    {
        if (!_adaptive)
        {
            return null;
        }

        if (_probing)
        {
            if (now - _probeStart < _probeTicks)
            {
                return null;
            }

            if (_probeRounds == 0)
            {
                if (now - _probeStart < 2 * _probeTicks)
                {
                    // A per-second SMSC refuses again about a second later: wait one more probe length for it.
                    return null;
                }

                // One throttling round and then quiet: a blip, not a limit.
                _probing = false;
                Update();
                return null;
            }

            slowed = true;
            return EndProbe(now);
        }

        if (_cap == 0 || now - _quietSince < _recoveryTicks)
        {
            return null;
        }

        var steps = (now - _quietSince) / _recoveryTicks;
        _quietSince += steps * _recoveryTicks;
        var cap = _cap * Math.Pow(RecoveryFactor, Math.Min(steps, 100));
        if (cap >= _ceiling)
        {
            _cap = 0;
            _capInterval = 0;
            recovered = true;
            Update();
            return null;
        }

        SetCap(cap);
        return cap;
    }

    /// <summary>Caps the bind at the rate the SMSC accepted during the probe.</summary>
    private double EndProbe(long now)
    {
        var accepted = Math.Max(_floor, _probeAccepted / ((double)(now - _probeStart) / _time.TimestampFrequency));
        _probing = false;
        _ceiling = accepted * 2;
        _lastCut = now;
        _quietSince = now;
        SetCap(accepted);
        Update();
        return accepted;
    }

    private void Report(double? cap, bool slowed, bool recovered, TimeSpan pause)
    {
        if (recovered)
        {
            SmppMetrics.RecordAdaptiveCap(_sender, _bindIndex, 0);
            SmppLog.BindRecovered(_logger, _sender, _bindIndex, _fixedRate);
        }
        else if (cap is { } c)
        {
            SmppMetrics.RecordAdaptiveCap(_sender, _bindIndex, c);
            if (slowed)
            {
                SmppLog.BindSlowed(_logger, _sender, _bindIndex, Math.Round(c, 1), pause);
            }
        }
    }

    private void SetCap(double cap)
    {
        _cap = cap;
        _capInterval = Math.Max(1, (long)(_time.TimestampFrequency / cap));
    }

    private void Update()
    {
        Volatile.Write(ref _active, _fixedInterval != 0 || _capInterval != 0 || _throttledUntil != 0 || _probing ? 1 : 0);
        Volatile.Write(ref _watch, _throttledUntil != 0 || _probing || _consecutive > 0 ? 1 : 0);
    }
}
