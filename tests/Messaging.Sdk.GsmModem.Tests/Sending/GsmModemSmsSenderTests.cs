namespace Messaging.Sdk.GsmModem.Tests.Sending;

public sealed class GsmModemSmsSenderTests
{
    private static SmsMessage Message(string text = "hello", bool report = false, Uri? callback = null)
        => new() { To = "+46708251358", Text = text, RequestDeliveryReport = report, DeliveryReportUrl = callback };

    [Fact]
    public async Task Send_WhenTheModemAnswersCmgs_IsAcceptedWithTheModemNameAndMessageReference()
    {
        await using var h = new SenderHarness();

        var result = await h.Sender.SendAsync(Message()).Within();

        result.Status.Should().Be(SendStatus.Accepted);
        result.SegmentIds.Should().Equal("vm0:1");
        result.Transport.Should().Be("gsmmodem");
        result.SenderName.Should().Be("modem-test");
        h.Modem.Submissions.Should().ContainSingle().Which.IsWellFormedPdu.Should().BeTrue();
    }

    [Fact]
    public async Task Send_Multipart_SendsEverySegmentThroughOneModemAndReturnsEachReference()
    {
        await using var h = new SenderHarness();

        var result = await h.Sender.SendAsync(Message(new string('a', 25))).Within();

        result.SegmentIds.Should().Equal("vm0:1", "vm0:2", "vm0:3");
        result.SegmentCount.Should().Be(3);
        result.Segments.Select(s => (s.Sequence, s.Status, s.MessageId)).Should().Equal((1, SendStatus.Accepted, "vm0:1"), (2, SendStatus.Accepted, "vm0:2"), (3, SendStatus.Accepted, "vm0:3"));
        h.Modem.Submissions.Should().HaveCount(3);
    }

    [Fact]
    public async Task Send_WhenAReportIsWanted_SetsTpSrr()
    {
        await using var h = new SenderHarness();

        await h.Sender.SendAsync(Message(report: true)).Within();

        h.Modem.Submissions.Single().RequestsStatusReport.Should().BeTrue();
    }

    [Theory]
    [InlineData(42)]
    [InlineData(332)]
    [InlineData(322)]
    public async Task Send_WhenTheModemReportsATransientCmsError_RetriesAndSucceeds(int code)
    {
        await using var h = new SenderHarness();
        h.Modem.FailNextSubmit(code);

        var result = await h.Sender.SendAsync(Message()).Within();

        result.Status.Should().Be(SendStatus.Accepted);
        result.Attempts.Should().Be(2);
        h.Modem.Submissions.Should().HaveCount(1);
    }

    [Fact]
    public async Task Send_WhenTransientErrorsOutlastTheRetries_IsRejectedAsTransient()
    {
        await using var h = new SenderHarness(retries: 1);
        h.Modem.FailNextSubmit(42, count: 5);

        var result = await h.Sender.SendAsync(Message()).Within();

        result.Status.Should().Be(SendStatus.Rejected);
        result.NativeCode.Should().Be(42);
        result.NativeText.Should().Be("congestion");
        result.IsTransient.Should().BeTrue();
        result.Attempts.Should().Be(2);
    }

    [Fact]
    public async Task Send_WhenTheModemReportsAPermanentCmsError_IsRejectedWithoutRetry()
    {
        await using var h = new SenderHarness();
        h.Modem.FailNextSubmit(21);

        var result = await h.Sender.SendAsync(Message()).Within();

        result.Status.Should().Be(SendStatus.Rejected);
        result.NativeCode.Should().Be(21);
        result.NativeText.Should().Be("short message transfer rejected");
        result.Attempts.Should().Be(1);
    }

