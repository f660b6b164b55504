

namespace Messaging.Sdk.Sms.Encoding;

/// <summary>Incoming user data, decoded: the header (concatenation, ports, shift tables) and the text.</summary>
public sealed class SmsDecodedUserData
{
    internal SmsDecodedUserData(SmsAlphabet alphabet, UserDataHeader? header, string text, byte[] data)
    {
        Alphabet = alphabet;
        Header = header;
        Text = text;
        Data = data;
    }

    /// <summary>The alphabet the data coding named.</summary>
    public SmsAlphabet Alphabet { get; }

    /// <summary>The user data header, or <see langword="null"/> when there is none.</summary>
    public UserDataHeader? Header { get; }

    /// <summary>The concatenation element of the header, or <see langword="null"/> for a single-part message.</summary>
    public SmsConcatenation? Concatenation => Header?.Concatenation;

    /// <summary>The text; empty for <see cref="SmsAlphabet.EightBit"/> (binary) data.</summary>
    public string Text { get; }

    /// <summary>The user data after the header, as received (packed septets for a 23.040 GSM TP-UD).</summary>
    public ReadOnlyMemory<byte> Data { get; }
}

/// <summary>Decodes the user data of incoming messages: SMPP deliver_sm / data_sm short_message, and 23.040 TP-UD.</summary>
public static class SmsUserDataDecoder
{
    /// <summary>Decodes an SMPP short_message (or message_payload).</summary>
    /// <param name="shortMessage">The octets.</param>
    /// <param name="dataCoding">The PDU's data_coding.</param>
    /// <param name="hasHeader">True when esm_class has UDHI (0x40) set.</param>
    /// <param name="defaultAlphabet">What data_coding 0 means for this SMSC: GSM 7-bit unpacked (the default) or Latin-1.</param>
    /// <returns>The header and the text.</returns>
    /// <exception cref="SmsFormatException">The header is malformed or UCS-2 data has an odd length; <see cref="SmsFormatException.Offset"/> is relative to <paramref name="shortMessage"/>.</exception>
    public static SmsDecodedUserData DecodeSmpp(ReadOnlySpan<byte> shortMessage, byte dataCoding, bool hasHeader, SmsAlphabet defaultAlphabet = SmsAlphabet.Gsm7)
    {
        var alphabet = SmsDataCoding.FromSmppDataCoding(dataCoding, defaultAlphabet);
        var header = hasHeader ? UserDataHeader.Parse(shortMessage) : null;
        var body = shortMessage[(header?.Length ?? 0)..];
        string text;
        try
        {
            text = alphabet switch
            {
                SmsAlphabet.Gsm7 => Gsm7.Decode(body, header?.LockingShift ?? NationalLanguage.None, header?.SingleShift ?? NationalLanguage.None),
                SmsAlphabet.Ucs2 => Ucs2.Decode(body),
                SmsAlphabet.Latin1 => System.Text.Encoding.Latin1.GetString(body),
                _ => string.Empty,
            };
        }
        catch (SmsFormatException ex) when (ex.Offset >= 0)
        {
            throw new SmsFormatException("UCS-2 data must have an even length.", (header?.Length ?? 0) + ex.Offset);
        }

        return new SmsDecodedUserData(alphabet, header, text, body.ToArray());
    }

    /// <summary>Decodes a 3GPP TS 23.040 TP-UD.</summary>
    /// <param name="userData">The TP-UD octets (at least what <paramref name="userDataLength"/> needs; extra octets are ignored).</param>
    /// <param name="userDataLength">The TP-UDL: septets (UDH and fill bits included) for GSM 7-bit, octets otherwise.</param>
    /// <param name="dataCodingScheme">The TP-DCS.</param>
    /// <param name="hasHeader">True when TP-UDHI is set.</param>
    /// <returns>The header and the text.</returns>
    /// <exception cref="SmsFormatException">The data is shorter than TP-UDL says, or the header is malformed.</exception>
    public static SmsDecodedUserData DecodeTpdu(ReadOnlySpan<byte> userData, int userDataLength, byte dataCodingScheme, bool hasHeader)
        => DecodeTpdu(userData, userDataLength, dataCodingScheme, hasHeader, 0);

    internal static SmsDecodedUserData DecodeTpdu(ReadOnlySpan<byte> userData, int userDataLength, byte dataCodingScheme, bool hasHeader, int baseOffset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(userDataLength);
        var alphabet = SmsDataCoding.FromDataCodingScheme(dataCodingScheme);
        var octets = alphabet == SmsAlphabet.Gsm7 ? Gsm7.GetPackedLength(userDataLength) : userDataLength;
        if (userData.Length < octets)
        {
            throw new SmsFormatException($"TP-UDL {userDataLength} needs {octets} octets of user data but only {userData.Length} are present.", baseOffset + userData.Length);
        }

        userData = userData[..octets];
        var header = hasHeader ? UserDataHeader.Parse(userData, baseOffset) : null;
        var headerOctets = header?.Length ?? 0;
        if (alphabet != SmsAlphabet.Gsm7)
        {
            var body = userData[headerOctets..];
            var text = alphabet == SmsAlphabet.Ucs2 ? DecodeUcs2(body, baseOffset + headerOctets) : string.Empty;
            return new SmsDecodedUserData(alphabet, header, text, body.ToArray());
        }

        var headerSeptets = ((headerOctets * 8) + 6) / 7;
        var septetCount = userDataLength - headerSeptets;
        if (septetCount < 0)
        {
            throw new SmsFormatException($"TP-UDL {userDataLength} septets is shorter than the {headerOctets}-octet user data header.", baseOffset);
        }

        var septets = septetCount <= 512 ? stackalloc byte[septetCount] : new byte[septetCount];
        var startBit = headerSeptets * 7;
        Gsm7.Unpack(userData[(startBit / 8)..], septetCount, septets, startBit % 8);
        var decoded = Gsm7.Decode(septets, header?.LockingShift ?? NationalLanguage.None, header?.SingleShift ?? NationalLanguage.None);
        return new SmsDecodedUserData(alphabet, header, decoded, userData[headerOctets..].ToArray());
    }

    private static string DecodeUcs2(ReadOnlySpan<byte> body, int offset)
        => (body.Length & 1) == 0
            ? Ucs2.Decode(body)
            : throw new SmsFormatException($"UCS-2 user data must have an even length; it has {body.Length} octets.", offset + body.Length - 1);
}
