using System.Runtime.CompilerServices;

namespace Messaging.Sdk.Sms.Encoding;

/// <summary>
/// The GSM 7-bit tables of 3GPP TS 23.038: the default alphabet (6.2.1), its extension table (6.2.1.1) and the
/// Turkish, Spanish and Portuguese national language tables (annex A.2 single shift, A.3 locking shift).
/// </summary>
/// <remarks>
/// Each table is a 128-character string indexed by the septet; <see cref="None"/> marks an unused code and, in a
/// locking shift table, code 0x1B (the escape to the single shift table). Encoding looks characters up through a
/// reverse map built once per table: an array for U+0000..U+03FF (every character but two lies there) and a short
/// list for the rest (the euro sign, U+221E).
/// </remarks>
internal sealed class GsmCharset
{
    /// <summary>Marks a code with no character.</summary>
    internal const char None = '\uFFFF';

    /// <summary>The escape septet that selects the single shift (extension) table for the next septet.</summary>
    internal const byte Escape = 0x1B;

    private const int DirectRange = 0x400;

    // 6.2.1, rows of 16 codes: 0x00..0x0F, 0x10..0x1F, ...
    private const string DefaultTable =
        "@£$¥èéùìòÇ\nØø\rÅå" +
        "Δ_ΦΓΛΩΠΨΣΘΞ\uFFFFÆæßÉ" +
        " !\"#¤%&'()*+,-./" +
        "0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNO" +
        "PQRSTUVWXYZÄÖÑÜ§" +
        "¿abcdefghijklmno" +
        "pqrstuvwxyzäöñüà";

    // A.3.1 Turkish locking shift.
    private const string TurkishLocking =
        "@£$¥€éùıòÇ\nĞğ\rÅå" +
        "Δ_ΦΓΛΩΠΨΣΘΞ\uFFFFŞşßÉ" +
        " !\"#¤%&'()*+,-./" +
        "0123456789:;<=>?" +
        "İABCDEFGHIJKLMNO" +
        "PQRSTUVWXYZÄÖÑÜ§" +
        "çabcdefghijklmno" +
        "pqrstuvwxyzäöñüà";

    // A.3.3 Portuguese locking shift.
    private const string PortugueseLocking =
        "@£$¥êéúíóç\nÔô\rÁá" +
        "Δ_ªÇÀ∞^\\€Ó|\uFFFFÂâÊÉ" +
        " !\"#º%&'()*+,-./" +
        "0123456789:;<=>?" +
        "ÍABCDEFGHIJKLMNO" +
        "PQRSTUVWXYZÃÕÚÜ§" +
        "~abcdefghijklmno" +
        "pqrstuvwxyzãõ`üà";

    // 6.2.1.1 default extension table, as (code, character) pairs. Form feed at 0x0A.
    private static readonly (byte Code, char Char)[] DefaultExtension =
    [
        (0x0A, '\f'), (0x14, '^'), (0x28, '{'), (0x29, '}'), (0x2F, '\\'), (0x3C, '['), (0x3D, '~'), (0x3E, ']'),
        (0x40, '|'), (0x65, '€'),
    ];

    // A.2.1 Turkish single shift.
    private static readonly (byte Code, char Char)[] TurkishSingle =
    [
        (0x0A, '\f'), (0x14, '^'), (0x28, '{'), (0x29, '}'), (0x2F, '\\'), (0x3C, '['), (0x3D, '~'), (0x3E, ']'),
        (0x40, '|'), (0x47, 'Ğ'), (0x49, 'İ'), (0x53, 'Ş'), (0x63, 'ç'), (0x65, '€'), (0x67, 'ğ'), (0x69, 'ı'),
        (0x73, 'ş'),
    ];

    // A.2.2 Spanish single shift.
    private static readonly (byte Code, char Char)[] SpanishSingle =
    [
        (0x09, 'ç'), (0x0A, '\f'), (0x14, '^'), (0x28, '{'), (0x29, '}'), (0x2F, '\\'), (0x3C, '['), (0x3D, '~'),
        (0x3E, ']'), (0x40, '|'), (0x41, 'Á'), (0x49, 'Í'), (0x4F, 'Ó'), (0x55, 'Ú'), (0x61, 'á'), (0x65, '€'),
        (0x69, 'í'), (0x6F, 'ó'), (0x75, 'ú'),
    ];

