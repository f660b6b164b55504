using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Messaging.Sdk.Tests.Delivery;

/// <summary>
/// Delivery-report callbacks go where the message's sender says; these tests show they cannot be pointed at the
/// host's own network. Every test uses the dispatcher as AddMessaging() registers it (the named client with the
/// guarded primary handler), and only 127.0.0.1 servers. Refusals are asserted through the dispatcher's log, and
/// "nothing connected" through a listener's backlog after the callback has ended, never by waiting.
/// </summary>
public sealed class CallbackGuardTests
{
    private static readonly DeliveryReport Report = new() { MessageId = "7a", State = DeliveryState.Delivered, Recipient = "+46708251358" };

    [Fact]
    public async Task SsrfCallbackToLoopback_IsRefused_AndTheServerReceivesNothing()
    {
        using var listener = new SilentListener();
        var (sp, log) = Build();
        await using var _ = sp;

        await PublishAndWaitAsync(sp, new Uri($"http://127.0.0.1:{listener.Port}/internal"));

        log.Messages(DispatcherEvents.CallbackRefused).Should().ContainSingle().Which.Should().Contain("internal and not allow-listed");
        log.Messages(DispatcherEvents.CallbackAttemptFailed).Should().BeEmpty();
        listener.SomebodyConnected.Should().BeFalse();
    }

    [Fact]
    public async Task SsrfCallbackToANameThatResolvesToLoopback_IsRefusedAtConnectTime()
    {
        using var listener = new SilentListener();
        var (sp, log) = Build();
        await using var _ = sp;

        // "localhost" passes the URL check (it is a name); the connect-time check sees 127.0.0.1 / ::1 and refuses.
        await PublishAndWaitAsync(sp, new Uri($"http://localhost:{listener.Port}/internal"));

        log.Messages(DispatcherEvents.CallbackRefused).Should().ContainSingle().Which.Should().Contain("every address of the host is internal");
        listener.SomebodyConnected.Should().BeFalse();
    }

