using System.Runtime.InteropServices;

namespace Messaging.Sdk.Sms.Encoding;

/// <summary>
/// What <see cref="SmsSegments.Analyze(string, SmsEncodingOptions?)"/> found: the chosen alphabet and tables, how many
/// segments the text needs and how much room is left. A value type, so analysing allocates nothing.
/// </summary>
/// <remarks>
/// Lengths are in the alphabet's unit: septets for <see cref="SmsAlphabet.Gsm7"/> (an extension character such as
/// <c>€</c> counts 2), UTF-16 code units for <see cref="SmsAlphabet.Ucs2"/> (an emoji outside the BMP counts 2), octets
/// for <see cref="SmsAlphabet.Latin1"/>.
/// </remarks>
[StructLayout(LayoutKind.Auto)]
public readonly struct SmsAnalysis : IEquatable<SmsAnalysis>
{
    private readonly string? _text;
    private readonly NationalLanguageTables _tables;
    private readonly SmsEncodingHint _hint;

    internal SmsAnalysis(
        SmsAlphabet alphabet, NationalLanguage lockingShift, NationalLanguage singleShift, bool transliterate,
        SmsConcatenationReference reference, int textLength, int encodedLength, int segmentCount, int unitsPerSegment,
        int remaining, int headerLength, int firstUnsupportedIndex, bool isEncodable, string? text, NationalLanguageTables tables, SmsEncodingHint hint)
    {
        Alphabet = alphabet;
        LockingShift = lockingShift;
        SingleShift = singleShift;
        UsesTransliteration = transliterate;
        ConcatenationReference = reference;
        TextLength = textLength;
        EncodedLength = encodedLength;
        SegmentCount = segmentCount;
        UnitsPerSegment = unitsPerSegment;
        RemainingInLastSegment = remaining;
        HeaderLength = headerLength;
        FirstUnsupportedIndex = firstUnsupportedIndex;
        IsEncodable = isEncodable;
        _text = text;
        _tables = tables;
        _hint = hint;
    }

    /// <summary>The chosen alphabet.</summary>
    public SmsAlphabet Alphabet { get; }

    /// <summary>The national locking shift table in use (UDH IEI 0x25), or <see cref="NationalLanguage.None"/>.</summary>
    public NationalLanguage LockingShift { get; }

    /// <summary>The national single shift table in use (UDH IEI 0x24), or <see cref="NationalLanguage.None"/> for the default extension table.</summary>
    public NationalLanguage SingleShift { get; }

    /// <summary>True when characters missing from the GSM tables are replaced by look-alikes (<see cref="SmsEncodingHint.Transliterate"/> chose GSM 7-bit).</summary>
    public bool UsesTransliteration { get; }

    /// <summary>The concatenation reference size used when there is more than one segment.</summary>
    public SmsConcatenationReference ConcatenationReference { get; }

    /// <summary>The length of the text, in UTF-16 code units.</summary>
    public int TextLength { get; }

    /// <summary>The length of the encoded text without headers, in the alphabet's unit (see remarks).</summary>
    public int EncodedLength { get; }

    /// <summary>How many segments (SMS parts) the text needs; 1 for an empty text.</summary>
    public int SegmentCount { get; }

    /// <summary>The room for text in each segment, in the alphabet's unit: 160 / 153 septets, 70 / 67 UCS-2 units, 140 / 134 octets, less any national table header.</summary>
    public int UnitsPerSegment { get; }

    /// <summary>The room left in the last segment, in the alphabet's unit.</summary>
    public int RemainingInLastSegment { get; }

    /// <summary>The user data header length per segment in octets, including the UDHL octet; 0 when there is none.</summary>
    public int HeaderLength { get; }

    /// <summary>
    /// The index in the text of the first character the GSM tables (and enabled national tables, and transliteration
    /// when asked for) cannot encode: the one that forced UCS-2 under <see cref="SmsEncodingHint.Auto"/>, or that makes
    /// a forced GSM 7-bit / Latin-1 encoding impossible. -1 when there is none.
    /// </summary>
    public int FirstUnsupportedIndex { get; }

    /// <summary>False when a forced alphabet (<see cref="SmsEncodingHint.Gsm7"/>, <see cref="SmsEncodingHint.Latin1"/>) cannot represent the text.</summary>
    public bool IsEncodable { get; }

    /// <summary>True when more than one segment is needed.</summary>
    public bool IsMultipart => SegmentCount > 1;

    /// <summary>
    /// The distinct characters (a surrogate pair counts as one) the GSM tables cannot encode, in order of first
    /// appearance: the ones that forced UCS-2. Empty when the analysis came from a span (the text is not kept).
    /// Computed, and allocated, only when read.
    /// </summary>
    public IReadOnlyList<string> UnsupportedCharacters
        => _text is null || FirstUnsupportedIndex < 0 ? [] : SmsSegments.FindUnsupported(_text, FirstUnsupportedIndex, _tables, _hint);

    /// <inheritdoc/>
    public bool Equals(SmsAnalysis other)
        => Alphabet == other.Alphabet && LockingShift == other.LockingShift && SingleShift == other.SingleShift
        && UsesTransliteration == other.UsesTransliteration && ConcatenationReference == other.ConcatenationReference
        && TextLength == other.TextLength && EncodedLength == other.EncodedLength && SegmentCount == other.SegmentCount
        && UnitsPerSegment == other.UnitsPerSegment && RemainingInLastSegment == other.RemainingInLastSegment
        && HeaderLength == other.HeaderLength && FirstUnsupportedIndex == other.FirstUnsupportedIndex && IsEncodable == other.IsEncodable;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SmsAnalysis other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Alphabet, SegmentCount, EncodedLength, UnitsPerSegment, LockingShift, SingleShift);

    /// <summary>Compares two analyses.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(SmsAnalysis left, SmsAnalysis right) => left.Equals(right);

    /// <summary>Compares two analyses.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>True when different.</returns>
    public static bool operator !=(SmsAnalysis left, SmsAnalysis right) => !left.Equals(right);

    /// <summary>A summary such as <c>Gsm7, 2 segments, 153 per segment, 141 left</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString()
        => $"{Alphabet}, {SegmentCount} segment(s), {UnitsPerSegment} per segment, {RemainingInLastSegment} left"
        + (LockingShift != NationalLanguage.None ? $", locking shift {LockingShift}" : string.Empty)
        + (SingleShift != NationalLanguage.None ? $", single shift {SingleShift}" : string.Empty);
}
