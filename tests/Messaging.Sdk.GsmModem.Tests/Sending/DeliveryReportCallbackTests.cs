using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Messaging.Sdk.Testing.GsmModem;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Sdk.GsmModem.Tests.Sending;

/// <summary>The whole chain as an application wires it: AddMessaging().AddGsmModem(), a VirtualModem that sends status reports,
/// and the dispatcher's named HttpClient with a recording primary handler in place of the network.</summary>
public sealed class DeliveryReportCallbackTests
{
    private static readonly Uri Callback = new("https://app.example.com/dlr?token=s3cret");

    [Fact]
    public async Task StatusReports_ForAMessageWithADeliveryReportUrl_ArePostedOnceMergedToThatUrl()
    {
        await using var modem = new VirtualModem { AutoStatusReports = true };
        var http = new RecordingHttpHandler();
        var handlers = new ChannelHandlers();
        var services = new ServiceCollection();
        services.AddSingleton<IDeliveryReportHandler>(handlers);
        services.AddMessaging().AddGsmModem("vm", o => o.ChannelFactory = _ => modem.CreateChannel("vm0"));
        services.AddHttpClient(DeliveryReportDispatcher.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => http);
        await using var provider = services.BuildServiceProvider();
        var text = string.Concat(Enumerable.Repeat("Report to my callback. ", 10));

        var result = await provider.GetRequiredService<ISmsSender>().SendAsync(new SmsMessage { To = "+46708251358", Text = text, DeliveryReportUrl = Callback }).Within();

        result.SegmentIds.Should().Equal("vm0:1", "vm0:2");
        var (uri, body) = await http.Requests.Reader.ReadAsync().AsTask().Within();
        (await handlers.Reports.Reader.ReadAsync().AsTask().Within()).MessageId.Should().Be(result.MessageId);
        uri.Should().Be(Callback);
        using var json = JsonDocument.Parse(body);
        json.RootElement.GetProperty("messageId").GetString().Should().Be(result.MessageId);
        json.RootElement.GetProperty("state").GetString().Should().Be("Delivered");
        json.RootElement.GetProperty("recipient").GetString().Should().Be("+46708251358");
        json.RootElement.GetProperty("segments").EnumerateArray().Select(s => s.GetProperty("messageId").GetString()).Should().Equal("vm0:1", "vm0:2");

        // A report for a message without a URL reaches handlers and streams only, never the previous message's URL.
        var second = await provider.GetRequiredService<ISmsSender>().SendAsync(new SmsMessage { To = "+46708251358", Text = "no url", RequestDeliveryReport = true }).Within();
        (await handlers.Reports.Reader.ReadAsync().AsTask().Within()).MessageId.Should().Be(second.MessageId);
        await provider.GetRequiredService<DeliveryReportDispatcher>().WhenCallbacksIdleAsync().Within();
        http.Requests.Reader.TryRead(out _).Should().BeFalse("the merged report is posted once and the second message has no URL");
    }

    [Fact]
    public async Task Dispose_WhileAStatusReportIsStillQueued_CompletesWithoutThrowing()
    {
        await using var modem = new VirtualModem();
        var blocking = new BlockingHandler();
        var services = new ServiceCollection();
        services.AddSingleton<IDeliveryReportHandler>(blocking);
        services.AddMessaging().AddGsmModem("vm", o => o.ChannelFactory = _ => modem.CreateChannel("vm0"));
        var provider = services.BuildServiceProvider();
        var sender = provider.GetRequiredService<ISmsSender>();
        await sender.SendAsync(new SmsMessage { To = "+46708251358", Text = "one", RequestDeliveryReport = true }).Within();
        await sender.SendAsync(new SmsMessage { To = "+46708251358", Text = "two", RequestDeliveryReport = true }).Within();

        // The first report holds the modem's event loop in the handler, so the second one is still queued when the host stops;
        // closing the port then drains it after the container is already disposed.
        await modem.EmitStatusReportAsync(VirtualModemPdus.StatusReport(1, "+46708251358"));
        await blocking.Entered.Task.Within();
        await modem.EmitStatusReportAsync(VirtualModemPdus.StatusReport(2, "+46708251358"));
        // The modem's lines are read in order: once AT+CSQ is answered, the second report is queued behind the blocked one.
        await provider.GetRequiredKeyedService<GsmModemSmsSender>("vm").CheckHealthAsync().Within();
        var disposing = provider.DisposeAsync().AsTask();
        blocking.Release.SetResult();

        await disposing.Within();
    }

    private sealed class BlockingHandler : IDeliveryReportHandler
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask HandleAsync(DeliveryReport report, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            // Like many handlers, this one does not observe cancellation, so the event loop moves on to the queued report.
            await Release.Task.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        }
    }

    private sealed class RecordingHttpHandler : HttpMessageHandler
    {
        public Channel<(Uri Uri, string Body)> Requests { get; } = Channel.CreateUnbounded<(Uri, string)>();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Writer.TryWrite((request.RequestUri!, await request.Content!.ReadAsStringAsync(cancellationToken)));
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}
