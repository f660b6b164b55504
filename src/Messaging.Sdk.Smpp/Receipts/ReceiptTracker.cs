using System.Collections.Concurrent;

namespace Messaging.Sdk.Smpp.Receipts;

/// <summary>
/// Remembers sent messages by segment id (bounded by count and age) and merges segment receipts into one
/// message-level <see cref="DeliveryReport"/>: delivered when every segment is, failed as soon as any fails.
/// </summary>
internal sealed class ReceiptTracker(TimeProvider timeProvider, int capacity, TimeSpan retention)
{
    /// <summary>How long a receipt that beat its submit_sm_resp waits for the message to be registered.</summary>
    internal static readonly TimeSpan OrphanRetention = TimeSpan.FromSeconds(60);
    private const int MaxOrphans = 10_000;
    private readonly ConcurrentDictionary<string, (Tracked Message, int Segment)> _bySegment = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Key, long At)> _order = new();
    private readonly Dictionary<string, DeliveryReceipt> _orphans = new(StringComparer.Ordinal);
    private readonly Queue<(DeliveryReceipt Receipt, long At)> _orphanOrder = new();
    private readonly object _orphanGate = new();

    public int Count => _bySegment.Count;

    /// <summary>Remembers a sent message; returns reports for receipts that arrived before it was registered (a fast SMSC can send the receipt before we have processed submit_sm_resp).</summary>
    public List<(DeliveryReport Report, Uri? CallbackUrl)>? Register(IReadOnlyList<string> segmentIds, PhoneNumber? recipient, Uri? callbackUrl, string senderName)
    {
        if (capacity == 0 || segmentIds.Count == 0)
        {
            return null;
        }

        var now = timeProvider.GetTimestamp();
        var tracked = new Tracked(segmentIds[0], segmentIds.Count, recipient, callbackUrl, senderName);
        List<DeliveryReceipt>? early = null;
        lock (_orphanGate)
        {
            for (var i = 0; i < segmentIds.Count; i++)
            {
                var key = MessageIdKey.Normalize(segmentIds[i]);
                _bySegment[key] = (tracked, i);
                _order.Enqueue((key, now));
                if (_orphans.Remove(key, out var orphan))
                {
                    (early ??= []).Add(orphan);
                }
            }
        }

        Evict(now);
        if (early is null)
        {
            return null;
        }

        var reports = new List<(DeliveryReport, Uri?)>();
        foreach (var receipt in early)
        {
            if (TryResolveCore(receipt, out var report, out var url) && report is not null)
            {
                reports.Add((report, url));
            }
        }

        return reports;
    }

    /// <summary>Applies a receipt, or keeps it for <see cref="OrphanRetention"/> when its message is not (yet) known; <paramref name="expired"/> lists receipts given up.</summary>
    public bool TryResolveOrPark(DeliveryReceipt receipt, out DeliveryReport? report, out Uri? callbackUrl, out List<DeliveryReceipt>? expired)
    {
        expired = null;
        lock (_orphanGate)
        {
            if (TryResolveCore(receipt, out report, out callbackUrl))
            {
                return true;
            }

            var now = timeProvider.GetTimestamp();
            while (_orphanOrder.TryPeek(out var head) && (_orphanOrder.Count >= MaxOrphans || timeProvider.GetElapsedTime(head.At, now) > OrphanRetention))
            {
                _orphanOrder.Dequeue();
                foreach (var key in MessageIdKey.Candidates(head.Receipt.MessageId))
                {
                    if (_orphans.TryGetValue(key, out var parked) && ReferenceEquals(parked, head.Receipt))
                    {
                        _orphans.Remove(key);
                    }
                }

                (expired ??= []).Add(head.Receipt);
            }

            foreach (var key in MessageIdKey.Candidates(receipt.MessageId))
            {
                _orphans[key] = receipt;
            }

            _orphanOrder.Enqueue((receipt, now));
            return false;
        }
    }

    /// <summary>Applies a receipt; returns the report to publish (with the message's callback URL) or null when nothing is due yet.</summary>
    public bool TryResolve(DeliveryReceipt receipt, out DeliveryReport? report, out Uri? callbackUrl)
    {
        lock (_orphanGate)
        {
            return TryResolveCore(receipt, out report, out callbackUrl);
        }
    }

    private bool TryResolveCore(DeliveryReceipt receipt, out DeliveryReport? report, out Uri? callbackUrl)
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
                _bySegment.TryRemove(key, out _);
            }

            report = message.Apply(segment, segmentReport);
            return true;
        }

        return false;
    }

    private void Evict(long now)
    {
        while (_order.TryPeek(out var head) && (_bySegment.Count > capacity || timeProvider.GetElapsedTime(head.At, now) > retention))
        {
            if (_order.TryDequeue(out head))
            {
                _bySegment.TryRemove(head.Key, out _);
            }
        }
    }

    private sealed class Tracked(string messageId, int segments, PhoneNumber? recipient, Uri? callbackUrl, string senderName)
    {
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
