using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messaging.Sdk.Smpp.Session;

/// <summary>
/// Paces submit_sm PDUs of one bind: an optional fixed rate (per PDU, so a long message counts every segment) and, after
/// ESME_RTHROTTLED / ESME_RMSGQFUL, a pause that doubles on each further one (reset by a success) plus, when adaptive,
/// a rate cap below what the SMSC accepted, lowered on further throttling and raised by a quarter per quiet interval
/// until it is dropped.
/// </summary>
/// <remarks>
/// <para>
/// State (all under <see cref="_gate"/>; the hot path reads <see cref="_active"/> only, <see cref="OnAccepted"/> adds
/// one to a counter and reads <see cref="_watch"/>). The accepted submits are counted, and every second or so a mark is
/// taken, so that the rate the SMSC accepted over the last one to two seconds is known when it starts refusing. The
/// first throttling round caps the bind at 90% of that rate (or of the configured rate, when lower); each further round
/// lowers the cap to 75% of the lower of the cap and the accepted rate, at most once per half recovery interval (an SMSC
/// that counts per second keeps refusing until its second is over, whatever the bind's rate now is). Quiet intervals
/// raise the cap, faster the longer the quiet lasts (x1.25, x1.56, x2.44, x5.96); once it reaches its ceiling (the configured rate, or twice the rate first
/// capped at) the cap is dropped. A round in which nothing was accepted since the last mark (a full queue) only pauses:
/// there is no rate to go by.
/// </para>
/// <para>
/// Only dense rounds (<see cref="DenseAfter"/> throttling answers in a row) drive the cap; others only pause.
/// A round is one escalation: answers to requests queued before the latest escalation (their <see cref="Epoch"/> is
/// older) say nothing new and do not escalate again, so a window full of throttled answers counts once.
/// </para>
/// </remarks>
internal sealed class SubmitPacer
{
    private const double RecoveryFactor = 1.25;

    // A clock read per this many accepted submits keeps the marks fresh at any rate worth capping.
    private const long MarkEvery = 64;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private readonly TimeProvider _time;
    private readonly long _fixedInterval;
    private readonly int? _fixedRate;
    private readonly TimeSpan _firstBackoff;
    private readonly bool _adaptive;
    private readonly long _recoveryTicks;
    private readonly long _markTicks;
    private readonly double _floor;
    private readonly int _denseAfter;
    private readonly string _sender;
    private readonly int _bindIndex;
    private readonly ILogger _logger;
    private readonly object _gate = new();

    // Non-zero while any pacing may apply (fixed rate, cap or pause): the only field WaitAsync reads on the hot path.
    private int _active;

    // Non-zero while OnAccepted has something to do (a pause to end, refusals being counted): the only field it reads otherwise.
    private int _watch;
    private int _epoch;
    private long _next;
    private long _throttledUntil;
    private TimeSpan _backoff;

    private double _cap;
    private long _capInterval;
    private double _ceiling;
    private long _quietSince;
    private int _quietSteps;
    private long _lastCut;
    private int _consecutive;

    // Accepted submits, and two marks (time, count) about a second apart: the rate the SMSC accepted lately.
    private long _accepted;
    private long _markTime;
    private long _markCount;
    private long _previousMarkTime;
    private long _previousMarkCount;

    public SubmitPacer(TimeProvider timeProvider, int? messagesPerSecond, TimeSpan firstBackoff, bool adaptive, TimeSpan recoveryInterval,
        int minimumRate, int denseAfter, string senderName, int bindIndex, ILogger? logger)
    {
        _time = timeProvider;
        _fixedRate = messagesPerSecond;
        _fixedInterval = messagesPerSecond is { } rate ? Math.Max(1, _time.TimestampFrequency / rate) : 0;
        _firstBackoff = firstBackoff;
        _adaptive = adaptive;
        _recoveryTicks = Math.Max(1, (long)(recoveryInterval.TotalSeconds * _time.TimestampFrequency));
        // SMSCs count per second: a rate measured over less could fall wholly in the refused rest of one.
        _markTicks = _time.TimestampFrequency;
        _markTime = _previousMarkTime = _time.GetTimestamp();
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

    /// <summary>Whether <see cref="WaitAsync"/> leaves the hot path (a rate, a cap or a pause is in force).</summary>
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
            cap = Refresh(now, ref recovered);
            _consecutive++;
            if (epochAtSend != _epoch)
            {
                // Answers to requests queued before the latest escalation say nothing new: do not escalate for them. They
                // still count as refusals in a row, so the next success must reset the count (Update below sets the watch).
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
                    _quietSteps = 0;
                }
            }