    // A.2.3 Portuguese single shift.
    private static readonly (byte Code, char Char)[] PortugueseSingle =
    [
        (0x05, 'ê'), (0x09, 'ç'), (0x0A, '\f'), (0x0B, 'Ô'), (0x0C, 'ô'), (0x0E, 'Á'), (0x0F, 'á'), (0x12, 'Φ'),
        (0x13, 'Γ'), (0x14, '^'), (0x15, 'Ω'), (0x16, 'Π'), (0x17, 'Ψ'), (0x18, 'Σ'), (0x19, 'Θ'), (0x1F, 'Ê'),
        (0x28, '{'), (0x29, '}'), (0x2F, '\\'), (0x3C, '['), (0x3D, '~'), (0x3E, ']'), (0x40, '|'), (0x41, 'À'),
        (0x49, 'Í'), (0x4F, 'Ó'), (0x55, 'Ú'), (0x5B, 'Ã'), (0x5C, 'Õ'), (0x61, 'Â'), (0x65, '€'), (0x69, 'í'),
        (0x6F, 'ó'), (0x75, 'ú'), (0x7B, 'ã'), (0x7C, 'õ'), (0x7F, 'â'),
    ];

    private static readonly GsmCharset[] Locking =
    [
        new(DefaultTable),
        new(TurkishLocking),
        new(DefaultTable), // 23.038 A.3.2: no Spanish locking shift table; the default applies.
        new(PortugueseLocking),
    ];

    private static readonly GsmCharset[] Single =
    [
        new(DefaultExtension),
        new(TurkishSingle),
        new(SpanishSingle),
        new(PortugueseSingle),
    ];

    private readonly char[] _decode = new char[128];
    private readonly sbyte[] _direct = new sbyte[DirectRange];
    private readonly (char Char, byte Code)[] _far;

    private GsmCharset(string table)
    {
        _direct.AsSpan().Fill(-1);
        var far = new List<(char, byte)>();
        for (var code = 0; code < 128; code++)
        {
            var c = table[code];
            _decode[code] = c;
            if (c != None)
            {
                Add(far, c, (byte)code);
            }
        }

        _far = [.. far];
    }

    private GsmCharset((byte Code, char Char)[] pairs)
    {
        _decode.AsSpan().Fill(None);
        _direct.AsSpan().Fill(-1);
        var far = new List<(char, byte)>();
        foreach (var (code, c) in pairs)
        {
            _decode[code] = c;
            Add(far, c, code);
        }

        _far = [.. far];
    }

    /// <summary>The locking shift table (default alphabet for <see cref="NationalLanguage.None"/> and Spanish).</summary>
    internal static GsmCharset GetLocking(NationalLanguage language) => Locking[(int)language];

    /// <summary>The single shift table (the default extension table for <see cref="NationalLanguage.None"/>).</summary>
    internal static GsmCharset GetSingle(NationalLanguage language) => Single[(int)language];

    /// <summary>True when the standard defines a locking shift table for <paramref name="language"/>.</summary>
    internal static bool HasLockingTable(NationalLanguage language) => language is NationalLanguage.Turkish or NationalLanguage.Portuguese;

    /// <summary>True when <paramref name="language"/> is one this library has tables for.</summary>
    internal static bool IsKnown(NationalLanguage language) => (uint)language <= (uint)NationalLanguage.Portuguese;

    /// <summary>The character for <paramref name="code"/> (0..127), or <see cref="None"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal char Decode(int code) => _decode[code & 0x7F];

    /// <summary>The code of <paramref name="c"/> in this table, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int Encode(char c)
    {
        if (c < DirectRange)
        {
            return _direct[c];
        }

        foreach (var (ch, code) in _far)
        {
            if (ch == c)
            {
                return code;
            }
        }

        return -1;
    }

    private void Add(List<(char, byte)> far, char c, byte code)
    {
        if (c < DirectRange)
        {
            // First code wins: no table here lists a character twice, but be deterministic anyway.
            if (_direct[c] < 0)
            {
                _direct[c] = (sbyte)code;
            }
        }
        else
        {
            far.Add((c, code));
        }
    }
}
