using System.Text.Json;
using Messaging.Sdk.Testing.GsmModem;
using Messaging.Sdk.Tests.Sms.Pdu;

namespace Messaging.Sdk.GsmModem.Tests.Sending;

/// <summary>Sends through the real sender and codec to a VirtualModem, then decodes the exact hex each AT+CMGS carried with
/// node-pdu 2.1.1 (tests/peers/pdu/decode.js), an independent decoder.</summary>
/// <remarks>node-pdu 2.1.1 decodes GSM 0x5F as '`' (23.038 has '§') and reads relative validity 0xAA as 3 days (23.040: 4 days),
/// see docs/sms-encoding.md: the texts below contain no '§' and the validity used is 1 hour (0x0B), where both agree.</remarks>
public sealed class NodePduSendInteropTests
{
    [Fact]
    public async Task Send_Gsm7SingleSegment_DecodesWithNodePdu()
    {
        const string text = "Hello from the modem: @£$¥ èéùì ÇØøÅå ΔΦΓ _ ¿¡ #1!";

        var parts = await SendAndDecodeAsync(new SmsMessage { To = "+46708251358", Text = text });

        var theirs = parts.Should().ContainSingle().Subject.Theirs;
        theirs.GetProperty("type").GetString().Should().Be("submit");
        theirs.GetProperty("dcs").GetString().Should().Be("00");
        theirs.GetProperty("text").GetString().Should().Be(text);
        theirs.GetProperty("statusReportRequest").GetInt32().Should().Be(0);
        theirs.TryGetProperty("header", out _).Should().BeFalse("a single segment carries no concatenation header");
    }

    [Fact]
    public async Task Send_Gsm7MultipartWithExtensionCharacters_DecodesWithNodePdu()
    {
        // 152 septets then '€' (ESC + 0x65): splitting it between septets 153 and 154 would leave a lone escape in part 1.
        var text = new string('a', 152) + "€" + string.Concat(Enumerable.Repeat(" {promo} [x] ^~|\\ 10€", 10));

        var parts = await SendAndDecodeAsync(new SmsMessage { To = "+46708251358", Text = text });

        parts.Should().HaveCountGreaterThan(2);
        parts.Should().OnlyContain(p => p.Theirs.GetProperty("dcs").GetString() == "00");
        AssertConcatenation(parts);
        string.Concat(parts.Select(p => p.Theirs.GetProperty("text").GetString())).Should().Be(text);
        parts[0].Theirs.GetProperty("text").GetString().Should().Be(new string('a', 152), "the escape pair moves whole to part 2");
    }

    [Fact]
    public async Task Send_Ucs2MultipartWithEmoji_DecodesWithNodePdu()
    {
        // 66 UTF-16 units then a surrogate pair: splitting it at the 67-unit segment limit would break the emoji.
        var text = new string('ж', 66) + "😀" + string.Concat(Enumerable.Repeat(" Привет 🚀", 8));

        var parts = await SendAndDecodeAsync(new SmsMessage { To = "+46708251358", Text = text });

        parts.Should().HaveCountGreaterThan(2);
        parts.Should().OnlyContain(p => p.Theirs.GetProperty("dcs").GetString() == "08");
        AssertConcatenation(parts);
        string.Concat(parts.Select(p => p.Theirs.GetProperty("text").GetString())).Should().Be(text);
        parts[0].Theirs.GetProperty("text").GetString().Should().Be(new string('ж', 66), "the surrogate pair moves whole to part 2");
    }

    [Fact]
    public async Task Send_WithDeliveryReportAndValidity_SetsSrrAndValidityInEverySegment()
    {
        var text = string.Concat(Enumerable.Repeat("Report me please. ", 12));

        var parts = await SendAndDecodeAsync(new SmsMessage
        {
            To = "+46708251358",
            Text = text,
            RequestDeliveryReport = true,
            ValidityPeriod = TimeSpan.FromHours(1),
        });

        parts.Should().HaveCountGreaterThan(1);
        foreach (var (_, theirs) in parts)
        {
            theirs.GetProperty("statusReportRequest").GetInt32().Should().Be(1);
            theirs.GetProperty("validityPeriodFormat").GetInt32().Should().Be(2, "relative validity");
            theirs.GetProperty("validityMinutes").GetDouble().Should().Be(60);
        }

        AssertConcatenation(parts);
        string.Concat(parts.Select(p => p.Theirs.GetProperty("text").GetString())).Should().Be(text);
    }

    [Fact]
    public async Task Send_WithoutDeliveryReport_LeavesSrrClear()
    {
        var parts = await SendAndDecodeAsync(new SmsMessage { To = "+46708251358", Text = "no report", RequestDeliveryReport = false });

        parts.Should().ContainSingle().Which.Theirs.GetProperty("statusReportRequest").GetInt32().Should().Be(0);
    }

    [Theory]
    [InlineData("+46708251358", "46708251358", "91")] // international, ISDN plan
    [InlineData("0708251358", "0708251358", "81")] // unknown type (national as dialled), ISDN plan
    public async Task Send_ToNationalAndInternationalRecipients_EncodesTheAddressNodePduReads(string to, string digits, string type)
    {
        var parts = await SendAndDecodeAsync(new SmsMessage { To = to, Text = "address check" });

        var theirs = parts.Should().ContainSingle().Subject.Theirs;
        theirs.GetProperty("address").GetString().Should().Be(digits);
        theirs.GetProperty("addressType").GetString().Should().Be(type);
        theirs.GetProperty("text").GetString().Should().Be("address check");
    }

    private static void AssertConcatenation(IReadOnlyList<(VirtualModemSubmission Submission, JsonElement Theirs)> parts)
    {
        // The SDK's own decoder reads the same reference from the same bytes: the two decoders agree on the UDH.
        var ourReference = VirtualModemPdus.Decode(parts[0].Submission).DecodedUserData!.Concatenation!.Value.Reference;
        for (var i = 0; i < parts.Count; i++)
        {
            var header = parts[i].Theirs.GetProperty("header");
            header.GetProperty("SEGMENTS").GetInt32().Should().Be(parts.Count);
            header.GetProperty("CURRENT").GetInt32().Should().Be(i + 1);
            header.GetProperty("POINTER").GetInt32().Should().Be(ourReference);
        }
    }

    private static async Task<IReadOnlyList<(VirtualModemSubmission Submission, JsonElement Theirs)>> SendAndDecodeAsync(SmsMessage message)
    {
        await using var h = new SenderHarness(codec: new SmsPduCodecAdapter());

        var result = await h.Sender.SendAsync(message).Within();

        result.IsAccepted.Should().BeTrue(result.NativeText);
        var submissions = h.Modem.Submissions;
        submissions.Should().HaveCount(result.SegmentCount);
        submissions.Should().OnlyContain(s => s.IsWellFormedPdu, "the AT+CMGS length must be the TPDU length");
        return [.. submissions.Select(s => (s, Theirs: NodePdu.Decode(s.Input)))];
    }
}
