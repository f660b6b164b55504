using Messaging.Sdk.Sms.Encoding;

namespace Messaging.Sdk.Tests.Sms.Encoding;

public sealed class Gsm7Tests
{
    [Theory]
    // 3GPP TS 23.038 6.1.2.1.1 packing; "hellohello" checked with Gammu (see /work/shared/reference/sms-protocols.md,
    // the TP-UD of both SMS-SUBMIT and SMS-DELIVER vectors there), "hello" from the worked example in Wikipedia's
    // "GSM 03.38" article (E8 32 9B FD 06).
    [InlineData("hellohello", "E8329BFD4697D9EC37")]
    [InlineData("hello", "E8329BFD06")]
    // Eight septets fill seven octets exactly: "12345678" = 31 D9 8C 56 B3 DD 70.
    [InlineData("12345678", "31D98C56B3DD70")]
    public void Pack_KnownTexts_MatchPublishedHex(string text, string hex)
    {
        Span<byte> septets = stackalloc byte[64];
        var n = Gsm7.Encode(text, septets);
        var packed = new byte[Gsm7.GetPackedLength(n)];
        Gsm7.Pack(septets[..n], packed);

        Convert.ToHexString(packed).Should().Be(hex);
    }

    [Theory]
    [InlineData('\f', 0x0A)]
    [InlineData('^', 0x14)]
    [InlineData('{', 0x28)]
    [InlineData('}', 0x29)]
    [InlineData('\\', 0x2F)]
    [InlineData('[', 0x3C)]
    [InlineData('~', 0x3D)]
    [InlineData(']', 0x3E)]
    [InlineData('|', 0x40)]
    [InlineData('€', 0x65)]
    public void Encode_ExtensionCharacter_IsEscapeThenCode(char c, byte code)
    {
        // 23.038 6.2.1.1: every extension character is 0x1B followed by its code, and counts two septets.
        Span<byte> septets = stackalloc byte[4];
        var n = Gsm7.Encode([c], septets);

        n.Should().Be(2);
        septets[0].Should().Be(0x1B);
        septets[1].Should().Be(code);
        Gsm7.Decode(septets[..2]).Should().Be(c.ToString());
        Gsm7.GetSeptetCount([c]).Should().Be(2);
    }

    [Fact]
    public void Pack_EuroSign_IsKnownHex()
    {
        // 1B 65 packed: 0x1B | (0x65 << 7) = 9B 32 (hand-computed per 6.1.2.1.1; node-pdu agrees in the interop tests).
        Span<byte> septets = stackalloc byte[2];
        Gsm7.Encode("€", septets);
        var packed = new byte[2];
        Gsm7.Pack(septets, packed);
        Convert.ToHexString(packed).Should().Be("9B32");
    }

    [Theory]
    [InlineData(0x00, '@')]
    [InlineData(0x01, '£')]
    [InlineData(0x02, '$')]
    [InlineData(0x11, '_')]
    [InlineData(0x24, '¤')]
    [InlineData(0x40, '¡')]
    [InlineData(0x5B, 'Ä')]
    [InlineData(0x5F, '§')]
    [InlineData(0x60, '¿')]
    [InlineData(0x7F, 'à')]
    [InlineData(0x10, 'Δ')]
    [InlineData(0x1A, 'Ξ')]
    public void Decode_DefaultAlphabet_DiffersFromAscii(byte code, char expected)
        => Gsm7.Decode([code]).Should().Be(expected.ToString());

    [Fact]
    public void EveryDefaultCode_RoundTrips()
    {
        var septets = new byte[2];
        for (var code = 0; code < 128; code++)
        {
            if (code == 0x1B)
            {
                continue;
            }

            var text = Gsm7.Decode([(byte)code]);
            Gsm7.Encode(text, septets).Should().Be(1, "code 0x{0:X2} ('{1}')", code, text);
            septets[0].Should().Be((byte)code);
        }
    }

    [Fact]
    public void Encode_CharacterOutsideAlphabet_ThrowsNamingIndex()
    {
        var act = () => Gsm7.Encode("ab\u00E7", new byte[8]);
        act.Should().Throw<ArgumentException>().WithMessage("*index 2*");
        Gsm7.GetSeptetCount("ab\u00E7").Should().Be(-1);
    }

    [Fact]
    public void Decode_EscapeBeforeUnknownCode_ShowsDefaultCharacter()
    {
        // 23.038 6.2.1.1: an unknown extension code is displayed as the default-table character.
        Gsm7.Decode([0x1B, 0x41]).Should().Be("A");
        Gsm7.Decode([0x1B, 0x1B]).Should().Be(" ");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    public void PackUnpack_WithFillBits_RoundTrips(int fill)
    {
        var septets = new byte[] { 0x48, 0x65, 0x6C, 0x1B, 0x65, 0x00, 0x7F, 0x33, 0x21 };
        var packed = new byte[Gsm7.GetPackedLength(septets.Length, fill)];
        Gsm7.Pack(septets, packed, fill);
        var back = new byte[septets.Length];
        Gsm7.Unpack(packed, septets.Length, back, fill);
        back.Should().Equal(septets);
        (packed[0] & ((1 << fill) - 1)).Should().Be(0, "fill bits are zero");
    }

    [Fact]
    public void Unpack_TooShort_ThrowsSmsFormatException()
    {
        var act = () => Gsm7.Unpack([0xE8, 0x32], 5, new byte[5]);
        act.Should().Throw<SmsFormatException>().Which.Offset.Should().Be(2);
    }

    [Fact]
    public void Ucs2_EncodesBigEndianAndKeepsSurrogatePairs()
    {
        var bytes = new byte[8];
        Ucs2.Encode("A😀", bytes).Should().Be(6);
        Convert.ToHexString(bytes, 0, 6).Should().Be("0041D83DDE00");
        Ucs2.Decode(bytes.AsSpan(0, 6)).Should().Be("A😀");
        Ucs2.Decode([0xD8, 0x3D]).Should().Be("\uD83D", "a lone half is kept so split pairs can be joined");
        var act = () => Ucs2.Decode([0x00, 0x41, 0x00]);
        act.Should().Throw<SmsFormatException>().Which.Offset.Should().Be(2);
    }
}
