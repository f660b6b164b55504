using Messaging.Sdk.Testing.GsmModem;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Messaging.Sdk.GsmModem.Tests;

public sealed class AddGsmModemTests
{
    [Fact]
    public void AddGsmModem_WithoutAPort_FailsValidationNamingTheSetting()
    {
        var services = new ServiceCollection();
        services.AddMessaging().AddGsmModem("m1");
        using var provider = services.BuildServiceProvider();

        var ex = FluentActions.Invoking(() => provider.GetRequiredService<IOptionsMonitor<GsmModemOptions>>().Get("m1"))
            .Should().Throw<OptionsValidationException>().Which;

        ex.Message.Should().Contain("Messaging:GsmModem:m1:Modems");
    }

    [Fact]
    public void AddGsmModem_WithTheSamePortTwice_FailsValidationNamingThePort()
    {
        var services = new ServiceCollection();
        services.AddMessaging().AddGsmModem("m1", o =>
        {
            o.Modems.Add(new SerialPortSettings { PortName = "/dev/ttyUSB0" });
            o.Modems.Add(new SerialPortSettings { PortName = "/dev/ttyUSB0" });
        });
        using var provider = services.BuildServiceProvider();

        var ex = FluentActions.Invoking(() => provider.GetRequiredService<IOptionsMonitor<GsmModemOptions>>().Get("m1"))
            .Should().Throw<OptionsValidationException>().Which;

        ex.Message.Should().Contain("Messaging:GsmModem:m1:Modems").And.Contain("'/dev/ttyUSB0'");
    }

    [Fact]
    public void AddGsmModem_BindsPortsAndPinFromConfiguration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GsmModem:Modems:0:PortName"] = "/dev/ttyUSB0",
            ["GsmModem:Modems:1:PortName"] = "/dev/ttyUSB1",
            ["GsmModem:Modems:1:BaudRate"] = "9600",
            ["GsmModem:Pin"] = "1234",
        }).Build();
        var services = new ServiceCollection();
        services.AddMessaging(configuration).AddGsmModem();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<GsmModemOptions>>().Get(MessagingBuilder.DefaultSenderName);

        options.Modems.Select(m => m.PortName).Should().Equal("/dev/ttyUSB0", "/dev/ttyUSB1");
        options.Modems[1].BaudRate.Should().Be(9600);
        options.Pin.Should().Be("1234");
        options.ToString().Should().NotContain("1234");
    }

    [Fact]
    public async Task AddGsmModem_ResolvesAWorkingISmsSender()
    {
        await using var modem = new VirtualModem();
        var services = new ServiceCollection();
        services.AddMessaging().AddGsmModem("vm", o => o.ChannelFactory = _ => modem.CreateChannel());
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<ISmsSender>().SendAsync(new SmsMessage { To = "+46708251358", Text = "hi" }).Within();

        result.IsAccepted.Should().BeTrue();
        result.Transport.Should().Be("gsmmodem");
        result.SenderName.Should().Be("vm");
    }
}