            Update();
        }

        Report(cap, slowed, recovered, backoff);
        return backoff;
    }

    /// <summary>Records an accepted submit: counts it for the accepted rate, ends the pause once it is over (the cap recovers by itself).</summary>
    public void OnAccepted()
    {
        var accepted = Interlocked.Increment(ref _accepted);
        if (_adaptive && (accepted & (MarkEvery - 1)) == 0)
        {
            Mark(accepted);
        }

        if (Volatile.Read(ref _watch) == 0)
        {
            return;
        }

        lock (_gate)
        {
            _consecutive = 0;
            if (_throttledUntil != 0 && _time.GetTimestamp() >= _throttledUntil)
            {
                _backoff = TimeSpan.Zero;
                _throttledUntil = 0;
            }

            Update();
        }
    }

    private void Mark(long accepted)
    {
        var now = _time.GetTimestamp();
        if (now - Volatile.Read(ref _markTime) < _markTicks)
        {
            return;
        }

        lock (_gate)
        {
            if (now - _markTime >= _markTicks)
            {
                (_previousMarkTime, _previousMarkCount) = (_markTime, _markCount);
                (_markTime, _markCount) = (now, accepted);
            }
        }
    }

    /// <summary>Submits per second the SMSC accepted since the previous mark (one to two seconds back while submits flow).</summary>
    private double AcceptedRate(long now)
    {
        var seconds = (double)(now - _previousMarkTime) / _time.TimestampFrequency;
        return seconds <= 0 ? 0 : (Interlocked.Read(ref _accepted) - _previousMarkCount) / seconds;
    }

    /// <summary>Applies the interval-driven changes due by <paramref name="now"/> outside the throttling path.</summary>
    private void Refresh(long now)
    {
        var recovered = false;
        var cap = Refresh(now, ref recovered);
        Report(cap, slowed: false, recovered, _backoff);
    }

    /// <summary>Lowers the cap for a new throttling round; returns the new cap, or <see langword="null"/> when it stays.</summary>
    private double? Cut(long now)
    {
        if (_cap > 0 && now - _lastCut < _recoveryTicks / 2)
        {
            // An SMSC that counts per second keeps refusing until its second is over, whatever the bind's rate now is:
            // within half a recovery interval of the last cut, further rounds only lengthen the pause. Cutting on each
            // would take the cap to the floor in one refused second.
            return null;
        }

        var accepted = AcceptedRate(now);
        if (accepted <= 0 && _cap == 0 && _fixedRate is null)
        {
            // Nothing accepted lately and nothing configured (a full queue, say): no rate to go by, the pause alone applies.
            return null;
        }

        var basis = Math.Min(_cap > 0 ? _cap : double.MaxValue, Math.Min(_fixedRate ?? double.MaxValue, accepted > 0 ? accepted : double.MaxValue));
        if (_cap == 0)
        {
            _ceiling = _fixedRate ?? basis * 2;
        }

        _lastCut = now;
        SetCap(Math.Max(_floor, basis * (_cap > 0 ? 0.75 : 0.9)));
        return _cap;
    }

    /// <summary>Raises the cap by a quarter per quiet interval, dropping it at its ceiling. Returns the cap when it changed.</summary>
    private double? Refresh(long now, ref bool recovered)
    {
        if (!_adaptive)
        {
            return null;
        }

        if (_cap == 0 || now - _quietSince < _recoveryTicks)
        {
            return null;
        }

        var steps = (now - _quietSince) / _recoveryTicks;
        _quietSince += steps * _recoveryTicks;
        var cap = _cap;
        for (var i = 0; i < steps && cap < _ceiling; i++)
        {
            // The longer the SMSC stays quiet, the faster the cap rises (x1.25, x1.56, x2.44, x5.96: the exponent doubles
            // each interval), so a lifted limit is found within a few intervals while a kept one is probed gently.
            cap *= Math.Pow(RecoveryFactor, 1 << Math.Min(_quietSteps++, 5));
        }

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
        Volatile.Write(ref _active, _fixedInterval != 0 || _capInterval != 0 || _throttledUntil != 0 ? 1 : 0);
        Volatile.Write(ref _watch, _throttledUntil != 0 || _consecutive > 0 ? 1 : 0);
    }
}
