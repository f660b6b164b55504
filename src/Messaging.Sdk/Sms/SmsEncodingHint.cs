namespace Messaging.Sdk;

/// <summary>How the text of an <see cref="SmsMessage"/> should be encoded on the air interface.</summary>
public enum SmsEncodingHint
{
    /// <summary>GSM 7-bit when every character is in the default alphabet or its extension table, otherwise UCS-2.</summary>
    Auto,

    /// <summary>GSM 7-bit; characters outside the alphabet make the message invalid.</summary>
    Gsm7,

    /// <summary>UCS-2 (UTF-16 big-endian on the wire), for any text.</summary>
    Ucs2,

    /// <summary>ISO-8859-1, for SMSCs that expect it (SMPP data_coding 3).</summary>
    Latin1,

    /// <summary>GSM 7-bit after replacing common look-alikes (smart quotes, dashes, non-breaking space, ...), else UCS-2.</summary>
    Transliterate,
}