    [Fact]
    public async Task Send_WhenALaterSegmentFails_IsRejectedWithoutResendingTheEarlierOnes()
    {
        await using var h = new SenderHarness();
        h.Modem.FailNextSubmit(42, skip: 1);

        var result = await h.Sender.SendAsync(Message(new string('b', 25))).Within();

        result.Status.Should().Be(SendStatus.Rejected);
        result.NativeCode.Should().Be(42);
        result.IsTransient.Should().BeFalse("retrying would send the first segment twice");
        result.NativeText.Should().Contain("segment 2");
        result.SegmentIds.Should().Equal("vm0:1");
        result.Attempts.Should().Be(1);
        result.Segments.Should().Equal(
            new SmsSegmentResult(1, SendStatus.Accepted, "vm0:1", null, null),
            new SmsSegmentResult(2, SendStatus.Rejected, null, 42, "congestion"),
            new SmsSegmentResult(3, SendStatus.Rejected, null, null, "not sent"));
        h.Modem.Submissions.Should().HaveCount(1);
    }

    [Fact]
    public async Task Send_CancelledAfterThePduWasWritten_IsUnknownNotAnException()
    {
        await using var h = new SenderHarness();
        await h.Sender.StartAsync().Within();
        h.Modem.SendLatency = TimeSpan.FromMinutes(1); // fake time: +CMGS does not come until the test advances it
        using var cts = new CancellationTokenSource();
        h.Modem.InputReceived += _ => cts.Cancel();

        var result = await h.Sender.SendAsync(Message(), cts.Token).Within();

        result.Status.Should().Be(SendStatus.Unknown);
        result.Attempts.Should().Be(1);
        result.SegmentIds.Should().BeEmpty();
        result.Segments.Should().ContainSingle().Which.Status.Should().Be(SendStatus.Unknown);
        h.Modem.Commands.Count(c => c.StartsWith("AT+CMGS", StringComparison.Ordinal)).Should().Be(1);
        h.Sender.Health.Single().State.Should().Be(ModemState.Ready, "a caller giving up is not a modem failure");
    }

    [Fact]
    public async Task Send_Multipart_CancelledWhileASegmentAwaitsItsAnswer_ReportsEachSegmentsFate()
    {
        await using var h = new SenderHarness();
        await h.Sender.StartAsync().Within();
        using var cts = new CancellationTokenSource();
        var inputs = 0;
        h.Modem.InputReceived += _ =>
        {
            if (Interlocked.Increment(ref inputs) == 2)
            {
                h.Modem.SendLatency = TimeSpan.FromMinutes(1);
                cts.Cancel();
            }
        };

        var result = await h.Sender.SendAsync(Message(new string('d', 25)), cts.Token).Within();

        result.Status.Should().Be(SendStatus.Unknown, "segment 2 was written and may be on its way");
        result.SegmentIds.Should().Equal("vm0:1");
        result.SegmentCount.Should().Be(3);
        result.Segments.Select(s => (s.Sequence, s.Status, s.MessageId)).Should().Equal(
            (1, SendStatus.Accepted, "vm0:1"),
            (2, SendStatus.Unknown, null),
            (3, SendStatus.Rejected, null));
        result.Segments[2].NativeText.Should().Be("not sent");
        result.Attempts.Should().Be(1);
        h.Modem.Commands.Count(c => c.StartsWith("AT+CMGS", StringComparison.Ordinal)).Should().Be(2);
    }

    [Fact]
    public async Task Send_Multipart_CancelledBeforeTheNextSegmentWasWritten_ReportsTheSentOnesAndSendsNothingAgain()
    {
        await using var h = new SenderHarness();
        await h.Sender.StartAsync().Within();
        using var cts = new CancellationTokenSource();
        var cmgs = 0;
        h.Modem.CommandReceived += c =>
        {
            // The second AT+CMGS waits for its prompt: nothing of segment 2 is written yet.
            if (c.StartsWith("AT+CMGS", StringComparison.Ordinal) && Interlocked.Increment(ref cmgs) == 2)
            {
                cts.Cancel();
            }
        };

        var result = await h.Sender.SendAsync(Message(new string('e', 25)), cts.Token).Within();

        result.Status.Should().Be(SendStatus.Rejected);
        result.IsTransient.Should().BeFalse("a retry would send segment 1 again");
        result.NativeText.Should().Contain("cancelled after 1 of 3");
        result.SegmentIds.Should().Equal("vm0:1");
        result.Segments.Select(s => (s.Sequence, s.Status, s.MessageId)).Should().Equal(
            (1, SendStatus.Accepted, "vm0:1"),
            (2, SendStatus.Rejected, null),
            (3, SendStatus.Rejected, null));
        result.Attempts.Should().Be(1);

        // The modem left the prompt without sending (ESC); the next message goes out normally.
        (await h.Sender.SendAsync(Message()).Within()).Status.Should().Be(SendStatus.Accepted);
        h.Modem.Submissions.Should().HaveCount(2);
    }

