using Messaging.Sdk.Sms.Encoding;

namespace Messaging.Sdk.Sms.Pdu;

/// <summary>One encoded PDU, ready for AT+CMGS in PDU mode.</summary>
/// <param name="Pdu">The octets: the SMSC field, then the TPDU.</param>
/// <param name="TpduLength">The TPDU length in octets (the SMSC field excluded): the argument of <c>AT+CMGS=</c>.</param>
public sealed record SmsEncodedPdu(ReadOnlyMemory<byte> Pdu, int TpduLength)
{
    /// <summary>The PDU in upper-case hex, as the modem expects it after the <c>&gt; </c> prompt.</summary>
    public string Hex => Convert.ToHexString(Pdu.Span);
}

/// <summary>Encodes SMS-SUBMIT PDUs (3GPP TS 23.040 9.2.2.2) for GSM modems.</summary>
/// <example>
/// <code>
/// var template = new SmsSubmitPdu { DestinationAddress = SmsPduAddress.FromPhoneNumber("+46708251358"), StatusReportRequest = true };
/// foreach (var pdu in SmsPduEncoder.EncodeText("Hello", template)) { /* AT+CMGS={pdu.TpduLength}, then pdu.Hex + Ctrl-Z */ }
/// </code>
/// </example>
public static class SmsPduEncoder
{
    /// <summary>The longest PDU this encoder writes, in octets (a 12-octet SMSC field and a full TPDU fit).</summary>
    public const int MaxLength = 180;

    private static readonly TimeSpan MinValidity = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxValidity = TimeSpan.FromDays(441);

    /// <summary>Encodes <paramref name="text"/> into one SMS-SUBMIT per segment, taking addresses and flags from <paramref name="template"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="template">The addresses and flags; its DCS, UDHI, UDL and UD are replaced per segment.</param>
    /// <param name="options">Encoding options; <see langword="null"/> for the defaults. A Latin-1 hint is rejected (not an air-interface alphabet).</param>
    /// <param name="reference">The concatenation reference, or <see langword="null"/> for <see cref="SmsSegments.NextReference"/>.</param>
    /// <returns>The PDUs, in segment order.</returns>
    /// <exception cref="ArgumentException">The text cannot be encoded as asked, or an address or validity period is invalid.</exception>
    public static IReadOnlyList<SmsEncodedPdu> EncodeText(string text, SmsSubmitPdu template, SmsEncodingOptions? options = null, int? reference = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(template);
        var message = SmsSegments.Encode(text, options, SmsUserDataFormat.Tpdu, reference);
        var result = new SmsEncodedPdu[message.Segments.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var s = message.Segments[i];
            var submit = template with
            {
                DataCodingScheme = message.DataCodingScheme!.Value,
                HasUserDataHeader = s.HasHeader,
                UserDataLength = s.UserDataLength,
                UserData = s.UserData,
            };
            result[i] = Encode(submit);
        }

        return result;
    }

