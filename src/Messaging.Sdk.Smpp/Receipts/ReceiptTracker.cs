using Messaging.Sdk.Smpp.Session;

namespace Messaging.Sdk.Smpp.Receipts;

/// <summary>
/// Remembers sent messages by segment id and merges segment receipts into one message-level <see cref="DeliveryReport"/>:
/// delivered when every segment is, failed as soon as any fails. Receipt ids are read in one
/// <see cref="SmppReceiptIdFormat"/> (configured, or learned from the first receipt that only one format matches);
/// a receipt never goes to a message it only matches in another base.
/// </summary>
/// <remarks>
/// Bounded by count and age, against <see cref="TimeProvider"/>, with expiry on every registration and receipt (no timer):
/// the <c>capacity</c> most recent segments still waiting for their final receipt, within <c>retention</c> (finished ones
/// leave at once; a forgotten one is counted on <c>messaging.sdk.smpp.receipts.expired</c>); a tail of at most
/// <see cref="RecentCapacity"/> finished segments, so that a receipt delivered twice is recognised and ignored (or, when its
/// report's handlers failed, published again); and the <c>orphanCapacity</c> most recent receipts that arrived before their
/// message was registered (or, while the format is being learned, before it was settled), within <c>orphanRetention</c>,
/// then given up (logged, <c>messaging.sdk.smpp.receipts.uncorrelated</c>).
/// </remarks>
internal sealed class ReceiptTracker
{
    /// <summary>How long a receipt that beat its submit_sm_resp waits for the message to be registered, by default.</summary>
    internal static readonly TimeSpan OrphanRetention = TimeSpan.FromSeconds(60);

    /// <summary>How many receipts that beat their submit_sm_resp are kept, by default.</summary>
    internal const int DefaultOrphanCapacity = 10_000;

    /// <summary>The most finished segments remembered to recognise a receipt delivered again.</summary>
    internal const int RecentCapacity = 10_000;

