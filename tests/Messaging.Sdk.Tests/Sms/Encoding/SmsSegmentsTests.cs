using Messaging.Sdk.Sms.Encoding;

namespace Messaging.Sdk.Tests.Sms.Encoding;

public sealed class SmsSegmentsTests
{
    [Theory]
    [InlineData(160, 1, 160, 0)]
    [InlineData(161, 2, 153, 145)]
    [InlineData(306, 2, 153, 0)]
    [InlineData(307, 3, 153, 152)]
    public void Analyze_GsmBoundaries(int length, int segments, int perSegment, int remaining)
    {
        var a = SmsSegments.Analyze(new string('a', length));

        a.Alphabet.Should().Be(SmsAlphabet.Gsm7);
        a.SegmentCount.Should().Be(segments);
        a.UnitsPerSegment.Should().Be(perSegment);
        a.RemainingInLastSegment.Should().Be(remaining);
        a.HeaderLength.Should().Be(segments > 1 ? 6 : 0);
    }

    [Theory]
    [InlineData(70, 1, 70, 0)]
    [InlineData(71, 2, 67, 63)]
    [InlineData(134, 2, 67, 0)]
    [InlineData(135, 3, 67, 66)]
    public void Analyze_Ucs2Boundaries(int length, int segments, int perSegment, int remaining)
    {
        var a = SmsSegments.Analyze(new string('Ж', length));

        a.Alphabet.Should().Be(SmsAlphabet.Ucs2);
        a.SegmentCount.Should().Be(segments);
        a.UnitsPerSegment.Should().Be(perSegment);
        a.RemainingInLastSegment.Should().Be(remaining);
    }

    [Fact]
    public void Encode_161Characters_Splits153And8WithConcatenationHeader()
    {
        var text = new string('x', 161);
        var m = SmsSegments.Encode(text, reference: 0x42);

        m.Segments.Should().HaveCount(2);
        m.DataCoding.Should().Be(0x00);
        Convert.ToHexString(m.Segments[0].Header.Span).Should().Be("0500034202" + "01");
        Convert.ToHexString(m.Segments[1].Header.Span).Should().Be("0500034202" + "02");
        m.Segments[0].Payload.Length.Should().Be(153, "SMPP carries unpacked septets, one per octet");
        m.Segments[1].Payload.Length.Should().Be(8);
        m.Segments[0].Text.Length.Should().Be(153);
    }

    [Fact]
    public void Encode_71Ucs2Units_FirstPartHolds67AndThe68thStartsPartTwo()
    {
        // 71 units: 67 in part one, the 68th unit starts part two.
        var text = string.Concat(Enumerable.Range(0, 71).Select(i => (char)(0x0410 + (i % 32))));
        var m = SmsSegments.Encode(text);

        m.Segments.Should().HaveCount(2);
        m.Segments[0].Payload.Length.Should().Be(2 * 67);
        m.Segments[0].Text.Should().Be(text[..67]);
        m.Segments[1].Text.Should().Be(text[67..]);
        m.Segments[1].Payload.Length.Should().Be(2 * 4);
    }

    [Fact]
    public void Encode_161Septets_The154thCharacterStartsPartTwo()
    {
        var m = SmsSegments.Encode(new string('z', 154) + new string('y', 7)); // 161 septets
        m.Segments[0].Text.Should().Be(new string('z', 153));
        m.Segments[1].Text.Should().Be("z" + new string('y', 7));
    }

    [Fact]
    public void Encode_SixteenBitReference_UsesIei08And152Septets()
    {
        var options = new SmsEncodingOptions { ConcatenationReference = SmsConcatenationReference.SixteenBit };
        var a = SmsSegments.Analyze(new string('x', 161), options);
        a.UnitsPerSegment.Should().Be(152);

        var m = SmsSegments.Encode(new string('x', 161), options, reference: 0x1234);
        Convert.ToHexString(m.Segments[0].Header.Span).Should().Be("06080412340201");
        m.Segments[0].Payload.Length.Should().Be(152);
        m.Segments[1].Payload.Length.Should().Be(9);
    }

    [Fact]
    public void Analyze_ExtensionCharactersCountTwo()
    {
        SmsSegments.Analyze(new string('€', 80)).SegmentCount.Should().Be(1);
        SmsSegments.Analyze(new string('€', 80)).EncodedLength.Should().Be(160);
        SmsSegments.Analyze(new string('€', 81)).SegmentCount.Should().Be(2);
        SmsSegments.Analyze(new string('a', 159) + "{").SegmentCount.Should().Be(2);
    }

