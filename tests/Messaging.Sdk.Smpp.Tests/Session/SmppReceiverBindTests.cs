using Messaging.Sdk.Smpp;
using Messaging.Sdk.Smpp.Pdus;
using Messaging.Sdk.Smpp.Session;
using Messaging.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Messaging.Sdk.Smpp.Tests.SmppTestHelpers;

namespace Messaging.Sdk.Smpp.Tests.Session;

/// <summary>A transmitter-only sender with separate bind_receiver links (<see cref="SmppOptions.ReceiverBinds"/>).</summary>
public sealed class SmppReceiverBindTests
{
    private static SmppOptions TransmitterWithReceivers(SmscSimulator smsc, int receivers = 1, Action<SmppOptions>? configure = null)
        => OptionsFor(smsc, o =>
        {
            o.BindMode = SmppBindMode.Transmitter;
            o.ReceiverBinds = receivers;
            configure?.Invoke(o);
        });

    [Fact]
    public async Task Receipt_ForALongMessageSentOnTheTransmitter_ArrivesOnTheReceiverBindCorrelatedToEverySegment()
    {
        await using var smsc = await SmscSimulator.StartAsync(new() { SystemId = "esme" });
        await using var sender = new SmppSmsSender("Default", TransmitterWithReceivers(smsc));
        var received = new TaskCompletionSource<DeliveryReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        sender.DeliveryReportReceived += r => received.TrySetResult(r);

        var result = await sender.SendAsync(NewSms(new string('a', 200), receipt: true));
        var report = await received.Task.WaitAsync(Bound);

        result.IsAccepted.Should().BeTrue();
        result.SegmentIds.Should().HaveCount(2);
        report.MessageId.Should().Be(result.MessageId);
        report.State.Should().Be(DeliveryState.Delivered);
        report.Segments.Should().HaveCount(2).And.OnlyContain(s => s.IsDelivered && s.MessageId == result.MessageId);
        smsc.CountConnections(SmppBindMode.Transmitter).Should().Be(1);
        smsc.CountConnections(SmppBindMode.Receiver).Should().Be(1);
        sender.Pool.Receivers.Should().ContainSingle().Which.Mode.Should().Be(SmppBindMode.Receiver);
        await Eventually(() => smsc.DeliverResponseCount == 2, "deliver_sm_resp for both segment receipts from the receiver bind");
    }

    [Fact]
    public async Task Receipts_ThatOvertakeTheSubmitResponses_OnTheReceiverBind_AreStillCorrelated()
    {
        // The simulator's clock is fake, so its submit_sm_resp wait until the test advances it: the receipts come first for sure.
        var smscTime = new FakeTimeProvider();
        await using var smsc = await SmscSimulator.StartAsync(new() { ReceiptBeforeResponse = true, Latency = TimeSpan.FromSeconds(1) }, smscTime);
        await using var sender = new SmppSmsSender("Default", TransmitterWithReceivers(smsc));
        var received = new TaskCompletionSource<DeliveryReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        sender.DeliveryReportReceived += r => received.TrySetResult(r);
        await sender.ConnectAsync();

        var sending = sender.SendAsync(NewSms(new string('b', 200), receipt: true));
        await Eventually(() => smsc.DeliverResponseCount == 2, "both receipts acknowledged on the receiver bind");
        sending.IsCompleted.Should().BeFalse("the submit_sm_resp are held back until the simulator's clock moves");
        smscTime.Advance(TimeSpan.FromSeconds(1));
        var result = await sending.WaitAsync(Bound);
        var report = await received.Task.WaitAsync(Bound);

        report.MessageId.Should().Be(result.MessageId);
        report.State.Should().Be(DeliveryState.Delivered);
        report.Segments.Should().HaveCount(2);
    }

