using System.Collections.Concurrent;
using Messaging.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Messaging.Sdk.Smpp.Tests.SmppTestHelpers;

namespace Messaging.Sdk.Smpp.Tests.Receipts;

/// <summary>
/// The case issue 13 measured: through <c>AddSmpp()</c>, an SMSC that returns hex ids in submit_sm_resp and writes them in
/// decimal in the receipt text, 14,000 messages, receipts 2 s after each submit (on the simulator's fake clock).
/// </summary>
public sealed class HexMessageIdReceiptTests
{
    private const int Messages = 14_000;

    private sealed class Collector : IDeliveryReportHandler
    {
        public ConcurrentDictionary<string, int> ByMessage { get; } = new(StringComparer.Ordinal);

        public ValueTask HandleAsync(DeliveryReport report, CancellationToken cancellationToken)
        {
            ByMessage.AddOrUpdate(report.MessageId, 1, (_, n) => n + 1);
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task HexIdsInSubmitDecimalInReceipts_14000Messages_EveryMessageGetsItsOwnReport()
    {
        var smscTime = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var smsc = await SmscSimulator.StartAsync(
            new() { HexMessageIds = true, ReceiptTlvs = false, ReceiptDelay = TimeSpan.FromSeconds(2), RecordSubmissions = false, RedeliverOnTemporaryError = true }, smscTime);
        var collector = new Collector();
        var services = new ServiceCollection();
        services.AddSingleton<IDeliveryReportHandler>(collector);
        services.AddMessaging().AddSmpp(o =>
        {
            o.Host = smsc.Host;
            o.Port = smsc.Port;
            o.SystemId = "esme";
            o.WindowSize = 200;
        });
        await using var provider = services.BuildServiceProvider();
        var sender = provider.GetRequiredService<ISmsSender>();

        // The messages go out faster than the SMSC's 2 s receipt delay (its clock stands still meanwhile), as on a fast link:
        // when the receipts come, every message is waiting for one, so a receipt read the wrong way finds another message.
        var sent = new List<string>(Messages);
        for (var batch = 0; batch < Messages / 1_000; batch++)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 1_000).Select(_ => sender.SendAsync(NewSms(receipt: true)))).WaitAsync(TimeSpan.FromSeconds(60));
            results.Should().OnlyContain(r => r.IsAccepted);
            sent.AddRange(results.Select(r => r.MessageId!));
        }

        smscTime.Advance(TimeSpan.FromSeconds(2));
        try
        {
            await Eventually(() => smsc.DeliverResponseCount >= Messages + smsc.RedeliveryCount && collector.ByMessage.Count >= Messages, "a report for every message", TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            // Fall through to the assertions, which say how many messages are missing their report.
        }

        var missing = sent.Where(id => !collector.ByMessage.ContainsKey(id)).ToList();
        var tracker = ((SmppSmsSender)sender).Receipts;
        missing.Should().BeEmpty("{0} of {1} messages never got their report (deliver_sm_resp: {2}, re-deliveries: {3}, format {4}, waiting {5}, held {6}, refused {7})",
            missing.Count, Messages, smsc.DeliverResponseCount, smsc.RedeliveryCount, tracker.Format, tracker.Count, tracker.FootprintForTests,
            string.Join(", ", smsc.DeliverResponseStatuses.Where(s => s != SmppCommandStatus.Ok).GroupBy(s => s).Select(g => $"{g.Key.Name()} x{g.Count()}")));
        collector.ByMessage.Keys.Should().BeSubsetOf(sent);
        collector.ByMessage.Values.Should().OnlyContain(n => n == 1, "each message gets exactly one report");
        smsc.DeliverResponseStatuses.Should().OnlyContain(s => s == SmppCommandStatus.Ok || s == SmppCommandStatus.MessageQueueFull, "no handler failed and every receipt was read")
            .And.HaveCount(Messages + (int)smsc.RedeliveryCount, "a receipt refused while the inbound queue was full came again and was then accepted");
    }
}