    [Fact]
    public void Encode_ExtensionCharacterAtSegmentBoundary_IsNotSplitFromItsEscape()
    {
        // 152 septets + '€' (2) would be 154 > 153: the escape and its code move together to segment 2.
        var text = new string('a', 152) + "€" + new string('b', 10);
        var a = SmsSegments.Analyze(text);
        a.SegmentCount.Should().Be(2);

        var smpp = SmsSegments.Encode(text, format: SmsUserDataFormat.Smpp);
        smpp.Segments[0].Payload.Length.Should().Be(152);
        smpp.Segments[0].Payload.Span[^1].Should().NotBe(0x1B);
        smpp.Segments[1].Payload.Span[0].Should().Be(0x1B);
        smpp.Segments[1].Payload.Span[1].Should().Be(0x65);
        smpp.Segments[1].Text.Should().StartWith("€");

        var tpdu = SmsSegments.Encode(text, format: SmsUserDataFormat.Tpdu);
        tpdu.Segments[0].UserDataLength.Should().Be(7 + 152);
        tpdu.Segments[1].UserDataLength.Should().Be(7 + 12);
        Decode(tpdu).Should().Be(text);
    }

    [Fact]
    public void Encode_EmojiAtUcs2SegmentBoundary_IsNotSplit()
    {
        // 66 units + a surrogate pair would be 68 > 67.
        var text = new string('Ж', 66) + "😀" + "end";
        var m = SmsSegments.Encode(text);

        m.Alphabet.Should().Be(SmsAlphabet.Ucs2);
        m.Segments.Should().HaveCount(2);
        m.Segments[0].Payload.Length.Should().Be(132);
        m.Segments[1].Text.Should().Be("😀end");
        Decode(m).Should().Be(text);
    }

    [Fact]
    public void Encode_SingleSegment_HasNoHeader()
    {
        var m = SmsSegments.Encode("hellohello", format: SmsUserDataFormat.Tpdu);

        m.Segments.Should().ContainSingle();
        m.Segments[0].HasHeader.Should().BeFalse();
        m.Segments[0].UserDataLength.Should().Be(10);
        m.DataCodingScheme.Should().Be(0x00);
        // Same TP-UD as the Gammu-checked vectors in sms-protocols.md.
        Convert.ToHexString(m.Segments[0].UserData.Span).Should().Be("E8329BFD4697D9EC37");
    }

    [Fact]
    public void Encode_Tpdu_WithHeader_AddsOneFillBit()
    {
        // 23.040 9.2.3.24: a 6-octet UDH is 48 bits; one fill bit brings the text to bit 49 (septet 7), so 'A' (0x41)
        // shifted left by one is 0x82, and TP-UDL counts 7 header septets.
        var text = new string('A', 161);
        var m = SmsSegments.Encode(text, format: SmsUserDataFormat.Tpdu, reference: 1);

        var first = m.Segments[0].UserData.Span;
        Convert.ToHexString(first[..7]).Should().Be("05000301020182");
        m.Segments[0].UserDataLength.Should().Be(160);
        m.Segments[0].UserData.Length.Should().Be(140);
        m.Segments[1].UserDataLength.Should().Be(7 + 8);
    }

    [Fact]
    public void Analyze_ReportsCharactersThatForcedUcs2()
    {
        var a = SmsSegments.Analyze("Hi 😀 ça va 😀");

        a.Alphabet.Should().Be(SmsAlphabet.Ucs2);
        a.FirstUnsupportedIndex.Should().Be(3);
        a.UnsupportedCharacters.Should().Equal("😀", "ç");
        SmsSegments.Analyze("plain").UnsupportedCharacters.Should().BeEmpty();
    }

    [Fact]
    public void Analyze_Transliterate_MapsLookAlikesToGsm()
    {
        const string text = "\u201CHello\u201D \u2013 it\u2019s\u00A0fine\u2026";
        SmsSegments.Analyze(text).Alphabet.Should().Be(SmsAlphabet.Ucs2);

        var options = new SmsEncodingOptions { Hint = SmsEncodingHint.Transliterate };
        var a = SmsSegments.Analyze(text, options);
        a.Alphabet.Should().Be(SmsAlphabet.Gsm7);
        a.UsesTransliteration.Should().BeTrue();

        var m = SmsSegments.Encode(text, options);
        Decode(m).Should().Be("\"Hello\" - it's fine...");
    }

    [Fact]
    public void Analyze_TransliterateWithUnmappableCharacter_FallsBackToUcs2OfTheOriginal()
    {
        var options = new SmsEncodingOptions { Hint = SmsEncodingHint.Transliterate };
        var m = SmsSegments.Encode("\u201Cok\u201D 😀", options);
        m.Alphabet.Should().Be(SmsAlphabet.Ucs2);
        Decode(m).Should().Be("\u201Cok\u201D 😀");
    }

