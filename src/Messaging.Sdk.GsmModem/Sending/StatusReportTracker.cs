using System.Collections.Concurrent;

namespace Messaging.Sdk.GsmModem;

/// <summary>Remembers the message references of sent messages so that status reports can be turned into <see cref="DeliveryReport"/>s;
/// merges the reports of a multi-part message (delivered when every part is, failed as soon as one part fails).</summary>
internal sealed class StatusReportTracker
{
    private readonly ConcurrentDictionary<(string Modem, int Reference, string Recipient), Sent> _byReference = new();
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _window;
    private readonly string _senderName;
    private long _tracked;

    public StatusReportTracker(string senderName, TimeProvider timeProvider, TimeSpan window)
    {
        _senderName = senderName;
        _timeProvider = timeProvider;
        _window = window;
    }

    public int Count => _byReference.Count;

    public void Track(string modem, PhoneNumber recipient, IReadOnlyList<int> references, Uri? callbackUrl)
    {
        var sent = new Sent(references[0].ToString(System.Globalization.CultureInfo.InvariantCulture), recipient, references, callbackUrl, _timeProvider.GetUtcNow());
        var digits = Digits(recipient.ToString());
        foreach (var reference in references)
        {
            _byReference[(modem, reference, digits)] = sent;
        }

        if (Interlocked.Increment(ref _tracked) % 256 == 0)
        {
            Prune();
        }
    }

    /// <summary>Correlates one status report. Returns the report to publish (with its callback URL), or null when a multi-part
    /// message still waits for other parts.</summary>
    public (DeliveryReport Report, Uri? CallbackUrl)? Correlate(string modem, ModemStatusReport status)
    {
        var segment = ToReport(status.MessageReference.ToString(System.Globalization.CultureInfo.InvariantCulture), status);
        if (!_byReference.TryGetValue((modem, status.MessageReference, Digits(status.Recipient)), out var sent))
        {
            // Uncorrelated (sent before a restart, or by another program): still surfaced, keyed by its reference.
            return (segment, null);
        }

        segment = segment with { Recipient = sent.Recipient };
        if (sent.References.Count == 1)
        {
            if (segment.IsFinal)
            {
                Forget(modem, sent);
            }

            return (segment with { MessageId = sent.MessageId }, sent.CallbackUrl);
        }

        lock (sent)
        {
            if (sent.Published)
            {
                return null;
            }

            sent.Segments[status.MessageReference] = segment;
            var finals = sent.Segments.Values.Where(s => s.IsFinal).ToList();
            var failed = finals.FirstOrDefault(s => !s.IsDelivered);
            if (failed is null && finals.Count < sent.References.Count)
            {
                return null;
            }

            sent.Published = true;
            Forget(modem, sent);
            var ordered = sent.References.Where(sent.Segments.ContainsKey).Select(r => sent.Segments[r]).ToList();
            var merged = (failed ?? ordered[^1]) with
            {
                MessageId = sent.MessageId,
                Recipient = sent.Recipient,
                SubmittedAt = ordered.Select(s => s.SubmittedAt).Min(),
                DoneAt = ordered.Select(s => s.DoneAt).Max(),
                Segments = ordered,
            };
            return (merged, sent.CallbackUrl);
        }
    }

    /// <summary>Maps TP-Status (23.040 9.2.3.15) onto the SMPP-style states.</summary>
    internal static DeliveryState StateOf(int status) => status switch
    {
        >= 0x00 and <= 0x02 => DeliveryState.Delivered,
        >= 0x20 and <= 0x3F => DeliveryState.Enroute,
        0x46 => DeliveryState.Expired,
        0x47 or 0x48 => DeliveryState.Deleted,
        0x41 or 0x42 or 0x43 or 0x44 or 0x45 or 0x49 => DeliveryState.Rejected,
        >= 0x40 and <= 0x7F => DeliveryState.Undeliverable,
        _ => DeliveryState.Unknown,
    };

    private DeliveryReport ToReport(string messageId, ModemStatusReport status) => new()
    {
        MessageId = messageId,
        State = StateOf(status.Status),
        SenderName = _senderName,
        SubmittedAt = status.SubmittedAt,
        DoneAt = status.DoneAt,
        ErrorCode = status.Status == 0 ? null : status.Status,
        NativeStatus = "TP-ST 0x" + status.Status.ToString("X2", System.Globalization.CultureInfo.InvariantCulture),
    };

    private void Forget(string modem, Sent sent)
    {
        var digits = Digits(sent.Recipient.ToString());
        foreach (var reference in sent.References)
        {
            _byReference.TryRemove(new KeyValuePair<(string, int, string), Sent>((modem, reference, digits), sent));
        }
    }

    private void Prune()
    {
        var oldest = _timeProvider.GetUtcNow() - _window;
        foreach (var entry in _byReference)
        {
            if (entry.Value.SentAt < oldest)
            {
                _byReference.TryRemove(entry);
            }
        }
    }

    // Status reports carry the recipient as the network saw it (with or without '+', national or international); compare the
    // trailing digits so that both forms match.
    private static string Digits(string number)
    {
        var digits = new string([.. number.Where(char.IsAsciiDigit)]);
        return digits.Length > 9 ? digits[^9..] : digits;
    }

    private sealed class Sent(string messageId, PhoneNumber recipient, IReadOnlyList<int> references, Uri? callbackUrl, DateTimeOffset sentAt)
    {
        public string MessageId { get; } = messageId;

        public PhoneNumber Recipient { get; } = recipient;

        public IReadOnlyList<int> References { get; } = references;

        public Uri? CallbackUrl { get; } = callbackUrl;

        public DateTimeOffset SentAt { get; } = sentAt;

        public Dictionary<int, DeliveryReport> Segments { get; } = [];

        public bool Published { get; set; }
    }
}