    private static readonly KeyValuePair<string, object?> AgeReason = new(SmppMetrics.ReasonTag, "age");
    private static readonly KeyValuePair<string, object?> CapacityReason = new(SmppMetrics.ReasonTag, "capacity");
    private readonly TimeProvider _time;
    private readonly int _capacity;
    private readonly TimeSpan _retention;
    private readonly int _orphanCapacity;
    private readonly TimeSpan _orphanRetention;
    private readonly Dictionary<string, (Tracked Message, int Segment)> _bySegment = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, long At, Tracked Message)> _order = new();
    private readonly Dictionary<string, Finished> _recent = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, Finished Entry)> _recentOrder = new();

    // Parked receipts: by submit key once the format is settled, by receipt key while it is learned.
    private readonly Dictionary<string, Parked> _parked = new(StringComparer.Ordinal);
    private readonly Queue<Parked> _parkedOrder = new();
    private readonly object _gate = new();
    private SmppReceiptIdFormat _format;

    public ReceiptTracker(TimeProvider timeProvider, int capacity, TimeSpan retention, int orphanCapacity = DefaultOrphanCapacity, TimeSpan? orphanRetention = null,
        SmppReceiptIdFormat format = SmppReceiptIdFormat.Auto)
    {
        _time = timeProvider;
        _capacity = capacity;
        _retention = retention;
        _orphanCapacity = orphanCapacity;
        _orphanRetention = orphanRetention ?? OrphanRetention;
        _format = format;
    }

    /// <summary>How many segments are waiting for their final receipt.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _bySegment.Count;
            }
        }
    }

    /// <summary>The receipt id format in use; <see cref="SmppReceiptIdFormat.Auto"/> while it is still being learned.</summary>
    public SmppReceiptIdFormat Format
    {
        get
        {
            lock (_gate)
            {
                return _format;
            }
        }
    }

    /// <summary>Entries of every store, resolved ones included (for the memory-bound tests).</summary>
    internal int FootprintForTests
    {
        get
        {
            lock (_gate)
            {
                return _order.Count + _recentOrder.Count + _parkedOrder.Count;
            }
        }
    }

    /// <summary>Remembers a sent message; returns reports for receipts that arrived before it was registered (a fast SMSC can send the receipt before we have processed submit_sm_resp).</summary>
    public List<(DeliveryReport Report, Uri? CallbackUrl)>? Register(IReadOnlyList<string> segmentIds, PhoneNumber? recipient, Uri? callbackUrl, string senderName)
    {
        if (_capacity == 0 || segmentIds.Count == 0)
        {
            return null;
        }

        var now = _time.GetTimestamp();
        var tracked = new Tracked(segmentIds[0], segmentIds.Count, recipient, callbackUrl, senderName, now);
        var outcome = new ReceiptOutcome();
        lock (_gate)
        {
            var keys = new string[segmentIds.Count];
            for (var i = 0; i < segmentIds.Count; i++)
            {
                keys[i] = MessageIdKey.Normalize(segmentIds[i]);
                _bySegment[keys[i]] = (tracked, i);
                _order.Enqueue((keys[i], now, tracked));
            }

            Evict(now);
            if (_format == SmppReceiptIdFormat.Auto)
            {
                LearnFromRegistration(keys, now, outcome);
            }
            else
            {
                foreach (var key in keys)
                {
                    if (_parked.TryGetValue(key, out var parked))
                    {
                        Unpark(parked);
                        Apply(parked.Receipt, key, now, outcome);
                    }
                }
            }
        }

        return outcome.Released is { Count: > 0 } released ? [.. released.Select(m => (m.Report!, m.CallbackUrl))] : null;
    }

    /// <summary>
    /// Takes a receipt: applies it, recognises it as delivered twice, or parks it until its message is registered (or the
    /// format is learned). <see cref="ReceiptOutcome.Match"/> is this receipt's report, if one is due now;
    /// <see cref="ReceiptOutcome.Released"/> are reports of receipts parked earlier that this one made due;
    /// <see cref="ReceiptOutcome.GivenUp"/> are receipts given up.
    /// </summary>
    public ReceiptOutcome Accept(DeliveryReceipt receipt)
    {
        var outcome = new ReceiptOutcome();
        var now = _time.GetTimestamp();
        var key = MessageIdKey.Normalize(receipt.MessageId);
        lock (_gate)
        {
            Evict(now);
            EvictParked(now, 0, outcome);
            string? submitKey;
            if (_format == SmppReceiptIdFormat.Auto)
            {
                var (target, reading) = Target(key, _bySegment);
                if (reading is { } settled)
                {
                    Settle(settled, now, outcome);
                }

                // One target, whichever the reading (ids of one digit read the same in every format): it is this receipt's message.
                submitKey = target ?? Target(key, _recent).Key;
                if (submitKey is null)
                {
                    if (_parked.ContainsKey(key))
                    {
                        // The same receipt again while the format is learned: it is held once.
                        outcome.Duplicate = true;
                    }
                    else
                    {
                        Park(receipt, key, now, outcome);
                    }

                    return outcome;
                }
            }
            else if ((submitKey = MessageIdKey.SubmitKeyOf(key, _format)) is null)
            {
                // Not an id in this SMSC's receipt format: nothing can ever match it.
                (outcome.GivenUp ??= []).Add(receipt);
                return outcome;
            }

            if (_bySegment.ContainsKey(submitKey))
            {
                outcome.Match = Apply(receipt, submitKey, now, outcome: null);
            }
            else if (_recent.TryGetValue(submitKey, out var finished))
            {
                // Delivered again (the SMSC retried, or its handlers failed the first time): only an unconfirmed report is published again.
                outcome.Duplicate = true;
                if (finished.Report is not null && !finished.Confirmed)
                {
                    outcome.Match = new ReceiptMatch(finished.Report, finished.CallbackUrl, submitKey);
                }
            }
            else if (_parked.ContainsKey(submitKey))
            {
                outcome.Duplicate = true;
            }
            else
            {
                Park(receipt, submitKey, now, outcome);
            }
        }

        return outcome;
    }

    /// <summary>Records that the report of <paramref name="match"/> reached every handler, so that the same receipt delivered again is not published again.</summary>
    public void Confirm(ReceiptMatch match)
    {
        lock (_gate)
        {
            if (_recent.TryGetValue(match.Key, out var finished) && ReferenceEquals(finished.Report, match.Report))
            {
                finished.Confirmed = true;
            }
        }
    }

    /// <summary>Applies a receipt, or keeps it for the early-receipt retention when its message is not (yet) known; <paramref name="expired"/> lists receipts given up.</summary>
    public bool TryResolveOrPark(DeliveryReceipt receipt, out DeliveryReport? report, out Uri? callbackUrl, out List<DeliveryReceipt>? expired)
    {
        var outcome = Accept(receipt);
        expired = outcome.GivenUp;
        report = outcome.Match?.Report;
        callbackUrl = outcome.Match?.CallbackUrl;
        return outcome.Match is not null;
    }

    /// <summary>Applies a receipt; returns the report to publish (with the message's callback URL) or null when nothing is due yet.</summary>
    public bool TryResolve(DeliveryReceipt receipt, out DeliveryReport? report, out Uri? callbackUrl) => TryResolveOrPark(receipt, out report, out callbackUrl, out _);

    /// <summary>
    /// The one key of <paramref name="store"/> that <paramref name="receiptKey"/> can stand for, with the reading that settles
    /// the format when it is the only one that leads there and the readings disagree; (null, null) when no key or several fit.
    /// </summary>
    private static (string? Key, SmppReceiptIdFormat? Reading) Target<T>(string receiptKey, Dictionary<string, T> store)
    {
        string? found = null;
        SmppReceiptIdFormat? foundBy = null;
        var readingsAgree = true;
        var matches = 0;
        foreach (var reading in MessageIdKey.Readings)
        {
            var submitKey = MessageIdKey.SubmitKeyOf(receiptKey, reading);
            readingsAgree &= submitKey == receiptKey;
            if (submitKey is null || !store.ContainsKey(submitKey))
            {
                continue;
            }

            if (found is not null && found != submitKey)
            {
                return (null, null);
            }

            found = submitKey;
            foundBy = reading;
            matches++;
        }

        return (found, matches == 1 && !readingsAgree ? foundBy : null);
    }

    private void LearnFromRegistration(string[] keys, long now, ReceiptOutcome outcome)
    {
        if (Array.Exists(keys, MessageIdKey.IsOpaque))
        {
            // Ids that are not numbers in either base can only be compared as they are.
            Settle(SmppReceiptIdFormat.AsIs, now, outcome);
            return;
        }

        // A receipt held because it matched nothing may match now, in exactly one format: that settles it.
        foreach (var key in keys)
        {
            foreach (var reading in MessageIdKey.Readings)
            {
                if (MessageIdKey.ReceiptKeyOf(key, reading) is not { } receiptKey || !_parked.TryGetValue(receiptKey, out var parked))
                {
                    continue;
                }

                var (target, settled) = Target(receiptKey, _bySegment);
                if (settled is { } format)
                {
                    Settle(format, now, outcome);
                    return;
                }

                if (target is not null)
                {
                    // Every reading leads to this message: it is the receipt's, though the format stays unknown.
                    Unpark(parked);
                    Apply(parked.Receipt, target, now, outcome);
                }
            }
        }
    }

    /// <summary>Fixes the format and re-reads every held receipt under it, oldest first.</summary>
    private void Settle(SmppReceiptIdFormat format, long now, ReceiptOutcome outcome)
    {
        _format = format;
        var held = _parkedOrder.Where(p => p.Live).ToList();
        _parked.Clear();
        _parkedOrder.Clear();
        foreach (var parked in held)
        {
            parked.Live = false;
            var submitKey = MessageIdKey.SubmitKeyOf(parked.Key, format);
            if (submitKey is null)
            {
                (outcome.GivenUp ??= []).Add(parked.Receipt);
            }
            else if (_bySegment.ContainsKey(submitKey))
            {
                Apply(parked.Receipt, submitKey, now, outcome);
            }
            else if (!_recent.ContainsKey(submitKey) && !_parked.ContainsKey(submitKey))
            {
                var kept = new Parked(parked.Receipt, submitKey, parked.At);
                _parked[submitKey] = kept;
                _parkedOrder.Enqueue(kept);
            }
        }
    }

    private void Park(DeliveryReceipt receipt, string key, long now, ReceiptOutcome outcome)
    {
        EvictParked(now, 1, outcome);
        if (_orphanCapacity == 0)
        {
            (outcome.GivenUp ??= []).Add(receipt);
            return;
        }

        var parked = new Parked(receipt, key, now);
        _parked[key] = parked;
        _parkedOrder.Enqueue(parked);
        outcome.Parked = true;
    }

    private void Unpark(Parked parked)
    {
        parked.Live = false;
        _parked.Remove(parked.Key);
    }

    /// <summary>Applies a receipt to the segment under <paramref name="submitKey"/>; a report that is due goes to <paramref name="outcome"/>'s released list, or is returned.</summary>
    private ReceiptMatch? Apply(DeliveryReceipt receipt, string submitKey, long now, ReceiptOutcome? outcome)
    {
        if (!_bySegment.TryGetValue(submitKey, out var entry))
        {
            return null;
        }

        var (message, segment) = entry;
        var segmentReport = new DeliveryReport
        {
            MessageId = message.MessageId, State = receipt.State, SenderName = message.SenderName, Recipient = message.Recipient,
            SubmittedAt = receipt.SubmittedAt, DoneAt = receipt.DoneAt, ErrorCode = receipt.ErrorCode, NativeStatus = receipt.NativeStatus,
        };
        var report = message.Apply(segment, segmentReport);
        if (segmentReport.IsFinal)
        {
            _bySegment.Remove(submitKey);

            // A receipt applied late (parked first) was acknowledged when it was parked: nothing can ask for it again, so
            // its re-delivery is ignored like any duplicate.
            Remember(submitKey, report, message.CallbackUrl).Confirmed = outcome is not null;
        }

        if (report is { IsFinal: true })
        {
            SmppMetrics.ReceiptLatency.Record(_time.GetElapsedTime(message.RegisteredAt, now).TotalSeconds, SmppMetrics.Sender(message.SenderName));
        }

        if (report is null)
        {
            return new ReceiptMatch(null, message.CallbackUrl, submitKey);
        }

        var match = new ReceiptMatch(report, message.CallbackUrl, submitKey);
        if (outcome is not null)
        {
            (outcome.Released ??= []).Add(match);
        }

        return match;
    }

    private Finished Remember(string key, DeliveryReport? report, Uri? callbackUrl)
    {
        var finished = new Finished(report, callbackUrl);
        _recent[key] = finished;
        _recentOrder.Enqueue((key, finished));
        while (_recentOrder.Count > RecentCapacity && _recentOrder.TryDequeue(out var oldest))
        {
            if (_recent.TryGetValue(oldest.Key, out var live) && ReferenceEquals(live, oldest.Entry))
            {
                _recent.Remove(oldest.Key);
            }
        }

        return finished;
    }

    private void Evict(long now)
    {
        // Finished segments leave _bySegment at once but stay queued here until they reach the head; compacting when most of
        // the queue is finished keeps memory proportional to what is still waiting, whatever the receipt rate.
        if (_order.Count > 64 && _order.Count > 2 * _bySegment.Count)
        {
            var live = _order.Where(e => _bySegment.TryGetValue(e.Key, out var entry) && ReferenceEquals(entry.Message, e.Message)).ToList();
            _order.Clear();
            foreach (var e in live)
            {
                _order.Enqueue(e);
            }
        }

        while (_order.TryPeek(out var head))
        {
            var isLive = _bySegment.TryGetValue(head.Key, out var entry) && ReferenceEquals(entry.Message, head.Message);
            var full = _bySegment.Count > _capacity;
            if (isLive && !full && _time.GetElapsedTime(head.At, now) <= _retention)
            {
                break;
            }

            _order.Dequeue();
            if (isLive)
            {
                _bySegment.Remove(head.Key);
                SmppMetrics.ReceiptsExpired.Add(1, SmppMetrics.Sender(head.Message.SenderName), full ? CapacityReason : AgeReason);
            }
        }
    }

    private void EvictParked(long now, int room, ReceiptOutcome outcome)
    {
        while (_parkedOrder.TryPeek(out var head))
        {
            if (head.Live && _parked.Count + room <= _orphanCapacity && _time.GetElapsedTime(head.At, now) <= _orphanRetention)
            {
                break;
            }

            _parkedOrder.Dequeue();
            if (head.Live)
            {
                Unpark(head);
                (outcome.GivenUp ??= []).Add(head.Receipt);
            }
        }
    }

    private sealed class Parked(DeliveryReceipt receipt, string key, long at)
    {
        public DeliveryReceipt Receipt => receipt;

        public string Key => key;

        public long At => at;

        public bool Live { get; set; } = true;
    }

    private sealed class Finished(DeliveryReport? report, Uri? callbackUrl)
    {
        public DeliveryReport? Report => report;

        public Uri? CallbackUrl => callbackUrl;

        public bool Confirmed { get; set; }
    }

    private sealed class Tracked(string messageId, int segments, PhoneNumber? recipient, Uri? callbackUrl, string senderName, long registeredAt)
    {
        private readonly DeliveryReport?[] _reports = new DeliveryReport?[segments];
        private bool _finalPublished;

        public long RegisteredAt => registeredAt;

        public string MessageId => messageId;

        public PhoneNumber? Recipient => recipient;

        public Uri? CallbackUrl => callbackUrl;

        public string SenderName => senderName;

        public DeliveryReport? Apply(int segment, DeliveryReport report)
        {
            if (_reports.Length == 1)
            {
                return report;
            }

            if (_finalPublished)
            {
                return null;
            }

            _reports[segment] = report;
            var failed = Array.Find(_reports, r => r is { IsFinal: true, IsDelivered: false });
            var allFinal = Array.TrueForAll(_reports, r => r is { IsFinal: true });
            if (failed is null && !allFinal)
            {
                // Intermediate segment states are not published for multi-part messages: only the merged outcome.
                return null;
            }

            _finalPublished = true;
            var basis = failed ?? report;
            return basis with
            {
                State = failed?.State ?? DeliveryState.Delivered,
                NativeStatus = failed?.NativeStatus ?? "DELIVRD",
                DoneAt = _reports.Max(r => r?.DoneAt),
                SubmittedAt = _reports.Min(r => r?.SubmittedAt),
                Segments = [.. _reports.Select((r, i) => r ?? new DeliveryReport { MessageId = messageId, State = DeliveryState.Unknown, SenderName = senderName, Recipient = recipient })],
            };
        }
    }
}

