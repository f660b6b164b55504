using Messaging.Sdk.Smpp;
using Messaging.Sdk.Testing;
using Microsoft.Extensions.Time.Testing;
using static Messaging.Sdk.Smpp.Tests.SmppTestHelpers;

namespace Messaging.Sdk.Smpp.Tests.Session;

public sealed class SmppSmsSenderTests
{
    [Fact]
    public async Task Send_WhenSmscAccepts_ReturnsAcceptedWithItsMessageIdAndInferredAddresses()
    {
        await using var smsc = await SmscSimulator.StartAsync(new() { SystemId = "esme", Password = "secret" });
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc));

        var result = await sender.SendAsync(NewSms());

        result.Status.Should().Be(SendStatus.Accepted);
        result.SegmentIds.Should().ContainSingle().Which.Should().Be(smsc.Submissions[0].MessageId);
        var submission = smsc.Submissions.Should().ContainSingle().Subject;
        submission.SourceAddress.Should().Be("MyShop");
        submission.SourceTon.Should().Be(5);
        submission.DestinationAddress.Should().Be("46708251358");
        submission.DestinationTon.Should().Be(1);
        submission.DataCoding.Should().Be(0);
        System.Text.Encoding.ASCII.GetString(submission.ShortMessage.Span).Should().Be("Hello from the tests");
    }

    [Fact]
    public async Task Send_WithBadPassword_ThrowsAuthenticationErrorNamingTheStatusWithoutThePassword()
    {
        await using var smsc = await SmscSimulator.StartAsync(new() { SystemId = "esme", Password = "right" });
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc, o => o.Password = "wrong1"));

        var act = () => sender.SendAsync(NewSms());

        var error = (await act.Should().ThrowAsync<MessagingAuthenticationException>()).Which;
        error.Message.Should().Contain("ESME_RINVPASWD").And.NotContain("wrong1");
        error.NativeCode.Should().Be(0x0E);
        smsc.SubmitCount.Should().Be(0);
    }

    [Fact]
    public async Task Send_WhenRejectedByRule_ReturnsRejectedWithTheNamedStatus()
    {
        await using var smsc = await SmscSimulator.StartAsync(new() { RejectionRule = s => s.DestinationAddress.StartsWith("4670", StringComparison.Ordinal) ? SmppCommandStatus.InvalidDestinationAddress : SmppCommandStatus.Ok });
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc));

        var rejected = await sender.SendAsync(NewSms());
        var accepted = await sender.SendAsync(NewSms(to: "+4580000000"));

        rejected.Status.Should().Be(SendStatus.Rejected);
        rejected.NativeCode.Should().Be(0x0B);
        rejected.NativeText.Should().Be("ESME_RINVDSTADR");
        rejected.IsTransient.Should().BeFalse();
        accepted.IsAccepted.Should().BeTrue();
    }

    [Fact]
    public async Task Send_WhenThrottled_BacksOffAndRetriesUntilAccepted()
    {
        await using var smsc = await SmscSimulator.StartAsync(new() { ThrottleEvery = 2 });
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc, o => o.ThrottleRetryAttempts = 50));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => sender.SendAsync(NewSms())));

        results.Should().OnlyContain(r => r.IsAccepted);
        smsc.Submissions.Count(s => s.Status == SmppCommandStatus.Throttled).Should().BeGreaterThan(0);
        smsc.Submissions.Count(s => s.Status == SmppCommandStatus.Ok).Should().Be(20);
    }

    [Fact]
    public async Task Send_WhenThrottledBeyondTheRetryBudget_ReturnsTransientRejection()
    {
        await using var smsc = await SmscSimulator.StartAsync(new() { ThrottleEvery = 1 });
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc, o => o.ThrottleRetryAttempts = 2));

        var result = await sender.SendAsync(NewSms());

        result.Status.Should().Be(SendStatus.Rejected);
        result.NativeText.Should().Be("ESME_RTHROTTLED");
        result.IsTransient.Should().BeTrue();
        smsc.SubmitCount.Should().Be(3);
    }

    [Fact]
    public async Task Send_WhenTheSmscDropsTheLinkMidWindow_AccountsForEveryMessageAndRebinds()
    {
        await using var smsc = await SmscSimulator.StartAsync(new() { DropAfterSubmits = 30, Latency = TimeSpan.FromMilliseconds(20) });
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc, o => o.WindowSize = 50));
        await sender.ConnectAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => sender.SendAsync(NewSms())));

        results.Should().HaveCount(100).And.OnlyContain(r => r.Status == SendStatus.Accepted || r.Status == SendStatus.Unknown);
        results.Should().Contain(r => r.Status == SendStatus.Unknown, "submits were in flight when the link dropped");
        var acceptedIds = results.Where(r => r.IsAccepted).Select(r => r.MessageId).ToList();
        acceptedIds.Should().OnlyHaveUniqueItems();
        smsc.Submissions.Where(s => s.Status == SmppCommandStatus.Ok).Select(s => s.MessageId).Should().Contain(acceptedIds);
        smsc.BindCount.Should().BeGreaterThanOrEqualTo(2);
        (await sender.SendAsync(NewSms())).IsAccepted.Should().BeTrue();
    }

    [Fact]
    public async Task Send_WithAtLeastOnce_ResendsWhatTheDropLostAndSaysSo()
    {
        await using var smsc = await SmscSimulator.StartAsync(new() { DropAfterSubmits = 5, Latency = TimeSpan.FromMilliseconds(20) });
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc, o => o.AtLeastOnce = true));
        await sender.ConnectAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => sender.SendAsync(NewSms())));

        results.Should().OnlyContain(r => r.IsAccepted);
        results.Should().Contain(r => r.WasResent);
    }

    [Fact]
    public async Task Send_WhenNoResponseWithinTheTimeout_ReturnsUnknownAndIgnoresTheLateResponse()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var smsc = await SmscSimulator.StartAsync(new() { Latency = TimeSpan.FromSeconds(1) });
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc, o => o.ResponseTimeout = TimeSpan.FromMilliseconds(500)), timeProvider: time);
        await sender.ConnectAsync();

        var send = sender.SendAsync(NewSms());
        await Eventually(() => smsc.SubmitCount == 1, "the submit_sm to arrive");
        time.Advance(TimeSpan.FromSeconds(1));
        var result = await send.WaitAsync(Bound);

        result.Status.Should().Be(SendStatus.Unknown);
        await Eventually(() => smsc.Submissions.Count == 1, "the late response to be written");
        var next = await sender.SendAsync(NewSms()).WaitAsync(Bound);
        next.IsAccepted.Should().BeTrue("the late response to the first request must not be taken for the second");
        next.MessageId.Should().Be(smsc.Submissions[1].MessageId);
    }

    [Fact]
    public async Task Session_AnswersTheSmscsEnquireLinkAndSendsItsOwnWhenIdle()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var smsc = await SmscSimulator.StartAsync();
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc, o => o.EnquireLinkInterval = TimeSpan.FromSeconds(30)), timeProvider: time);
        await sender.ConnectAsync();

        await smsc.SendEnquireLinkAsync();
        await Eventually(() => smsc.EnquireLinkResponseCount == 1, "enquire_link_resp from the client");
        time.Advance(TimeSpan.FromSeconds(31));
        await Eventually(() => smsc.EnquireLinkCount >= 1, "enquire_link from the client");
    }

    [Fact]
    public async Task Session_WhenEnquireLinkGoesUnanswered_DeclaresTheLinkDeadAndRebinds()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var smsc = await SmscSimulator.StartAsync(new() { AnswerEnquireLink = false });
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc, o =>
        {
            o.EnquireLinkInterval = TimeSpan.FromSeconds(30);
            o.ResponseTimeout = TimeSpan.FromSeconds(5);
        }), timeProvider: time);
        await sender.ConnectAsync();

        time.Advance(TimeSpan.FromSeconds(31));
        await Eventually(() => smsc.EnquireLinkCount >= 1, "enquire_link from the client");
        time.Advance(TimeSpan.FromSeconds(6));
        await Eventually(() => sender.Pool.Binds[0].Current is null, "the dead link to be closed");
        await Eventually(() => { time.Advance(TimeSpan.FromMilliseconds(100)); return smsc.BindCount == 2; }, "the re-bind");
    }

    [Fact]
    public async Task UnbindFromTheSmsc_IsAnsweredThenTheLinkClosesAndRebinds()
    {
        await using var smsc = await SmscSimulator.StartAsync();
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc));
        await sender.ConnectAsync();
        var first = sender.Pool.Binds[0].Current!;

        await smsc.SendUnbindAsync();

        (await first.Closed.WaitAsync(Bound)).Should().Be("unbound by the SMSC");
        await Eventually(() => smsc.UnbindResponseCount == 1, "unbind_resp at the SMSC");
        (await sender.SendAsync(NewSms()).WaitAsync(Bound)).IsAccepted.Should().BeTrue();
        smsc.BindCount.Should().Be(2);
    }

    [Fact]
    public async Task Dispose_UnbindsGracefully()
    {
        await using var smsc = await SmscSimulator.StartAsync();
        var sender = new SmppSmsSender("Default", OptionsFor(smsc));
        await sender.ConnectAsync();

        await sender.DisposeAsync();

        smsc.UnbindCount.Should().Be(1);
    }

    [Fact]
    public async Task RateLimit_SpacesSubmitsPerBind()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // The simulator answers on its own fake clock, so that every submit written stays outstanding until the test moves it.
        var smscTime = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var smsc = await SmscSimulator.StartAsync(new() { Latency = TimeSpan.FromSeconds(1) }, smscTime);
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc, o => o.MaxMessagesPerSecond = 1), timeProvider: time);
        await sender.ConnectAsync();
        var session = sender.Pool.Binds[0].Current!;

        var first = sender.SendAsync(NewSms());
        var second = sender.SendAsync(NewSms());

        // A submit is registered as outstanding synchronously when it is written; the second waits on the pacer's clock.
        session.PendingCount.Should().Be(1, "at 1 submit_sm per second the second waits for its slot");
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually(() => session.PendingCount == 2, "the second submit, once its slot has come");
        await Eventually(() => { smscTime.Advance(TimeSpan.FromSeconds(1)); return first.IsCompleted && second.IsCompleted; }, "the answers");
        (await first).IsAccepted.Should().BeTrue();
        (await second).IsAccepted.Should().BeTrue();
    }

    [Fact]
    public async Task Pool_OpensEveryBindAndSpreadsMessages()
    {
        await using var smsc = await SmscSimulator.StartAsync();
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc, o => o.BindCount = 3));
        await sender.ConnectAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 9).Select(_ => sender.SendAsync(NewSms())));

        smsc.BindCount.Should().Be(3);
        smsc.ConnectionCount.Should().Be(3);
        results.Should().OnlyContain(r => r.IsAccepted);
    }

    [Fact]
    public async Task Pool_SpreadsByLoad_ABindWithItsWindowTakenGetsNoNewMessages()
    {
        // The simulator answers after 300 ms of its own fake clock: the submits stay outstanding until the test says so.
        var smscTime = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var smsc = await SmscSimulator.StartAsync(new() { Latency = TimeSpan.FromMilliseconds(300) }, smscTime);
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc, o => (o.BindCount, o.WindowSize) = (2, 10)));
        await sender.ConnectAsync();
        var busy = sender.Pool.Binds[0];
        var idle = sender.Pool.Binds[1];
        var session = busy.Current!;

        // Six submits outstanding on the first link.
        var outstanding = Enumerable.Range(0, 6)
            .Select(_ => session.SendAsync(new Messaging.Sdk.Smpp.Pdus.ShortMessagePdu(Messaging.Sdk.Smpp.Pdus.CommandId.SubmitSm) { DestinationAddr = "46708251358", ShortMessage = "x"u8.ToArray() }, windowed: true).AsTask())
            .ToList();

        session.FreeSlots.Should().Be(4);
        Enumerable.Range(0, 5).Select(_ => sender.Pool.Next()).Should().OnlyContain(b => ReferenceEquals(b, idle), "the other link has all its slots free");

        await Eventually(() => { smscTime.Advance(TimeSpan.FromMilliseconds(300)); return outstanding.All(t => t.IsCompleted); }, "the answers");
        session.FreeSlots.Should().Be(10);
        Enumerable.Range(0, 4).Select(_ => sender.Pool.Next()).Should().Contain(busy).And.Contain(idle, "equal links take turns");
    }

    [Fact]
    public async Task Receipt_IsCorrelatedAndPublished_EvenWhenTheSmscWritesTheIdInAnotherBase()
    {
        await using var smsc = await SmscSimulator.StartAsync(new() { HexMessageIds = true, ReceiptTlvs = false });
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc));
        var received = new TaskCompletionSource<DeliveryReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        sender.DeliveryReportReceived += r => received.TrySetResult(r);

        var result = await sender.SendAsync(NewSms(receipt: true));
        var report = await received.Task.WaitAsync(Bound);

        report.MessageId.Should().Be(result.MessageId);
        report.State.Should().Be(DeliveryState.Delivered);
        report.NativeStatus.Should().Be("DELIVRD");
        report.Recipient!.Value.Should().Be("46708251358");
        await Eventually(() => smsc.DeliverResponseCount == 1, "deliver_sm_resp");
    }

    [Fact]
    public async Task MobileOriginated_IsSurfacedWithSenderAndText()
    {
        await using var smsc = await SmscSimulator.StartAsync();
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc));
        var received = new TaskCompletionSource<IncomingSms>(TaskCreationOptions.RunContinuationsAsynchronously);
        sender.MessageReceived += m => received.TrySetResult(m);
        await sender.ConnectAsync();

        await smsc.SendMobileOriginatedAsync("46700000001", "72555", ["STOP"u8.ToArray()]);
        var message = await received.Task.WaitAsync(Bound);

        message.From.Value.Should().Be("46700000001");
        message.To!.Kind.Should().Be(PhoneNumberKind.ShortCode);
        message.Text.Should().Be("STOP");
    }
}
