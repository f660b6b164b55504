using Messaging.Sdk.GsmModem.Tests.Sending;
using Messaging.Sdk.Testing.GsmModem;

namespace Messaging.Sdk.GsmModem.Tests.Pool;

public sealed class ModemPoolTests
{
    private static SmsMessage Message() => new() { To = "+46708251358", Text = "hello" };

    [Fact]
    public async Task Send_SpreadsConcurrentMessagesOverTheModems()
    {
        await using var h = new SenderHarness(modems: 3, configure: o => o.SendTimeout = TimeSpan.FromMinutes(5));
        await h.Sender.StartAsync().Within();
        foreach (var modem in h.Modems)
        {
            modem.SendLatency = TimeSpan.FromSeconds(1);
        }

        var sends = Enumerable.Range(0, 6).Select(_ => h.Sender.SendAsync(Message())).ToArray();
        await h.Time.AdvanceUntilAsync(Task.WhenAll(sends), TimeSpan.FromMilliseconds(500));

        (await Task.WhenAll(sends)).Should().OnlyContain(r => r.Status == SendStatus.Accepted);
        h.Modems.Select(m => m.Submissions.Count).Should().Equal(2, 2, 2);
    }

    [Fact]
    public async Task Send_ThroughTwoModems_GivesSegmentIdsUniqueAcrossThePoolAndReportsCarryThem()
    {
        await using var h = new SenderHarness(modems: 2, configure: o => o.SendTimeout = TimeSpan.FromMinutes(5));
        await h.Sender.StartAsync().Within();
        foreach (var modem in h.Modems)
        {
            modem.SendLatency = TimeSpan.FromSeconds(1);
        }

        var sends = Enumerable.Range(0, 2).Select(_ => h.Sender.SendAsync(Message() with { RequestDeliveryReport = true })).ToArray();
        await h.Time.AdvanceUntilAsync(Task.WhenAll(sends), TimeSpan.FromMilliseconds(500));
        var results = await Task.WhenAll(sends);

        // Both modems number their first message 1 (TP-MR is per modem); the ids must still differ.
        h.Modems.Should().OnlyContain(m => m.Submissions.Single().MessageReference == 1);
        results.Select(r => r.MessageId).Should().BeEquivalentTo("vm0:1", "vm1:1");

        // Same reference and recipient on both modems: each report must land on the message sent through its own modem.
        await h.Modems[0].EmitStatusReportAsync(FakeCodec.StatusReport(1, 0x00, "46708251358"));
        await h.Modems[1].EmitStatusReportAsync(FakeCodec.StatusReport(1, 0x46, "46708251358"));
        var reports = new[]
        {
            await h.Handlers.Reports.Reader.ReadAsync().AsTask().Within(),
            await h.Handlers.Reports.Reader.ReadAsync().AsTask().Within(),
        };

        reports.Single(r => r.MessageId == "vm0:1").State.Should().Be(DeliveryState.Delivered);
        reports.Single(r => r.MessageId == "vm1:1").State.Should().Be(DeliveryState.Expired);
    }

    [Fact]
    public async Task Send_AMessageTextModeCannotCarry_GoesToAPduModeModemOfThePool()
    {
        await using var h = new SenderHarness(modems: 2);
        h.Modems[0].SupportsPduMode = false;
        await h.Sender.StartAsync().Within();

        for (var i = 0; i < 3; i++)
        {
            var result = await h.Sender.SendAsync(Message() with { Text = "Grüße aus Köln" }).Within();
            result.IsAccepted.Should().BeTrue(result.NativeText);
        }

        h.Sender.Health.Select(m => m.UsesPduMode).Should().Equal(false, true);
        h.Modems[0].Submissions.Should().BeEmpty();
        h.Modems[1].Submissions.Should().HaveCount(6, "3 messages of 2 segments (the fake codec splits every 10 characters)");
    }

    [Fact]
    public void Create_WhenTwoChannelsShareAName_FailsNamingIt()
    {
        FluentActions.Invoking(() => new SenderHarness(modems: 2, configure: o => o.ChannelFactory = _ => new VirtualModem().CreateChannel("same")))
            .Should().Throw<ArgumentException>().WithMessage("*'same'*");
    }

    [Fact]
    public async Task Start_WhenOneModemFails_UsesTheOthersAndRecoversItInTheBackground()
    {
        await using var h = new SenderHarness(modems: 2);
        h.Modems[1].RegistrationStatus = 3;

        await h.Sender.StartAsync().Within();

        h.Sender.Health.Select(m => m.State).Should().Equal(ModemState.Ready, ModemState.Faulted);
        h.Sender.Health[1].LastError.Should().Contain("denied");
        for (var i = 0; i < 3; i++)
        {
            (await h.Sender.SendAsync(Message()).Within()).IsAccepted.Should().BeTrue();
        }

        h.Modems[1].Submissions.Should().BeEmpty();

        h.Modems[1].RegistrationStatus = 1;
        await h.Time.AdvanceUntilAsync(WaitForStateAsync(h, 1, ModemState.Ready), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Send_WhenAModemHangs_TakesItOutSendsThroughAnotherAndReopensItsPort()
    {
        await using var h = new SenderHarness(modems: 2);
        await h.Sender.StartAsync().Within();
        var hungIndex = h.Sender.Health.ToList().FindIndex(m => m.State == ModemState.Ready);
        h.Modems[hungIndex].Hang();
        h.Modems[1 - hungIndex].Rssi = 21;

        // Probe the modems the way a health check does: the hung one times out twice (command, then resync) and is taken out.
        var check = h.Sender.CheckHealthAsync();
        await h.Time.AdvanceUntilAsync(check, TimeSpan.FromSeconds(1));
        var again = h.Sender.CheckHealthAsync();
        await h.Time.AdvanceUntilAsync(again, TimeSpan.FromSeconds(1));

        h.Sender.Health[hungIndex].State.Should().NotBe(ModemState.Ready);
        h.Sender.Health[1 - hungIndex].Rssi.Should().Be(21);
        (await h.Sender.SendAsync(Message()).Within()).IsAccepted.Should().BeTrue();
        h.Modems[1 - hungIndex].Submissions.Should().HaveCount(1);

        await h.Time.AdvanceUntilAsync(WaitForStateAsync(h, hungIndex, ModemState.Ready), TimeSpan.FromSeconds(1));
        h.Modems[hungIndex].ConnectionCount.Should().Be(2);
    }

    [Fact]
    public async Task Send_WhenNoModemIsReady_FailsWithATransientErrorNamingEachModem()
    {
        await using var h = new SenderHarness(modems: 2, retries: 0);
        h.Modems[0].RegistrationStatus = 3;
        h.Modems[1].RegistrationStatus = 3;

        var ex = (await h.Sender.Invoking(s => s.SendAsync(Message()).Within()).Should().ThrowAsync<MessagingTransportException>()).Which;

        ex.IsTransient.Should().BeTrue();
        ex.Message.Should().Contain("vm0").And.Contain("vm1");
    }

    private static async Task WaitForStateAsync(SenderHarness h, int index, ModemState state)
    {
        while (h.Sender.Health[index].State != state)
        {
            await Task.Delay(5);
        }
    }
}
