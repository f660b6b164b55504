using System.Collections.Concurrent;
using Messaging.Sdk.Smpp;
using static Messaging.Sdk.IntegrationTests.Smpp.SmscPeer;

namespace Messaging.Sdk.IntegrationTests.Smpp;

/// <summary>SmppSmsSender against node-smpp 0.5.1 in server mode (tests/peers/smsc), a third-party SMPP implementation.</summary>
public sealed class NodeSmppPeerTests
{
    private static SmsMessage Sms(string text = "Hello from Messaging.Sdk", bool receipt = false)
        => new() { From = "MyShop", To = PhoneNumber.Parse("+46708251358"), Text = text, RequestDeliveryReport = receipt };

    [Fact]
    public async Task Bind_WithGoodCredentials_SendsShortGsmText()
    {
        var options = Options(Unique());
        await using var sender = new SmppSmsSender("it", options);

        var result = await sender.SendAsync(Sms());

        result.Status.Should().Be(SendStatus.Accepted);
        var submit = Events(options.SystemId).Single(e => e.GetProperty("event").GetString() == "submit");
        submit.GetProperty("message_id").GetString().Should().Be(result.MessageId);
        submit.GetProperty("destination_addr").GetString().Should().Be("46708251358");
        submit.GetProperty("dest_addr_ton").GetInt32().Should().Be(1);
        submit.GetProperty("source_addr_ton").GetInt32().Should().Be(5);
        submit.GetProperty("data_coding").GetInt32().Should().Be(0);
        submit.GetProperty("text").GetString().Should().Be("Hello from Messaging.Sdk");
    }

    [Fact]
    public async Task Bind_WithBadPassword_ThrowsAuthenticationError()
    {
        await using var sender = new SmppSmsSender("it", Options(Unique(), o => o.Password = "wrong"));

        var act = () => sender.SendAsync(Sms());

        (await act.Should().ThrowAsync<MessagingAuthenticationException>()).Which.NativeCode.Should().Be(0x0E);
    }

    [Fact]
    public async Task Receipt_FromThePeer_IsCorrelatedToTheMessage()
    {
        await using var sender = new SmppSmsSender("it", Options(Unique()));
        var reports = new ConcurrentQueue<DeliveryReport>();
        sender.DeliveryReportReceived += reports.Enqueue;

        var result = await sender.SendAsync(Sms(receipt: true));
        await Eventually(() => !reports.IsEmpty, "the delivery receipt");

        var report = reports.Single();
        report.MessageId.Should().Be(result.MessageId);
        report.State.Should().Be(DeliveryState.Delivered);
        report.Recipient.Should().Be(PhoneNumber.Parse("+46708251358"));
    }

    [Fact]
    public async Task EnquireLink_IsAnsweredBothWays()
    {
        var options = Options(Unique(), o => o.EnquireLinkInterval = TimeSpan.FromMilliseconds(300));
        await using var sender = new SmppSmsSender("it", options);
        await sender.ConnectAsync();

        await Eventually(() => Events(options.SystemId).Any(e => e.GetProperty("event").GetString() == "enquire_link"), "our enquire_link at the peer");
        await Eventually(() => Events(options.SystemId).Any(e => e.GetProperty("event").GetString() == "enquire_link_resp"), "our answer to the peer's enquire_link");
    }