    [Fact]
    public async Task Submits_NeverGoOverTheReceiverBinds()
    {
        await using var smsc = await SmscSimulator.StartAsync();
        await using var sender = new SmppSmsSender("Default", TransmitterWithReceivers(smsc, receivers: 2, o => o.BindCount = 2));
        await sender.ConnectAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => sender.SendAsync(NewSms())));
        var query = await sender.QueryAsync(results[0].MessageId!);

        results.Should().OnlyContain(r => r.IsAccepted);
        query.Status.Should().Be(SmppCommandStatus.Ok);
        smsc.SubmitCount.Should().Be(40);
        smsc.ReceiverSubmitCount.Should().Be(0);
        smsc.CountConnections(SmppBindMode.Receiver).Should().Be(2);
        sender.Pool.Binds.Should().OnlyContain(b => b.Mode == SmppBindMode.Transmitter);
    }

    [Fact]
    public async Task Simulator_RefusesASubmitOnAReceiverBind_SoTheRoutingTestAboveCanFail()
    {
        await using var smsc = await SmscSimulator.StartAsync();
        await using var bind = new SmppBind(OptionsFor(smsc), "test", TimeProvider.System, NullLogger.Instance, null, SmppBindMode.Receiver);
        var session = await bind.GetSessionAsync(CancellationToken.None);

        var response = await session.SendAsync(new ShortMessagePdu(CommandId.SubmitSm) { DestinationAddr = "46708251358", ShortMessage = "x"u8.ToArray() }, windowed: true);

        response.Status.Should().Be(SmppCommandStatus.InvalidBindStatus);
        smsc.ReceiverSubmitCount.Should().Be(1);
    }

    [Fact]
    public async Task DroppedReceiverBind_Rebinds_AndTheNextReceiptArrivesOnIt()
    {
        await using var smsc = await SmscSimulator.StartAsync();
        await using var sender = new SmppSmsSender("Default", TransmitterWithReceivers(smsc));
        var received = new TaskCompletionSource<DeliveryReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        sender.DeliveryReportReceived += r => received.TrySetResult(r);
        await sender.ConnectAsync();
        var receiver = sender.Pool.Receivers[0];

        smsc.DropConnections(SmppBindMode.Receiver);
        await Eventually(() => receiver.BindCount == 2 && receiver.Current is not null && smsc.CountConnections(SmppBindMode.Receiver) == 1, "the receiver bind to re-bind");
        var result = await sender.SendAsync(NewSms(receipt: true));
        var report = await received.Task.WaitAsync(Bound);

        report.MessageId.Should().Be(result.MessageId);
        sender.Pool.Binds[0].BindCount.Should().Be(1, "only the receiver link was dropped");
        smsc.BindCount.Should().Be(3);
    }

    [Fact]
    public async Task MobileOriginatedParts_OnTheReceiverBind_AreReassembled()
    {
        await using var smsc = await SmscSimulator.StartAsync();
        await using var sender = new SmppSmsSender("Default", TransmitterWithReceivers(smsc));
        var received = new TaskCompletionSource<IncomingSms>(TaskCreationOptions.RunContinuationsAsynchronously);
        sender.MessageReceived += m => received.TrySetResult(m);
        await sender.ConnectAsync();

        byte[] Part(int sequence, string text) => [0x05, 0x00, 0x03, 0x2A, 0x02, (byte)sequence, .. System.Text.Encoding.ASCII.GetBytes(text)];
        await smsc.SendMobileOriginatedAsync("46700000001", "72555", [Part(1, "Hello "), Part(2, "world")], udh: true);
        var message = await received.Task.WaitAsync(Bound);

        message.Text.Should().Be("Hello world");
        message.From.Value.Should().Be("46700000001");
    }

    [Fact]
    public async Task Dispose_UnbindsTheReceiverBindsToo()
    {
        await using var smsc = await SmscSimulator.StartAsync();
        var sender = new SmppSmsSender("Default", TransmitterWithReceivers(smsc, receivers: 2));
        await sender.ConnectAsync();

        await sender.DisposeAsync();

        smsc.UnbindCount.Should().Be(3);
    }

    [Fact]
    public void Validator_NamesReceiverBinds_WhenNegative_AndAllowsItWithTransmitterOrTransceiver()
    {
        var validator = new SmppOptionsValidator();
        SmppOptions Options(SmppBindMode mode, int receivers) => new() { Host = "smsc", SystemId = "esme", BindMode = mode, ReceiverBinds = receivers };

        var negative = validator.Validate("Default", Options(SmppBindMode.Transmitter, -1));

        negative.Failed.Should().BeTrue();
        negative.FailureMessage.Should().Contain("Messaging:Smpp:ReceiverBinds");
        validator.Validate("Default", Options(SmppBindMode.Transmitter, 1)).Succeeded.Should().BeTrue();
        validator.Validate("Default", Options(SmppBindMode.Transceiver, 1)).Succeeded.Should().BeTrue();
        validator.Validate("Default", Options(SmppBindMode.Receiver, 1)).Failed.Should().BeTrue();
    }
}
