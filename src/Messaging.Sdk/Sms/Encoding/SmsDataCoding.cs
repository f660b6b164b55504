namespace Messaging.Sdk.Sms.Encoding;

/// <summary>Maps alphabets to and from SMPP data_coding and 3GPP TS 23.038 TP-DCS values.</summary>
public static class SmsDataCoding
{
    /// <summary>The SMPP data_coding for <paramref name="alphabet"/>: 0x00 GSM 7-bit (SMSC default alphabet), 0x04 8-bit, 0x08 UCS-2, 0x03 Latin-1.</summary>
    /// <param name="alphabet">The alphabet.</param>
    /// <returns>The data_coding octet.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alphabet"/> is undefined.</exception>
    public static byte ToSmppDataCoding(SmsAlphabet alphabet) => alphabet switch
    {
        SmsAlphabet.Gsm7 => 0x00,
        SmsAlphabet.EightBit => 0x04,
        SmsAlphabet.Ucs2 => 0x08,
        SmsAlphabet.Latin1 => 0x03,
        _ => throw new ArgumentOutOfRangeException(nameof(alphabet), alphabet, "Not a defined SmsAlphabet."),
    };

    /// <summary>The 23.038 TP-DCS (general data coding, no message class) for <paramref name="alphabet"/>: 0x00 GSM 7-bit, 0x04 8-bit, 0x08 UCS-2.</summary>
    /// <param name="alphabet">The alphabet.</param>
    /// <returns>The TP-DCS octet.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alphabet"/> is Latin-1 (not an air-interface alphabet) or undefined.</exception>
    public static byte ToDataCodingScheme(SmsAlphabet alphabet) => alphabet switch
    {
        SmsAlphabet.Gsm7 => 0x00,
        SmsAlphabet.EightBit => 0x04,
        SmsAlphabet.Ucs2 => 0x08,
        _ => throw new ArgumentOutOfRangeException(nameof(alphabet), alphabet, "Latin-1 has no TP-DCS value; a 23.040 PDU needs GSM 7-bit, 8-bit or UCS-2."),
    };

    /// <summary>The alphabet of a 23.038 TP-DCS (section 4).</summary>
    /// <param name="dataCodingScheme">The TP-DCS octet.</param>
    /// <returns>The alphabet. Compressed text is reported as <see cref="SmsAlphabet.EightBit"/> (it cannot be read as text); reserved codings as GSM 7-bit, as 23.038 tells receivers to assume.</returns>
    public static SmsAlphabet FromDataCodingScheme(byte dataCodingScheme)
    {
        var group = dataCodingScheme >> 4;
        switch (group)
        {
            case <= 0x7:
                // 00xx / 01xx: general data coding (01xx also marked for automatic deletion). Bit 5: compressed.
                if ((dataCodingScheme & 0x20) != 0)
                {
                    return SmsAlphabet.EightBit;
                }

                return ((dataCodingScheme >> 2) & 0x03) switch
                {
                    0 => SmsAlphabet.Gsm7,
                    1 => SmsAlphabet.EightBit,
                    2 => SmsAlphabet.Ucs2,
                    _ => SmsAlphabet.Gsm7,
                };
            case 0xC or 0xD:
                return SmsAlphabet.Gsm7; // message waiting indication, discard / store, GSM 7-bit
            case 0xE:
                return SmsAlphabet.Ucs2; // message waiting indication, store, UCS-2
            case 0xF:
                return (dataCodingScheme & 0x04) != 0 ? SmsAlphabet.EightBit : SmsAlphabet.Gsm7;
            default:
                return SmsAlphabet.Gsm7; // 1000..1011 reserved
        }
    }

    /// <summary>The message class of a 23.038 TP-DCS (0 flash, 1 ME-specific, 2 SIM-specific, 3 TE-specific), or <see langword="null"/> when it has none.</summary>
    /// <param name="dataCodingScheme">The TP-DCS octet.</param>
    /// <returns>The class, or <see langword="null"/>.</returns>
    public static int? GetMessageClass(byte dataCodingScheme)
    {
        var group = dataCodingScheme >> 4;
        if (group <= 0x7 && (dataCodingScheme & 0x10) != 0 || group == 0xF)
        {
            return dataCodingScheme & 0x03;
        }

        return null;
    }

    /// <summary>The alphabet of an SMPP 3.4 data_coding (5.2.19).</summary>
    /// <param name="dataCoding">The data_coding octet.</param>
    /// <param name="defaultAlphabet">What 0x00, the SMSC default alphabet, means for this SMSC: usually GSM 7-bit, some use Latin-1.</param>
    /// <returns>The alphabet. IA5 (0x01) is read as Latin-1 (ASCII is its subset); 8-bit binary and the national codings this library does not decode (JIS, Cyrillic, Hebrew, ...) are <see cref="SmsAlphabet.EightBit"/>.</returns>
    public static SmsAlphabet FromSmppDataCoding(byte dataCoding, SmsAlphabet defaultAlphabet = SmsAlphabet.Gsm7) => dataCoding switch
    {
        0x00 => defaultAlphabet,
        0x01 or 0x03 => SmsAlphabet.Latin1,
        0x08 => SmsAlphabet.Ucs2,
        >= 0xC0 and <= 0xDF => SmsAlphabet.Gsm7,
        >= 0xE0 and <= 0xEF => SmsAlphabet.Ucs2,
        >= 0xF0 => (dataCoding & 0x04) != 0 ? SmsAlphabet.EightBit : SmsAlphabet.Gsm7,
        _ => SmsAlphabet.EightBit,
    };
}
