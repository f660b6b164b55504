using Messaging.Sdk.Sms.Encoding;
using Messaging.Sdk.Sms.Pdu;

namespace Messaging.Sdk.Tests.Sms.Pdu;

/// <summary>Cross-checks with node-pdu 2.1.1 (github.com/JulianWowra/node-pdu), an independent, widely used PDU codec.</summary>
public sealed class NodePduInteropTests
{
    private static readonly SmsSubmitPdu ToSweden = new() { DestinationAddress = SmsPduAddress.FromPhoneNumber("+46708251358") };

    [Theory]
    [InlineData("hellohello")]
    [InlineData("Price: 10€ [promo] {x} ^ ~ | \\")]
    // Every default-alphabet character but '§': node-pdu 2.1.1 decodes 0x5F as '`', where 23.038 6.2.1 has '§'
    // (Gsm7Tests.Decode_DefaultAlphabet_DiffersFromAscii pins 0x5F = '§').
    [InlineData("@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!\"#¤%&'()*+,-./:;<=>?¡ÄÖÑÜ¿äöñüà")]
    [InlineData("Привет, мир")]
    [InlineData("Emoji 😀 and 🚀 in UCS-2")]
    public void OurSingleSubmit_DecodesWithNodePdu(string text)
    {
        var pdu = SmsPduEncoder.EncodeText(text, ToSweden).Single();

        var theirs = NodePdu.Decode(pdu.Hex);
        theirs.GetProperty("type").GetString().Should().Be("submit");
        theirs.GetProperty("address").GetString().Should().Be("46708251358");
        theirs.GetProperty("addressType").GetString().Should().Be("91");
        theirs.GetProperty("text").GetString().Should().Be(text);
    }

    [Theory]
    [InlineData(SmsConcatenationReference.EightBit)]
    [InlineData(SmsConcatenationReference.SixteenBit)]
    public void OurMultipartSubmit_DecodesWithNodePdu(SmsConcatenationReference reference)
    {
        var text = string.Concat(Enumerable.Repeat("Long message with € and {braces}. ", 8));
        var options = new SmsEncodingOptions { ConcatenationReference = reference };
        var pdus = SmsPduEncoder.EncodeText(text, ToSweden with { StatusReportRequest = true }, options, reference: 0x1234 & (reference == SmsConcatenationReference.EightBit ? 0xFF : 0xFFFF));

        pdus.Count.Should().BeGreaterThan(1);
        var texts = new List<string>();
        for (var i = 0; i < pdus.Count; i++)
        {
            var theirs = NodePdu.Decode(pdus[i].Hex);
            theirs.GetProperty("statusReportRequest").GetInt32().Should().Be(1);
            var header = theirs.GetProperty("header");
            header.GetProperty("SEGMENTS").GetInt32().Should().Be(pdus.Count);
            header.GetProperty("CURRENT").GetInt32().Should().Be(i + 1);
            header.GetProperty("POINTER").GetInt32().Should().Be(reference == SmsConcatenationReference.EightBit ? 0x34 : 0x1234);
            texts.Add(theirs.GetProperty("text").GetString()!);
        }

        string.Concat(texts).Should().Be(text);
    }

    [Fact]
    public void OurMultipartUcs2Submit_DecodesWithNodePdu()
    {
        var text = string.Concat(Enumerable.Repeat("Текст 😀 ", 12));
        var pdus = SmsPduEncoder.EncodeText(text, ToSweden);

        pdus.Count.Should().BeGreaterThan(1);
        string.Concat(pdus.Select(p => NodePdu.Decode(p.Hex).GetProperty("text").GetString())).Should().Be(text);
    }

    [Fact]
    public void OurAlphanumericAndValidity_DecodeWithNodePdu()
    {
        var pdu = SmsPduEncoder.EncodeText("hi", new SmsSubmitPdu
        {
            DestinationAddress = SmsPduAddress.FromPhoneNumber("MyShop"),
            ValidityPeriod = TimeSpan.FromHours(1),
        }).Single();

        var theirs = NodePdu.Decode(pdu.Hex);
        theirs.GetProperty("address").GetString().Should().Be("MyShop");
        theirs.GetProperty("validityPeriodFormat").GetInt32().Should().Be(2);
        // 0x0B = (11 + 1) x 5 minutes. (node-pdu agrees below 12 h; above, its day/week branches differ from 23.040.)
        theirs.GetProperty("validityMinutes").GetDouble().Should().Be(60);
        theirs.GetProperty("text").GetString().Should().Be("hi");
    }

    [Theory]
    [InlineData("hellohello")]
    [InlineData("Mixed {GSM} € text")]
    [InlineData("Привет 😀")]
    public void NodePduSubmit_DecodesHere(string text)
    {
        var hex = NodePdu.Encode(new { kind = "submit", to = "+46708251358", text }).Single();

        var submit = SmsPduDecoder.Decode(hex).Should().BeOfType<SmsSubmitPdu>().Subject;
        submit.DestinationAddress.ToString().Should().Be("+46708251358");
        submit.DecodedUserData!.Text.Should().Be(text);
    }

    [Fact]
    public void NodePduMultipartSubmit_DecodesHere()
    {
        var text = string.Concat(Enumerable.Repeat("0123456789", 25));
        var hexes = NodePdu.Encode(new { kind = "submit", to = "+46708251358", text });

        hexes.Count.Should().BeGreaterThan(1);
        var parts = hexes.Select(h => (SmsSubmitPdu)SmsPduDecoder.Decode(h)).ToList();
        parts.Should().OnlyContain(p => p.DecodedUserData!.Concatenation != null);
        parts.Select(p => p.DecodedUserData!.Concatenation!.Value.Sequence).Should().Equal(Enumerable.Range(1, hexes.Count));
        parts.Select(p => p.DecodedUserData!.Concatenation!.Value.Reference).Distinct().Should().ContainSingle();
        string.Concat(parts.Select(p => p.DecodedUserData!.Text)).Should().Be(text);
    }

    [Fact]
    public void NodePduDeliver_DecodesHere()
    {
        var hex = NodePdu.Encode(new { kind = "deliver", from = "+46708251358", text = "Delivered hello", time = "2024-02-29T13:45:10Z" }).Single();

        var deliver = SmsPduDecoder.Decode(hex).Should().BeOfType<SmsDeliverPdu>().Subject;
        deliver.OriginatingAddress.ToString().Should().Be("+46708251358");
        deliver.Text.Should().Be("Delivered hello");
        deliver.ServiceCenterTimestamp.UtcDateTime.Should().Be(new DateTime(2024, 2, 29, 13, 45, 10, DateTimeKind.Utc));
    }
}
