using Messaging.Sdk.Smpp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Messaging.Sdk.Smpp.Tests;

public sealed class SmppRegistrationTests
{
    [Fact]
    public async Task AddSmpp_RegistersTheDefaultSmsSender()
    {
        var services = new ServiceCollection();
        services.AddMessaging().AddSmpp(o =>
        {
            o.Host = "127.0.0.1";
            o.SystemId = "esme";
        });
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<ISmsSender>().Should().BeOfType<SmppSmsSender>();
    }

    [Fact]
    public void Validator_NamesEveryBadProperty()
    {
        var result = new SmppOptionsValidator().Validate("Default", new SmppOptions { Host = "", SystemId = "a-very-long-system-id", WindowSize = 0, ResponseTimeout = TimeSpan.Zero, BindMode = SmppBindMode.Receiver });

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("Messaging:Smpp:Host").And.Contain("SystemId").And.Contain("WindowSize").And.Contain("ResponseTimeout").And.Contain("BindMode");
    }

    [Fact]
    public void Options_ToStringNeverShowsThePassword()
        => new SmppOptions { Host = "h", SystemId = "s", Password = "topsecr" }.ToString().Should().NotContain("topsecr");

    [Theory]
    [InlineData("+46708251358", 1, 1, "46708251358")]
    [InlineData("0708251358", 2, 1, "0708251358")]
    [InlineData("72555", 3, 0, "72555")]
    [InlineData("MyShop", 5, 0, "MyShop")]
    public void Address_InfersTonAndNpi(string number, byte ton, byte npi, string value)
        => SmppSmsSender.Address(PhoneNumber.Parse(number), null, null).Should().Be((ton, npi, value));

    [Fact]
    public void Address_OverridesWin()
        => SmppSmsSender.Address(PhoneNumber.Parse("+46708251358"), 0, 0).Should().Be(((byte)0, (byte)0, "46708251358"));

    [Fact]
    public void SmppTime_FormatsRelativeAndAbsolute()
    {
        SmppTime.Relative(TimeSpan.FromHours(26) + TimeSpan.FromMinutes(5)).Should().Be("000001020500000R");
        SmppTime.Absolute(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(1))).Should().Be("260102020405000+");
    }
}

public sealed class SmppDispatchTests
{
    private sealed class Collector : IDeliveryReportHandler
    {
        public TaskCompletionSource<DeliveryReport> Received { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask HandleAsync(DeliveryReport report, CancellationToken cancellationToken)
        {
            Received.TrySetResult(report);
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task Receipt_ReachesTheRegisteredDeliveryReportHandlers()
    {
        await using var smsc = await Messaging.Sdk.Testing.SmscSimulator.StartAsync();
        var collector = new Collector();
        var services = new ServiceCollection();
        services.AddSingleton<IDeliveryReportHandler>(collector);
        services.AddMessaging().AddSmpp(o =>
        {
            o.Host = smsc.Host;
            o.Port = smsc.Port;
            o.SystemId = "esme";
        });
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<ISmsSender>().SendAsync(SmppTestHelpers.NewSms(receipt: true));
        var report = await collector.Received.Task.WaitAsync(SmppTestHelpers.Bound);

        report.MessageId.Should().Be(result.MessageId);
        report.SenderName.Should().Be("Default");
        result.Transport.Should().Be("smpp");
    }
}

public sealed class SmppCallbackTests
{
    private sealed class CapturingHandler : HttpMessageHandler
    {
        public TaskCompletionSource<(Uri Url, string Body)> Posted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Posted.TrySetResult((request.RequestUri!, await request.Content!.ReadAsStringAsync(cancellationToken)));
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Receipt_IsPostedToTheMessagesCallbackUrl()
    {
        await using var smsc = await Messaging.Sdk.Testing.SmscSimulator.StartAsync();
        var handler = new CapturingHandler();
        var services = new ServiceCollection();
        services.AddMessaging().AddSmpp(o =>
        {
            o.Host = smsc.Host;
            o.Port = smsc.Port;
            o.SystemId = "esme";
        });
        services.AddHttpClient(DeliveryReportDispatcher.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();
        var callback = new Uri("http://receipts.example.com/receipts");

        var result = await provider.GetRequiredService<ISmsSender>().SendAsync(SmppTestHelpers.NewSms() with { DeliveryReportUrl = callback });
        var (url, body) = await handler.Posted.Task.WaitAsync(SmppTestHelpers.Bound);

        url.Should().Be(callback);
        body.Should().Contain(result.MessageId!);
    }
}
