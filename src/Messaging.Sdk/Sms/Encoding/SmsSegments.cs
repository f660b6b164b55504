using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Messaging.Sdk.Sms.Encoding;

/// <summary>
/// The SMS text engine's entry points: analyse a text (alphabet, segment count, room left: a segment calculator) and
/// encode it into segments for SMPP or for a 3GPP TS 23.040 PDU.
/// </summary>
/// <example>
/// <code>
/// var a = SmsSegments.Analyze("Price: 10€ {promo}");        // Gsm7, 1 segment, € { } count 2 septets each
/// var m = SmsSegments.Encode("Hello", format: SmsUserDataFormat.Tpdu);
/// byte dcs = m.DataCodingScheme; var ud = m.Segments[0].UserData; int udl = m.Segments[0].UserDataLength;
/// </code>
/// </example>
public static class SmsSegments
{
    /// <summary>The most octets one segment's user data (UDH included) can take in any format: 160 (an unpacked GSM segment for SMPP).</summary>
    public const int MaxSegmentBytes = 160;

    /// <summary>The most segments a concatenated message can have (the total is one octet in the UDH).</summary>
    public const int MaxSegments = 255;

    private const int UserDataOctets = 140;

    private static int s_reference = Random.Shared.Next(0, 0x10000);

    /// <summary>Analyses <paramref name="text"/>: the alphabet that <paramref name="options"/> select, the segment count and the room left. Allocates nothing.</summary>
    /// <param name="text">The text.</param>
    /// <param name="options">The options; <see langword="null"/> for <see cref="SmsEncodingOptions.Default"/>.</param>
    /// <returns>The analysis; <see cref="SmsAnalysis.UnsupportedCharacters"/> lists the characters that forced UCS-2.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option holds an undefined enum value.</exception>
    public static SmsAnalysis Analyze(string text, SmsEncodingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return AnalyzeCore(text, options ?? SmsEncodingOptions.Default, text);
    }

    /// <summary>Analyses <paramref name="text"/> without allocating; the result does not keep the text, so its <see cref="SmsAnalysis.UnsupportedCharacters"/> is empty (use <see cref="SmsAnalysis.FirstUnsupportedIndex"/>).</summary>
    /// <param name="text">The text.</param>
    /// <param name="options">The options; <see langword="null"/> for <see cref="SmsEncodingOptions.Default"/>.</param>
    /// <returns>The analysis.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option holds an undefined enum value.</exception>
    public static SmsAnalysis Analyze(ReadOnlySpan<char> text, SmsEncodingOptions? options = null)
        => AnalyzeCore(text, options ?? SmsEncodingOptions.Default, null);

    /// <summary>Encodes <paramref name="text"/> into segments ready for a transport.</summary>
    /// <param name="text">The text.</param>
    /// <param name="options">The options; <see langword="null"/> for <see cref="SmsEncodingOptions.Default"/>.</param>
    /// <param name="format">The layout: <see cref="SmsUserDataFormat.Smpp"/> (unpacked GSM) or <see cref="SmsUserDataFormat.Tpdu"/> (packed GSM).</param>
    /// <param name="reference">The concatenation reference (0-255 for 8-bit, 0-65535 for 16-bit), or <see langword="null"/> for <see cref="NextReference"/>. Ignored for a single segment.</param>
    /// <returns>The encoded message.</returns>
    /// <exception cref="ArgumentException">A forced alphabet cannot represent the text (the message names the character and its index), the text needs more than 255 segments, Latin-1 was asked for in <see cref="SmsUserDataFormat.Tpdu"/>, or <paramref name="reference"/> is out of range.</exception>
    public static SmsEncodedMessage Encode(string text, SmsEncodingOptions? options = null, SmsUserDataFormat format = SmsUserDataFormat.Smpp, int? reference = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return EncodeAnalyzed(text, Analyze(text, options), format, reference);
    }