    [Fact]
    public async Task PeerKillsTheConnectionMidWindow_EveryMessageIsAccountedForAndTheBindHeals()
    {
        var options = Options(Unique("-kill40"), o => o.WindowSize = 20);
        await using var sender = new SmppSmsSender("it", options);
        await sender.ConnectAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => sender.SendAsync(Sms($"message {i}"))));

        results.Should().HaveCount(100).And.OnlyContain(r => r.Status == SendStatus.Accepted || r.Status == SendStatus.Unknown);
        var events = Events(options.SystemId);
        var logged = events.Where(e => e.GetProperty("event").GetString() == "submit").Select(e => e.GetProperty("message_id").GetString()).ToHashSet();
        results.Where(r => r.IsAccepted).Select(r => r.MessageId).Should().OnlyHaveUniqueItems().And.BeSubsetOf(logged);
        results.Count(r => r.Status == SendStatus.Unknown).Should().BeGreaterThan(0, "the killed connection had submits in flight");
        events.Count(e => e.GetProperty("event").GetString() == "bind").Should().BeGreaterThan(1);
        sender.Pool.Binds[0].BindCount.Should().BeGreaterThan(1);
    }

    [Fact]
    public async Task ThrottlingResponses_AreRetriedAfterBackOff()
    {
        var options = Options(Unique("-thr3"));
        await using var sender = new SmppSmsSender("it", options);

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => sender.SendAsync(Sms($"message {i}"))));

        results.Should().OnlyContain(r => r.IsAccepted);
        var events = Events(options.SystemId);
        events.Count(e => e.GetProperty("event").GetString() == "throttled").Should().BeGreaterThan(0);
        events.Count(e => e.GetProperty("event").GetString() == "submit").Should().Be(30);
    }

    [Fact]
    public async Task LongGsm_GoesAsUdhSegments_AndReceiptsForEverySegmentMergeIntoOneReport()
    {
        var options = Options(Unique());
        await using var sender = new SmppSmsSender("it", options);
        var reports = new ConcurrentQueue<DeliveryReport>();
        sender.DeliveryReportReceived += reports.Enqueue;
        var text = string.Concat(Enumerable.Repeat("Long message. ", 20));

        var result = await sender.SendAsync(Sms(text, receipt: true));
        await Eventually(() => !reports.IsEmpty, "the merged delivery report");

        result.SegmentCount.Should().Be(2);
        var submits = Events(options.SystemId).Where(e => e.GetProperty("event").GetString() == "submit").ToList();
        submits.Should().HaveCount(2);
        submits.Should().OnlyContain(e => (e.GetProperty("esm_class").GetInt32() & 0x40) != 0 && e.GetProperty("udh").GetString()!.StartsWith("0003", StringComparison.Ordinal));
        submits.Select(e => e.GetProperty("udh").GetString()![^2..]).Should().Equal("01", "02");
        submits.Select(e => e.GetProperty("message_id").GetString()).Should().BeEquivalentTo(result.SegmentIds);
        var report = reports.Single();
        report.MessageId.Should().Be(result.MessageId);
        report.State.Should().Be(DeliveryState.Delivered);
        report.Segments.Should().HaveCount(2);
    }

    [Fact]
    public async Task Ucs2WithEmoji_IsDecodedByThePeerToTheSameText()
    {
        var options = Options(Unique());
        await using var sender = new SmppSmsSender("it", options);
        const string text = "Grüße 😀 Привет";

        var result = await sender.SendAsync(Sms(text));

        result.IsAccepted.Should().BeTrue();
        var submit = Events(options.SystemId).Single(e => e.GetProperty("event").GetString() == "submit");
        submit.GetProperty("data_coding").GetInt32().Should().Be(8);
        submit.GetProperty("text").GetString().Should().Be(text);
    }

    [Fact]
    public async Task TransmitterWithAReceiverBind_GetsTheLongMessagesReceiptsOnTheReceiverAndSubmitsOnlyOnTheTransmitter()
    {
        var options = Options(Unique(), o =>
        {
            o.BindMode = SmppBindMode.Transmitter;
            o.ReceiverBinds = 1;
        });
        await using var sender = new SmppSmsSender("it", options);
        var reports = new ConcurrentQueue<DeliveryReport>();
        sender.DeliveryReportReceived += reports.Enqueue;
        await sender.ConnectAsync();

        var result = await sender.SendAsync(Sms(new string('r', 200), receipt: true));
        await Eventually(() => !reports.IsEmpty, "the merged delivery report from the receiver bind");

        result.SegmentCount.Should().Be(2);
        var report = reports.Single();
        report.MessageId.Should().Be(result.MessageId);
        report.State.Should().Be(DeliveryState.Delivered);
        report.Segments.Should().HaveCount(2);
        await Eventually(() => Events(options.SystemId).Count(e => e.GetProperty("event").GetString() == "receipt_ack") == 2, "both receipts acknowledged");
        var events = Events(options.SystemId);
        events.Where(e => e.GetProperty("event").GetString() == "bind").Select(e => e.GetProperty("command").GetString())
            .Should().BeEquivalentTo("bind_transmitter", "bind_receiver");
        events.Where(e => e.GetProperty("event").GetString() == "receipt_ack").Should().OnlyContain(e => e.GetProperty("on").GetString() == "bind_receiver");
        events.Should().NotContain(e => e.GetProperty("event").GetString() == "submit_on_receiver" || e.GetProperty("event").GetString() == "receipt_lost");
        events.Count(e => e.GetProperty("event").GetString() == "submit").Should().Be(2);
    }
}
