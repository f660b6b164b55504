using Messaging.Sdk.Smpp;
using Messaging.Sdk.Testing;
using Microsoft.Extensions.Time.Testing;
using static Messaging.Sdk.Smpp.Tests.SmppTestHelpers;

namespace Messaging.Sdk.Smpp.Tests.Session;

public sealed class SmppMetricsTests
{
    [Fact]
    public async Task Send_CountsEverySubmitAndEachResponseByItsStatusName()
    {
        var name = MetricsRecorder.UniqueSender();
        using var metrics = new MetricsRecorder(name);
        await using var smsc = await SmscSimulator.StartAsync(new()
        {
            RejectionRule = s => s.DestinationAddress == "46700000000" ? SmppCommandStatus.InvalidDestinationAddress : SmppCommandStatus.Ok,
        });
        await using var sender = new SmppSmsSender(name, OptionsFor(smsc));

        for (var i = 0; i < 3; i++)
        {
            (await sender.SendAsync(NewSms())).IsAccepted.Should().BeTrue();
        }

        (await sender.SendAsync(NewSms(to: "+46700000000"))).Status.Should().Be(SendStatus.Rejected);

        metrics.Sum("messaging.sdk.smpp.submits").Should().Be(4);
        metrics.Sum("messaging.sdk.smpp.responses", "smpp.command_status", "ESME_ROK").Should().Be(3);
        metrics.Sum("messaging.sdk.smpp.responses", "smpp.command_status", "ESME_RINVDSTADR").Should().Be(1);
        metrics.Sum("messaging.sdk.smpp.unknown").Should().Be(0);
        var window = metrics.Of("messaging.sdk.smpp.window.in_flight");
        window.Where(m => m.Value > 0).Sum(m => m.Value).Should().Be(4, "each submit_sm took a window slot");
        window.Sum(m => m.Value).Should().Be(0, "every slot was given back once answered");
    }

    [Fact]
    public async Task Send_WhenTheSmscThrottles_CountsOneBackoffPerThrottlingResponse()
    {
        var name = MetricsRecorder.UniqueSender();
        using var metrics = new MetricsRecorder(name);
        await using var smsc = await SmscSimulator.StartAsync(new() { ThrottleEvery = 3 });
        await using var sender = new SmppSmsSender(name, OptionsFor(smsc, o => o.ThrottleRetryAttempts = 50));

        for (var i = 0; i < 10; i++)
        {
            (await sender.SendAsync(NewSms())).IsAccepted.Should().BeTrue();
        }

        var throttled = smsc.Submissions.Count(s => s.Status == SmppCommandStatus.Throttled);
        throttled.Should().BeGreaterThan(0);
        metrics.Sum("messaging.sdk.smpp.throttle.backoffs").Should().Be(throttled);
        metrics.Sum("messaging.sdk.smpp.responses", "smpp.command_status", "ESME_RTHROTTLED").Should().Be(throttled);
        metrics.Sum("messaging.sdk.smpp.submits").Should().Be(10 + throttled);
    }

    [Fact]
    public async Task Send_WhenTheLinkDrops_CountsTheUnknownsAndTheRebind()
    {
        var name = MetricsRecorder.UniqueSender();
        using var metrics = new MetricsRecorder(name);
        await using var smsc = await SmscSimulator.StartAsync(new() { DropAfterSubmits = 5, Latency = TimeSpan.FromMilliseconds(20) });
        await using var sender = new SmppSmsSender(name, OptionsFor(smsc, o => o.WindowSize = 20));
        await sender.ConnectAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => sender.SendAsync(NewSms())));
        (await sender.SendAsync(NewSms())).IsAccepted.Should().BeTrue("the bind healed");

        var unknown = results.Count(r => r.Status == SendStatus.Unknown);
        unknown.Should().BeGreaterThan(0);
        metrics.Sum("messaging.sdk.smpp.unknown", "smpp.outcome", "connection_lost").Should().Be(unknown);
        metrics.Sum("messaging.sdk.smpp.rebinds").Should().Be(1);
        metrics.Of("messaging.sdk.smpp.window.in_flight").Sum(m => m.Value).Should().Be(0, "slots of lost requests are given back too");
    }

    [Fact]
    public async Task Receipt_RecordsOneLatencyMeasurementForTheMessage()
    {
        var name = MetricsRecorder.UniqueSender();
        using var metrics = new MetricsRecorder(name);
        // Both clocks are fake: the receipt leaves when the simulator's clock is advanced, the latency is read on the sender's.
        var smscTime = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var senderTime = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var smsc = await SmscSimulator.StartAsync(new() { ReceiptDelay = TimeSpan.FromSeconds(2) }, smscTime);
        await using var sender = new SmppSmsSender(name, OptionsFor(smsc), timeProvider: senderTime);
        var received = new TaskCompletionSource<DeliveryReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        sender.DeliveryReportReceived += r => received.TrySetResult(r);

        (await sender.SendAsync(NewSms(receipt: true))).IsAccepted.Should().BeTrue();
        senderTime.Advance(TimeSpan.FromSeconds(3));
        smscTime.Advance(TimeSpan.FromSeconds(2));
        (await received.Task.WaitAsync(Bound)).State.Should().Be(DeliveryState.Delivered);

        metrics.Of("messaging.sdk.smpp.receipt.latency").Should().ContainSingle().Which.Value.Should().Be(3, "from the submit_sm_resp to the receipt, on the sender's clock");
        metrics.Sum("messaging.sdk.smpp.receipts.uncorrelated").Should().Be(0);
    }

    [Fact]
    public async Task Send_WhenTheResponseTimesOut_CountsAnUnknownAndFreesTheWindowSlot()
    {
        var name = MetricsRecorder.UniqueSender();
        using var metrics = new MetricsRecorder(name);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var smsc = await SmscSimulator.StartAsync(new() { Latency = TimeSpan.FromSeconds(1) });
        await using var sender = new SmppSmsSender(name, OptionsFor(smsc, o => o.ResponseTimeout = TimeSpan.FromMilliseconds(500)), timeProvider: time);
        await sender.ConnectAsync();

        var send = sender.SendAsync(NewSms());
        await Eventually(() => smsc.SubmitCount == 1, "the submit_sm to arrive");
        metrics.Of("messaging.sdk.smpp.window.in_flight").Sum(m => m.Value).Should().Be(1, "the submit_sm holds a window slot");
        time.Advance(TimeSpan.FromSeconds(1));
        (await send.WaitAsync(Bound)).Status.Should().Be(SendStatus.Unknown);

        metrics.Sum("messaging.sdk.smpp.unknown", "smpp.outcome", "timed_out").Should().Be(1);
        metrics.Sum("messaging.sdk.smpp.submits").Should().Be(1);
        metrics.Sum("messaging.sdk.smpp.responses").Should().Be(0);
        metrics.Of("messaging.sdk.smpp.window.in_flight").Sum(m => m.Value).Should().Be(0);
    }
}