    /// <summary>Encodes <paramref name="text"/> from an analysis already made of it (<see cref="Analyze(string, SmsEncodingOptions?)"/> with the options wanted).</summary>
    internal static SmsEncodedMessage EncodeAnalyzed(string text, SmsAnalysis analysis, SmsUserDataFormat format, int? reference = null)
    {
        var writer = new SmsSegmentWriter(text, analysis, reference ?? NextReference(), format);
        var segments = new SmsEncodedSegment[analysis.SegmentCount];
        Span<byte> buffer = stackalloc byte[MaxSegmentBytes];
        var i = 0;
        while (writer.TryWriteNext(buffer, out var layout))
        {
            segments[i++] = new SmsEncodedSegment(layout, buffer[..layout.Length].ToArray(), text.Substring(layout.TextStart, layout.TextLength));
        }

        return new SmsEncodedMessage(analysis, format, writer.Reference, segments);
    }

    /// <summary>The next concatenation reference: a process-wide counter that starts at a random value, so that two messages to one handset rarely share it.</summary>
    /// <returns>A value in 0..65535; an 8-bit reference uses its low octet.</returns>
    public static int NextReference() => Interlocked.Increment(ref s_reference) & 0xFFFF;

    internal static SmsAnalysis AnalyzeCore(ReadOnlySpan<char> text, SmsEncodingOptions options, string? keep)
    {
        var hint = options.Hint;
        if (!Enum.IsDefined(hint))
        {
            throw new ArgumentOutOfRangeException(nameof(options), hint, "SmsEncodingOptions.Hint is not a defined SmsEncodingHint.");
        }

        if (!Enum.IsDefined(options.ConcatenationReference))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ConcatenationReference, "SmsEncodingOptions.ConcatenationReference is not defined.");
        }

        var tables = options.NationalLanguages & NationalLanguageTables.All;
        var reference = options.ConcatenationReference;

        if (hint == SmsEncodingHint.Ucs2)
        {
            return Build(text, SmsAlphabet.Ucs2, MeasureUcs2(text, reference), keep, options, -1, true, false);
        }

        if (hint == SmsEncodingHint.Latin1)
        {
            var latin = MeasureLatin1(text, reference);
            return Build(text, SmsAlphabet.Latin1, latin, keep, options, latin.FirstUnsupported, latin.FirstUnsupported < 0, false);
        }

        // Only a forced GSM 7-bit analysis needs the counts past the first unsupported character.
        var fullCount = hint == SmsEncodingHint.Gsm7;
        var best = BestGsm(text, tables, options.AllowLockingShift, reference, transliterate: false, fullCount);
        var transliterated = false;
        if (best.FirstUnsupported >= 0 && hint == SmsEncodingHint.Transliterate)
        {
            var t = BestGsm(text, tables, options.AllowLockingShift, reference, transliterate: true, fullCount);
            if (t.FirstUnsupported < 0)
            {
                best = t;
                transliterated = true;
            }
        }

        if (hint == SmsEncodingHint.Gsm7)
        {
            return Build(text, SmsAlphabet.Gsm7, best, keep, options, best.FirstUnsupported, best.FirstUnsupported < 0, false);
        }

        if (best.FirstUnsupported < 0)
        {
            var ucs = MeasureUcs2(text, reference);
            if (best.Locking == NationalLanguage.None && best.Single == NationalLanguage.None || best.Segments < ucs.Segments)
            {
                return Build(text, SmsAlphabet.Gsm7, best, keep, options, -1, true, transliterated);
            }

            return Build(text, SmsAlphabet.Ucs2, ucs, keep, options, -1, true, false);
        }

        return Build(text, SmsAlphabet.Ucs2, MeasureUcs2(text, reference), keep, options, best.FirstUnsupported, true, false);
    }

    internal static IReadOnlyList<string> FindUnsupported(string text, int start, NationalLanguageTables tables, SmsEncodingHint hint)
    {
        var result = new List<string>();
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            var width = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            var supported = width == 1 && (hint == SmsEncodingHint.Latin1 ? c <= '\u00FF' : IsGsmAnywhere(c, tables, hint == SmsEncodingHint.Transliterate));
            if (!supported)
            {
                var s = text.Substring(i, width);
                if (!result.Contains(s))
                {
                    result.Add(s);
                }
            }

            i += width - 1;
        }

        return result;
    }

    /// <summary>The septets <paramref name="c"/> takes with these tables: 1, 2 (escape + code), more for a transliteration; 0 when it cannot be encoded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int GsmCost(char c, GsmCharset locking, GsmCharset single, bool transliterate)
    {
        if (locking.Encode(c) >= 0)
        {
            return 1;
        }

        if (single.Encode(c) >= 0)
        {
            return 2;
        }

        return transliterate ? TransliteratedCost(c, locking, single) : 0;
    }

    internal static int HeaderOctets(bool concatenated, SmsConcatenationReference reference, NationalLanguage locking, NationalLanguage single)
    {
        var n = concatenated ? (reference == SmsConcatenationReference.EightBit ? 5 : 6) : 0;
        n += locking != NationalLanguage.None ? 3 : 0;
        n += single != NationalLanguage.None ? 3 : 0;
        return n == 0 ? 0 : n + 1;
    }

    internal static int Capacity(SmsAlphabet alphabet, int headerOctets) => alphabet switch
    {
        SmsAlphabet.Gsm7 => ((UserDataOctets - headerOctets) * 8) / 7,
        SmsAlphabet.Ucs2 => (UserDataOctets - headerOctets) / 2,
        _ => UserDataOctets - headerOctets,
    };

    private static int TransliteratedCost(char c, GsmCharset locking, GsmCharset single)
    {
        if (Transliteration.Get(c) is not { } replacement)
        {
            return 0;
        }

        var sum = 0;
        foreach (var r in replacement)
        {
            var k = locking.Encode(r) >= 0 ? 1 : single.Encode(r) >= 0 ? 2 : 0;
            if (k == 0)
            {
                return 0;
            }

            sum += k;
        }

        return sum;
    }

    private static bool IsGsmAnywhere(char c, NationalLanguageTables tables, bool transliterate)
    {
        if (GsmCost(c, GsmCharset.GetLocking(NationalLanguage.None), GsmCharset.GetSingle(NationalLanguage.None), transliterate) > 0)
        {
            return true;
        }

        for (var lang = NationalLanguage.Turkish; lang <= NationalLanguage.Portuguese; lang++)
        {
            if ((tables & ToFlag(lang)) != 0
                && GsmCost(c, GsmCharset.GetLocking(lang), GsmCharset.GetSingle(lang), transliterate) > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static NationalLanguageTables ToFlag(NationalLanguage language) => (NationalLanguageTables)(1 << ((int)language - 1));

    private static SmsAnalysis Build(ReadOnlySpan<char> text, SmsAlphabet alphabet, Measurement m, string? keep, SmsEncodingOptions options, int firstUnsupported, bool encodable, bool transliterated)
        => new(alphabet, m.Locking, m.Single, transliterated, options.ConcatenationReference, text.Length, m.Length, m.Segments,
            m.Capacity, m.Capacity - m.LastUsed, m.HeaderOctets, firstUnsupported, encodable, keep,
            options.NationalLanguages & NationalLanguageTables.All, options.Hint);

    private static Measurement BestGsm(ReadOnlySpan<char> text, NationalLanguageTables tables, bool allowLocking, SmsConcatenationReference reference, bool transliterate, bool fullCount)
    {
        // Cheapest header first, and a later candidate must need strictly fewer segments to win, so national tables
        // are used only when they save something.
        var best = MeasureGsm(text, NationalLanguage.None, NationalLanguage.None, reference, transliterate, fullCount);
        if (tables == NationalLanguageTables.None || best.FirstUnsupported < 0 && best.Segments == 1)
        {
            return best;
        }

        for (var pass = 0; pass < 3; pass++)
        {
            for (var lang = NationalLanguage.Turkish; lang <= NationalLanguage.Portuguese; lang++)
            {
                if ((tables & ToFlag(lang)) == 0 || pass > 0 && (!allowLocking || !GsmCharset.HasLockingTable(lang)))
                {
                    continue;
                }

                var (locking, single) = pass switch
                {
                    0 => (NationalLanguage.None, lang),
                    1 => (lang, NationalLanguage.None),
                    _ => (lang, lang),
                };
                var m = MeasureGsm(text, locking, single, reference, transliterate, fullCount: false);
                if (m.FirstUnsupported < 0 && (best.FirstUnsupported >= 0 || m.Segments < best.Segments))
                {
                    best = m;
                }
            }
        }

        return best;
    }

    private static Measurement MeasureGsm(ReadOnlySpan<char> text, NationalLanguage lockingLanguage, NationalLanguage singleLanguage, SmsConcatenationReference reference, bool transliterate, bool fullCount)
    {
        var locking = GsmCharset.GetLocking(lockingLanguage);
        var single = GsmCharset.GetSingle(singleLanguage);
        var singleHeader = HeaderOctets(false, reference, lockingLanguage, singleLanguage);
        var multiHeader = HeaderOctets(true, reference, lockingLanguage, singleLanguage);
        var multiCapacity = Capacity(SmsAlphabet.Gsm7, multiHeader);
        var total = 0;
        var segments = 1;
        var used = 0;
        var firstUnsupported = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var k = GsmCost(text[i], locking, single, transliterate);
            if (k == 0)
            {
                if (firstUnsupported < 0)
                {
                    firstUnsupported = i;
                }

                if (!fullCount)
                {
                    return new Measurement(0, 0, 0, 0, 0, firstUnsupported, lockingLanguage, singleLanguage);
                }

                k = 1;
            }

            total += k;
            if (used + k > multiCapacity)
            {
                segments++;
                used = k;
            }
            else
            {
                used += k;
            }
        }

        return Finish(SmsAlphabet.Gsm7, total, segments, used, singleHeader, multiHeader, firstUnsupported, lockingLanguage, singleLanguage);
    }

    private static Measurement MeasureUcs2(ReadOnlySpan<char> text, SmsConcatenationReference reference)
    {
        var multiHeader = HeaderOctets(true, reference, NationalLanguage.None, NationalLanguage.None);
        var multiCapacity = Capacity(SmsAlphabet.Ucs2, multiHeader);
        var segments = 1;
        var used = 0;
        for (var i = 0; i < text.Length; i++)
        {
            // A surrogate pair is one unit of two: never split across segments.
            var k = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            i += k - 1;
            if (used + k > multiCapacity)
            {
                segments++;
                used = k;
            }
            else
            {
                used += k;
            }
        }

        return Finish(SmsAlphabet.Ucs2, text.Length, segments, used, 0, multiHeader, -1, NationalLanguage.None, NationalLanguage.None);
    }

    private static Measurement MeasureLatin1(ReadOnlySpan<char> text, SmsConcatenationReference reference)
    {
        var multiHeader = HeaderOctets(true, reference, NationalLanguage.None, NationalLanguage.None);
        var multiCapacity = Capacity(SmsAlphabet.Latin1, multiHeader);
        var firstUnsupported = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] > '\u00FF')
            {
                firstUnsupported = i;
                break;
            }
        }

        var segments = text.Length == 0 ? 1 : (text.Length + multiCapacity - 1) / multiCapacity;
        var used = text.Length - ((segments - 1) * multiCapacity);
        return Finish(SmsAlphabet.Latin1, text.Length, segments, used, 0, multiHeader, firstUnsupported, NationalLanguage.None, NationalLanguage.None);
    }

    private static Measurement Finish(SmsAlphabet alphabet, int total, int segments, int used, int singleHeader, int multiHeader, int firstUnsupported, NationalLanguage locking, NationalLanguage single)
    {
        var singleCapacity = Capacity(alphabet, singleHeader);
        return total <= singleCapacity
            ? new Measurement(total, 1, total, singleCapacity, singleHeader, firstUnsupported, locking, single)
            : new Measurement(total, segments, used, Capacity(alphabet, multiHeader), multiHeader, firstUnsupported, locking, single);
    }

    [StructLayout(LayoutKind.Auto)]
    private readonly record struct Measurement(int Length, int Segments, int LastUsed, int Capacity, int HeaderOctets, int FirstUnsupported, NationalLanguage Locking, NationalLanguage Single);
}
