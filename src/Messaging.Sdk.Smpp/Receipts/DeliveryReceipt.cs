using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Messaging.Sdk.Smpp.Pdus;

namespace Messaging.Sdk.Smpp.Receipts;

/// <summary>A delivery receipt read from a deliver_sm / data_sm: TLVs first, the de-facto text format for what they lack.</summary>
internal sealed record DeliveryReceipt(
    string MessageId,
    DeliveryState State,
    string? NativeStatus,
    int? ErrorCode,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? DoneAt);

/// <summary>Parses SMSC delivery receipts (SMPP 3.4 appendix B and vendor variations).</summary>
internal static partial class DeliveryReceiptParser
{
    /// <summary>How much of a receipt's text is examined: appendix B's format takes about 160 characters, vendors add a few fields.</summary>
    internal const int MaxTextLength = 1024;

    /// <summary>The most time the text pattern may take on one receipt; it runs on the inbound loop.</summary>
    private const int MatchTimeoutMilliseconds = 50;

    /// <summary>True when esm_class marks an SMSC delivery receipt (0x04) or an intermediate notification (0x20).</summary>
    public static bool IsReceipt(byte esmClass) => (esmClass & 0x3C) is 0x04 or 0x20;

    public static bool TryParse(Pdu pdu, out DeliveryReceipt receipt)
    {
        var esm = pdu switch
        {
            ShortMessagePdu sm => sm.EsmClass,
            DataSmPdu data => data.EsmClass,
            _ => (byte)0,
        };
        var content = pdu is ShortMessagePdu { ShortMessage.Length: > 0 } s ? s.ShortMessage : pdu.Tlvs.GetBytes(TlvTag.MessagePayload) ?? default;

        // A receipt's text is a few hundred characters at most; a 64 KB message_payload from a hostile SMSC is read no further.
        return TryParse(esm, Encoding.Latin1.GetString(content.Span[..Math.Min(content.Length, MaxTextLength)]), pdu.Tlvs, out receipt);
    }

    public static bool TryParse(byte esmClass, string text, List<Tlv>? tlvs, out DeliveryReceipt receipt)
    {
        receipt = null!;
        var tlvId = tlvs.GetCString(TlvTag.ReceiptedMessageId);
        var tlvState = tlvs.GetByte(TlvTag.MessageState);
        int? tlvError = tlvs.GetBytes(TlvTag.NetworkErrorCode) is { Length: 3 } nec ? (nec.Span[1] << 8) | nec.Span[2] : null;

        Match match;
        try
        {
            match = ReceiptText().Match(text.Length > MaxTextLength ? text[..MaxTextLength] : text);
        }
        catch (RegexMatchTimeoutException)
        {
            // The budget is spent: the text is ignored (the TLVs may still carry the receipt) rather than stall the inbound loop.
            match = Match.Empty;
        }

        string? Field(string name) => match.Success && match.Groups[name].Success ? match.Groups[name].Value : null;
        var textId = Field("id");
        var stat = Field("stat");
        var id = string.IsNullOrWhiteSpace(tlvId) ? textId : tlvId;
        if (string.IsNullOrWhiteSpace(id) || id.Trim().Length > MessageIdKey.MaxLength || (!IsReceipt(esmClass) && tlvId is null && textId is null))
        {
            // An id longer than SMPP allows is not an id: keeping it would let the SMSC fill memory with parked receipts.
            return false;
        }

        var state = tlvState is >= 1 and <= 8 ? (DeliveryState)tlvState.Value : MapStat(stat);
        int? error = tlvError;
        if (error is null && Field("err") is { } err)
        {
            error = int.TryParse(err, NumberStyles.Integer, CultureInfo.InvariantCulture, out var e) ? e
                : int.TryParse(err, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out e) ? e : null;
        }

        receipt = new DeliveryReceipt(id.Trim(), state, stat?.ToUpperInvariant() ?? StatOf(state), error, ParseDate(Field("submit")), ParseDate(Field("done")));
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

    [GeneratedRegex(@"(?:^|\s)id:\s*(?<id>[^\s]+)(?:.*?\bsub:\s*(?<sub>\S*))?(?:.*?\bdlvrd:\s*(?<dlvrd>\S*))?(?:.*?\bsubmit[ _]date:\s*(?<submit>\d+))?(?:.*?\bdone[ _]date:\s*(?<done>\d+))?(?:.*?\bstat:\s*(?<stat>[A-Za-z_]+))?(?:.*?\berr:\s*(?<err>[0-9A-Fa-f]+))?", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, MatchTimeoutMilliseconds)]
    private static partial Regex ReceiptText();
}
