using Messaging.Sdk.GsmModem;
using Messaging.Sdk.Smpp;
using Messaging.Sdk.Smtp;
using Messaging.Sdk.Testing;
using Messaging.Sdk.Testing.GsmModem;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Sdk.IntegrationTests.Hosting;

/// <summary>A host that stops with the synchronous <c>ServiceProvider.Dispose()</c> must not throw for any sender.</summary>
public sealed class SyncDisposeTests
{
    [Fact]
    public async Task ServiceProviderDispose_WithEveryTransport_DisposesEachSenderWithoutThrowing()
    {
        await using var smsc = await SmscSimulator.StartAsync();
        await using var modem = new VirtualModem();
        var services = new ServiceCollection();
        services.AddMessaging()
            .AddSmtp(configure: o =>
            {
                o.Host = "127.0.0.1";
                o.Port = 9; // nothing listens: the sender is built but never connects
                o.Security = SmtpSecurity.None;
            })
            .AddSmpp(o =>
            {
                o.Host = smsc.Host;
                o.Port = smsc.Port;
                o.SystemId = "test";
                o.Password = "secret";
            })
            .AddGsmModem("modem", o => o.ChannelFactory = _ => modem.CreateChannel());
        var provider = services.BuildServiceProvider();
        // Resolve every disposable singleton so that the provider owns it.
        var smtp = provider.GetRequiredKeyedService<SmtpEmailSender>(MessagingBuilder.DefaultSenderName);
        var smpp = provider.GetRequiredKeyedService<SmppSmsSender>(MessagingBuilder.DefaultSenderName);
        var gsm = provider.GetRequiredKeyedService<GsmModemSmsSender>("modem");
        provider.GetRequiredService<IDeliveryReportSource>().Should().NotBeNull();
        (await smpp.SendAsync(new SmsMessage { To = "+46708251358", Text = "bound first" })).IsAccepted.Should().BeTrue();
        (await gsm.SendAsync(new SmsMessage { To = "+46708251358", Text = "opened first" })).IsAccepted.Should().BeTrue();

        new object[] { smtp, smpp, gsm }.Should().AllBeAssignableTo<IDisposable>("a host may stop with the synchronous Dispose");
        var dispose = provider.Dispose;

        dispose.Should().NotThrow();
        await FluentActions.Awaiting(() => smtp.SendAsync(new EmailMessage { From = "a@b.example", To = ["c@d.example"], TextBody = "x" }))
            .Should().ThrowAsync<ObjectDisposedException>("the SMTP sender was disposed with the provider");
        await FluentActions.Awaiting(() => smpp.SendAsync(new SmsMessage { To = "+46708251358", Text = "after" }))
            .Should().ThrowAsync<ObjectDisposedException>("the SMPP sender was disposed with the provider");
    }

    [Fact]
    public void ServiceProviderDispose_WithTheInMemorySenders_DoesNotThrow()
    {
        var services = new ServiceCollection();
        services.AddMessaging().AddInMemoryEmailSender().AddInMemorySmsSender();
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IEmailSender>().Should().BeOfType<InMemoryEmailSender>();
        provider.GetRequiredService<IDeliveryReportSource>().Should().NotBeNull();

        var dispose = provider.Dispose;

        dispose.Should().NotThrow();
    }
}
