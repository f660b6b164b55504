using Messaging.Sdk.Smpp.Session;

namespace Messaging.Sdk.Smpp.Receipts;

/// <summary>
/// Remembers sent messages by segment id and merges segment receipts into one message-level <see cref="DeliveryReport"/>:
/// delivered when every segment is, failed as soon as any fails. Both stores are bounded by count and age: the most
/// recent <c>capacity</c> segments registered within <c>retention</c>, and the most recent <c>orphanCapacity</c>
/// receipts that arrived before their message was registered, within <c>orphanRetention</c>.
/// </summary>
/// <remarks>
/// Expiry runs on every registration and every receipt (no timer), against <see cref="TimeProvider"/>. A forgotten
/// segment is counted on <c>messaging.sdk.smpp.receipts.expired</c>; its later receipt is treated like any receipt for an
/// unknown id: parked as an early receipt, then given up (logged, <c>messaging.sdk.smpp.receipts.uncorrelated</c>).
/// </remarks>
internal sealed class ReceiptTracker(TimeProvider timeProvider, int capacity, TimeSpan retention, int orphanCapacity = ReceiptTracker.DefaultOrphanCapacity, TimeSpan? orphanRetention = null)
{
    /// <summary>How long a receipt that beat its submit_sm_resp waits for the message to be registered, by default.</summary>
    internal static readonly TimeSpan OrphanRetention = TimeSpan.FromSeconds(60);

    /// <summary>How many receipts that beat their submit_sm_resp are kept, by default.</summary>
    internal const int DefaultOrphanCapacity = 10_000;

