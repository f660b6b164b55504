using System.Globalization;
using System.Text;
using Messaging.Sdk.Smpp.Pdus;

namespace Messaging.Sdk.Smpp.Receipts;

/// <summary>A delivery receipt read from a deliver_sm / data_sm: TLVs first, the de-facto text format for what they lack.</summary>
/// <remarks><c>Source</c> is the receipt's source_addr, the handset the message was sent to as the SMSC writes it (null when
/// absent): while the id format is learned, it rules out a message sent to another handset.</remarks>
internal sealed record DeliveryReceipt(
    string MessageId,
    DeliveryState State,
    string? NativeStatus,
    int? ErrorCode,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? DoneAt,
    string? Source = null);

/// <summary>Parses SMSC delivery receipts (SMPP 3.4 appendix B and vendor variations).</summary>
internal static class DeliveryReceiptParser
{
    /// <summary>How much of a receipt's text is examined: appendix B's format takes about 160 characters, vendors add a few fields.</summary>
    /// <remarks>The text is scanned once per field, forwards only, so the work on one receipt is bounded by this length, on any
    /// machine: no pattern engine, no time-out that a loaded machine could trip.</remarks>
    internal const int MaxTextLength = 1024;

    /// <summary>True when esm_class marks an SMSC delivery receipt (0x04) or an intermediate notification (0x20).</summary>
    public static bool IsReceipt(byte esmClass) => (esmClass & 0x3C) is 0x04 or 0x20;

    public static bool TryParse(Pdu pdu, out DeliveryReceipt receipt)
    {
        var (esm, source) = pdu switch
        {
            ShortMessagePdu sm => (sm.EsmClass, sm.SourceAddr),
            DataSmPdu data => (data.EsmClass, data.SourceAddr),
            _ => ((byte)0, string.Empty),
        };
        var content = pdu is ShortMessagePdu { ShortMessage.Length: > 0 } s ? s.ShortMessage : pdu.Tlvs.GetBytes(TlvTag.MessagePayload) ?? default;

        // A receipt's text is a few hundred characters at most; a 64 KB message_payload from a hostile SMSC is read no further.
        return TryParse(esm, Encoding.Latin1.GetString(content.Span[..Math.Min(content.Length, MaxTextLength)]), pdu.Tlvs, out receipt, source);
    }

    public static bool TryParse(byte esmClass, string text, List<Tlv>? tlvs, out DeliveryReceipt receipt, string? source = null)
    {
        receipt = null!;
        var tlvId = tlvs.GetCString(TlvTag.ReceiptedMessageId);
        var tlvState = tlvs.GetByte(TlvTag.MessageState);
        int? tlvError = tlvs.GetBytes(TlvTag.NetworkErrorCode) is { Length: 3 } nec ? (nec.Span[1] << 8) | nec.Span[2] : null;

        var scanned = text.AsSpan(0, Math.Min(text.Length, MaxTextLength));
        var textId = IdOf(scanned, out var afterId);
        var fields = afterId < 0 ? null : scanned[afterId..].ToString();
        string? Field(string key, Func<char, bool> valueChar) => fields is null ? null : FieldOf(fields, key, valueChar);
        var stat = Field("stat:", c => char.IsAsciiLetter(c) || c == '_');
        var id = string.IsNullOrWhiteSpace(tlvId) ? textId : tlvId;
        if (string.IsNullOrWhiteSpace(id) || id.Trim().Length > MessageIdKey.MaxLength || (!IsReceipt(esmClass) && tlvId is null && textId is null))
        {
            // An id longer than SMPP allows is not an id: keeping it would let the SMSC fill memory with parked receipts.
            return false;
        }

        var state = tlvState is >= 1 and <= 8 ? (DeliveryState)tlvState.Value : MapStat(stat);
        int? error = tlvError;
        if (error is null && Field("err:", char.IsAsciiHexDigit) is { } err)
        {
            error = int.TryParse(err, NumberStyles.Integer, CultureInfo.InvariantCulture, out var e) ? e
                : int.TryParse(err, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out e) ? e : null;
        }

        receipt = new DeliveryReceipt(id.Trim(), state, stat?.ToUpperInvariant() ?? StatOf(state), error, ParseDate(Field("submit date:", char.IsAsciiDigit) ?? Field("submit_date:", char.IsAsciiDigit)),
            ParseDate(Field("done date:", char.IsAsciiDigit) ?? Field("done_date:", char.IsAsciiDigit)), string.IsNullOrWhiteSpace(source) ? null : source);
        return true;
    }

