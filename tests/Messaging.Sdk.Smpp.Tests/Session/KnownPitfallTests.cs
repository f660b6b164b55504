using System.Collections.Concurrent;
using Messaging.Sdk.Smpp;
using Messaging.Sdk.Smpp.Pdus;
using Messaging.Sdk.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using static Messaging.Sdk.Smpp.Tests.SmppTestHelpers;

namespace Messaging.Sdk.Smpp.Tests.Session;

/// <summary>The SMPP rows of known-pitfalls.md that other suites do not reproduce end to end, against the in-process simulator.</summary>
public sealed class KnownPitfallTests
{
    // 400 GSM characters: three concatenated segments of at most 153.
    private static readonly string ThreePartGsm = string.Concat(Enumerable.Repeat("0123456789", 40));

    [Fact]
    public async Task LateResponse_AfterTheTimeout_IsLoggedOnceAndTheResultStaysUnknown()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logger = new RecordingLogger();
        await using var smsc = await SmscSimulator.StartAsync(new() { Latency = TimeSpan.FromSeconds(1) });
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc, o => o.ResponseTimeout = TimeSpan.FromMilliseconds(500)), timeProvider: time, logger: logger);
        await sender.ConnectAsync();

        var send = sender.SendAsync(NewSms());
        await Eventually(() => smsc.SubmitCount == 1, "the submit_sm to arrive");
        time.Advance(TimeSpan.FromSeconds(1));
        var result = await send.WaitAsync(Bound);
        await Eventually(() => logger.Has(103), "the late response to be logged");
        var next = await sender.SendAsync(NewSms()).WaitAsync(Bound);

        result.Status.Should().Be(SendStatus.Unknown, "the late submit_sm_resp must not turn an outcome already returned into a second one");
        result.MessageId.Should().BeNull();
        logger.Entries.Count(e => e.EventId == 103).Should().Be(1);
        next.MessageId.Should().Be(smsc.Submissions[1].MessageId, "the late response is not taken for the next request");
    }

    [Fact]
    public async Task ThreePartMessage_ReceiptsOfEverySegment_MergeIntoOneDeliveredReport()
    {
        await using var smsc = await SmscSimulator.StartAsync();
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc));
        var reports = new ConcurrentQueue<DeliveryReport>();
        sender.DeliveryReportReceived += reports.Enqueue;

        var result = await sender.SendAsync(NewSms(ThreePartGsm, receipt: true));
        await Eventually(() => smsc.DeliverResponseCount == 3 && !reports.IsEmpty, "three receipts and the merged report");

        result.SegmentCount.Should().Be(3);
        var report = reports.Should().ContainSingle("three segment receipts make one message-level report").Subject;
        report.MessageId.Should().Be(result.MessageId);
        report.State.Should().Be(DeliveryState.Delivered);
        report.Segments.Should().HaveCount(3).And.OnlyContain(s => s.IsDelivered);
    }

    [Fact]
    public async Task ThreePartMessage_WhenSegmentsAreUndeliverable_TheMergedReportIsFailed()
    {
        await using var smsc = await SmscSimulator.StartAsync(new() { ReceiptStatus = "UNDELIV" });
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc));
        var reports = new ConcurrentQueue<DeliveryReport>();
        sender.DeliveryReportReceived += reports.Enqueue;

        var result = await sender.SendAsync(NewSms(ThreePartGsm, receipt: true));
        await Eventually(() => smsc.DeliverResponseCount == 3 && !reports.IsEmpty, "three receipts and the merged report");

        var report = reports.Should().ContainSingle().Subject;
        report.MessageId.Should().Be(result.MessageId);
        report.State.Should().Be(DeliveryState.Undeliverable);
    }

    [Fact]
    public async Task RateLimit_CountsEverySegmentOfALongMessage()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // The simulator answers on its own fake clock, so that every segment written stays outstanding until the test moves it.
        var smscTime = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var smsc = await SmscSimulator.StartAsync(new() { Latency = TimeSpan.FromSeconds(1) }, smscTime);
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc, o => o.MaxMessagesPerSecond = 1), timeProvider: time);
        await sender.ConnectAsync();
        var session = sender.Pool.Binds[0].Current!;

        var send = sender.SendAsync(NewSms(ThreePartGsm));

        // A segment is registered as outstanding synchronously when it is written; the others wait on the pacer's clock.
        session.PendingCount.Should().Be(1, "at 1 submit_sm per second the second segment waits for its own slot");
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually(() => session.PendingCount == 2, "the second segment");
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually(() => session.PendingCount == 3, "the third segment");
        await Eventually(() => { smscTime.Advance(TimeSpan.FromSeconds(1)); return send.IsCompleted; }, "the answers");

        var result = await send;
        result.IsAccepted.Should().BeTrue();
        result.SegmentCount.Should().Be(3);
        smsc.SubmitCount.Should().Be(3);
    }

    [Fact]
    public async Task Throttling_OneSendersMessagesSentOneAfterAnother_ReachTheSmscInOrder()
    {
        await using var smsc = await SmscSimulator.StartAsync(new() { ThrottleEvery = 3 });
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc));

        for (var i = 0; i < 12; i++)
        {
            (await sender.SendAsync(NewSms($"message {i:D2}")).WaitAsync(Bound)).IsAccepted.Should().BeTrue();
        }

        smsc.SubmitCount.Should().BeGreaterThan(12, "some submits were throttled and re-sent");
        smsc.Submissions.Where(s => s.Status == SmppCommandStatus.Ok).Select(s => System.Text.Encoding.ASCII.GetString(s.ShortMessage.Span))
            .Should().Equal(Enumerable.Range(0, 12).Select(i => $"message {i:D2}"));
    }

    [Fact]
    public async Task Throttling_WithWindowOne_ConcurrentSendsReachTheSmscInTheOrderTheyWereMade()
    {
        await using var smsc = await SmscSimulator.StartAsync(new() { ThrottleEvery = 3 });
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc, o => o.WindowSize = 1));
        await sender.ConnectAsync();

        var sends = Enumerable.Range(0, 12).Select(i => sender.SendAsync(NewSms($"message {i:D2}"))).ToList();
        var results = await Task.WhenAll(sends).WaitAsync(Bound);

        results.Should().OnlyContain(r => r.IsAccepted);
        smsc.Submissions.Where(s => s.Status == SmppCommandStatus.Ok).Select(s => System.Text.Encoding.ASCII.GetString(s.ShortMessage.Span))
            .Should().Equal(Enumerable.Range(0, 12).Select(i => $"message {i:D2}"));
    }

    private sealed class RecordingLogger : ILogger
    {
        public ConcurrentQueue<(int EventId, LogLevel Level, string Message)> Entries { get; } = new();

        public bool Has(int eventId) => Entries.Any(e => e.EventId == eventId);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Entries.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
    }
}
