using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Messaging.Sdk.Tests.Delivery;

public sealed class DeliveryReportDispatcherTests
{
    private static readonly DeliveryReport Report = new()
    {
        MessageId = "1f",
        State = DeliveryState.Delivered,
        Recipient = "+46708251358",
        NativeStatus = "DELIVRD",
        ErrorCode = 0,
        Segments = [new DeliveryReport { MessageId = "1f", State = DeliveryState.Delivered }, new DeliveryReport { MessageId = "20", State = DeliveryState.Delivered }],
    };

    [Fact]
    public async Task Publish_CallsEveryHandler_EvenWhenOneThrows()
    {
        var good = new RecordingHandler();
        await using var sp = Build(s => s.AddSingleton<IDeliveryReportHandler>(new ThrowingHandler()).AddSingleton<IDeliveryReportHandler>(good));

        await sp.GetRequiredService<DeliveryReportDispatcher>().PublishAsync(Report, null);

        good.Reports.Should().ContainSingle().Which.Should().BeSameAs(Report);
    }

    [Fact]
    public async Task Stream_ReceivesReportsPublishedAfterSubscribing()
    {
        await using var sp = Build();
        var dispatcher = sp.GetRequiredService<DeliveryReportDispatcher>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var reader = sp.GetRequiredService<IDeliveryReportSource>().ReadReportsAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        var next = reader.MoveNextAsync();

        await dispatcher.PublishAsync(Report, null);

        (await next).Should().BeTrue();
        reader.Current.MessageId.Should().Be("1f");
    }

    [Fact]
    public async Task IncomingMessages_ReachHandlersAndStream()
    {
        var handler = new RecordingIncomingHandler();
        await using var sp = Build(s => s.AddSingleton<IIncomingSmsHandler>(handler));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var reader = sp.GetRequiredService<IDeliveryReportSource>().ReadIncomingAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        var next = reader.MoveNextAsync();
        var message = new IncomingSms { From = "+46708251358", Text = "STOP" };

        await sp.GetRequiredService<DeliveryReportDispatcher>().PublishAsync(message);

        handler.Messages.Should().ContainSingle();
        (await next).Should().BeTrue();
        reader.Current.Text.Should().Be("STOP");
    }

    [Fact]
    public async Task Callback_PostsJson_ToTheMessagesUrl()
    {
        var http = new FakeHttpHandler(HttpStatusCode.OK);
        await using var sp = Build(s => s.AddHttpClient(DeliveryReportDispatcher.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => http));
        var dispatcher = sp.GetRequiredService<DeliveryReportDispatcher>();

        await dispatcher.PublishAsync(Report, new Uri("https://app.example.com/dlr?token=s3cret"));
        await dispatcher.WhenCallbacksIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var request = http.Requests.Should().ContainSingle().Which;
        request.Uri.Should().Be(new Uri("https://app.example.com/dlr?token=s3cret"));
        using var json = JsonDocument.Parse(request.Body);
        json.RootElement.GetProperty("messageId").GetString().Should().Be("1f");
        json.RootElement.GetProperty("state").GetString().Should().Be("Delivered");
        json.RootElement.GetProperty("recipient").GetString().Should().Be("+46708251358");
        json.RootElement.GetProperty("segments").GetArrayLength().Should().Be(2);
    }

    [Fact]
    public async Task Callback_IsRetried_WithBackoffFromTheTimeProvider()
    {
        var time = new TimerWatchingTimeProvider();
        var http = new FakeHttpHandler(HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        await using var sp = Build(s => s.AddSingleton<TimeProvider>(time)
                                         .Configure<DeliveryReportOptions>(o => o.CallbackRetryDelay = TimeSpan.FromSeconds(7))
                                         .AddHttpClient(DeliveryReportDispatcher.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => http));
        var dispatcher = sp.GetRequiredService<DeliveryReportDispatcher>();
        var backoff = time.WhenTimerCreated(TimeSpan.FromSeconds(7));

        await dispatcher.PublishAsync(Report, new Uri("https://app.example.com/dlr"));
        await backoff.WaitAsync(TimeSpan.FromSeconds(10));

        // The dispatcher now waits on the fake clock's back-off timer: nothing is sent until the clock moves past it.
        http.Requests.Should().HaveCount(1);
        time.Advance(TimeSpan.FromSeconds(6));
        dispatcher.WhenCallbacksIdleAsync().IsCompleted.Should().BeFalse("the back-off has not elapsed");
        http.Requests.Should().HaveCount(1);
        time.Advance(TimeSpan.FromSeconds(1));

        await dispatcher.WhenCallbacksIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        http.Requests.Should().HaveCount(2);
    }

    private static ServiceProvider Build(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddMessaging();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    private sealed class RecordingHandler : IDeliveryReportHandler
    {
        public List<DeliveryReport> Reports { get; } = [];

        public ValueTask HandleAsync(DeliveryReport report, CancellationToken cancellationToken)
        {
            Reports.Add(report);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class ThrowingHandler : IDeliveryReportHandler
    {
        public ValueTask HandleAsync(DeliveryReport report, CancellationToken cancellationToken) => throw new InvalidOperationException("handler bug");
    }

    private sealed class RecordingIncomingHandler : IIncomingSmsHandler
    {
        public List<IncomingSms> Messages { get; } = [];

        public ValueTask HandleAsync(IncomingSms message, CancellationToken cancellationToken)
        {
            Messages.Add(message);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class FakeHttpHandler(params HttpStatusCode[] statuses) : HttpMessageHandler
    {
        private readonly Queue<HttpStatusCode> _statuses = new(statuses);
        private readonly SemaphoreSlim _arrived = new(0);

        public List<(Uri Uri, string Body)> Requests { get; } = [];

        public async Task WaitForRequestsAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                (await _arrived.WaitAsync(TimeSpan.FromSeconds(10))).Should().BeTrue();
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            HttpStatusCode status;
            lock (Requests)
            {
                Requests.Add((request.RequestUri!, body));
                status = _statuses.Count > 1 ? _statuses.Dequeue() : _statuses.Peek();
            }

            _arrived.Release();
            return new HttpResponseMessage(status);
        }
    }
}