    internal static DeliveryState MapStat(string? stat) => stat?.ToUpperInvariant() switch
    {
        "DELIVRD" or "DELIVERED" => DeliveryState.Delivered,
        "EXPIRED" => DeliveryState.Expired,
        "DELETED" => DeliveryState.Deleted,
        "UNDELIV" or "UNDELIVERABLE" or "FAILED" => DeliveryState.Undeliverable,
        "ACCEPTD" or "ACCEPTED" => DeliveryState.Accepted,
        "REJECTD" or "REJECTED" => DeliveryState.Rejected,
        "ENROUTE" => DeliveryState.Enroute,
        _ => DeliveryState.Unknown,
    };

    private static string StatOf(DeliveryState state) => state switch
    {
        DeliveryState.Delivered => "DELIVRD",
        DeliveryState.Expired => "EXPIRED",
        DeliveryState.Deleted => "DELETED",
        DeliveryState.Undeliverable => "UNDELIV",
        DeliveryState.Accepted => "ACCEPTD",
        DeliveryState.Rejected => "REJECTD",
        DeliveryState.Enroute => "ENROUTE",
        _ => "UNKNOWN",
    };

    private static DateTimeOffset? ParseDate(string? value)
    {
        // YYMMDDhhmm, some SMSCs add seconds; the text format carries no zone, so UTC is assumed.
        string[] formats = ["yyMMddHHmm", "yyMMddHHmmss", "yyyyMMddHHmmss", "yyyyMMddHHmm"];
        return value is not null && DateTime.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? new DateTimeOffset(date, TimeSpan.Zero)
            : null;
    }

    /// <summary>The value after the first <c>id:</c> that starts the text or follows white space; <paramref name="end"/> is where it ends, -1 when there is none.</summary>
    private static string? IdOf(ReadOnlySpan<char> text, out int end)
    {
        var from = 0;
        while (from < text.Length)
        {
            var at = text[from..].IndexOf("id:", StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                break;
            }

            at += from;
            if (at == 0 || char.IsWhiteSpace(text[at - 1]))
            {
                var start = SkipSpace(text, at + 3);
                var stop = start;
                while (stop < text.Length && !char.IsWhiteSpace(text[stop]))
                {
                    stop++;
                }

                if (stop > start)
                {
                    end = stop;
                    return text[start..stop].ToString();
                }
            }

            from = at + 3;
        }

        end = -1;
        return null;
    }

    /// <summary>The first non-empty value of <paramref name="key"/> (at a word boundary, any case) made of <paramref name="valueChar"/> characters.</summary>
    private static string? FieldOf(ReadOnlySpan<char> text, string key, Func<char, bool> valueChar)
    {
        var from = 0;
        while (from < text.Length)
        {
            var at = text[from..].IndexOf(key, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return null;
            }

            at += from;
            from = at + key.Length;
            if (at > 0 && (char.IsLetterOrDigit(text[at - 1]) || text[at - 1] == '_'))
            {
                continue;
            }

            var start = SkipSpace(text, from);
            var end = start;
            while (end < text.Length && valueChar(text[end]))
            {
                end++;
            }

            if (end > start)
            {
                return text[start..end].ToString();
            }
        }

        return null;
    }

    private static int SkipSpace(ReadOnlySpan<char> text, int from)
    {
        while (from < text.Length && char.IsWhiteSpace(text[from]))
        {
            from++;
        }

        return from;
    }
}
