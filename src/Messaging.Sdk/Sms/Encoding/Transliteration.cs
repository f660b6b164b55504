namespace Messaging.Sdk.Sms.Encoding;

/// <summary>
/// Look-alike replacements that keep a text in the GSM 7-bit alphabet (<see cref="SmsEncodingHint.Transliterate"/>).
/// Only characters the GSM tables lack are replaced, and each replacement is made only of default-alphabet
/// characters, so one stray curly quote no longer turns a 160-character message into three UCS-2 segments.
/// </summary>
internal static class Transliteration
{
    /// <summary>The replacement for <paramref name="c"/>, or <see langword="null"/> when there is none.</summary>
    internal static string? Get(char c) => c switch
    {
        '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' or '\u00B4' or '\u0060' or '\u02BC' => "'",
        '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' or '\u00AB' or '\u00BB' => "\"",
        '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' or '\u00AD' => "-",
        '\u00A0' or '\u2002' or '\u2003' or '\u2004' or '\u2005' or '\u2006' or '\u2007' or '\u2008' or '\u2009'
            or '\u200A' or '\u202F' or '\u205F' or '\u3000' or '\t' => " ",
        '\u2026' => "...",
        '\u2022' or '\u00B7' => "-",
        '\u2039' => "<",
        '\u203A' => ">",
        '\u00A9' => "(c)",
        '\u00AE' => "(R)",
        '\u2122' => "TM",
        '\u00D7' => "x",
        '\u00F7' => "/",
        '\u02C6' => "^",
        '\u02DC' => "~",
        '\u00E1' or '\u00E2' or '\u00E3' or '\u0101' or '\u0103' or '\u0105' => "a",
        '\u00C1' or '\u00C2' or '\u00C3' or '\u00C0' or '\u0100' or '\u0102' or '\u0104' => "A",
        '\u00E7' or '\u0107' or '\u010D' => "c",
        '\u0106' or '\u010C' => "C",
        '\u00EA' or '\u00EB' or '\u0113' or '\u0117' or '\u0119' or '\u011B' => "e",
        '\u00C8' or '\u00CA' or '\u00CB' or '\u0112' or '\u0116' or '\u0118' or '\u011A' => "E",
        '\u011F' => "g",
        '\u011E' => "G",
        '\u00ED' or '\u00EE' or '\u00EF' or '\u012B' or '\u0131' => "i",
        '\u00CD' or '\u00CE' or '\u00CF' or '\u00CC' or '\u012A' or '\u0130' => "I",
        '\u0142' => "l",
        '\u0141' => "L",
        '\u0144' or '\u0148' => "n",
        '\u0143' or '\u0147' => "N",
        '\u00F3' or '\u00F4' or '\u00F5' or '\u014D' or '\u0151' => "o",
        '\u00D3' or '\u00D4' or '\u00D5' or '\u00D2' or '\u014C' or '\u0150' => "O",
        '\u0159' => "r",
        '\u0158' => "R",
        '\u015B' or '\u015F' or '\u0161' => "s",
        '\u015A' or '\u015E' or '\u0160' => "S",
        '\u0163' or '\u0165' => "t",
        '\u0162' or '\u0164' => "T",
        '\u00FA' or '\u00FB' or '\u016B' or '\u016F' or '\u0171' => "u",
        '\u00DA' or '\u00DB' or '\u00D9' or '\u016A' or '\u016E' or '\u0170' => "U",
        '\u00FD' or '\u00FF' => "y",
        '\u00DD' or '\u0178' => "Y",
        '\u017A' or '\u017C' or '\u017E' => "z",
        '\u0179' or '\u017B' or '\u017D' => "Z",
        '\u0153' => "oe",
        '\u0152' => "OE",
        _ => null,
    };
}
