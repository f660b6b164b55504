namespace Messaging.Sdk.Sms.Encoding;

/// <summary>The character set of an SMS's user data.</summary>
public enum SmsAlphabet
{
    /// <summary>The GSM 7-bit default alphabet (3GPP TS 23.038 6.2.1), with its extension table or national shift tables.</summary>
    Gsm7 = 0,

    /// <summary>8-bit data: binary, not text.</summary>
    EightBit = 1,

    /// <summary>UCS-2, carried as UTF-16 big-endian (characters outside the BMP take a surrogate pair).</summary>
    Ucs2 = 2,

    /// <summary>ISO-8859-1, which some SMSCs accept as SMPP data_coding 3. Not an air-interface alphabet: SMPP only.</summary>
    Latin1 = 3,
}

/// <summary>A national language of 3GPP TS 23.038 annex A; the value is the national language identifier carried in the UDH.</summary>
public enum NationalLanguage
{
    /// <summary>No national table: the default alphabet and its extension table.</summary>
    None = 0,

    /// <summary>Turkish (single shift A.2.1, locking shift A.3.1).</summary>
    Turkish = 1,

    /// <summary>Spanish (single shift A.2.2; the standard defines no Spanish locking shift table).</summary>
    Spanish = 2,

    /// <summary>Portuguese (single shift A.2.3, locking shift A.3.3).</summary>
    Portuguese = 3,
}

/// <summary>The national language tables the encoder may use (opt-in; combine with <c>|</c>).</summary>
[Flags]
public enum NationalLanguageTables
{
    /// <summary>None: only the default alphabet and its extension table.</summary>
    None = 0,

    /// <summary>Turkish single shift and locking shift tables.</summary>
    Turkish = 1,

    /// <summary>Spanish single shift table.</summary>
    Spanish = 2,

    /// <summary>Portuguese single shift and locking shift tables.</summary>
    Portuguese = 4,

    /// <summary>Every table this library knows.</summary>
    All = Turkish | Spanish | Portuguese,
}

/// <summary>How the encoded user data is laid out, which depends on the transport that carries it.</summary>
public enum SmsUserDataFormat
{
    /// <summary>
    /// SMPP short_message / message_payload: GSM 7-bit as unpacked septets (one per octet), UCS-2 big-endian,
    /// Latin-1 one octet per character. The UDH, when present, comes first (esm_class UDHI 0x40).
    /// </summary>
    Smpp = 0,

    /// <summary>
    /// 3GPP TS 23.040 TP-UD (GSM modems in PDU mode): GSM 7-bit packed, with fill bits after the UDH so the text
    /// starts on a septet boundary; TP-UDL counts septets (UDH and fill included) for GSM and octets otherwise.
    /// </summary>
    Tpdu = 1,
}

/// <summary>The size of the concatenation reference in the UDH.</summary>
public enum SmsConcatenationReference
{
    /// <summary>8-bit reference, IEI 0x00 (<c>05 00 03 RR TT SS</c>): the common choice.</summary>
    EightBit = 0,

    /// <summary>16-bit reference, IEI 0x08 (<c>06 08 04 RRRR TT SS</c>): one septet / octet less text per segment.</summary>
    SixteenBit = 1,
}
