using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Messaging.Sdk.Smtp.Tests;

public sealed class SmtpRegistrationTests
{
    [Fact]
    public void AddSmtp_BindsMessagingSmtpSectionAndResolvesIEmailSender()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Messaging:Smtp:Host"] = "smtp.example.com",
            ["Messaging:Smtp:Port"] = "2525",
            ["Messaging:Smtp:Security"] = "SslOnConnect",
            ["Messaging:Smtp:MaxConnections"] = "8",
        }).Build();
        var services = new ServiceCollection();
        services.AddMessaging(config.GetSection("Messaging")).AddSmtp();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<SmtpOptions>>().Get(MessagingBuilder.DefaultSenderName);

        options.Host.Should().Be("smtp.example.com");
        options.Port.Should().Be(2525);
        options.Security.Should().Be(SmtpSecurity.SslOnConnect);
        options.MaxConnections.Should().Be(8);
        provider.GetRequiredService<IEmailSender>().Should().BeOfType<SmtpEmailSender>();
    }

    [Fact]
    public void AddSmtp_Named_BindsItsOwnSubsection()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Messaging:Smtp:Bulk:Host"] = "bulk.example.com",
        }).Build();
        var services = new ServiceCollection();
        services.AddMessaging(config.GetSection("Messaging")).AddSmtp("Bulk", o => o.MaxConnections = 2);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<SmtpOptions>>().Get("Bulk");

        options.Host.Should().Be("bulk.example.com");
        options.MaxConnections.Should().Be(2);
        provider.GetRequiredKeyedService<IEmailSender>("Bulk").Should().BeOfType<SmtpEmailSender>();
    }

    [Fact]
    public void ValidateOnStart_ReportsEveryBadPropertyByPath()
    {
        var services = new ServiceCollection();
        services.AddMessaging().AddSmtp("Bulk", o =>
        {
            o.Host = "bad host";
            o.Port = 70000;
            o.UserName = "user";
            o.ConnectTimeout = TimeSpan.Zero;
            o.MaxMessagesPerConnection = 0;
            o.DeliveryNotifications = SmtpDeliveryNotifications.Never | SmtpDeliveryNotifications.Success;
        });
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        var failures = act.Should().Throw<OptionsValidationException>().Which.Failures.ToList();
        failures.Should().Contain(f => f.StartsWith("Messaging:Smtp:Bulk:Host:"));
        failures.Should().Contain(f => f.StartsWith("Messaging:Smtp:Bulk:Port:"));
        failures.Should().Contain(f => f.StartsWith("Messaging:Smtp:Bulk:Password:"));
        failures.Should().Contain(f => f.StartsWith("Messaging:Smtp:Bulk:ConnectTimeout:"));
        failures.Should().Contain(f => f.StartsWith("Messaging:Smtp:Bulk:MaxMessagesPerConnection:"));
        failures.Should().Contain(f => f.StartsWith("Messaging:Smtp:Bulk:DeliveryNotifications:"));
    }

    [Fact]
    public void Options_ToString_NeverShowsThePassword()
    {
        var options = new SmtpOptions { Host = "h.example", UserName = "u", Password = "hunter2-secret" };

        options.ToString().Should().NotContain("hunter2-secret").And.Contain("***");
    }

    [Theory]
    [InlineData(SmtpSecurity.SslOnConnect, 465)]
    [InlineData(SmtpSecurity.StartTls, 587)]
    [InlineData(SmtpSecurity.StartTlsWhenAvailable, 25)]
    [InlineData(SmtpSecurity.None, 25)]
    public void Port0_PicksTheUsualPortForTheSecurityMode(SmtpSecurity security, int expected)
        => new SmtpOptions { Security = security }.EffectivePort.Should().Be(expected);

    [Fact]
    public async Task AddSmtpPickupDirectory_WritesEmlFilesThatHoldTheMimeWithoutBcc()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"pickup-{Guid.NewGuid():N}");
        try
        {
            var services = new ServiceCollection();
            services.AddMessaging().AddSmtpPickupDirectory(dir);
            await using var provider = services.BuildServiceProvider();
            var sender = provider.GetRequiredService<IEmailSender>();

            var result = await sender.SendAsync(new EmailMessage
            {
                From = "a@example.org",
                To = ["b@example.net"],
                Bcc = ["secret@example.net"],
                Subject = "Pickup ✓",
                TextBody = "hi",
            });

            result.Status.Should().Be(SendStatus.Accepted);
            result.Transport.Should().Be("pickup");
            result.AcceptedRecipients.Select(r => r.Address).Should().Contain("secret@example.net");
            var file = Directory.GetFiles(dir).Should().ContainSingle().Subject;
            file.Should().EndWith(".eml").And.Be(result.NativeText);
            var mime = await MimeKit.MimeMessage.LoadAsync(file);
            mime.Subject.Should().Be("Pickup ✓");
            mime.MessageId.Should().Be(result.MessageId);
            (await File.ReadAllTextAsync(file)).Should().NotContain("secret@");
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact]
    public void AddSmtpPickupDirectory_WithoutDirectory_FailsAtStart()
    {
        var services = new ServiceCollection();
        services.AddMessaging().AddSmtpPickupDirectory();
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("Messaging:Pickup:Directory");
    }
}
