using Messaging.Sdk.Smpp;
using Messaging.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Sdk.Testing.Tests;

public sealed class SmscSimulatorTests
{
    private static async Task<SmppSmsSender> SenderFor(SmscSimulator smsc, string systemId = "esme", string password = "pw", int receiverBinds = 0)
    {
        var services = new ServiceCollection();
        services.AddMessaging().AddSmpp(o =>
        {
            o.Host = smsc.Host;
            o.Port = smsc.Port;
            o.SystemId = systemId;
            o.Password = password;
            o.ConnectTimeout = TimeSpan.FromSeconds(10);
            o.ThrottleRetryAttempts = 0;
            if (receiverBinds > 0)
            {
                o.BindMode = SmppBindMode.Transmitter;
                o.ReceiverBinds = receiverBinds;
            }
        });
        var provider = services.BuildServiceProvider();
        await Task.Yield();
        return provider.GetRequiredKeyedService<SmppSmsSender>(MessagingBuilder.DefaultSenderName);
    }

    private static SmsMessage Sms(string to = "+46708251358") => new() { To = PhoneNumber.Parse(to), Text = "hi" };

    [Fact]
    public async Task Bind_WithAnotherSystemId_IsRefusedWithInvalidSystemId()
    {
        await using var smsc = await SmscSimulator.StartAsync(new SmscSimulatorOptions { SystemId = "esme" });
        await using var sender = await SenderFor(smsc, systemId: "intruder");

        var act = () => sender.SendAsync(Sms());

        (await act.Should().ThrowAsync<MessagingAuthenticationException>()).Which.NativeCode.Should().Be((int)SmppCommandStatus.InvalidSystemId);
        smsc.BindCount.Should().Be(0);
    }

    [Fact]
    public async Task MaxSubmitsPerSecond_ThrottlesTheExcess()
    {
        await using var smsc = await SmscSimulator.StartAsync(new SmscSimulatorOptions { MaxSubmitsPerSecond = 3 });
        await using var sender = await SenderFor(smsc);

        var results = new List<SmsSendResult>();
        for (var i = 0; i < 5; i++)
        {
            results.Add(await sender.SendAsync(Sms()));
        }

        results.Count(r => r.IsAccepted).Should().BeGreaterThanOrEqualTo(3);
        results.Should().Contain(r => r.NativeText == "ESME_RTHROTTLED" && r.IsTransient);
    }

    [Fact]
    public async Task SetMaxSubmitsPerSecond_ChangesTheLimitWhileRunning()
    {
        // A clock that never moves: the one-second window only restarts when the limit is changed.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var smsc = await SmscSimulator.StartAsync(new SmscSimulatorOptions { MaxSubmitsPerSecond = 2 }, time);
        await using var sender = await SenderFor(smsc);

        async Task<string[]> SendAsync(int count)
        {
            var texts = new string[count];
            for (var i = 0; i < count; i++)
            {
                texts[i] = (await sender.SendAsync(Sms())).IsAccepted ? "ok" : "throttled";
            }

            return texts;
        }

        (await SendAsync(3)).Should().Equal("ok", "ok", "throttled");
        smsc.SetMaxSubmitsPerSecond(0);
        smsc.MaxSubmitsPerSecond.Should().Be(0);
        (await SendAsync(3)).Should().Equal("ok", "ok", "ok");
        smsc.SetMaxSubmitsPerSecond(1);
        (await SendAsync(2)).Should().Equal("ok", "throttled");
        smsc.ThrottledCount.Should().Be(2);
        smsc.SubmitCount.Should().Be(8);
    }

    [Fact]
    public async Task RejectionRule_DecidesPerSubmission_AndEverySubmissionIsRecorded()
    {
        await using var smsc = await SmscSimulator.StartAsync(new SmscSimulatorOptions
        {
            RejectionRule = s => s.DestinationAddress.EndsWith('9') ? SmppCommandStatus.InvalidDestinationAddress : SmppCommandStatus.Ok,
        });
        await using var sender = await SenderFor(smsc);

        var ok = await sender.SendAsync(Sms("+46708251358"));
        var refused = await sender.SendAsync(Sms("+46708251359"));

        ok.IsAccepted.Should().BeTrue();
        refused.NativeCode.Should().Be(0x0B);
        smsc.Submissions.Select(s => s.Status).Should().Equal(SmppCommandStatus.Ok, SmppCommandStatus.InvalidDestinationAddress);
        smsc.Submissions[0].MessageId.Should().Be(ok.MessageId);
    }

    [Fact]
    public async Task DropConnections_ClosesTheLink_AndTheClientRebinds()
    {
        await using var smsc = await SmscSimulator.StartAsync();
        await using var sender = await SenderFor(smsc);
        await sender.ConnectAsync();

        smsc.DropConnections();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (smsc.BindCount < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            (await sender.SendAsync(Sms())).Status.Should().NotBe(SendStatus.Rejected);
        }

        smsc.BindCount.Should().Be(2);
    }

    [Fact]
    public async Task DropConnectionsOfAMode_ClosesOnlyThoseLinks_AndCountsByMode()
    {
        await using var smsc = await SmscSimulator.StartAsync();
        await using var sender = await SenderFor(smsc, receiverBinds: 1);
        await sender.ConnectAsync();

        smsc.CountConnections(SmppBindMode.Transmitter).Should().Be(1);
        smsc.CountConnections(SmppBindMode.Receiver).Should().Be(1);
        smsc.DropConnections(SmppBindMode.Receiver);

        smsc.CountConnections(SmppBindMode.Receiver).Should().Be(0);
        smsc.CountConnections(SmppBindMode.Transmitter).Should().Be(1);
        (await sender.SendAsync(Sms())).IsAccepted.Should().BeTrue();
        smsc.ReceiverSubmitCount.Should().Be(0);
    }
}
