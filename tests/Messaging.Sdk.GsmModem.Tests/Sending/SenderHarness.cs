using System.Text;
using System.Threading.Channels;
using Messaging.Sdk.Resilience;
using Messaging.Sdk.Testing.GsmModem;
using Messaging.Sdk.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Polly;

namespace Messaging.Sdk.GsmModem.Tests.Sending;

/// <summary>A stand-in for the SDK's PDU codec so the transport's own logic can be tested on its own: it splits the text every
/// 10 characters and sends each part as the 23.040 reference SMS-SUBMIT; status reports use a tiny private layout
/// [0x06, MR, TP-ST, recipient ASCII digits...].</summary>
internal sealed class FakeCodec : IModemPduCodec
{
    public const string SubmitVector = "0011000B916407281553F80000AA0AE8329BFD4697D9EC37";

    public IReadOnlyList<ModemSubmitPdu> EncodeSubmit(SmsMessage message, bool requestStatusReport)
    {
        var parts = Math.Max(1, (message.Text.Length + 9) / 10);
        var hex = requestStatusReport ? "0031" + SubmitVector[4..] : SubmitVector;
        return [.. Enumerable.Repeat(new ModemSubmitPdu(hex, (hex.Length / 2) - 1), parts)];
    }

    public ModemStatusReport DecodeStatusReport(byte[] tpdu)
        => new(tpdu[1], Encoding.ASCII.GetString(tpdu, 3, tpdu.Length - 3), null, null, tpdu[2]);

    public ModemDeliver DecodeDeliver(byte[] tpdu)
    {
        // [0x04, ref, total, seq, ASCII originator(11), ASCII text]
        var originator = Encoding.ASCII.GetString(tpdu, 4, 11);
        var text = Encoding.ASCII.GetString(tpdu, 15, tpdu.Length - 15);
        return tpdu[2] > 1 ? new ModemDeliver(originator, text, null, tpdu[1], tpdu[2], tpdu[3]) : new ModemDeliver(originator, text, null);
    }

    public static string StatusReport(int reference, int status, string recipientDigits)
        => Convert.ToHexString([0x06, (byte)reference, (byte)status, .. Encoding.ASCII.GetBytes(recipientDigits)]);

    public static string Deliver(string originator, string text, int reference = 0, int total = 1, int sequence = 1)
        => "00" + Convert.ToHexString([0x04, (byte)reference, (byte)total, (byte)sequence, .. Encoding.ASCII.GetBytes(originator), .. Encoding.ASCII.GetBytes(text)]);
}

internal sealed class ChannelHandlers : IDeliveryReportHandler, IIncomingSmsHandler
{
    public Channel<DeliveryReport> Reports { get; } = Channel.CreateUnbounded<DeliveryReport>();

    public Channel<IncomingSms> Incoming { get; } = Channel.CreateUnbounded<IncomingSms>();

    /// <summary>The messages the handler failed on while <see cref="FailIncoming"/> was set.</summary>
    public Channel<IncomingSms> Failed { get; } = Channel.CreateUnbounded<IncomingSms>();

    /// <summary>While set, the incoming-message handler throws: plays a host whose handler failed.</summary>
    public bool FailIncoming { get; set; }

    public ValueTask HandleAsync(DeliveryReport report, CancellationToken cancellationToken)
    {
        Reports.Writer.TryWrite(report);
        return ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(IncomingSms message, CancellationToken cancellationToken)
    {
        if (FailIncoming)
        {
            Failed.Writer.TryWrite(message);
            throw new InvalidOperationException("The handler failed.");
        }

        Incoming.Writer.TryWrite(message);
        return ValueTask.CompletedTask;
    }
}

/// <summary>A GSM modem sender over N VirtualModems with the fake codec and a retry pipeline without delays.</summary>
internal sealed class SenderHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly ResiliencePipeline _pipeline;
    private readonly IModemPduCodec _codec;

    public SenderHarness(int modems = 1, Action<GsmModemOptions>? configure = null, int retries = 2, IModemPduCodec? codec = null)
    {
        Time = new FakeTimeProvider();
        Modems = [.. Enumerable.Range(0, modems).Select(_ => new VirtualModem(Time))];
        Options = new GsmModemOptions
        {
            ChannelFactory = i => Modems[i].CreateChannel($"vm{i}"),
            ChannelCount = modems,
            CommandTimeout = TimeSpan.FromSeconds(5),
            SendTimeout = TimeSpan.FromSeconds(30),
            ReinitializeDelay = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(Options);
        var collection = new ServiceCollection();
        collection.AddSingleton(Handlers);
        collection.AddSingleton<IDeliveryReportHandler>(sp => sp.GetRequiredService<ChannelHandlers>());
        collection.AddSingleton<IIncomingSmsHandler>(sp => sp.GetRequiredService<ChannelHandlers>());
        _services = collection.BuildServiceProvider();
        Dispatcher = new DeliveryReportDispatcher(_services);
        _pipeline = new ResiliencePipelineBuilder()
            .AddDefaultRetry(new MessagingResilienceOptions { MaxRetryAttempts = retries, BaseDelay = TimeSpan.Zero, UseJitter = false })
            .Build();
        _codec = codec ?? new FakeCodec();
        Sender = NewSender();
    }

    public FakeTimeProvider Time { get; }

    public IReadOnlyList<VirtualModem> Modems { get; }

    public VirtualModem Modem => Modems[0];

    public GsmModemOptions Options { get; }

    public ChannelHandlers Handlers { get; } = new();

    public DeliveryReportDispatcher Dispatcher { get; }

    public GsmModemSmsSender Sender { get; private set; }

    /// <summary>Plays a process restart: the sender and all it held in memory go, the modems (and what their SIMs store) stay.</summary>
    public async Task RestartAsync()
    {
        await Sender.DisposeAsync();
        Sender = NewSender();
    }

    private GsmModemSmsSender NewSender()
        => new("modem-test", Options, _codec, MessageValidator.Default, _pipeline, Dispatcher, Time, NullLogger.Instance);

    public async ValueTask DisposeAsync()
    {
        await Sender.DisposeAsync();
        foreach (var modem in Modems)
        {
            await modem.DisposeAsync();
        }

        await Dispatcher.DisposeAsync();
        await _services.DisposeAsync();
    }
}
