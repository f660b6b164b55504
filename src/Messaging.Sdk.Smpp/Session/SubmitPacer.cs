using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messaging.Sdk.Smpp.Session;

/// <summary>
/// Paces submit_sm PDUs of one bind: an optional fixed rate (per PDU, so a long message counts every segment) and, after
/// ESME_RTHROTTLED / ESME_RMSGQFUL, a pause that doubles on each further one (reset by a success) plus, when adaptive,
/// a rate cap that halves on each further throttling round and rises by a quarter per quiet interval until it is dropped.
/// </summary>
/// <remarks>
/// <para>
/// State machine (all under <see cref="_gate"/>, the hot path reads <see cref="_active"/> only):
/// a first throttling answer with nothing known about the rate (no cap, no configured rate) only pauses and starts
/// measuring the rate the bind sends at ("probing"); the next round caps the bind at half that measured rate. With a
/// cap (or a configured rate) in force, each further round halves the lower of the cap, the configured rate and the
/// measured rate, down to the floor (at most once per half recovery interval; rounds in between only pause). Each <c>ThrottleRecoveryInterval</c> without a new round multiplies the cap by
/// 1.25; once it reaches the rate it was first cut from (the configured rate when there is one) the cap is dropped.
/// </para>
/// <para>
/// A round is one escalation: answers to requests queued before the latest escalation (their <see cref="Epoch"/> is
/// older) say nothing new and do not escalate again, so a window full of throttled answers counts once.
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
    private readonly double _floor;
    private readonly string _sender;
    private readonly int _bindIndex;
    private readonly ILogger _logger;
    private readonly object _gate = new();

    // Non-zero while any pacing may apply (fixed rate, cap, pause or probing): the only field the hot path reads.
    private int _active;
    private int _epoch;
    private long _next;
    private long _throttledUntil;
    private TimeSpan _backoff;

    private double _cap;
    private long _capInterval;
    private double _ceiling;
    private bool _probing;
    private long _quietSince;
    private long _lastCut;
    private bool _measuring;
    private long _measureStart;
    private long _measured;

    public SubmitPacer(TimeProvider timeProvider, int? messagesPerSecond, TimeSpan firstBackoff)
        : this(timeProvider, messagesPerSecond, firstBackoff, adaptive: false, TimeSpan.FromSeconds(1), 1, string.Empty, 0, null)
    {
    }

    public SubmitPacer(TimeProvider timeProvider, int? messagesPerSecond, TimeSpan firstBackoff, bool adaptive, TimeSpan recoveryInterval,
        int minimumRate, string senderName, int bindIndex, ILogger? logger)
    {
        _time = timeProvider;
        _fixedRate = messagesPerSecond;
        _fixedInterval = messagesPerSecond is { } rate ? Math.Max(1, _time.TimestampFrequency / rate) : 0;
        _firstBackoff = firstBackoff;
        _adaptive = adaptive;
        _recoveryTicks = Math.Max(1, (long)(recoveryInterval.TotalSeconds * _time.TimestampFrequency));
        _floor = Math.Max(1, minimumRate);
        _sender = senderName;
        _bindIndex = bindIndex;
        _logger = logger ?? NullLogger.Instance;
        _active = _fixedInterval != 0 ? 1 : 0;
    }

    public static SubmitPacer For(SmppOptions options, TimeProvider timeProvider, string senderName, int bindIndex, ILogger logger)
        => new(timeProvider, options.MaxMessagesPerSecond, options.ThrottleBackoff, options.AdaptiveThrottling, options.ThrottleRecoveryInterval,
            options.ThrottleMinimumRate, senderName, bindIndex, logger);

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

            if (_measuring)
            {
                _measured++;
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
        double? slowedTo = null;
        TimeSpan backoff;
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            Refresh(now);
            if (epochAtSend != _epoch)
            {
                // Answers to requests queued before the latest escalation say nothing new: do not escalate for them.
                return _backoff;
            }

            _epoch++;
            _backoff = _backoff == TimeSpan.Zero ? _firstBackoff : TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, MaxBackoff.Ticks));
            _throttledUntil = now + (long)(_backoff.TotalSeconds * _time.TimestampFrequency);
            backoff = _backoff;
            if (_adaptive)
            {
                slowedTo = Cut(now);
                _quietSince = now;
            }

            UpdateActive();
        }

        if (slowedTo is { } cap)
        {
            SmppMetrics.RecordAdaptiveCap(_sender, _bindIndex, cap);
            SmppLog.BindSlowed(_logger, _sender, _bindIndex, Math.Round(cap, 1), backoff);
        }

        return backoff;
    }

    /// <summary>Records an accepted submit: ends the pause once it is over (the adaptive cap recovers by itself).</summary>
    public void OnAccepted()
    {
        if (Volatile.Read(ref _throttledUntil) == 0)
        {
            return;
        }

        lock (_gate)
        {
            if (_time.GetTimestamp() >= _throttledUntil)
            {
                _backoff = TimeSpan.Zero;
                _throttledUntil = 0;
                UpdateActive();
            }
        }
    }

    /// <summary>Lowers the cap for a new throttling round; returns the new cap, or <see langword="null"/> when it stays.</summary>
    private double? Cut(long now)
    {
        if (_cap > 0 && now - _lastCut < _recoveryTicks / 2)
        {
            // An SMSC that counts per second keeps refusing until its second is over, whatever the bind's rate now is:
            // within half a recovery interval of the last cut, further rounds only lengthen the pause. Cutting on each
            // would take the cap to the floor in one refused second.
            RestartMeasure();
            return null;
        }

        double basis = double.MaxValue;
        if (_cap > 0)
        {
            basis = _cap;
        }

        if (_fixedRate is { } rate)
        {
            basis = Math.Min(basis, rate);
        }

        if (_measuring && _measured > 0 && now > _measureStart)
        {
            // At least 1 ms: the first requests after a pause leave together, and a window burst over microseconds is
            // no rate; over 1 ms it estimates what the window lets through.
            var seconds = Math.Max((double)(now - _measureStart) / _time.TimestampFrequency, 0.001);
            basis = Math.Min(basis, _measured / seconds);
        }

        RestartMeasure();
        if (basis == double.MaxValue)
        {
            // Nothing known about the rate yet: pause, and cut on the next round from what is measured meanwhile.
            _probing = true;
            return null;
        }

        if (_cap == 0)
        {
            _ceiling = _fixedRate ?? basis;
        }

        _probing = false;
        _lastCut = now;
        SetCap(Math.Max(_floor, basis / 2));
        return _cap;
    }

    /// <summary>Raises the cap by a quarter per quiet interval since the last change, and drops it once it is back at its ceiling.</summary>
    private void Refresh(long now)
    {
        if (!_adaptive || (_cap == 0 && !_probing) || now - _quietSince < _recoveryTicks)
        {
            return;
        }

        var steps = (now - _quietSince) / _recoveryTicks;
        _quietSince += steps * _recoveryTicks;
        if (_probing)
        {
            _probing = false;
            _measuring = false;
            UpdateActive();
            return;
        }

        var cap = _cap * Math.Pow(RecoveryFactor, Math.Min(steps, 100));
        _measureStart = now;
        _measured = 0;
        if (cap >= _ceiling)
        {
            _cap = 0;
            _capInterval = 0;
            _measuring = false;
            UpdateActive();
            SmppMetrics.RecordAdaptiveCap(_sender, _bindIndex, 0);
            SmppLog.BindRecovered(_logger, _sender, _bindIndex, _fixedRate);
            return;
        }

        SetCap(cap);
        SmppMetrics.RecordAdaptiveCap(_sender, _bindIndex, cap);
    }

    /// <summary>Measures the rate from the end of the pause just set: pauses are not sending, and must not lower the estimate.</summary>
    private void RestartMeasure()
    {
        _measuring = true;
        _measureStart = _throttledUntil;
        _measured = 0;
    }

    private void SetCap(double cap)
    {
        _cap = cap;
        _capInterval = Math.Max(1, (long)(_time.TimestampFrequency / cap));
    }

    private void UpdateActive()
        => Volatile.Write(ref _active, _fixedInterval != 0 || _capInterval != 0 || _throttledUntil != 0 || _probing ? 1 : 0);
}
