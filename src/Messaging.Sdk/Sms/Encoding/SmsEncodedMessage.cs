namespace Messaging.Sdk.Sms.Encoding;

/// <summary>A text encoded into segments by <see cref="SmsSegments.Encode"/>.</summary>
public sealed class SmsEncodedMessage
{
    internal SmsEncodedMessage(SmsAnalysis analysis, SmsUserDataFormat format, int reference, IReadOnlyList<SmsEncodedSegment> segments)
    {
        Analysis = analysis;
        Format = format;
        Reference = reference;
        Segments = segments;
    }

    /// <summary>The analysis the encoding followed (alphabet, tables, segment sizes).</summary>
    public SmsAnalysis Analysis { get; }

    /// <summary>The chosen alphabet.</summary>
    public SmsAlphabet Alphabet => Analysis.Alphabet;

    /// <summary>The layout of <see cref="SmsEncodedSegment.UserData"/>.</summary>
    public SmsUserDataFormat Format { get; }

    /// <summary>The SMPP data_coding for the alphabet: 0x00 GSM 7-bit (SMSC default), 0x03 Latin-1, 0x08 UCS-2.</summary>
    public byte DataCoding => SmsDataCoding.ToSmppDataCoding(Alphabet);

    /// <summary>The 23.040 TP-DCS for the alphabet: 0x00 GSM 7-bit, 0x08 UCS-2; <see langword="null"/> for Latin-1, which has none.</summary>
    public byte? DataCodingScheme => Alphabet == SmsAlphabet.Latin1 ? null : SmsDataCoding.ToDataCodingScheme(Alphabet);

    /// <summary>The concatenation reference in the segments' UDH (meaningful when there is more than one segment).</summary>
    public int Reference { get; }

    /// <summary>The segments, in order.</summary>
    public IReadOnlyList<SmsEncodedSegment> Segments { get; }
}

/// <summary>One encoded segment.</summary>
public sealed class SmsEncodedSegment
{
    private readonly byte[] _userData;

    internal SmsEncodedSegment(SmsSegmentLayout layout, byte[] userData, string text)
    {
        _userData = userData;
        SequenceNumber = layout.SequenceNumber;
        HeaderLength = layout.HeaderLength;
        UserDataLength = layout.UserDataLength;
        Text = text;
    }

    /// <summary>The segment's number, 1-based.</summary>
    public int SequenceNumber { get; }

    /// <summary>The whole user data: the UDH (when present) then the encoded text. SMPP short_message, or 23.040 TP-UD.</summary>
    public ReadOnlyMemory<byte> UserData => _userData;

    /// <summary>The UDH including its UDHL octet; empty when there is none (then UDHI / esm_class 0x40 must be clear).</summary>
    public ReadOnlyMemory<byte> Header => _userData.AsMemory(0, HeaderLength);

    /// <summary>The encoded text after the UDH. For packed GSM the first octet starts with the fill bits.</summary>
    public ReadOnlyMemory<byte> Payload => _userData.AsMemory(HeaderLength);

    /// <summary>The UDH length in octets, including UDHL; 0 when there is none.</summary>
    public int HeaderLength { get; }

    /// <summary>True when the segment has a UDH (set TP-UDHI, or esm_class 0x40 in SMPP).</summary>
    public bool HasHeader => HeaderLength > 0;

    /// <summary>The 23.040 TP-UDL: septets for packed GSM (UDH and fill bits included), octets otherwise.</summary>
    public int UserDataLength { get; }

    /// <summary>The part of the original text this segment carries.</summary>
    public string Text { get; }
}