    private static readonly KeyValuePair<string, object?> AgeReason = new(SmppMetrics.ReasonTag, "age");
    private static readonly KeyValuePair<string, object?> CapacityReason = new(SmppMetrics.ReasonTag, "capacity");
    private readonly TimeSpan _orphanRetention = orphanRetention ?? OrphanRetention;
    private readonly Dictionary<string, (Tracked Message, int Segment)> _bySegment = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, long At, Tracked Message)> _order = new();
    private readonly Dictionary<string, DeliveryReceipt> _orphans = new(StringComparer.Ordinal);
    private readonly Queue<(DeliveryReceipt Receipt, long At)> _orphanOrder = new();
    private readonly object _gate = new();

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

    /// <summary>Remembers a sent message; returns reports for receipts that arrived before it was registered (a fast SMSC can send the receipt before we have processed submit_sm_resp).</summary>
    public List<(DeliveryReport Report, Uri? CallbackUrl)>? Register(IReadOnlyList<string> segmentIds, PhoneNumber? recipient, Uri? callbackUrl, string senderName)
    {
        if (capacity == 0 || segmentIds.Count == 0)
        {
            return null;
        }

        var now = timeProvider.GetTimestamp();
        var tracked = new Tracked(segmentIds[0], segmentIds.Count, recipient, callbackUrl, senderName, now);
        List<DeliveryReceipt>? early = null;
        List<(DeliveryReport, Uri?)>? reports = null;
        lock (_gate)
        {
            for (var i = 0; i < segmentIds.Count; i++)
            {
                var key = MessageIdKey.Normalize(segmentIds[i]);
                _bySegment[key] = (tracked, i);
                _order.Enqueue((key, now, tracked));
                if (_orphans.Remove(key, out var orphan))
                {
                    // A parked receipt sits under every spelling of its id; drop them all so expiry does not report it as lost.
                    foreach (var other in MessageIdKey.Candidates(orphan.MessageId))
                    {
                        _orphans.Remove(other);
                    }

                    (early ??= []).Add(orphan);
                }
            }

            Evict(now);
            if (early is not null)
            {
                reports = [];
                foreach (var receipt in early)
                {
                    if (TryResolveCore(receipt, now, out var report, out var url) && report is not null)
                    {
                        reports.Add((report, url));
                    }
                }
            }
        }

        return reports;
    }

    /// <summary>Applies a receipt, or keeps it for the early-receipt retention when its message is not (yet) known; <paramref name="expired"/> lists receipts given up.</summary>
    public bool TryResolveOrPark(DeliveryReceipt receipt, out DeliveryReport? report, out Uri? callbackUrl, out List<DeliveryReceipt>? expired)
    {
        expired = null;
        var now = timeProvider.GetTimestamp();
        lock (_gate)
        {
            Evict(now);
            if (TryResolveCore(receipt, now, out report, out callbackUrl))
            {
                EvictOrphans(now, 0, ref expired);
                return true;
            }

            EvictOrphans(now, 1, ref expired);
            if (orphanCapacity > 0)
            {
                foreach (var key in MessageIdKey.Candidates(receipt.MessageId))
                {
                    _orphans[key] = receipt;
                }

                _orphanOrder.Enqueue((receipt, now));
            }
            else
            {
                (expired ??= []).Add(receipt);
            }

            return false;
        }
    }

    /// <summary>Applies a receipt; returns the report to publish (with the message's callback URL) or null when nothing is due yet.</summary>
    public bool TryResolve(DeliveryReceipt receipt, out DeliveryReport? report, out Uri? callbackUrl)
    {
        var now = timeProvider.GetTimestamp();
        lock (_gate)
        {
            Evict(now);
            return TryResolveCore(receipt, now, out report, out callbackUrl);
        }
    }

    private bool TryResolveCore(DeliveryReceipt receipt, long now, out DeliveryReport? report, out Uri? callbackUrl)
    {
        report = null;
        callbackUrl = null;
        foreach (var key in MessageIdKey.Candidates(receipt.MessageId))
        {
            if (!_bySegment.TryGetValue(key, out var entry))
            {
                continue;
            }

            var (message, segment) = entry;
            callbackUrl = message.CallbackUrl;
            var segmentReport = new DeliveryReport
            {
                MessageId = message.MessageId, State = receipt.State, SenderName = message.SenderName, Recipient = message.Recipient,
                SubmittedAt = receipt.SubmittedAt, DoneAt = receipt.DoneAt, ErrorCode = receipt.ErrorCode, NativeStatus = receipt.NativeStatus,
            };
            if (segmentReport.IsFinal)
            {
                _bySegment.Remove(key);
            }

            report = message.Apply(segment, segmentReport);
            if (report is { IsFinal: true })
            {
                SmppMetrics.ReceiptLatency.Record(timeProvider.GetElapsedTime(message.RegisteredAt, now).TotalSeconds, SmppMetrics.Sender(message.SenderName));
            }

            return true;
        }

        return false;
    }

    private void Evict(long now)
    {
        // The queue holds resolved segments too (they are not searched for), so bounding it bounds memory whatever the receipt rate.
        while (_order.TryPeek(out var head))
        {
            var full = _order.Count > capacity;
            if (!full && timeProvider.GetElapsedTime(head.At, now) <= retention)
            {
                break;
            }

            _order.Dequeue();
            if (_bySegment.TryGetValue(head.Key, out var live) && ReferenceEquals(live.Message, head.Message))
            {
                _bySegment.Remove(head.Key);
                SmppMetrics.ReceiptsExpired.Add(1, SmppMetrics.Sender(head.Message.SenderName), full ? CapacityReason : AgeReason);
            }
        }
    }

    private void EvictOrphans(long now, int room, ref List<DeliveryReceipt>? expired)
    {
        while (_orphanOrder.TryPeek(out var head) && (_orphanOrder.Count + room > orphanCapacity || timeProvider.GetElapsedTime(head.At, now) > _orphanRetention))
        {
            _orphanOrder.Dequeue();
            var live = false;
            foreach (var key in MessageIdKey.Candidates(head.Receipt.MessageId))
            {
                if (_orphans.TryGetValue(key, out var parked) && ReferenceEquals(parked, head.Receipt))
                {
                    _orphans.Remove(key);
                    live = true;
                }
            }

            if (live)
            {
                (expired ??= []).Add(head.Receipt);
            }
        }
    }

    private sealed class Tracked(string messageId, int segments, PhoneNumber? recipient, Uri? callbackUrl, string senderName, long registeredAt)
    {
        public long RegisteredAt => registeredAt;

        private readonly DeliveryReport?[] _reports = new DeliveryReport?[segments];
        private bool _finalPublished;

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

            lock (_reports)
            {
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
}
