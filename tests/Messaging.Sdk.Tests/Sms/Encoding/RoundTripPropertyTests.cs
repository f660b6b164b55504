using System.Text;
using Messaging.Sdk.Sms.Encoding;

namespace Messaging.Sdk.Tests.Sms.Encoding;

/// <summary>Encode then decode gives the original, for random texts; seeded, so a failure reproduces.</summary>
public sealed class RoundTripPropertyTests
{
    private const string GsmDefault = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string GsmExtension = "\f^{}\\[~]|€";

    public static TheoryData<int, SmsUserDataFormat, SmsConcatenationReference> Cases()
    {
        var data = new TheoryData<int, SmsUserDataFormat, SmsConcatenationReference>();
        foreach (var seed in new[] { 1, 2, 3 })
        {
            data.Add(seed, SmsUserDataFormat.Smpp, SmsConcatenationReference.EightBit);
            data.Add(seed, SmsUserDataFormat.Tpdu, SmsConcatenationReference.SixteenBit);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GsmAndExtensionText_RoundTrips(int seed, SmsUserDataFormat format, SmsConcatenationReference reference)
    {
        var random = new Random(seed);
        var options = new SmsEncodingOptions { ConcatenationReference = reference };
        for (var i = 0; i < 150; i++)
        {
            var text = RandomText(random, random.Next(0, 700), GsmDefault + GsmExtension + GsmExtension);
            var m = SmsSegments.Encode(text, options, format);
            m.Alphabet.Should().Be(SmsAlphabet.Gsm7);
            m.Segments.Count.Should().Be(SmsSegments.Analyze(text, options).SegmentCount);
            m.Segments.Should().OnlyContain(s => s.UserData.Length <= (format == SmsUserDataFormat.Tpdu ? 140 : 160));
            SmsSegmentsTests.Decode(m).Should().Be(text);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RandomUnicodeWithEmoji_RoundTrips(int seed, SmsUserDataFormat format, SmsConcatenationReference reference)
    {
        var random = new Random(seed);
        var options = new SmsEncodingOptions { ConcatenationReference = reference, NationalLanguages = NationalLanguageTables.All };
        for (var i = 0; i < 150; i++)
        {
            var sb = new StringBuilder();
            var length = random.Next(0, 400);
            while (sb.Length < length)
            {
                switch (random.Next(5))
                {
                    case 0:
                        sb.Append(char.ConvertFromUtf32(random.Next(0x1F300, 0x1FAFF))); // emoji, outside the BMP
                        break;
                    case 1:
                        sb.Append((char)random.Next(0x0400, 0x0500)); // Cyrillic
                        break;
                    case 2:
                        sb.Append("şğıçãõáéíóú€{}"[random.Next(14)]);
                        break;
                    default:
                        sb.Append(GsmDefault[random.Next(GsmDefault.Length)]);
                        break;
                }
            }

            var text = sb.ToString();
            var m = SmsSegments.Encode(text, options, format);
            m.Segments.Should().OnlyContain(s => s.UserData.Length <= (format == SmsUserDataFormat.Tpdu ? 140 : 160));
            if (m.Alphabet == SmsAlphabet.Ucs2)
            {
                m.Segments.Should().OnlyContain(s => s.Text.Length == 0 || !char.IsHighSurrogate(s.Text[s.Text.Length - 1]), "a surrogate pair is never split");
            }

            SmsSegmentsTests.Decode(m).Should().Be(text);
        }
    }

    [Fact]
    public void NationalText_RoundTripsWithEveryTable()
    {
        var random = new Random(4);
        var options = new SmsEncodingOptions { NationalLanguages = NationalLanguageTables.All };
        for (var i = 0; i < 200; i++)
        {
            var text = RandomText(random, random.Next(1, 500), "abcdefg şğıİŞĞ çãõâêôÁÍÓÚáíóú ñü€{}[]^|~\\");
            foreach (var format in new[] { SmsUserDataFormat.Smpp, SmsUserDataFormat.Tpdu })
            {
                SmsSegmentsTests.Decode(SmsSegments.Encode(text, options, format)).Should().Be(text);
            }
        }
    }

    private static string RandomText(Random random, int length, string alphabet)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }
}
