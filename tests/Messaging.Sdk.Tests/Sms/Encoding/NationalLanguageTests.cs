using Messaging.Sdk.Sms.Encoding;

namespace Messaging.Sdk.Tests.Sms.Encoding;

public sealed class NationalLanguageTests
{
    private static readonly SmsEncodingOptions Turkish = new() { NationalLanguages = NationalLanguageTables.Turkish };

    [Fact]
    public void NationalTables_AreOptIn()
        => SmsSegments.Analyze("ş" + new string('a', 99)).Alphabet.Should().Be(SmsAlphabet.Ucs2);

    [Fact]
    public void Turkish_SingleShift_ChosenWhenItSavesSegments()
    {
        // UCS-2: 100 units = 2 segments. Turkish single shift: ş = 2 septets, 101 <= 155 (160 less the 4-octet UDH).
        var text = "ş" + new string('a', 99);
        var a = SmsSegments.Analyze(text, Turkish);

        a.Alphabet.Should().Be(SmsAlphabet.Gsm7);
        a.SingleShift.Should().Be(NationalLanguage.Turkish);
        a.LockingShift.Should().Be(NationalLanguage.None);
        a.SegmentCount.Should().Be(1);
        a.UnitsPerSegment.Should().Be(155);

        var m = SmsSegments.Encode(text, Turkish, SmsUserDataFormat.Tpdu);
        // 23.040 9.2.3.24.15: IEI 0x24, length 1, national language identifier 1 (Turkish).
        Convert.ToHexString(m.Segments[0].Header.Span).Should().Be("03240101");
        SmsSegmentsTests.Decode(m).Should().Be(text);
    }

    [Fact]
    public void Turkish_LockingShift_ChosenForManyNationalCharacters()
    {
        var text = string.Concat(Enumerable.Repeat("şğı", 50));
        var a = SmsSegments.Analyze(text, Turkish);

        a.LockingShift.Should().Be(NationalLanguage.Turkish);
        a.SegmentCount.Should().Be(1);
        var m = SmsSegments.Encode(text, Turkish);
        Convert.ToHexString(m.Segments[0].Header.Span).Should().Be("03250101");
        SmsSegmentsTests.Decode(m).Should().Be(text);
    }

    [Fact]
    public void Turkish_MultipartWithBothShifts_RoundTrips()
    {
        var text = string.Concat(Enumerable.Repeat("Iğdır'da {kar} yağıyor: €5 Ş ", 12));
        var m = SmsSegments.Encode(text, Turkish, SmsUserDataFormat.Tpdu, reference: 9);

        m.Alphabet.Should().Be(SmsAlphabet.Gsm7);
        m.Segments.Count.Should().BeGreaterThan(1);
        m.Segments[0].Header.Span[0].Should().BeGreaterThan(5, "the concatenation and shift elements share one UDH");
        SmsSegmentsTests.Decode(m).Should().Be(text);
        SmsSegmentsTests.Decode(SmsSegments.Encode(text, Turkish, SmsUserDataFormat.Smpp, reference: 9)).Should().Be(text);
    }

    [Fact]
    public void Spanish_SingleShift_EncodesAccents()
    {
        var options = new SmsEncodingOptions { NationalLanguages = NationalLanguageTables.Spanish };
        var text = "Información: canción, camión, búsqueda. " + new string('x', 60);
        var a = SmsSegments.Analyze(text, options);

        a.SingleShift.Should().Be(NationalLanguage.Spanish);
        a.LockingShift.Should().Be(NationalLanguage.None, "Spanish has no locking shift table");
        a.SegmentCount.Should().Be(1);
        SmsSegmentsTests.Decode(SmsSegments.Encode(text, options)).Should().Be(text);
    }

    [Fact]
    public void Portuguese_Tables_EncodeTilde()
    {
        var options = new SmsEncodingOptions { NationalLanguages = NationalLanguageTables.Portuguese };
        var text = string.Concat(Enumerable.Repeat("Não há ações à vista, João. ", 4));
        var a = SmsSegments.Analyze(text, options);

        a.Alphabet.Should().Be(SmsAlphabet.Gsm7);
        (a.LockingShift == NationalLanguage.Portuguese || a.SingleShift == NationalLanguage.Portuguese).Should().BeTrue();
        a.SegmentCount.Should().BeLessThan(SmsSegments.Analyze(text).SegmentCount);
        SmsSegmentsTests.Decode(SmsSegments.Encode(text, options, SmsUserDataFormat.Tpdu)).Should().Be(text);
    }

    [Fact]
    public void NationalTables_NotUsedWhenUcs2IsNoWorse()
    {
        // One Turkish character in a short text: UCS-2 also fits in one segment, and needs no handset support for tables.
        SmsSegments.Analyze("ğ", Turkish).Alphabet.Should().Be(SmsAlphabet.Ucs2);
    }

    [Fact]
    public void NationalTables_NotUsedWhenDefaultAlphabetSuffices()
    {
        var a = SmsSegments.Analyze(new string('a', 300), new SmsEncodingOptions { NationalLanguages = NationalLanguageTables.All });
        a.SingleShift.Should().Be(NationalLanguage.None);
        a.LockingShift.Should().Be(NationalLanguage.None);
        a.UnitsPerSegment.Should().Be(153);
    }

    [Fact]
    public void LockingShiftCanBeDisallowed()
    {
        var text = string.Concat(Enumerable.Repeat("şğı", 50));
        var a = SmsSegments.Analyze(text, Turkish with { AllowLockingShift = false });
        a.LockingShift.Should().Be(NationalLanguage.None);
    }

    [Theory]
    // 23.038 A.3.1 / A.3.3 locking shift codes and A.2.x single shift codes.
    [InlineData(NationalLanguage.Turkish, NationalLanguage.None, "ı", "07")]
    [InlineData(NationalLanguage.Turkish, NationalLanguage.None, "İ", "40")]
    [InlineData(NationalLanguage.Turkish, NationalLanguage.None, "ç", "60")]
    [InlineData(NationalLanguage.Portuguese, NationalLanguage.None, "∞", "15")]
    [InlineData(NationalLanguage.Portuguese, NationalLanguage.None, "º", "24")]
    [InlineData(NationalLanguage.None, NationalLanguage.Turkish, "ş", "1B73")]
    [InlineData(NationalLanguage.None, NationalLanguage.Spanish, "ú", "1B75")]
    [InlineData(NationalLanguage.None, NationalLanguage.Portuguese, "â", "1B7F")]
    [InlineData(NationalLanguage.None, NationalLanguage.Portuguese, "Φ", "12")]
    public void Tables_HaveStandardCodes(NationalLanguage locking, NationalLanguage singleShift, string text, string hex)
    {
        var septets = new byte[4];
        var n = Gsm7.Encode(text, septets, locking, singleShift);
        Convert.ToHexString(septets, 0, n).Should().Be(hex);
        Gsm7.Decode(septets.AsSpan(0, n), locking, singleShift).Should().Be(text);
    }
}