    [Theory]
    [InlineData("http://10.1.2.3/dlr")]
    [InlineData("http://172.16.0.1/dlr")]
    [InlineData("http://192.168.1.1/dlr")]
    [InlineData("http://100.64.0.1/dlr")]
    [InlineData("http://169.254.169.254/latest/meta-data/iam/security-credentials/")]
    [InlineData("http://100.100.100.200/latest/meta-data/")]
    [InlineData("http://0.0.0.0/dlr")]
    [InlineData("http://[::1]/dlr")]
    [InlineData("http://[::ffff:127.0.0.1]/dlr")]
    [InlineData("http://[::ffff:169.254.169.254]/dlr")]
    [InlineData("http://[fd00:ec2::254]/latest/meta-data/")]
    [InlineData("http://[fe80::1]/dlr")]
    [InlineData("https://[fc00::1]/dlr")]
    [InlineData("http://2130706433/dlr")]
    [InlineData("http://0x7f.1/dlr")]
    public async Task SsrfCallbackToAnInternalAddress_IsRefusedBeforeAnyRequest(string url)
    {
        var (sp, log) = Build();
        await using var _ = sp;

        await PublishAndWaitAsync(sp, new Uri(url));

        log.Messages(DispatcherEvents.CallbackRefused).Should().ContainSingle();
        log.Messages(DispatcherEvents.CallbackAttemptFailed).Should().BeEmpty();
        log.Messages(DispatcherEvents.CallbackGaveUp).Should().BeEmpty();
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://files.example.com/dlr")]
    [InlineData("gopher://app.example.com/dlr")]
    public async Task CallbackWithANonHttpScheme_IsRefusedWithoutARequest(string url)
    {
        var (sp, log) = Build();
        await using var _ = sp;

        await PublishAndWaitAsync(sp, new Uri(url));

        log.Messages(DispatcherEvents.CallbackRefused).Should().ContainSingle().Which.Should().Contain("only absolute http and https");
    }

    [Fact]
    public async Task CallbackWithARelativeUrl_IsRefused_NotAFaultedTask()
    {
        var (sp, log) = Build();
        await using var _ = sp;

        await PublishAndWaitAsync(sp, new Uri("/dlr", UriKind.Relative));

        log.Messages(DispatcherEvents.CallbackRefused).Should().ContainSingle().Which.Should().Contain("(relative URL)");
    }

    [Theory]
    [InlineData("https://user:pw@app.example.com/a@b/dlr?token=s3cret#frag", "https://app.example.com/…(path ")]
    [InlineData("http://[fd00::1]:8080/services/T00/B00/s3cret?x=1", "http://[fd00::1]:8080/…(path ")]
    public void CallbackUrlInLogs_KeepsSchemeHostAndPortOnly_ThePathAsAHash(string url, string logged)
    {
        var redacted = DeliveryReportDispatcher.Redact(new Uri(url));

        redacted.Should().StartWith(logged).And.MatchRegex(@"\(path [0-9a-f]{8}\)$").And.NotContain("s3cret").And.NotContain("pw").And.NotContain("dlr");
        DeliveryReportDispatcher.Redact(new Uri(url)).Should().Be(redacted, "one URL is shown the same way every time");
    }

    [Fact]
    public async Task GuardedHandler_RefusesALiteralLoopbackAddressAtConnectTime()
    {
        // The URL check is bypassed here on purpose: the primary handler alone must still refuse.
        using var listener = new SilentListener();
        using var client = new HttpClient(CallbackAddressGuard.CreateHandler(new DeliveryReportOptions()));

        var act = () => client.PostAsync(new Uri($"http://127.0.0.1:{listener.Port}/"), new StringContent("{}"));

        var thrown = (await act.Should().ThrowAsync<HttpRequestException>()).Which;
        CallbackAddressGuard.IsRefusal(thrown, out _).Should().BeTrue();
        listener.SomebodyConnected.Should().BeFalse();
    }

    [Fact]
    public async Task SsrfNameWithAPermittedAndAnInternalAddress_ConnectsOnlyToThePermittedOne_ResolvingOnce()
    {
        // 127.0.0.1 stands for the one permitted (allow-listed) address, 10.9.8.7 for an internal one the same name
        // also returns. The name is resolved once per connection and the vetted address is the one connected to,
        // so a DNS answer that changes between check and use (rebinding) has nothing to swap.
        await using var server = new LoopbackHttpServer((_, stream, _) => LoopbackHttpServer.Answer(stream, "200 OK"));
        var options = new DeliveryReportOptions();
        options.AllowedCallbackNetworks.Add("127.0.0.1");
        var lookups = new List<string>();
        Task<IPAddress[]> Resolve(string host, CancellationToken _)
        {
            lock (lookups)
            {
                lookups.Add(host);
            }

            return Task.FromResult(new[] { IPAddress.Parse("10.9.8.7"), IPAddress.Loopback });
        }

        using var client = new HttpClient(CallbackAddressGuard.CreateHandler(options, Resolve));

        using var response = await client.PostAsync(new Uri($"http://hooks.example.com:{server.Port}/dlr"), new StringContent("{}")).WaitAsync(TimeSpan.FromSeconds(20));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        server.Requests.Should().ContainSingle();
        lookups.Should().Equal("hooks.example.com");
    }

    [Fact]
    public async Task SsrfNameResolvingOnlyToInternalAddresses_IsRefused_WithoutConnecting()
    {
        using var listener = new SilentListener();
        using var client = new HttpClient(CallbackAddressGuard.CreateHandler(
            new DeliveryReportOptions(), (_, _) => Task.FromResult(new[] { IPAddress.Parse("169.254.169.254"), IPAddress.Loopback })));

        var act = () => client.PostAsync(new Uri($"http://metadata.example.com:{listener.Port}/"), new StringContent("{}"));

        CallbackAddressGuard.IsRefusal((await act.Should().ThrowAsync<HttpRequestException>()).Which, out var reason).Should().BeTrue();
        reason.Should().Contain("every address of the host is internal");
        listener.SomebodyConnected.Should().BeFalse();
    }

    [Fact]
    public async Task CallbackToAnAllowListedLoopbackNetwork_IsPosted()
    {
        await using var server = new LoopbackHttpServer((_, stream, _) => LoopbackHttpServer.Answer(stream, "200 OK"));
        var (sp, log) = Build(o => o.AllowedCallbackNetworks.Add("127.0.0.0/8"));
        await using var _ = sp;

        await PublishAndWaitAsync(sp, server.Url("/dlr?token=s3cret"));

        var request = server.Requests.Should().ContainSingle().Which;
        request.Method.Should().Be("POST");
        request.Target.Should().Be("/dlr?token=s3cret");
        using var json = JsonDocument.Parse(request.Body);
        json.RootElement.GetProperty("messageId").GetString().Should().Be("7a");
        log.Messages(DispatcherEvents.CallbackDelivered).Should().ContainSingle();
        log.Entries.Should().NotContain(e => e.Message.Contains("s3cret"), "the query may hold a token and is never logged");
    }

    [Fact]
    public async Task CallbackToAnAllowListedHostName_IsPosted_EvenThoughItResolvesToLoopback()
    {
        await using var server = new LoopbackHttpServer((_, stream, _) => LoopbackHttpServer.Answer(stream, "204 No Content"));
        var (sp, log) = Build(o => o.AllowedCallbackHosts.Add("LOCALHOST"));
        await using var _ = sp;

        // localhost may resolve to ::1 first, where nothing listens: the guard tries its next vetted address.
        await PublishAndWaitAsync(sp, new Uri($"http://localhost:{server.Port}/dlr"));

        server.Requests.Should().ContainSingle();
        log.Messages(DispatcherEvents.CallbackDelivered).Should().ContainSingle();
    }

    [Fact]
    public async Task SsrfRedirectFromAnAllowListedServer_IsNotFollowed()
    {
        using var target = new SilentListener();
        await using var server = new LoopbackHttpServer((_, stream, _) =>
            LoopbackHttpServer.Answer(stream, "307 Temporary Redirect", $"Location: http://127.0.0.1:{target.Port}/steal\r\n"));

        // The whole of 127/8 is allowed, so the redirect target would pass the address check: the point is that no
        // redirect is followed at all, and that a redirect is not retried.
        var (sp, log) = Build(o => o.AllowedCallbackNetworks.Add("127.0.0.0/8"));
        await using var _ = sp;

        await PublishAndWaitAsync(sp, server.Url());

        server.Requests.Should().ContainSingle();
        target.SomebodyConnected.Should().BeFalse();
        log.Messages(DispatcherEvents.RedirectNotFollowed).Should().ContainSingle().Which.Should().Contain("307");
        log.Messages(DispatcherEvents.CallbackGaveUp).Should().ContainSingle();
    }

    [Fact]
    public async Task CallbackResponseBody_IsReadOnlyUpToTheLimit()
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new LoopbackHttpServer(async (_, stream, ct) =>
        {
            // A body that never ends: a client that reads it whole never finishes.
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"), ct);
            var chunk = Encoding.ASCII.GetBytes("10000\r\n" + new string('x', 0x10000) + "\r\n");
            try
            {
                while (true)
                {
                    await stream.WriteAsync(chunk, ct);
                }
            }
            catch (IOException)
            {
                closed.TrySetResult();
            }
        });
        var (sp, log) = Build(o =>
        {
            o.AllowedCallbackNetworks.Add("127.0.0.1");
            o.MaxCallbackResponseBytes = 1024;
        });
        await using var _ = sp;

        await PublishAndWaitAsync(sp, server.Url());

        log.Messages(DispatcherEvents.CallbackDelivered).Should().ContainSingle();
        log.Messages(DispatcherEvents.CallbackAttemptFailed).Should().BeEmpty();
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task CallbackToAServerThatNeverAnswers_TimesOutOnTheTimeProvider()
    {
        var time = new FakeTimeProvider();
        await using var server = new LoopbackHttpServer((_, _, ct) => Task.Delay(Timeout.Infinite, ct));
        var (sp, log) = Build(
            o =>
            {
                o.AllowedCallbackNetworks.Add("127.0.0.1");
                o.CallbackAttempts = 1;
                o.CallbackTimeout = TimeSpan.FromMinutes(10);
            },
            time);
        await using var _ = sp;
        var dispatcher = sp.GetRequiredService<DeliveryReportDispatcher>();

        await dispatcher.PublishAsync(Report, server.Url());
        await server.WaitForRequestAsync();
        var idle = dispatcher.WhenCallbacksIdleAsync();
        idle.IsCompleted.Should().BeFalse("the server has not answered and no time has passed");
        time.Advance(TimeSpan.FromMinutes(10));
        await idle.WaitAsync(TimeSpan.FromSeconds(20));

        log.Messages(DispatcherEvents.CallbackAttemptFailed).Should().ContainSingle().Which.Should().Contain("timed out");
        log.Messages(DispatcherEvents.CallbackGaveUp).Should().ContainSingle();
    }

    [Fact]
    public async Task CallbacksBeyondMaxPendingCallbacks_AreNotStarted_AndThatIsLogged()
    {
        var http = new GatedHttpHandler();
        var (sp, log) = Build(o => o.MaxPendingCallbacks = 2, configureServices: s => s.AddHttpClient(DeliveryReportDispatcher.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => http));
        await using var _ = sp;
        var dispatcher = sp.GetRequiredService<DeliveryReportDispatcher>();

        // A server that never answers holds every callback: the third one finds the pending set full.
        for (var i = 0; i < 3; i++)
        {
            (await dispatcher.PublishAsync(Report with { MessageId = $"m{i}" }, new Uri("https://tarpit.example.com/dlr"))).Should().BeTrue("handlers and streams still get the report");
        }

        log.Messages(DispatcherEvents.CallbackDropped).Should().ContainSingle().Which.Should().Contain("m2");
        http.Open();
        await dispatcher.WhenCallbacksIdleAsync().WaitAsync(TimeSpan.FromSeconds(20));
        http.Entered.Should().Be(2);
    }

    [Fact]
    public async Task Callbacks_RunAtMostMaxConcurrentCallbacksAtOnce()
    {
        var http = new GatedHttpHandler();
        var (sp, log) = Build(o => o.MaxConcurrentCallbacks = 1, configureServices: s => s.AddHttpClient(DeliveryReportDispatcher.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => http));
        await using var _ = sp;
        var dispatcher = sp.GetRequiredService<DeliveryReportDispatcher>();

        for (var i = 0; i < 3; i++)
        {
            await dispatcher.PublishAsync(Report with { MessageId = $"m{i}" }, new Uri("https://app.example.com/dlr"));
        }

        // The slot is taken on the publishing thread: one callback holds it, the other two are parked on it.
        dispatcher.CallbacksWaitingForASlot.Should().Be(2);
        await http.WhenEnteredAsync(1);
        http.Open();
        await dispatcher.WhenCallbacksIdleAsync().WaitAsync(TimeSpan.FromSeconds(20));

        http.Entered.Should().Be(3);
        http.MaxConcurrent.Should().Be(1);
        log.Messages(DispatcherEvents.CallbackDelivered).Should().HaveCount(3);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("10.0.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.0.1")]
    [InlineData("100.64.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("192.0.0.192")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:7f00:1::")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("fc00::1")]
    [InlineData("ff02::1")]
    public void Guard_TreatsTheAddressAsInternal(string address)
        => CallbackAddressGuard.IsInternal(IPAddress.Parse(address)).Should().BeTrue();

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Guard_LetsAPublicAddressThrough(string address)
        => CallbackAddressGuard.IsInternal(IPAddress.Parse(address)).Should().BeFalse();

    [Fact]
    public void Guard_AllowListedNetwork_PermitsOnlyThatNetwork()
    {
        var options = new DeliveryReportOptions();
        options.AllowedCallbackNetworks.Add("10.20.0.0/16");
        options.AllowedCallbackNetworks.Add("::1");
        var guard = new CallbackAddressGuard(options);

        guard.IsPermitted(IPAddress.Parse("10.20.3.4")).Should().BeTrue();
        guard.IsPermitted(IPAddress.Parse("::ffff:10.20.3.4")).Should().BeTrue();
        guard.IsPermitted(IPAddress.Parse("::1")).Should().BeTrue();
        guard.IsPermitted(IPAddress.Parse("10.21.0.1")).Should().BeFalse();
        guard.IsPermitted(IPAddress.Parse("127.0.0.1")).Should().BeFalse();
    }

    [Fact]
    public void AllowLists_BindFromTheDeliveryReportsSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Messaging:DeliveryReports:AllowedCallbackHosts:0"] = "dlr.internal",
            ["Messaging:DeliveryReports:AllowedCallbackNetworks:0"] = "10.20.0.0/16",
            ["Messaging:DeliveryReports:AllowedCallbackNetworks:1"] = "fd12::/64",
            ["Messaging:DeliveryReports:MaxConcurrentHandlers"] = "4",
        }).Build();
        var services = new ServiceCollection();
        services.AddMessaging(configuration.GetSection("Messaging"));
        using var sp = services.BuildServiceProvider();

        var options = sp.GetRequiredService<IOptions<DeliveryReportOptions>>().Value;

        options.AllowedCallbackHosts.Should().Equal("dlr.internal");
        options.AllowedCallbackNetworks.Should().Equal("10.20.0.0/16", "fd12::/64");
        options.MaxConcurrentHandlers.Should().Be(4);
    }

    [Fact]
    public void AllowListEntries_AreValidatedAtStart_NamingTheEntry()
    {
        var services = new ServiceCollection();
        services.AddMessaging().Services.Configure<DeliveryReportOptions>(o =>
        {
            o.AllowedCallbackNetworks.Add("10.0.0.0/33");
            o.AllowedCallbackHosts.Add("127.0.0.1");
            o.AllowedCallbackHosts.Add("dlr.internal");
        });
        using var sp = services.BuildServiceProvider();

        var act = () => sp.GetRequiredService<IOptions<DeliveryReportOptions>>().Value;

        var failures = act.Should().Throw<OptionsValidationException>().Which.Failures.ToList();
        failures.Should().HaveCount(2);
        failures.Should().Contain(f => f.StartsWith("Messaging:DeliveryReports:AllowedCallbackNetworks:0", StringComparison.Ordinal));
        failures.Should().Contain(f => f.StartsWith("Messaging:DeliveryReports:AllowedCallbackHosts:0", StringComparison.Ordinal));
    }

    private static async Task PublishAndWaitAsync(ServiceProvider sp, Uri url)
    {
        var dispatcher = sp.GetRequiredService<DeliveryReportDispatcher>();
        await dispatcher.PublishAsync(Report, url);

        // A bound against a broken build hanging the run, not a timing window: the assertions read what happened.
        await dispatcher.WhenCallbacksIdleAsync().WaitAsync(TimeSpan.FromSeconds(20));
    }

    private static (ServiceProvider Provider, CapturingLogger<DeliveryReportDispatcher> Log) Build(
        Action<DeliveryReportOptions>? configure = null, TimeProvider? time = null, Action<IServiceCollection>? configureServices = null)
    {
        var log = new CapturingLogger<DeliveryReportDispatcher>();
        var services = new ServiceCollection();
        services.AddMessaging();
        configureServices?.Invoke(services);
        services.AddSingleton<ILogger<DeliveryReportDispatcher>>(log);
        services.AddSingleton(time ?? new FakeTimeProvider());
        services.Configure<DeliveryReportOptions>(o =>
        {
            // One attempt, so a test that failed to refuse ends at once instead of retrying.
            o.CallbackAttempts = 1;
            configure?.Invoke(o);
        });
        return (services.BuildServiceProvider(), log);
    }

    /// <summary>A primary handler that holds every request on one gate and counts how many are inside at once.</summary>
    private sealed class GatedHttpHandler : HttpMessageHandler
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly SemaphoreSlim _entered = new(0);
        private int _inside;
        private int _count;
        private int _max;

        public int Entered => Volatile.Read(ref _count);

        public int MaxConcurrent => Volatile.Read(ref _max);

        public void Open() => _gate.TrySetResult();

        public async Task WhenEnteredAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                (await _entered.WaitAsync(TimeSpan.FromSeconds(20))).Should().BeTrue();
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            var inside = Interlocked.Increment(ref _inside);
            int max;
            while (inside > (max = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, inside, max) != max)
            {
            }

            _entered.Release();
            try
            {
                await _gate.Task.WaitAsync(cancellationToken);
                return new HttpResponseMessage(HttpStatusCode.OK);
            }
            finally
            {
                Interlocked.Decrement(ref _inside);
            }
        }
    }
}
