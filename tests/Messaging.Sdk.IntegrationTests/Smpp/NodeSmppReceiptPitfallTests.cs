using Messaging.Sdk.Smpp;
using static Messaging.Sdk.IntegrationTests.Smpp.SmscPeer;

namespace Messaging.Sdk.IntegrationTests.Smpp;

/// <summary>Receipt correlation pitfalls (known-pitfalls.md) reproduced by the node-smpp peer: ids in another base, receipts that overtake their submit_sm_resp.</summary>
public sealed class NodeSmppReceiptPitfallTests
{
    private static SmsMessage Sms(string text = "Receipt please")
        => new() { From = "MyShop", To = PhoneNumber.Parse("+46708251358"), Text = text, RequestDeliveryReport = true };

    [Fact]
    public async Task Receipt_WithAHexIdForADecimalSubmitId_IsCorrelatedToTheMessage()
    {
        var options = Options(Unique("-hex"));
        await using var sender = new SmppSmsSender("it", options);
        var received = new TaskCompletionSource<DeliveryReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        sender.DeliveryReportReceived += r => received.TrySetResult(r);

        var result = await sender.SendAsync(Sms());
        var report = await received.Task.WaitAsync(Bound);

        result.MessageId.Should().MatchRegex("^[0-9]+$", "submit_sm_resp gave a decimal id");

        // The report is published off the read loop; the deliver_sm_resp leaves with the read's other answers, so the
        // peer may log it a moment after the report is out.
        await Eventually(() => Events(options.SystemId).Any(e => e.GetProperty("event").GetString() == "receipt_ack"), "the receipt acknowledged");
        var ack = Events(options.SystemId).Should().ContainSingle(e => e.GetProperty("event").GetString() == "receipt_ack").Subject;
        ack.GetProperty("status").GetInt32().Should().Be(0);
        report.MessageId.Should().Be(result.MessageId, "the receipt's hexadecimal id names the same message");
        report.State.Should().Be(DeliveryState.Delivered);
    }

    [Fact]
    public async Task Receipt_BeforeItsSubmitSmResp_IsHeldAndPublishedForTheMessage()
    {
        var options = Options(Unique("-pre"));
        await using var sender = new SmppSmsSender("it", options);
        var reports = new System.Collections.Concurrent.ConcurrentQueue<DeliveryReport>();
        sender.DeliveryReportReceived += reports.Enqueue;

        var results = new List<SmsSendResult>();
        for (var i = 0; i < 5; i++)
        {
            results.Add(await sender.SendAsync(Sms($"early receipt {i}")));
        }

        await Eventually(() => reports.Count >= 5, "five delivery reports");
        results.Should().OnlyContain(r => r.IsAccepted);
        reports.Select(r => r.MessageId).Should().BeEquivalentTo(results.Select(r => r.MessageId), "every receipt, though it came first, belongs to its message");
        reports.Should().OnlyContain(r => r.State == DeliveryState.Delivered);
        await Eventually(() => Events(options.SystemId).Count(e => e.GetProperty("event").GetString() == "receipt_ack") >= 5, "five receipts acknowledged");
        Events(options.SystemId).Count(e => e.GetProperty("event").GetString() == "receipt_ack").Should().Be(5);
    }
}
