using Messaging.Sdk.Smtp;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Sdk.IntegrationTests.Smtp;

/// <summary>Builds an SMTP sender through AddMessaging().AddSmtp() with fast retries, pointed at the peer.</summary>
internal sealed class SmtpTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public SmtpTestHost(Action<SmtpOptions> configure, int maxRetries = 3, string? attachmentRoot = null)
    {
        var services = new ServiceCollection();
        services.AddMessaging(o =>
        {
            o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(10);
            o.Resilience.MaxDelay = TimeSpan.FromMilliseconds(50);
            o.Resilience.MaxRetryAttempts = maxRetries;
            if (attachmentRoot is not null)
            {
                o.Validation.AttachmentRoots.Add(attachmentRoot);
            }
        }).AddSmtp(configure: o =>
        {
            o.Host = SmtpPeer.Host;
            o.Port = SmtpPeer.PlainPort;
            o.Security = SmtpSecurity.None;
            o.ConnectTimeout = TimeSpan.FromSeconds(10);
            o.CommandTimeout = TimeSpan.FromSeconds(10);
            o.LocalDomain = $"t{Guid.NewGuid():N}.test";
            configure(o);
        });
        _provider = services.BuildServiceProvider();
        Sender = (SmtpEmailSender)_provider.GetRequiredKeyedService<SmtpEmailSender>(MessagingBuilder.DefaultSenderName);
        Options = _provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<SmtpOptions>>().Get(MessagingBuilder.DefaultSenderName);
    }

    public SmtpEmailSender Sender { get; }

    public SmtpOptions Options { get; }

    /// <summary>The EHLO name of this host's connections, which the peer counts them by.</summary>
    public string Ehlo => Options.LocalDomain!.ToLowerInvariant();

    public static EmailMessage Message(params string[] to) => new()
    {
        From = new EmailAddress("sender@example.org", "Test Sender"),
        To = [.. to.Select(EmailAddress.Parse)],
        Subject = "Integration test",
        TextBody = "Hello from the integration tests.",
    };

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
