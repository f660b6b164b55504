using System.Collections.Concurrent;

namespace Messaging.Sdk.Smpp.Receipts;

/// <summary>
/// Remembers sent messages by segment id (bounded by count and age) and merges segment receipts into one
/// message-level <see cref="DeliveryReport"/>: delivered when every segment is, failed as soon as any fails.
/// </summary>
internal sealed class ReceiptTracker(TimeProvider timeProvider, int capacity, TimeSpan retention)
{
    private readonly ConcurrentDictionary<string, (Tracked Message, int Segment)> _bySegment = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Key, long At)> _order = new();

    public int Count => _bySegment.Count;

    public void Register(IReadOnlyList<string> segmentIds, PhoneNumber? recipient, Uri? callbackUrl, string senderName)
    {
        if (capacity == 0 || segmentIds.Count == 0)
        {
            return;
        }

        var now = timeProvider.GetTimestamp();
        var tracked = new Tracked(segmentIds[0], segmentIds.Count, recipient, callbackUrl, senderName);
        for (var i = 0; i < segmentIds.Count; i++)
        {
            var key = MessageIdKey.Normalize(segmentIds[i]);
            _bySegment[key] = (tracked, i);
            _order.Enqueue((key, now));
        }

        Evict(now);
    }

    /// <summary>Applies a receipt; returns the report to publish (with the message's callback URL) or null when nothing is due yet.</summary>
    public bool TryResolve(DeliveryReceipt receipt, out DeliveryReport? report, out Uri? callbackUrl)
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
