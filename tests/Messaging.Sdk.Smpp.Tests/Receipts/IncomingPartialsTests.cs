using System.Collections.Concurrent;
using System.Text;
using Messaging.Sdk.Testing;
using Microsoft.Extensions.Time.Testing;
using static Messaging.Sdk.Smpp.Tests.SmppTestHelpers;

namespace Messaging.Sdk.Smpp.Tests.Receipts;

/// <summary>The parts of incoming long messages are held in bounded memory: by age and by count (issue 13, points 2 and 8).</summary>
public sealed class IncomingPartialsTests
{
    private static byte[] Part(byte reference, int total, int sequence, string text)
        => [0x05, 0x00, 0x03, reference, (byte)total, (byte)sequence, .. Encoding.ASCII.GetBytes(text)];

    [Fact]
    public async Task IncomingPartial_OlderThanIncomingPartsTimeout_IsGivenUp_AndALatePartDoesNotCompleteIt()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T00:00:00Z"));
        await using var smsc = await SmscSimulator.StartAsync();
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc, o => o.IncomingPartsTimeout = TimeSpan.FromHours(1)), timeProvider: time);
        var received = new ConcurrentQueue<string>();
        sender.MessageReceived += m => received.Enqueue(m.Text);
        await sender.ConnectAsync();

        await smsc.SendMobileOriginatedAsync("46700000001", "72555", [Part(0x11, 2, 1, "Hello ")], udh: true);
        await Eventually(() => smsc.DeliverResponseStatuses.Count == 1, "the first part held");
        time.Advance(TimeSpan.FromHours(1));

        await smsc.SendMobileOriginatedAsync("46700000001", "72555", [Part(0x11, 2, 2, "world")], udh: true);
        await smsc.SendMobileOriginatedAsync("46700000001", "72555", [Part(0x22, 2, 1, "fresh "), Part(0x22, 2, 2, "marker")], udh: true);
        await Eventually(() => received.Contains("fresh marker"), "the later message, handled after the late part");

        received.Should().Equal(["fresh marker"], "the first part expired, so the late second part starts a new incomplete message");
    }

    [Fact]
    public async Task IncomingPartials_BeyondMaxIncomingPartials_TheOneWaitingLongestIsGivenUp()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T00:00:00Z"));
        await using var smsc = await SmscSimulator.StartAsync();
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc, o => o.MaxIncomingPartials = 2), timeProvider: time);
        var received = new ConcurrentQueue<string>();
        sender.MessageReceived += m => received.Enqueue(m.Text);
        await sender.ConnectAsync();

        // Reference 0x01 is the oldest; holding 0x03 as well is one too many, so 0x01 goes.
        foreach (var (reference, text) in new[] { ((byte)0x01, "one "), ((byte)0x02, "two "), ((byte)0x03, "three ") })
        {
            await smsc.SendMobileOriginatedAsync("46700000001", "72555", [Part(reference, 2, 1, text)], udh: true);
            await Eventually(() => smsc.DeliverResponseStatuses.Count == reference, "part 1 of " + text);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await smsc.SendMobileOriginatedAsync("46700000001", "72555", [Part(0x02, 2, 2, "end"), Part(0x03, 2, 2, "end"), Part(0x01, 2, 2, "end")], udh: true);
        await smsc.SendMobileOriginatedAsync("46700000001", "72555", [Part(0x04, 2, 1, "fresh "), Part(0x04, 2, 2, "marker")], udh: true);
        await Eventually(() => received.Contains("fresh marker"), "the later message, handled after the last part of 0x01");

        received.Should().Equal(["two end", "three end", "fresh marker"], "the part of 0x01 held first was given up for 0x03");
    }
}
