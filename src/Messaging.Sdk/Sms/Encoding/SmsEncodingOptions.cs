namespace Messaging.Sdk.Sms.Encoding;

/// <summary>How <see cref="SmsSegments"/> chooses the alphabet and lays out the segments of a text.</summary>
public sealed record SmsEncodingOptions
{
    /// <summary>The defaults: automatic alphabet, 8-bit concatenation reference, no national tables.</summary>
    public static SmsEncodingOptions Default { get; } = new();

    private static readonly SmsEncodingOptions[] ByHint = Enum.GetValues<SmsEncodingHint>().Select(h => new SmsEncodingOptions { Hint = h }).ToArray();

    /// <summary>The defaults with <paramref name="hint"/>, shared (so that the send path allocates no options per message).</summary>
    internal static SmsEncodingOptions ForHint(SmsEncodingHint hint)
    {
        var i = (int)hint;
        return (uint)i < (uint)ByHint.Length && ByHint[i].Hint == hint ? ByHint[i] : new SmsEncodingOptions { Hint = hint };
    }

    /// <summary>The alphabet to use, or how to choose it.</summary>
    /// <value>The default is <see cref="SmsEncodingHint.Auto"/>: GSM 7-bit when every character is in the default alphabet or its extension table (or an enabled national table), otherwise UCS-2.</value>
    public SmsEncodingHint Hint { get; init; } = SmsEncodingHint.Auto;

    /// <summary>The size of the concatenation reference for multi-part messages.</summary>
    /// <value>The default is <see cref="SmsConcatenationReference.EightBit"/> (IEI 0x00).</value>
    public SmsConcatenationReference ConcatenationReference { get; init; } = SmsConcatenationReference.EightBit;

    /// <summary>The national language tables the encoder may use when they need fewer segments than UCS-2 (opt-in: not every handset supports them).</summary>
    /// <value>The default is <see cref="NationalLanguageTables.None"/>.</value>
    public NationalLanguageTables NationalLanguages { get; init; } = NationalLanguageTables.None;

    /// <summary>Whether locking shift tables (IEI 0x25) may be used in addition to single shift tables (IEI 0x24).</summary>
    /// <value>The default is <see langword="true"/>; only matters when <see cref="NationalLanguages"/> is set.</value>
    public bool AllowLockingShift { get; init; } = true;
}
