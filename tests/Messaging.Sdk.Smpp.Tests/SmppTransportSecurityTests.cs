using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Messaging.Sdk.Smpp.Session;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Messaging.Sdk.Smpp.Tests;

/// <summary>Cleartext is said out loud, revocation is checked by default, and only code can switch certificate validation off.</summary>
public sealed class SmppTransportSecurityTests
{
    private const int NoTlsEvent = 131;

    [Fact]
    public async Task SenderWithoutTls_ToARemoteSmsc_LogsACleartextWarning()
    {
        var logger = new RecordingLogger();

        await using var sender = new SmppSmsSender("Default", new SmppOptions { Host = "smsc.example.net", SystemId = "esme" }, logger: logger);

        logger.Entries.Should().ContainSingle(e => e.EventId == NoTlsEvent && e.Level == LogLevel.Warning)
            .Which.Message.Should().Contain("smsc.example.net").And.Contain("clear text");
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("localhost", false)]
    [InlineData("smsc.example.net", true)]
    public async Task CleartextWarning_IsLeftOutForLoopbackAndTls(string host, bool useTls)
    {
        var logger = new RecordingLogger();

        await using var sender = new SmppSmsSender("Default", new SmppOptions { Host = host, SystemId = "esme", UseTls = useTls }, logger: logger);

        logger.Entries.Should().NotContain(e => e.EventId == NoTlsEvent);
    }

    [Fact]
    public void Tls_ChecksCertificateRevocationOnline_ByDefault()
    {
        var tls = SmppBind.TlsOptions(new SmppOptions { Host = "smsc.example.net", SystemId = "esme", UseTls = true }, "Default", NullLogger.Instance);

        tls.CertificateRevocationCheckMode.Should().Be(X509RevocationMode.Online);
        tls.RemoteCertificateValidationCallback.Should().BeNull("the platform's own chain and name checks apply");
        tls.TargetHost.Should().Be("smsc.example.net");
    }

    [Fact]
    public void AcceptAnyCertificate_FromConfiguration_CannotBeBound()
    {
        var options = new SmppOptions();

        Config(new() { ["AllowUntrustedCertificate"] = "true" }).Bind(options);

        options.AllowUntrustedCertificate.Should().BeFalse();
    }

    [Fact]
    public void AcceptAnyCertificate_FromConfiguration_FailsTheStartSayingItNeedsCode()
    {
        var configuration = Config(new()
        {
            ["Messaging:Smpp:Host"] = "smsc.example.net",
            ["Messaging:Smpp:SystemId"] = "esme",
            ["Messaging:Smpp:UseTls"] = "true",
            ["Messaging:Smpp:AllowUntrustedCertificate"] = "true",
        });
        var services = new ServiceCollection();
        services.AddMessaging(configuration.GetSection("Messaging")).AddSmpp();
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptionsMonitor<SmppOptions>>().Get(MessagingBuilder.DefaultSenderName);

        act.Should().Throw<OptionsValidationException>().WithMessage("*AllowUntrustedCertificate*only in code*DangerouslyAcceptAnyServerCertificate*");
    }

    [Fact]
    public void AcceptAnyCertificate_InCode_SkipsValidationAndLogsAWarning()
    {
        var options = new SmppOptions { Host = "smsc.example.net", SystemId = "esme", UseTls = true };
        options.DangerouslyAcceptAnyServerCertificate();
        var logger = new RecordingLogger();

        var tls = SmppBind.TlsOptions(options, "Default", logger);

        tls.RemoteCertificateValidationCallback.Should().NotBeNull();
        logger.Entries.Should().Contain(e => e.EventId == 111 && e.Level == LogLevel.Warning);
    }

    private static IConfigurationRoot Config(Dictionary<string, string?> values)
        => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private sealed class RecordingLogger : ILogger
    {
        public ConcurrentQueue<(int EventId, LogLevel Level, string Message)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Entries.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
    }
}
