using Messaging.Sdk.Resilience;
using Messaging.Sdk.Smtp.Pool;
using Messaging.Sdk.Validation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Polly;

namespace Messaging.Sdk.Smtp.Tests;

internal static class SmtpTestKit
{
    public static SmtpOptions Options(Action<SmtpOptions>? configure = null)
    {
        var options = new SmtpOptions { Host = "smtp.example.test", Security = SmtpSecurity.None, Port = 2525 };
        configure?.Invoke(options);
        return options;
    }

    public static SmtpConnectionPool Pool(FakeServer server, TimeProvider time, Action<SmtpOptions>? configure = null)
    {
        var options = Options(configure);
        return new SmtpConnectionPool(options, new SmtpConnector(options, new FakeSmtpClientFactory(server), time), time, NullLogger.Instance);
    }

    public static SmtpEmailSender Sender(FakeServer server, TimeProvider? time = null, Action<SmtpOptions>? configure = null, int retries = 2, MessageValidator? validator = null)
    {
        time ??= new FakeTimeProvider();
        // No back-off between attempts: the tests count attempts and outcomes, and a retry must not wait on any clock.
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddDefaultRetry(new() { MaxRetryAttempts = retries, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.FromMilliseconds(5) })
            .Build();
        return new SmtpEmailSender("Default", Options(configure), pipeline, validator ?? MessageValidator.Default, time, NullLogger.Instance, new FakeSmtpClientFactory(server));
    }

    public static EmailMessage Message(params string[] to) => new()
    {
        From = "sender@example.org",
        To = [.. to.Select(EmailAddress.Parse)],
        Subject = "Hi",
        TextBody = "Hello",
    };
}
