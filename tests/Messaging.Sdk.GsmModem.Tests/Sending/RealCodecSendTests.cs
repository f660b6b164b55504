using Messaging.Sdk.Sms.Encoding;
using Messaging.Sdk.Testing.GsmModem;

namespace Messaging.Sdk.GsmModem.Tests.Sending;

/// <summary>The sender with the SDK's own text engine and 23.040 codec; the VirtualModem decodes what it receives with the same codec.</summary>
public sealed class RealCodecSendTests
{
    private static readonly string LongCyrillic = string.Concat(Enumerable.Repeat("Привет, мир! ", 12));

    [Fact]
    public async Task Send_Gsm7Text_SubmitsADecodableSmsSubmit()
    {
        await using var h = new SenderHarness(codec: new SmsPduCodecAdapter());

        var result = await h.Sender.SendAsync(new SmsMessage { To = "+46708251358", Text = "hello [world] €5" }).Within();

        result.IsAccepted.Should().BeTrue();
        var submit = VirtualModemPdus.Decode(h.Modem.Submissions.Single());
        submit.DestinationAddress.ToString().Should().Be("+46708251358");
        submit.DecodedUserData!.Alphabet.Should().Be(SmsAlphabet.Gsm7);
        submit.DecodedUserData.Text.Should().Be("hello [world] €5");
        submit.StatusReportRequest.Should().BeFalse();
    }

    [Fact]
    public async Task Send_LongUcs2Text_SubmitsConcatenatedSegmentsThatReassemble()
    {
        await using var h = new SenderHarness(codec: new SmsPduCodecAdapter());

        var result = await h.Sender.SendAsync(new SmsMessage { To = "+46708251358", Text = LongCyrillic, RequestDeliveryReport = true }).Within();

        result.SegmentCount.Should().Be(3);
        result.SegmentIds.Should().Equal("vm0:1", "vm0:2", "vm0:3");
        var submits = h.Modem.Submissions.Select(VirtualModemPdus.Decode).ToList();
        submits.Should().OnlyContain(s => s.StatusReportRequest && s.HasUserDataHeader && s.DecodedUserData!.Alphabet == SmsAlphabet.Ucs2);
        submits.Select(s => s.DecodedUserData!.Concatenation!.Value.Sequence).Should().Equal(1, 2, 3);
        submits.Select(s => s.DecodedUserData!.Concatenation!.Value.Reference).Distinct().Should().ContainSingle();
        string.Concat(submits.Select(s => s.DecodedUserData!.Text)).Should().Be(LongCyrillic);
        h.Modem.Submissions.Should().OnlyContain(s => s.IsWellFormedPdu);
    }

    [Theory]
    [InlineData(VirtualModemReportMode.Direct)]
    [InlineData(VirtualModemReportMode.Stored)]
    public async Task StatusReports_FromTheModem_AreCorrelatedIntoOneDeliveryReport(VirtualModemReportMode mode)
    {
        await using var h = new SenderHarness(codec: new SmsPduCodecAdapter());
        h.Modem.AutoStatusReports = true;
        h.Modem.StatusReportMode = mode;

        var result = await h.Sender.SendAsync(new SmsMessage { To = "+46708251358", Text = LongCyrillic, RequestDeliveryReport = true }).Within();

        var report = await h.Handlers.Reports.Reader.ReadAsync().AsTask().Within();
        report.MessageId.Should().Be(result.MessageId);
        report.State.Should().Be(DeliveryState.Delivered);
        report.Recipient!.ToString().Should().Be("+46708251358");
        report.Segments.Should().HaveCount(3);
        report.DoneAt.Should().Be(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    }

    [Fact]
    public async Task StatusReport_ThatSaysExpired_IsReportedExpired()
    {
        await using var h = new SenderHarness(codec: new SmsPduCodecAdapter());
        h.Modem.AutoStatusReports = true;
        h.Modem.StatusReportFactory = s => VirtualModemPdus.StatusReport(s.MessageReference, "+46708251358", 0x46);

        await h.Sender.SendAsync(new SmsMessage { To = "+46708251358", Text = "hi", RequestDeliveryReport = true }).Within();

        var report = await h.Handlers.Reports.Reader.ReadAsync().AsTask().Within();
        report.State.Should().Be(DeliveryState.Expired);
        report.ErrorCode.Should().Be(0x46);
        report.IsFinal.Should().BeTrue();
    }

    [Fact]
    public async Task Incoming_LongMessage_IsReadReassembledAndDeleted()
    {
        await using var h = new SenderHarness(codec: new SmsPduCodecAdapter());
        await h.Sender.StartAsync().Within();
        var parts = VirtualModemPdus.Deliver("+46701234567", LongCyrillic);
        parts.Should().HaveCount(3);

        foreach (var part in parts.Reverse())
        {
            await h.Modem.ReceiveAsync(part);
        }

        var incoming = await h.Handlers.Incoming.Reader.ReadAsync().AsTask().Within();
        incoming.Text.Should().Be(LongCyrillic);
        incoming.From.ToString().Should().Be("+46701234567");
        incoming.ReceivedAt.Should().Be(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("Direct hello")]
    [InlineData("Привет, мир! Привет, мир! Привет, мир! Привет, мир! Привет, мир! Привет, мир! Привет, мир! Привет, мир!")]
    public async Task Incoming_DirectCmtDelivery_IsSurfacedWithoutTouchingStorage(string text)
    {
        await using var h = new SenderHarness(codec: new SmsPduCodecAdapter());
        await h.Sender.StartAsync().Within();

        foreach (var part in VirtualModemPdus.Deliver("+46701234567", text))
        {
            await h.Modem.DeliverDirectAsync(part);
        }

        var incoming = await h.Handlers.Incoming.Reader.ReadAsync().AsTask().Within();
        incoming.Text.Should().Be(text);
        incoming.From.ToString().Should().Be("+46701234567");
        incoming.ReceivedAt.Should().Be(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        incoming.SenderName.Should().Be("modem-test");
        h.Modem.Commands.Should().NotContain(c => c.StartsWith("AT+CMGR", StringComparison.Ordinal) || c.StartsWith("AT+CMGD", StringComparison.Ordinal));
        // The modem's events are handled in order: the next message out is the marker sent after the parts, not a fragment.
        await h.Modem.DeliverDirectAsync(VirtualModemPdus.Deliver("+46701234567", "marker").Single());
        (await h.Handlers.Incoming.Reader.ReadAsync().AsTask().Within()).Text.Should().Be("marker", "the parts make one message");
    }

    [Fact]
    public async Task Send_WhenTheTextCannotBeEncodedAsAsked_IsAValidationErrorBeforeAnyIo()
    {
        await using var h = new SenderHarness(codec: new SmsPduCodecAdapter());

        var ex = await h.Sender.Invoking(s => s.SendAsync(new SmsMessage { To = "+46708251358", Text = "Привет", Encoding = SmsEncodingHint.Gsm7 }))
            .Should().ThrowAsync<MessageValidationException>();

        ex.Which.Errors.Should().ContainSingle(e => e.Field == "Text");
        h.Modem.Commands.Should().BeEmpty();
    }
}