    [Fact]
    public void ForcedGsm7_WithUnsupportedCharacter_IsNotEncodable()
    {
        var options = new SmsEncodingOptions { Hint = SmsEncodingHint.Gsm7 };
        var a = SmsSegments.Analyze("abc Ж", options);

        a.IsEncodable.Should().BeFalse();
        a.FirstUnsupportedIndex.Should().Be(4);
        var act = () => SmsSegments.Encode("abc Ж", options);
        act.Should().Throw<ArgumentException>().WithMessage("*index 4*");
    }

    [Fact]
    public void ForcedUcs2_UsesUcs2ForGsmText()
    {
        var m = SmsSegments.Encode("abc", new SmsEncodingOptions { Hint = SmsEncodingHint.Ucs2 });
        m.DataCoding.Should().Be(0x08);
        Convert.ToHexString(m.Segments[0].UserData.Span).Should().Be("006100620063");
    }

    [Fact]
    public void Latin1_IsOneOctetPerCharacter_AndSmppOnly()
    {
        var options = new SmsEncodingOptions { Hint = SmsEncodingHint.Latin1 };
        var m = SmsSegments.Encode("café", options);
        m.DataCoding.Should().Be(0x03);
        m.DataCodingScheme.Should().BeNull();
        Convert.ToHexString(m.Segments[0].UserData.Span).Should().Be("636166E9");
        SmsSegments.Analyze(new string('é', 140), options).SegmentCount.Should().Be(1);
        SmsSegments.Analyze(new string('é', 141), options).SegmentCount.Should().Be(2);
        SmsSegments.Analyze(new string('é', 141), options).UnitsPerSegment.Should().Be(134);

        var tpdu = () => SmsSegments.Encode("café", options, SmsUserDataFormat.Tpdu);
        tpdu.Should().Throw<ArgumentException>();
        SmsSegments.Analyze("Ж", options).IsEncodable.Should().BeFalse();
    }

    [Fact]
    public void EmptyText_IsOneEmptySegment()
    {
        var m = SmsSegments.Encode(string.Empty);
        m.Segments.Should().ContainSingle();
        m.Segments[0].UserData.Length.Should().Be(0);
    }

    [Fact]
    public void SpanWriter_WritesSameBytesAsEncode()
    {
        var text = string.Concat(Enumerable.Repeat("Grüße {x} ", 40));
        var analysis = SmsSegments.Analyze(text.AsSpan());
        var writer = new SmsSegmentWriter(text, analysis, 7, SmsUserDataFormat.Tpdu);
        var expected = SmsSegments.Encode(text, format: SmsUserDataFormat.Tpdu, reference: 7);
        Span<byte> buffer = stackalloc byte[SmsSegments.MaxSegmentBytes];
        var i = 0;
        while (writer.TryWriteNext(buffer, out var layout))
        {
            buffer[..layout.Length].ToArray().Should().Equal(expected.Segments[i].UserData.ToArray());
            layout.UserDataLength.Should().Be(expected.Segments[i].UserDataLength);
            i++;
        }

        i.Should().Be(analysis.SegmentCount);
    }

    [Fact]
    public void Writer_RejectsAnalysisOfAnotherText()
    {
        var analysis = SmsSegments.Analyze("short");
        Exception? caught = null;
        try
        {
            _ = new SmsSegmentWriter("longer text", analysis, 0, SmsUserDataFormat.Smpp);
        }
        catch (ArgumentException ex)
        {
            caught = ex;
        }

        caught.Should().NotBeNull();
    }

    internal static string Decode(SmsEncodedMessage m)
    {
        var parts = new List<string>();
        foreach (var s in m.Segments)
        {
            var decoded = m.Format == SmsUserDataFormat.Tpdu
                ? SmsUserDataDecoder.DecodeTpdu(s.UserData.Span, s.UserDataLength, m.DataCodingScheme!.Value, s.HasHeader)
                : SmsUserDataDecoder.DecodeSmpp(s.UserData.Span, m.DataCoding, s.HasHeader);
            if (m.Segments.Count > 1)
            {
                decoded.Concatenation.Should().NotBeNull();
                decoded.Concatenation!.Value.Sequence.Should().Be(s.SequenceNumber);
                decoded.Concatenation!.Value.Total.Should().Be(m.Segments.Count);
                decoded.Concatenation!.Value.Reference.Should().Be(m.Reference);
            }

            parts.Add(decoded.Text);
        }

        return string.Concat(parts);
    }
}
