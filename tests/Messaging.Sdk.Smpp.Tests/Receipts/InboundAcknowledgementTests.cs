using System.Collections.Concurrent;
using System.Text;
using Messaging.Sdk.Smpp.Pdus;
using Messaging.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Messaging.Sdk.Smpp.Tests.SmppTestHelpers;

namespace Messaging.Sdk.Smpp.Tests.Receipts;

/// <summary>deliver_sm is acknowledged only once it has been taken care of (issue 13, point 5).</summary>
public sealed class InboundAcknowledgementTests
{
    [Fact]
    public async Task ReceiptHandlerFailingOnce_SmscSeesTemporaryError_RedeliversAndTheSecondIsAcknowledged()
    {
        // The SMSC's clock is fake, so its receipt leaves only once the send has ended: a receipt that overtook the
        // submit_sm_resp would be held in memory and acknowledged at once (documented), which is another test's case.
        var smscTime = new FakeTimeProvider();
        await using var smsc = await SmscSimulator.StartAsync(new() { RedeliverOnTemporaryError = true, ReceiptDelay = TimeSpan.FromSeconds(1) }, smscTime);
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc));
        var seen = new ConcurrentQueue<DeliveryReport>();
        var failures = 1;
        sender.DeliveryReportReceived += r =>
        {
            seen.Enqueue(r);
            if (Interlocked.Decrement(ref failures) >= 0)
            {
                throw new InvalidOperationException("the database is down");
            }
        };

        var result = await sender.SendAsync(NewSms(receipt: true));
        await Eventually(() => { smscTime.Advance(TimeSpan.FromSeconds(1)); return smsc.DeliverResponseStatuses.Count == 2; }, "the receipt answered twice");

        smsc.DeliverResponseStatuses.Should().Equal(SmppCommandStatus.ReceiverTemporaryAppError, SmppCommandStatus.Ok);
        smsc.RedeliveryCount.Should().Be(1);
        seen.Should().HaveCount(2).And.OnlyContain(r => r.MessageId == result.MessageId && r.State == DeliveryState.Delivered,
            "the re-delivered receipt is published again, to the same message");
    }

    [Fact]
    public async Task IncomingSmsHandlerFailingOnce_SmscSeesTemporaryError_RedeliversAndTheHandlerGetsItAgain()
    {
        await using var smsc = await SmscSimulator.StartAsync(new() { RedeliverOnTemporaryError = true });
        var handler = new GatedIncomingHandler { FailuresLeft = 1 };
        await using var provider = Provider(smsc, handler);
        var sender = (SmppSmsSender)provider.GetRequiredService<ISmsSender>();
        await sender.ConnectAsync();

        await smsc.SendMobileOriginatedAsync("46700000001", "72555", ["STOP"u8.ToArray()]);
        await Eventually(() => smsc.DeliverResponseStatuses.Count == 2, "the message answered twice");

        smsc.DeliverResponseStatuses.Should().Equal(SmppCommandStatus.ReceiverTemporaryAppError, SmppCommandStatus.Ok);
        handler.Received.Select(m => m.Text).Should().Equal("STOP", "STOP");
    }

    [Fact]
    public async Task InboundQueueFull_AnswersMessageQueueFull_AndAcknowledgesTheOthersOnlyOnceHandled()
    {
        // The simulator's clock is fake: a refused message comes again only when the test advances it.
        var smscTime = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var smsc = await SmscSimulator.StartAsync(new() { RedeliverOnTemporaryError = true, RedeliveryDelay = TimeSpan.FromSeconds(1) }, smscTime);
        var handler = new GatedIncomingHandler { Gated = true };
        await using var provider = Provider(smsc, handler, o => o.InboundQueueCapacity = 1);
        var sender = (SmppSmsSender)provider.GetRequiredService<ISmsSender>();
        await sender.ConnectAsync();

        // Whatever fails below, the handler is let go, so that disposing the sender does not wait for it forever.
        await using var release = new GateRelease(handler.Gate);
        await smsc.SendMobileOriginatedAsync("46700000001", "72555", ["one"u8.ToArray()]);
        await handler.Entered.Task.WaitAsync(Bound);
        await smsc.SendMobileOriginatedAsync("46700000001", "72555", ["two"u8.ToArray()]);
        await smsc.SendMobileOriginatedAsync("46700000001", "72555", ["three"u8.ToArray()]);
        await Eventually(() => smsc.DeliverResponseStatuses.Count >= 1, "an answer to the message beyond the queue");

        // "one" is in its handler, "two" waits in the queue of one: neither is acknowledged while not handled.
        smsc.DeliverResponseStatuses.Should().Equal(SmppCommandStatus.MessageQueueFull);
        handler.Received.Select(m => m.Text).Should().Equal("one");
        handler.Gate.TrySetResult();
        await Eventually(() => smsc.DeliverResponseStatuses.Count == 3, "one and two acknowledged once handled");
        smsc.DeliverResponseStatuses.Should().Equal(SmppCommandStatus.MessageQueueFull, SmppCommandStatus.Ok, SmppCommandStatus.Ok);
        await Eventually(
            () =>
            {
                smscTime.Advance(TimeSpan.FromSeconds(1));
                return handler.Received.Count == 3 && smsc.DeliverResponseStatuses.Count == 4;
            },
            "three delivered again by the SMSC, handled and acknowledged");

        handler.Received.Select(m => m.Text).Should().Equal("one", "two", "three");
        smsc.DeliverResponseStatuses[3].Should().Be(SmppCommandStatus.Ok);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no:such@addr")]
    public async Task IncomingSms_FromAnUnreadableSourceAddress_IsNotAcknowledgedAsDelivered(string source)
    {
        await using var smsc = await SmscSimulator.StartAsync();
        var handler = new GatedIncomingHandler();
        await using var provider = Provider(smsc, handler);
        var sender = (SmppSmsSender)provider.GetRequiredService<ISmsSender>();
        await sender.ConnectAsync();

        await smsc.SendMobileOriginatedAsync(source, "72555", ["hello"u8.ToArray()]);
        await smsc.SendMobileOriginatedAsync("46700000001", "72555", ["after"u8.ToArray()]);
        await Eventually(() => smsc.DeliverResponseStatuses.Count == 2, "both answered");

        smsc.DeliverResponseStatuses.Should().Equal([SmppCommandStatus.ReceiverTemporaryAppError, SmppCommandStatus.Ok],
            "the SMSC keeps a message it could not hand on instead of believing it delivered");
        handler.Received.Select(m => m.Text).Should().Equal("after");
    }

    [Fact]
    public async Task LongIncomingMessage_PartsAcknowledgedOnceHeld_ALastPartWhoseHandlerFailedCompletesItAgain()
    {
        await using var smsc = await SmscSimulator.StartAsync(new() { RedeliverOnTemporaryError = true });
        var handler = new GatedIncomingHandler { FailuresLeft = 1 };
        await using var provider = Provider(smsc, handler);
        var sender = (SmppSmsSender)provider.GetRequiredService<ISmsSender>();
        await sender.ConnectAsync();

        byte[] Part(int sequence, string text) => [0x05, 0x00, 0x03, 0x2A, 0x02, (byte)sequence, .. Encoding.ASCII.GetBytes(text)];
        await smsc.SendMobileOriginatedAsync("46700000001", "72555", [Part(1, "Hello "), Part(2, "world")], udh: true);
        await Eventually(() => smsc.DeliverResponseStatuses.Count == 3, "both parts answered, the last one twice");

        smsc.DeliverResponseStatuses.Should().Equal(SmppCommandStatus.Ok, SmppCommandStatus.ReceiverTemporaryAppError, SmppCommandStatus.Ok);
        handler.Received.Select(m => m.Text).Should().Equal("Hello world", "Hello world");
    }

    [Fact]
    public async Task HostileReceipt_With60KbOfPayload_IsRefusedAndTheNextReceiptIsStillHandled()
    {
        await using var smsc = await SmscSimulator.StartAsync(new() { SendDeliveryReceipts = false });
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc, o => o.ReceiptIdFormat = SmppReceiptIdFormat.AsIs));
        var reports = new ConcurrentQueue<DeliveryReport>();
        sender.DeliveryReportReceived += reports.Enqueue;
        var result = await sender.SendAsync(NewSms(receipt: true));

        var hostile = new ShortMessagePdu(CommandId.DeliverSm) { EsmClass = 0x04, SourceAddr = "46708251358" };
        hostile.AddTlv(new Tlv(TlvTag.MessagePayload, Encoding.ASCII.GetBytes("id:" + new string('9', 60_000) + " stat:DELIVRD")));
        smsc.SendDeliver(hostile);
        smsc.SendDeliver(new ShortMessagePdu(CommandId.DeliverSm)
        {
            EsmClass = 0x04, SourceAddr = "46708251358", ShortMessage = Encoding.ASCII.GetBytes($"id:{result.MessageId} sub:001 dlvrd:001 stat:DELIVRD err:000"),
        });
        await Eventually(() => smsc.DeliverResponseStatuses.Count == 2, "both receipts answered");

        smsc.DeliverResponseStatuses.Should().Equal(SmppCommandStatus.ReceiverPermanentAppError, SmppCommandStatus.Ok);
        reports.Should().ContainSingle().Which.MessageId.Should().Be(result.MessageId);
    }

    private static ServiceProvider Provider(SmscSimulator smsc, GatedIncomingHandler handler, Action<SmppOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IIncomingSmsHandler>(handler);
        services.AddMessaging().AddSmpp(o =>
        {
            o.Host = smsc.Host;
            o.Port = smsc.Port;
            o.SystemId = "esme";
            configure?.Invoke(o);
        });
        return services.BuildServiceProvider();
    }

    private sealed class GateRelease(TaskCompletionSource gate) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            gate.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Records what it handles; fails the first <see cref="FailuresLeft"/> times; then, when <see cref="Gated"/>, waits for <see cref="Gate"/>.</summary>
    private sealed class GatedIncomingHandler : IIncomingSmsHandler
    {
        private int _failuresLeft;

        public int FailuresLeft
        {
            get => _failuresLeft;
            init => _failuresLeft = value;
        }

        public bool Gated { get; init; }

        public ConcurrentQueue<IncomingSms> Received { get; } = new();

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask HandleAsync(IncomingSms message, CancellationToken cancellationToken)
        {
            Received.Enqueue(message);
            if (Interlocked.Decrement(ref _failuresLeft) >= 0)
            {
                throw new InvalidOperationException("the database is down");
            }

            Entered.TrySetResult();
            if (Gated)
            {
                await Gate.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