    [Fact]
    public async Task Send_WhenThePortClosesAfterThePduWasWritten_IsUnknownAndNotResent()
    {
        await using var h = new SenderHarness();
        await h.Sender.StartAsync().Within();
        h.Modem.SendLatency = TimeSpan.FromMinutes(1);
        Task? closed = null;
        h.Modem.InputReceived += _ => closed = h.Modem.DisposeAsync().AsTask();

        var result = await h.Sender.SendAsync(Message()).Within();
        await closed!.Within();

        result.Status.Should().Be(SendStatus.Unknown, "the modem had the whole PDU when the port went");
        result.Attempts.Should().Be(1);
        h.Modem.Commands.Count(c => c.StartsWith("AT+CMGS", StringComparison.Ordinal)).Should().Be(1);
    }

    [Fact]
    public async Task Send_Multipart_WhenTheModemStopsBeforeTheNextPdu_IsRejectedWithTheSentSegmentsAndNotResent()
    {
        await using var h = new SenderHarness();
        await h.Sender.StartAsync().Within();
        h.Modem.InputReceived += _ => h.Modem.WithholdNextPrompt();

        var send = h.Sender.SendAsync(Message(new string('f', 25)));
        await h.Time.AdvanceUntilAsync(send, TimeSpan.FromSeconds(1));
        var result = await send;

        result.Status.Should().Be(SendStatus.Rejected, "segment 2 was never written, so nothing is in doubt");
        result.IsTransient.Should().BeFalse("a retry would send segment 1 again");
        result.SegmentIds.Should().Equal("vm0:1");
        result.Segments.Select(s => (s.Sequence, s.Status, s.NativeText)).Should().Equal(
            (1, SendStatus.Accepted, (string?)null),
            (2, SendStatus.Rejected, "not sent"),
            (3, SendStatus.Rejected, "not sent"));
        result.Attempts.Should().Be(1);
        h.Modem.Submissions.Should().ContainSingle();
    }

    [Fact]
    public async Task Send_CancelledBeforeAnythingWasWritten_Throws()
    {
        await using var h = new SenderHarness();
        await h.Sender.StartAsync().Within();
        using var cts = new CancellationTokenSource();
        h.Modem.CommandReceived += c =>
        {
            if (c.StartsWith("AT+CMGS", StringComparison.Ordinal))
            {
                cts.Cancel();
            }
        };

        await h.Sender.Invoking(s => s.SendAsync(Message(), cts.Token).Within()).Should().ThrowAsync<OperationCanceledException>();

        h.Modem.Submissions.Should().BeEmpty();
        (await h.Sender.SendAsync(Message()).Within()).Status.Should().Be(SendStatus.Accepted, "the prompt was left with ESC, not filled");
        h.Modem.Submissions.Should().ContainSingle();
    }

    [Fact]
    public async Task Send_WhenTheModemGoesSilentAfterThePdu_IsUnknownAndNotResent()
    {
        await using var h = new SenderHarness();
        await h.Sender.StartAsync().Within();
        h.Modem.IgnoreNext("AT+CMGS");
        var pduWritten = new TaskCompletionSource();
        h.Modem.InputReceived += _ => pduWritten.TrySetResult();

        var send = h.Sender.SendAsync(Message());
        await pduWritten.Task.Within();
        await h.Time.AdvanceUntilAsync(send, TimeSpan.FromSeconds(5));
        var result = await send;

        result.Status.Should().Be(SendStatus.Unknown);
        result.Attempts.Should().Be(1);
        h.Modem.Commands.Count(c => c.StartsWith("AT+CMGS", StringComparison.Ordinal)).Should().Be(1);
    }

