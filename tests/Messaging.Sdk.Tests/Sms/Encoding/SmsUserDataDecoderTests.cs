using Messaging.Sdk.Sms.Encoding;

namespace Messaging.Sdk.Tests.Sms.Encoding;

public sealed class SmsUserDataDecoderTests
{
    [Fact]
    public void DecodeSmpp_Ucs2WithEightBitConcatenation()
    {
        var data = Convert.FromHexString("050003A70302" + "041F04400438");
        var d = SmsUserDataDecoder.DecodeSmpp(data, 0x08, hasHeader: true);

        d.Alphabet.Should().Be(SmsAlphabet.Ucs2);
        d.Text.Should().Be("При");
        d.Concatenation.Should().Be(new SmsConcatenation(0xA7, 3, 2, false));
    }

    [Fact]
    public void DecodeSmpp_SixteenBitConcatenation_GsmUnpacked()
    {
        var data = Convert.FromHexString("060804BEEF0201" + "48656C6C6F1B65");
        var d = SmsUserDataDecoder.DecodeSmpp(data, 0x00, hasHeader: true);

        d.Text.Should().Be("Hello€");
        d.Concatenation.Should().Be(new SmsConcatenation(0xBEEF, 2, 1, true));
    }

    [Fact]
    public void DecodeSmpp_Latin1AndDefaultAlphabetOption()
    {
        SmsUserDataDecoder.DecodeSmpp([0x63, 0x61, 0x66, 0xE9], 0x03, false).Text.Should().Be("café");
        SmsUserDataDecoder.DecodeSmpp([0x63, 0x61, 0x66, 0xE9], 0x00, false, SmsAlphabet.Latin1).Text.Should().Be("café");
        SmsUserDataDecoder.DecodeSmpp([0x01, 0x02], 0x04, false).Alphabet.Should().Be(SmsAlphabet.EightBit);
    }

    [Fact]
    public void DecodeSmpp_HeaderPortsParsed()
    {
        var d = SmsUserDataDecoder.DecodeSmpp(Convert.FromHexString("0605040B8423F0" + "0102"), 0x04, true);
        d.Header!.DestinationPort.Should().Be(2948);
        d.Header.SourcePort.Should().Be(9200);
        d.Data.ToArray().Should().Equal(0x01, 0x02);
    }

    [Fact]
    public void DecodeSmpp_NationalShiftElementsInHeader_SelectTables()
    {
        // UDH 06 | 24 01 01 | 25 01 01: Turkish single and locking shift; 0x07 is 'ı' in the locking table, 1B 73 'ş'.
        var d = SmsUserDataDecoder.DecodeSmpp(Convert.FromHexString("06240101250101" + "071B73"), 0x00, true);

        d.Header!.SingleShift.Should().Be(NationalLanguage.Turkish);
        d.Header.LockingShift.Should().Be(NationalLanguage.Turkish);
        d.Text.Should().Be("ış");
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("05000301", 0)] // UDHL 5 but only 3 octets follow
    [InlineData("0400050001", 2)] // element length 5 (at offset 2) runs past the 4-octet header
    [InlineData("0100", 1)] // element without its length octet
    public void DecodeSmpp_MalformedHeader_ThrowsWithOffset(string hex, int offset)
    {
        var act = () => SmsUserDataDecoder.DecodeSmpp(Convert.FromHexString(hex), 0x00, true);
        act.Should().Throw<SmsFormatException>().Which.Offset.Should().Be(offset);
    }

    [Fact]
    public void DecodeTpdu_TooShortForUdl_Throws()
    {
        var act = () => SmsUserDataDecoder.DecodeTpdu(Convert.FromHexString("E8329B"), 10, 0x00, false);
        act.Should().Throw<SmsFormatException>().Which.Offset.Should().Be(3);
    }

    [Fact]
    public void DecodeTpdu_OddUcs2_Throws()
    {
        var act = () => SmsUserDataDecoder.DecodeTpdu([0x00, 0x41, 0x00], 3, 0x08, false);
        act.Should().Throw<SmsFormatException>();
    }

    [Fact]
    public void DecodeTpdu_UdlShorterThanHeader_Throws()
    {
        var act = () => SmsUserDataDecoder.DecodeTpdu(Convert.FromHexString("05000301020182"), 3, 0x00, true);
        act.Should().Throw<SmsFormatException>();
    }

    [Theory]
    [InlineData(0x00, SmsAlphabet.Gsm7)]
    [InlineData(0x04, SmsAlphabet.EightBit)]
    [InlineData(0x08, SmsAlphabet.Ucs2)]
    [InlineData(0x18, SmsAlphabet.Ucs2)]
    [InlineData(0x24, SmsAlphabet.EightBit)] // compressed
    [InlineData(0xF0, SmsAlphabet.Gsm7)]
    [InlineData(0xF6, SmsAlphabet.EightBit)]
    [InlineData(0xE0, SmsAlphabet.Ucs2)]
    public void DataCodingScheme_Alphabet(byte dcs, SmsAlphabet alphabet)
        => SmsDataCoding.FromDataCodingScheme(dcs).Should().Be(alphabet);

    [Fact]
    public void DataCodingScheme_MessageClass()
    {
        SmsDataCoding.GetMessageClass(0x10).Should().Be(0);
        SmsDataCoding.GetMessageClass(0xF1).Should().Be(1);
        SmsDataCoding.GetMessageClass(0x00).Should().BeNull();
    }
}