/// <summary>A report a receipt made due; <see cref="Key"/> identifies the segment for <see cref="ReceiptTracker.Confirm"/>.</summary>
/// <param name="Report">The report to publish, or <see langword="null"/> when the receipt was applied but nothing is due yet (one segment of several).</param>
/// <param name="CallbackUrl">The message's callback URL.</param>
/// <param name="Key">The segment's key.</param>
internal sealed record ReceiptMatch(DeliveryReport? Report, Uri? CallbackUrl, string Key);

/// <summary>What taking one receipt did.</summary>
internal sealed class ReceiptOutcome
{
    /// <summary>This receipt's own report, when it matched a message (or is a re-delivery of an unconfirmed one).</summary>
    public ReceiptMatch? Match { get; set; }

    /// <summary>Reports of receipts parked earlier that became due (their deliver_sm was acknowledged when they were parked).</summary>
    public List<ReceiptMatch>? Released { get; set; }

    /// <summary>Receipts given up: parked too long, beyond capacity, or unreadable in the settled format.</summary>
    public List<DeliveryReceipt>? GivenUp { get; set; }

    /// <summary>The receipt was parked (its message is not registered yet, or the format is being learned).</summary>
    public bool Parked { get; set; }

    /// <summary>The receipt was seen before and is ignored (or its unconfirmed report is in <see cref="Match"/> again).</summary>
    public bool Duplicate { get; set; }
}