    [Fact]
    public async Task Send_WhenCmtiArrivesBetweenCmgsAndItsAnswer_SucceedsAndTheIncomingMessageIsDelivered()
    {
        await using var h = new SenderHarness();
        await h.Sender.StartAsync().Within();
        var index = h.Modem.Store(FakeCodec.Deliver("46700000001", "reply"));
        h.Modem.InjectIntoNextResponse("AT+CMGS", $"+CMTI: \"SM\",{index}");

        var result = await h.Sender.SendAsync(Message()).Within();

        result.Status.Should().Be(SendStatus.Accepted);
        var incoming = await h.Handlers.Incoming.Reader.ReadAsync().AsTask().Within();
        incoming.Text.Should().Be("reply");
        incoming.From.ToString().Should().Be("46700000001");
        incoming.SenderName.Should().Be("modem-test");
    }

    [Fact]
    public async Task Incoming_ConcatenatedParts_AreReassembledInOrder()
    {
        await using var h = new SenderHarness();
        await h.Sender.StartAsync().Within();

        await h.Modem.ReceiveAsync(FakeCodec.Deliver("46700000001", " world", reference: 9, total: 2, sequence: 2));
        await h.Modem.ReceiveAsync(FakeCodec.Deliver("46700000001", "hello", reference: 9, total: 2, sequence: 1));

        (await h.Handlers.Incoming.Reader.ReadAsync().AsTask().Within()).Text.Should().Be("hello world");
    }

    [Fact]
    public async Task StatusReport_IsCorrelatedByReferenceAndRecipient()
    {
        await using var h = new SenderHarness();
        var result = await h.Sender.SendAsync(Message(report: true)).Within();

        await h.Modem.EmitStatusReportAsync(FakeCodec.StatusReport(h.Modem.Submissions.Single().MessageReference, 0x00, "46708251358"));

        var report = await h.Handlers.Reports.Reader.ReadAsync().AsTask().Within();
        report.MessageId.Should().Be(result.MessageId);
        report.State.Should().Be(DeliveryState.Delivered);
        report.Recipient!.ToString().Should().Be("+46708251358");
        report.SenderName.Should().Be("modem-test");
    }

    [Fact]
    public async Task StatusReport_ForAMultipartMessage_IsMergedOnceEveryPartIsFinal()
    {
        await using var h = new SenderHarness();
        var result = await h.Sender.SendAsync(Message(new string('c', 15), report: true)).Within();
        result.SegmentIds.Should().Equal("vm0:1", "vm0:2");

        await h.Modem.EmitStatusReportAsync(FakeCodec.StatusReport(1, 0x00, "46708251358"));
        await h.Modem.StoreStatusReportAsync(FakeCodec.StatusReport(2, 0x00, "46708251358"));

        var report = await h.Handlers.Reports.Reader.ReadAsync().AsTask().Within();
        report.MessageId.Should().Be("vm0:1");
        report.State.Should().Be(DeliveryState.Delivered);
        report.Segments.Select(s => s.MessageId).Should().Equal("vm0:1", "vm0:2");

        // The modem's events are handled in order: once a later incoming message is through, a second report would be too.
        await h.Modem.ReceiveAsync(FakeCodec.Deliver("46700000001", "marker"));
        (await h.Handlers.Incoming.Reader.ReadAsync().AsTask().Within()).Text.Should().Be("marker");
        h.Handlers.Reports.Reader.TryRead(out _).Should().BeFalse("the two parts make one merged report");
    }

    [Fact]
    public async Task StatusReport_WhenOnePartFails_ReportsTheMessageAsFailed()
    {
        await using var h = new SenderHarness();
        await h.Sender.SendAsync(Message(new string('c', 15), report: true)).Within();

        await h.Modem.EmitStatusReportAsync(FakeCodec.StatusReport(2, 0x46, "46708251358"));

        var report = await h.Handlers.Reports.Reader.ReadAsync().AsTask().Within();
        report.MessageId.Should().Be("vm0:1");
        report.State.Should().Be(DeliveryState.Expired);
        report.ErrorCode.Should().Be(0x46);
    }

