using Messaging.Sdk.Smpp.Session;

namespace Messaging.Sdk.Smpp.Receipts;

/// <summary>
/// Remembers sent messages by segment id and merges segment receipts into one message-level <see cref="DeliveryReport"/>:
/// delivered when every segment is, failed as soon as any fails. Receipt ids are read in one
/// <see cref="SmppReceiptIdFormat"/> (configured, or learned by votes: see <see cref="SettleVotes"/>); a receipt never goes
/// to a message it only matches in another base.
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

    /// <summary>
    /// How many votes <see cref="SmppReceiptIdFormat.Auto"/> needs for a reading before it settles on it, with at least
    /// <see cref="SettleDominance"/> times the votes of each other reading. A receipt votes once, for the one reading under
    /// which it names a message waiting for its receipt (and, when it carries the handset's address, sent to that handset);
    /// a receipt that fits several readings, or none, does not vote.
    /// </summary>
    /// <remarks>
    /// One vote is not enough: a receipt that overtakes its submit_sm_resp (or the last segment of its message) can fit another
    /// waiting message under a wrong reading alone (early "10" while hex "10", message 16, waits). Such votes are rare and
    /// scattered; the true reading collects one from nearly every receipt, so it reaches both bars quickly under load.
    /// </remarks>
    internal const int SettleVotes = 8;

    /// <summary>How many times the votes of every other reading the winning reading needs (see <see cref="SettleVotes"/>).</summary>
    internal const int SettleDominance = 4;

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

    // Votes per reading of MessageIdKey.Readings, while the format is learned.
    private readonly int[] _votes = new int[MessageIdKey.Readings.Length];

    // Held receipts that fit one waiting message alone but came while a submission was under way, so may be early.
    private readonly List<Parked> _voters = [];
    private SmppReceiptIdFormat _format;

    // Submissions between SubmitStarted and their registration (or SubmitEnded): while there are none, no receipt can be early.
    private int _submitting;

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

    /// <summary>
    /// Says that a submission that may ask for a receipt is being written: until it is registered (<c>endsSubmission</c>) or
    /// <see cref="SubmitEnded"/>, a receipt could be early, so while the format is learned it only counts as a vote.
    /// </summary>
    public void SubmitStarted() => Interlocked.Increment(ref _submitting);

    /// <summary>
    /// Ends a submission of <see cref="SubmitStarted"/> that is not registered (it failed, or was not accepted); the receipts it
    /// kept held are looked at again on the next receipt or registration (the tracker has no timer).
    /// </summary>
    public void SubmitEnded() => Interlocked.Decrement(ref _submitting);

    /// <summary>
    /// Remembers a sent message; returns reports for receipts that arrived before it was registered (a fast SMSC can send the
    /// receipt before we have processed submit_sm_resp). <c>endsSubmission</c> says that this ends a submission of <see cref="SubmitStarted"/>.
    /// </summary>
    public List<(DeliveryReport Report, Uri? CallbackUrl)>? Register(IReadOnlyList<string> segmentIds, PhoneNumber? recipient, Uri? callbackUrl, string senderName, bool endsSubmission = false)
    {
        if (endsSubmission)
        {
            // Before the receipts held for these ids are looked at: with nothing else under way, they are not early.
            Interlocked.Decrement(ref _submitting);
        }

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
                ReleaseVoters(now, outcome);
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
                // First the receipts held only because a submission was under way then, as they came first.
                ReleaseVoters(now, outcome);
            }

            if (_format == SmppReceiptIdFormat.Auto && ReadingsAgree(key))
            {
                // Ids of one digit read the same in every format: whatever the format, this is the key of the receipt's message.
                submitKey = key;
            }
            else if (_format == SmppReceiptIdFormat.Auto)
            {
                if (_parked.ContainsKey(key))
                {
                    // The same receipt again while the format is learned: it is held once, and votes once.
                    outcome.Duplicate = true;
                    return outcome;
                }

                if (Evidence(key, receipt.Source) is not { } evidence)
                {
                    // It fits no message, or several: held until its message is registered or the format is settled.
                    Park(receipt, key, now, outcome);
                    return outcome;
                }

                // When the one message it fits has had its receipt (applied before the format was settled), it is that receipt
                // again: no vote, handled as a duplicate below.
                submitKey = evidence.SubmitKey;
                if (!evidence.Finished && Vote(evidence.Reading))
                {
                    Settle(evidence.Reading, now, outcome);
                }
                else if (!evidence.Finished && Volatile.Read(ref _submitting) > 0)
                {
                    // It may be early and fit this message in the wrong base while its own is still being submitted
                    // (early "10" while hex "10", message 16, waits): held until nothing is under way or the votes settle it.
                    if (Park(receipt, key, now, outcome, voted: true) is { } parked)
                    {
                        parked.Listed = true;
                        _voters.Add(parked);
                    }

                    return outcome;
                }

                // Otherwise nothing is under way, so every message that could have this receipt is registered and it fits
                // one alone: it is that message's, though one receipt does not settle the format.
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

    /// <summary>True when every reading of <paramref name="receiptKey"/> names the same submit_sm_resp id (ids of one digit), so that it needs no format.</summary>
    private static bool ReadingsAgree(string receiptKey)
    {
        foreach (var reading in MessageIdKey.Readings)
        {
            if (MessageIdKey.SubmitKeyOf(receiptKey, reading) != receiptKey)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// False only when both addresses are known and name different handsets. SMSCs write the handset nationally or
    /// internationally as they like ("0708251358", "46708251358"), so digits are compared without leading zeros, and one
    /// ending the other is the same handset; an address that is no number rules nothing out.
    /// </summary>
    private static bool SameHandset(string? source, PhoneNumber? recipient)
    {
        if (string.IsNullOrWhiteSpace(source) || recipient is not { IsNumeric: true })
        {
            return true;
        }

        var theirs = source.AsSpan().Trim().TrimStart('+');
        if (!theirs.ContainsAnyExceptInRange('0', '9'))
        {
            theirs = theirs.TrimStart('0');
            var ours = recipient.Value.AsSpan().TrimStart('0');
            return theirs.IsEmpty || ours.IsEmpty || theirs.EndsWith(ours, StringComparison.Ordinal) || ours.EndsWith(theirs, StringComparison.Ordinal);
        }

        return true;
    }

    /// <summary>
    /// The one reading under which <paramref name="receiptKey"/> names a segment waiting for its receipt (sent to the handset
    /// the receipt comes from, when it says) or one that has had it (<c>Finished</c>: the receipt came again), with that
    /// segment's key; null when no reading or several do.
    /// </summary>
    private (SmppReceiptIdFormat Reading, string SubmitKey, bool Finished)? Evidence(string receiptKey, string? source)
    {
        (SmppReceiptIdFormat Reading, string SubmitKey, bool Finished)? found = null;
        foreach (var reading in MessageIdKey.Readings)
        {
            if (MessageIdKey.SubmitKeyOf(receiptKey, reading) is not { } submitKey)
            {
                continue;
            }

            // A finished segment counts only for the very receipt that finished it: receipt "16" is no duplicate of the one,
            // "10", that finished message 10 (16 in hex).
            var waiting = _bySegment.TryGetValue(submitKey, out var entry);
            if (waiting ? !SameHandset(source, entry.Message.Recipient) : !(_recent.TryGetValue(submitKey, out var finished) && finished.ReceiptKey == receiptKey))
            {
                continue;
            }

            if (found is not null)
            {
                return null;
            }

            found = (reading, submitKey, !waiting);
        }

        return found;
    }

    /// <summary>Applies the held receipts that fit one waiting message alone, once no submission is under way (see <see cref="SubmitStarted"/>).</summary>
    private void ReleaseVoters(long now, ReceiptOutcome outcome)
    {
        if (_voters.Count == 0 || Volatile.Read(ref _submitting) > 0)
        {
            return;
        }

        var voters = _voters.ToList();
        _voters.Clear();
        foreach (var parked in voters)
        {
            parked.Listed = false;
            if (!parked.Live || Evidence(parked.Key, parked.Receipt.Source) is not { } evidence)
            {
                // Gone, or it fits several messages now: it waits, held, for the format.
                continue;
            }

            Unpark(parked);
            if (!evidence.Finished)
            {
                Apply(parked.Receipt, evidence.SubmitKey, now, outcome);
            }
        }
    }

    /// <summary>Counts one vote for <paramref name="reading"/>; true when it now has the votes to settle (see <see cref="SettleVotes"/>).</summary>
    private bool Vote(SmppReceiptIdFormat reading)
    {
        var index = Array.IndexOf(MessageIdKey.Readings, reading);
        var votes = ++_votes[index];
        if (votes < SettleVotes)
        {
            return false;
        }

        for (var i = 0; i < _votes.Length; i++)
        {
            if (i != index && votes < SettleDominance * _votes[i])
            {
                return false;
            }
        }

        return true;
    }

    private void LearnFromRegistration(string[] keys, long now, ReceiptOutcome outcome)
    {
        if (Array.Exists(keys, MessageIdKey.IsOpaque))
        {
            // Ids that are not numbers in either base can only be compared as they are.
            Settle(SmppReceiptIdFormat.AsIs, now, outcome);
            return;
        }

        // A held receipt may name one of these messages now: a receipt of one digit is applied (it needs no format); any other
        // votes, if it has not yet, when it now fits exactly one reading.
        foreach (var key in keys)
        {
            foreach (var reading in MessageIdKey.Readings)
            {
                if (MessageIdKey.ReceiptKeyOf(key, reading) is not { } receiptKey || !_parked.TryGetValue(receiptKey, out var parked))
                {
                    continue;
                }

                if (ReadingsAgree(receiptKey))
                {
                    Unpark(parked);
                    Apply(parked.Receipt, receiptKey, now, outcome);
                    continue;
                }

                if (Evidence(receiptKey, parked.Receipt.Source) is not { Finished: false } evidence)
                {
                    continue;
                }

                if (!parked.Voted)
                {
                    parked.Voted = true;
                    if (Vote(evidence.Reading))
                    {
                        // Settling re-reads every held receipt, those of the other keys registered here included.
                        Settle(evidence.Reading, now, outcome);
                        return;
                    }
                }

                // Applied by ReleaseVoters once no submission is under way.
                if (!parked.Listed)
                {
                    parked.Listed = true;
                    _voters.Add(parked);
                }
            }
        }
    }

    /// <summary>Fixes the format and re-reads every held receipt under it, oldest first.</summary>
    private void Settle(SmppReceiptIdFormat format, long now, ReceiptOutcome outcome)
    {
        _format = format;
        _voters.Clear();
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

    private Parked? Park(DeliveryReceipt receipt, string key, long now, ReceiptOutcome outcome, bool voted = false)
    {
        EvictParked(now, 1, outcome);
        if (_orphanCapacity == 0)
        {
            (outcome.GivenUp ??= []).Add(receipt);
            return null;
        }

        var parked = new Parked(receipt, key, now) { Voted = voted };
        _parked[key] = parked;
        _parkedOrder.Enqueue(parked);
        outcome.Parked = true;
        return parked;
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
            Remember(submitKey, report, message.CallbackUrl, _format == SmppReceiptIdFormat.Auto ? MessageIdKey.Normalize(receipt.MessageId) : null).Confirmed = outcome is not null;
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

    private Finished Remember(string key, DeliveryReport? report, Uri? callbackUrl, string? receiptKey)
    {
        var finished = new Finished(report, callbackUrl, receiptKey);
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

        /// <summary>Whether this receipt has cast its vote for a format (each receipt votes once, held or not).</summary>
        public bool Voted { get; set; }

        /// <summary>Whether it is in the list of receipts to apply once no submission is under way.</summary>
        public bool Listed { get; set; }
    }

    private sealed class Finished(DeliveryReport? report, Uri? callbackUrl, string? receiptKey)
    {
        public DeliveryReport? Report => report;

        /// <summary>The key of the receipt that finished it, while the format is learned (to recognise that receipt again).</summary>
        public string? ReceiptKey => receiptKey;

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
