using System.Collections.Concurrent;
using Messaging.Sdk.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Polly;

namespace Messaging.Sdk.Smtp.Tests;

/// <summary>Only code can switch certificate validation off, and it is said out loud when it does.</summary>
public sealed class SmtpTransportSecurityTests
{
    [Fact]
    public void AcceptAnyCertificate_FromConfiguration_CannotBeBound()
    {
        var options = new SmtpOptions();

        Config(new() { ["DangerousAcceptAnyServerCertificate"] = "true" }).Bind(options);

        options.DangerousAcceptAnyServerCertificate.Should().BeFalse();
        options.CheckCertificateRevocation.Should().BeTrue();
    }

    [Fact]
    public void AcceptAnyCertificate_FromConfiguration_FailsTheStartSayingItNeedsCode()
    {
        var configuration = Config(new()
        {
            ["Messaging:Smtp:Host"] = "smtp.example.net",
            ["Messaging:Smtp:DangerousAcceptAnyServerCertificate"] = "true",
        });
        var services = new ServiceCollection();
        services.AddMessaging(configuration.GetSection("Messaging")).AddSmtp();
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptionsMonitor<SmtpOptions>>().Get(MessagingBuilder.DefaultSenderName);

        act.Should().Throw<OptionsValidationException>().WithMessage("*DangerousAcceptAnyServerCertificate*only in code*DangerouslyAcceptAnyServerCertificate()*");
    }

    [Fact]
    public async Task AcceptAnyCertificate_InCode_LogsAWarningWhenTheSenderStarts()
    {
        var options = SmtpTestKit.Options(o => o.Security = SmtpSecurity.StartTls);
        options.DangerouslyAcceptAnyServerCertificate();
        var logger = new RecordingLogger();

        await using var sender = new SmtpEmailSender("Default", options, ResiliencePipeline.Empty, MessageValidator.Default, new FakeTimeProvider(), logger, new FakeSmtpClientFactory(new FakeServer()));

        options.DangerousAcceptAnyServerCertificate.Should().BeTrue();
        logger.Entries.Should().ContainSingle(e => e.EventId == 5 && e.Level == LogLevel.Warning);
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