    /// <summary>Encodes an SMS-SUBMIT.</summary>
    /// <param name="submit">The PDU.</param>
    /// <returns>The octets and the TPDU length.</returns>
    /// <exception cref="ArgumentException">An address, the validity period or the user data is invalid.</exception>
    public static SmsEncodedPdu Encode(SmsSubmitPdu submit)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        var n = Encode(submit, buffer, out var tpduLength);
        return new SmsEncodedPdu(buffer[..n].ToArray(), tpduLength);
    }

    /// <summary>Encodes an SMS-SUBMIT into <paramref name="destination"/> without allocating.</summary>
    /// <param name="submit">The PDU.</param>
    /// <param name="destination">At least <see cref="MaxLength"/> octets.</param>
    /// <param name="tpduLength">The TPDU length (the SMSC field excluded), for <c>AT+CMGS=</c>.</param>
    /// <returns>The octets written.</returns>
    /// <exception cref="ArgumentException">An address, the validity period or the user data is invalid, or <paramref name="destination"/> is too small.</exception>
    public static int Encode(SmsSubmitPdu submit, Span<byte> destination, out int tpduLength)
    {
        ArgumentNullException.ThrowIfNull(submit);
        ArgumentNullException.ThrowIfNull(submit.DestinationAddress);
        if (destination.Length < MaxLength)
        {
            throw new ArgumentException($"The destination needs {MaxLength} octets.", nameof(destination));
        }

        var userData = submit.UserData.Span;
        if (userData.Length > 140)
        {
            throw new ArgumentException($"TP-UD has {userData.Length} octets; at most 140 fit.", nameof(submit));
        }

        var gsm = SmsDataCoding.FromDataCodingScheme(submit.DataCodingScheme) == SmsAlphabet.Gsm7;
        var expected = gsm ? Gsm7.GetPackedLength(Math.Min(submit.UserDataLength, 160)) : submit.UserDataLength;
        if (submit.UserDataLength < 0 || (gsm ? submit.UserDataLength > 160 : submit.UserDataLength > 140) || expected != userData.Length)
        {
            throw new ArgumentException($"TP-UDL {submit.UserDataLength} does not match {userData.Length} octets of TP-UD for TP-DCS 0x{submit.DataCodingScheme:X2}.", nameof(submit));
        }

        var n = 0;
        if (submit.ServiceCenterAddress is { } sca)
        {
            n += SmsPduAddress.Write(sca, destination, serviceCenter: true);
        }
        else
        {
            destination[n++] = 0x00;
        }

        var tpduStart = n;
        byte? vp = submit.ValidityPeriod is { } validity ? EncodeRelativeValidity(validity) : null;
        destination[n++] = (byte)(0x01
            | (submit.RejectDuplicates ? 0x04 : 0)
            | (vp is not null ? 0x10 : 0)
            | (submit.StatusReportRequest ? 0x20 : 0)
            | (submit.HasUserDataHeader ? 0x40 : 0)
            | (submit.ReplyPath ? 0x80 : 0));
        destination[n++] = submit.MessageReference;
        n += SmsPduAddress.Write(submit.DestinationAddress, destination[n..], serviceCenter: false);
        destination[n++] = submit.ProtocolIdentifier;
        destination[n++] = submit.DataCodingScheme;
        if (vp is { } v)
        {
            destination[n++] = v;
        }

        destination[n++] = (byte)submit.UserDataLength;
        userData.CopyTo(destination[n..]);
        n += userData.Length;
        tpduLength = n - tpduStart;
        return n;
    }

    /// <summary>The TP-VP octet (relative format, 23.040 9.2.3.12.1) for <paramref name="validity"/>, rounded up to the next expressible value.</summary>
    /// <param name="validity">5 minutes to 441 days.</param>
    /// <returns>The octet.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validity"/> is outside 5 minutes .. 441 days.</exception>
    public static byte EncodeRelativeValidity(TimeSpan validity)
    {
        if (validity < MinValidity || validity > MaxValidity)
        {
            throw new ArgumentOutOfRangeException(nameof(validity), validity, "The relative validity period must be between 5 minutes and 441 days.");
        }

        var minutes = (int)Math.Ceiling(validity.TotalMinutes);
        if (minutes <= 720)
        {
            return (byte)(((minutes + 4) / 5) - 1);
        }

        if (minutes <= 1440)
        {
            return (byte)(143 + ((minutes - 720 + 29) / 30));
        }

        var days = (minutes + 1439) / 1440;
        if (days <= 30)
        {
            return (byte)(166 + days);
        }

        var weeks = (days + 6) / 7;
        return (byte)Math.Min(255, 192 + Math.Max(weeks, 5));
    }

    /// <summary>The duration of a relative TP-VP octet (23.040 9.2.3.12.1).</summary>
    /// <param name="value">The octet.</param>
    /// <returns>The duration.</returns>
    public static TimeSpan DecodeRelativeValidity(byte value) => value switch
    {
        <= 143 => TimeSpan.FromMinutes((value + 1) * 5),
        <= 167 => TimeSpan.FromHours(12) + TimeSpan.FromMinutes((value - 143) * 30),
        <= 196 => TimeSpan.FromDays(value - 166),
        _ => TimeSpan.FromDays((value - 192) * 7),
    };
}
