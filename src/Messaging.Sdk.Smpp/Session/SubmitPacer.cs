namespace Messaging.Sdk.Smpp.Session;

/// <summary>
/// Paces submit_sm PDUs of one bind: an optional fixed rate (per PDU, so a long message counts every segment) and an
/// adaptive back-off after ESME_RTHROTTLED / ESME_RMSGQFUL that doubles on each further one and resets on success.
/// </summary>
internal sealed class SubmitPacer
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private readonly TimeProvider _time;
    private readonly long _interval;
    private readonly TimeSpan _firstBackoff;
    private readonly object _gate = new();
    private long _next;
    private long _throttledUntil;
    private TimeSpan _backoff;

    public SubmitPacer(TimeProvider timeProvider, int? messagesPerSecond, TimeSpan firstBackoff)
    {
        _time = timeProvider;
        _interval = messagesPerSecond is { } rate ? Math.Max(1, _time.TimestampFrequency / rate) : 0;
        _firstBackoff = firstBackoff;
    }

    /// <summary>Waits until the next PDU may go.</summary>
    public ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        if (_interval == 0 && Volatile.Read(ref _throttledUntil) == 0)
        {
            return ValueTask.CompletedTask;
        }

        long slot;
        long now;
        lock (_gate)
        {
            now = _time.GetTimestamp();
            slot = Math.Max(now, _throttledUntil);
            if (_interval != 0)
            {
                slot = Math.Max(slot, _next);
                _next = slot + _interval;
            }
        }

        var wait = slot - now;
        return wait <= 0
            ? ValueTask.CompletedTask
            : new ValueTask(Task.Delay(TimeSpan.FromSeconds((double)wait / _time.TimestampFrequency), _time, cancellationToken));
    }

    /// <summary>Records a throttling response and returns the back-off now in force.</summary>
    public TimeSpan OnThrottled()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (now < _throttledUntil)
            {
                // Answers to requests sent before the back-off began say nothing new: do not escalate for them.
                return _backoff;
            }

            _backoff = _backoff == TimeSpan.Zero ? _firstBackoff : TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, MaxBackoff.Ticks));
            _throttledUntil = now + (long)(_backoff.TotalSeconds * _time.TimestampFrequency);
            return _backoff;
        }
    }

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
            }
        }
    }
}
