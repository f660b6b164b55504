using Messaging.Sdk.Sms.Encoding;
using Messaging.Sdk.Sms.Pdu;

namespace Messaging.Sdk.Testing.GsmModem;

/// <summary>Builds the PDUs a <see cref="VirtualModem"/> hands to the host (SMS-DELIVER, SMS-STATUS-REPORT) and decodes the ones
/// it receives, with the SDK's own 23.040 codec for the user data and addresses.</summary>
public static class VirtualModemPdus
{
    /// <summary>Decodes a submission's PDU with the SDK codec.</summary>
    /// <param name="submission">A PDU-mode submission.</param>
    /// <returns>The SMS-SUBMIT.</returns>
    /// <exception cref="SmsFormatException">The PDU is malformed.</exception>
    public static SmsSubmitPdu Decode(VirtualModemSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return SmsPduDecoder.Decode(submission.Input) as SmsSubmitPdu
            ?? throw new SmsFormatException("The submitted PDU is not an SMS-SUBMIT.", 1);
    }

    /// <summary>An SMS-STATUS-REPORT TPDU (23.040 9.2.2.3) in hex, without SMSC field.</summary>
    /// <param name="messageReference">TP-MR of the submitted message (from +CMGS).</param>
    /// <param name="recipient">TP-RA, the recipient.</param>
    /// <param name="status">TP-ST: 0x00 delivered, 0x20-0x3F still trying, 0x40-0x7F failed.</param>
    /// <param name="at">TP-SCTS and TP-DT; <see langword="null"/> for 2026-01-02 03:04:05 UTC.</param>
    /// <returns>The TPDU in hex.</returns>
    public static string StatusReport(int messageReference, PhoneNumber recipient, byte status = 0x00, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        var time = at ?? new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        Span<byte> buffer = stackalloc byte[64];
        var n = 0;
        buffer[n++] = 0x06; // TP-MTI 10 (status report), TP-MMS set: no more messages waiting
        buffer[n++] = (byte)messageReference;
        n += SmsPduAddress.Write(SmsPduAddress.FromPhoneNumber(recipient), buffer[n..], serviceCenter: false);
        n += WriteTimestamp(time, buffer[n..]);
        n += WriteTimestamp(time, buffer[n..]);
        buffer[n++] = status;
        return Convert.ToHexString(buffer[..n]);
    }

    /// <summary>The SMS-DELIVER PDUs (hex, with an empty SMSC field first, as AT+CMGR returns them) of a text from <paramref name="from"/>,
    /// one per segment with concatenation headers when long.</summary>
    /// <param name="from">TP-OA, the originator.</param>
    /// <param name="text">The text; the SDK's encoder picks GSM 7-bit or UCS-2 and segments it.</param>
    /// <param name="at">TP-SCTS; <see langword="null"/> for 2026-01-02 03:04:05 UTC.</param>
    /// <returns>The PDUs in segment order.</returns>
    public static IReadOnlyList<string> Deliver(PhoneNumber from, string text, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(from);
        return Deliver(SmsPduAddress.FromPhoneNumber(from), text, at);
    }

    /// <summary>The SMS-DELIVER PDUs of a text from any 23.040 address, including originators a caller could not send from:
    /// an alphanumeric id with other GSM characters (<c>new SmsPduAddress("Bank!", SmsPduAddress.Alphanumeric)</c>) or a 2-digit number.</summary>
    /// <param name="from">TP-OA, the originator.</param>
    /// <param name="text">The text.</param>
    /// <param name="at">TP-SCTS; <see langword="null"/> for 2026-01-02 03:04:05 UTC.</param>
    /// <returns>The PDUs in segment order (hex, empty SMSC field first).</returns>
    public static IReadOnlyList<string> Deliver(SmsPduAddress from, string text, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(from);
        var time = at ?? new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        // The user data of an SMS-SUBMIT and an SMS-DELIVER are laid out alike (23.040 9.2.3.16 / 9.2.3.24): encode as a
        // submit with the SDK's encoder, then re-frame the DCS, UDL and UD as a deliver.
        var template = new SmsSubmitPdu { DestinationAddress = new SmsPduAddress("1", SmsPduAddress.Unknown) };
        var result = new List<string>();
        Span<byte> buffer = stackalloc byte[200];
        foreach (var encoded in SmsPduEncoder.EncodeText(text, template))
        {
            var submit = (SmsSubmitPdu)SmsPduDecoder.Decode(encoded.Pdu.Span);
            var n = 0;
            buffer[n++] = 0x00; // empty SMSC field
            buffer[n++] = (byte)(0x04 | (submit.HasUserDataHeader ? 0x40 : 0x00)); // TP-MTI 00, TP-MMS, TP-UDHI
            n += SmsPduAddress.Write(from, buffer[n..], serviceCenter: false);
            buffer[n++] = submit.ProtocolIdentifier;
            buffer[n++] = submit.DataCodingScheme;
            n += WriteTimestamp(time, buffer[n..]);
            buffer[n++] = (byte)submit.UserDataLength;
            submit.UserData.Span.CopyTo(buffer[n..]);
            n += submit.UserData.Length;
            result.Add(Convert.ToHexString(buffer[..n]));
        }

        return result;
    }

    /// <summary>The default status report for a submission: delivered, to the submission's destination, with its reference.</summary>
    /// <param name="submission">The submission.</param>
    /// <returns>The SMS-STATUS-REPORT TPDU in hex.</returns>
    public static string DeliveredReport(VirtualModemSubmission submission)
    {
        var submit = Decode(submission);
        return StatusReport(submission.MessageReference, PhoneNumber.Parse(submit.DestinationAddress.ToString()));
    }

    // 23.040 9.2.3.11: seven semi-octet swapped octets, the last the zone in quarter hours with bit 3 as the sign.
    private static int WriteTimestamp(DateTimeOffset time, Span<byte> d)
    {
        static byte Swap(int value) => (byte)(((value % 10) << 4) | (value / 10));
        d[0] = Swap(time.Year % 100);
        d[1] = Swap(time.Month);
        d[2] = Swap(time.Day);
        d[3] = Swap(time.Hour);
        d[4] = Swap(time.Minute);
        d[5] = Swap(time.Second);
        var quarters = (int)(time.Offset.TotalMinutes / 15);
        var zone = Swap(Math.Abs(quarters));
        d[6] = quarters < 0 ? (byte)(zone | 0x08) : zone;
        return 7;
    }

}
