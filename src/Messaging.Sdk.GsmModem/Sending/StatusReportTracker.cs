using System.Collections.Concurrent;
using System.Globalization;
using Messaging.Sdk.Sms.Pdu;

namespace Messaging.Sdk.GsmModem;

/// <summary>Remembers the message references of sent messages so that status reports can be turned into <see cref="DeliveryReport"/>s;
/// merges the reports of a multi-part message (delivered when every part is, failed as soon as one part fails).</summary>
/// <remarks>A status report can overtake the sender: the modem may signal it before the sender has read the last +CMGS of the
/// message. Reports for a recipient with a send in progress on the same modem are therefore held until that send completes.</remarks>
internal sealed class StatusReportTracker
{
    private readonly ConcurrentDictionary<(string Modem, int Reference, string Recipient), Sent> _byReference = new();
    private readonly ConcurrentDictionary<(string Modem, string Recipient), Sent> _inProgress = new();
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

    /// <summary>The id of one segment sent through a modem: <c>{modem name}:{TP-MR}</c>, for example <c>/dev/ttyUSB0:17</c>.</summary>
    /// <remarks>TP-MR alone (0-255) is only unique per modem; prefixing the modem (port) name keeps ids from different modems of a
    /// pool apart. The same id is the <see cref="SmsSendResult.SegmentIds"/> entry and the <see cref="DeliveryReport.MessageId"/>.</remarks>
    public static string SegmentId(string modem, int reference) => modem + ":" + reference.ToString(CultureInfo.InvariantCulture);

    /// <summary>Starts tracking a message before its first segment goes out.</summary>
    public Sent Begin(string modem, PhoneNumber recipient, Uri? callbackUrl)
    {
        var sent = new Sent(modem, recipient, Digits(recipient.ToString()), callbackUrl, _timeProvider.GetUtcNow());
        _inProgress[(modem, sent.Digits)] = sent;
        if (Interlocked.Increment(ref _tracked) % 256 == 0)
        {
            Prune();
        }

        return sent;
    }

    /// <summary>Adds a segment's reference as soon as +CMGS gives it.</summary>
    public void AddReference(Sent sent, int reference)
    {
        lock (sent)
        {
            sent.References.Add(reference);
        }

        _byReference[(sent.Modem, reference, sent.Digits)] = sent;
    }

    /// <summary>Ends the send: returns the reports that arrived while it was in progress, correlated now that every reference is known.</summary>
    public IReadOnlyList<(DeliveryReport Report, Uri? CallbackUrl)> Complete(Sent sent, bool accepted)
    {
        _inProgress.TryRemove(new KeyValuePair<(string, string), Sent>((sent.Modem, sent.Digits), sent));
        List<ModemStatusReport> held;
        lock (sent)
        {
            held = [.. sent.Held];
            sent.Held.Clear();
            sent.Completed = true;
        }

        if (!accepted)
        {
            Forget(sent);
        }

        var result = new List<(DeliveryReport, Uri?)>();
        foreach (var status in held)
        {
            result.AddRange(Correlate(sent.Modem, status));
        }

        return result;
    }

    /// <summary>Correlates one status report; returns what to publish (nothing while a multi-part message waits for other parts).</summary>
    public IReadOnlyList<(DeliveryReport Report, Uri? CallbackUrl)> Correlate(string modem, ModemStatusReport status)
    {
        var digits = Digits(status.Recipient);
        if (_inProgress.TryGetValue((modem, digits), out var inProgress))
        {
            lock (inProgress)
            {
                if (!inProgress.Completed)
                {
                    inProgress.Held.Add(status);
                    return [];
                }
            }
        }

        var segment = ToReport(SegmentId(modem, status.MessageReference), status);
        if (!_byReference.TryGetValue((modem, status.MessageReference, digits), out var sent))
        {
            // Uncorrelated (sent before a restart, or by another program): still surfaced, keyed by modem and reference.
            return [(segment, null)];
        }

        segment = segment with { Recipient = sent.Recipient };
        lock (sent)
        {
            if (sent.References.Count == 1)
            {
                if (segment.IsFinal)
                {
                    Forget(sent);
                }

                return [(segment with { MessageId = sent.MessageId }, sent.CallbackUrl)];
            }

            if (sent.Published)
            {
                return [];
            }

            sent.Segments[status.MessageReference] = segment;
            var finals = sent.Segments.Values.Where(s => s.IsFinal).ToList();
            var failed = finals.FirstOrDefault(s => !s.IsDelivered);
            if (failed is null && finals.Count < sent.References.Count)
            {
                return [];
            }

            sent.Published = true;
            Forget(sent);
            var ordered = sent.References.Where(sent.Segments.ContainsKey).Select(r => sent.Segments[r]).ToList();
            var merged = (failed ?? ordered[^1]) with
            {
                MessageId = sent.MessageId,
                Recipient = sent.Recipient,
                SubmittedAt = ordered.Select(s => s.SubmittedAt).Min(),
                DoneAt = ordered.Select(s => s.DoneAt).Max(),
                Segments = ordered,
            };
            return [(merged, sent.CallbackUrl)];
        }
    }

    private DeliveryReport ToReport(string messageId, ModemStatusReport status) => new()
    {
        MessageId = messageId,
        State = SmsPduDecoder.MapStatus((byte)status.Status),
        SenderName = _senderName,
        SubmittedAt = status.SubmittedAt,
        DoneAt = status.DoneAt,
        ErrorCode = status.Status == 0 ? null : status.Status,
        NativeStatus = "TP-ST 0x" + status.Status.ToString("X2", CultureInfo.InvariantCulture),
    };

    private void Forget(Sent sent)
    {
        foreach (var reference in sent.References)
        {
            _byReference.TryRemove(new KeyValuePair<(string, int, string), Sent>((sent.Modem, reference, sent.Digits), sent));
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

    internal sealed class Sent(string modem, PhoneNumber recipient, string digits, Uri? callbackUrl, DateTimeOffset sentAt)
    {
        public string Modem { get; } = modem;

        public PhoneNumber Recipient { get; } = recipient;

        public string Digits { get; } = digits;

        public string MessageId => References.Count > 0 ? SegmentId(Modem, References[0]) : string.Empty;

        public List<int> References { get; } = [];

        public Uri? CallbackUrl { get; } = callbackUrl;

        public DateTimeOffset SentAt { get; } = sentAt;

        public Dictionary<int, DeliveryReport> Segments { get; } = [];

        public List<ModemStatusReport> Held { get; } = [];

        public bool Published { get; set; }

        public bool Completed { get; set; }
    }
}