    [Fact]
    public async Task Send_InTextModeFallback_SendsTheTextWithCmgsAndTheNumber()
    {
        await using var h = new SenderHarness();
        h.Modem.SupportsPduMode = false;

        var result = await h.Sender.SendAsync(Message("plain text", report: true)).Within();

        result.Status.Should().Be(SendStatus.Accepted);
        var submission = h.Modem.Submissions.Single();
        submission.MessageFormat.Should().Be(1);
        submission.Input.Should().Be("plain text");
        submission.CommandArgument.Should().Be("+46708251358");
        h.Modem.Commands.Should().Contain("AT+CSMP=49,167,0,0");
    }

    [Theory]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789X", "161 GSM 7-bit septets")]
    [InlineData("{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{", "162 GSM 7-bit septets")]
    [InlineData("caf\u00e9", "U+00E9 at index 3")]
    [InlineData("cut\u001Ahere", "U+001A at index 3")]
    [InlineData("quote `x`", "'`' at index 6")]
    public async Task Send_InTextMode_WhatTextModeCannotCarry_IsRejectedWithTheReasonAndTheFix(string text, string reason)
    {
        await using var h = new SenderHarness();
        h.Modem.SupportsPduMode = false;

        var result = await h.Sender.SendAsync(Message(System.Text.RegularExpressions.Regex.Unescape(text))).Within();

        result.Status.Should().Be(SendStatus.Rejected);
        result.IsTransient.Should().BeFalse();
        result.NativeText.Should().Contain("Modem 'vm0' is in text mode because it refused PDU mode (AT+CMGF=0)")
            .And.Contain(reason)
            .And.Contain("send it through a modem that supports PDU mode");
        h.Modem.Submissions.Should().BeEmpty();
    }

    [Fact]
    public async Task Send_InTextMode_At160Septets_IsSent()
    {
        await using var h = new SenderHarness();
        h.Modem.SupportsPduMode = false;
        var text = new string('a', 158) + "{";

        var result = await h.Sender.SendAsync(Message(text)).Within();

        result.Status.Should().Be(SendStatus.Accepted);
        h.Modem.Submissions.Single().Input.Should().Be(text);
    }

    [Fact]
    public async Task Send_WhenPreferPduModeIsFalse_UsesTextModeAndNamesTheOptionWhenItCannotSend()
    {
        await using var h = new SenderHarness(configure: o => o.PreferPduMode = false);

        var result = await h.Sender.SendAsync(Message(new string('a', 200))).Within();

        result.Status.Should().Be(SendStatus.Rejected);
        result.NativeText.Should().Contain("GsmModemOptions.PreferPduMode is false").And.Contain("set PreferPduMode to true");
        h.Modem.Commands.Should().NotContain("AT+CMGF=0").And.Contain("AT+CMGF=1").And.Contain("AT+CSCS=\"IRA\"");
    }

    [Fact]
    public async Task Send_InTextMode_SetsTheAskedValidityWithCsmp()
    {
        await using var h = new SenderHarness();
        h.Modem.SupportsPduMode = false;

        await h.Sender.SendAsync(Message() with { ValidityPeriod = TimeSpan.FromHours(1) }).Within();

        h.Modem.Commands.Should().Contain("AT+CSMP=17,11,0,0", "0x0B = (11 + 1) x 5 minutes");
    }

    [Fact]
    public async Task Send_WhenNoModemCanBeInitialised_ThrowsATransportError()
    {
        await using var h = new SenderHarness(retries: 0);
        h.Modem.RegistrationStatus = 3;

        var ex = (await h.Sender.Invoking(s => s.SendAsync(Message()).Within()).Should().ThrowAsync<MessagingTransportException>()).Which;

        ex.Message.Should().Contain("denied");
    }

    [Fact]
    public async Task Send_InvalidMessage_ThrowsBeforeAnyIo()
    {
        await using var h = new SenderHarness();

        await h.Sender.Invoking(s => s.SendAsync(new SmsMessage { Text = "x" })).Should().ThrowAsync<MessageValidationException>();

        h.Modem.Commands.Should().BeEmpty();
    }
}
