using Messaging.Sdk.Testing;
using Microsoft.Extensions.Time.Testing;
using static Messaging.Sdk.Smpp.Tests.SmppTestHelpers;

namespace Messaging.Sdk.Smpp.Tests.Session;

/// <summary>
/// Adaptive back-off end to end: SmppSmsSender against the simulator over loopback TCP with a per-second limit that is
/// later lifted. The SMSC's limit, the sender's pacer and its recovery all run on one fake clock that a driver moves a
/// few milliseconds at a time (at most two per wall-clock millisecond), so the rates are in fake time: a loaded machine
/// slows the clock at least as much as the sender, and the 200 per fake second limit stays far below what the sender does.
/// </summary>
public sealed class AdaptiveThrottlingTests
{
    [Fact]
    public async Task PerSecondLimit_SlowsTheBindKeepsOrderAndAcceptsAll_ThenLiftingItLetsTheBindRecover()
    {
        var name = MetricsRecorder.UniqueSender();
        using var metrics = new MetricsRecorder(name);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var smsc = await SmscSimulator.StartAsync(new() { MaxSubmitsPerSecond = 200, SendDeliveryReceipts = false }, time);
        await using var sender = new SmppSmsSender(name, OptionsFor(smsc, o =>
        {
            o.WindowSize = 1;
            o.ThrottleRetryAttempts = 100;
            o.ThrottleRecoveryInterval = TimeSpan.FromMilliseconds(200);
            o.ThrottleMinimumRate = 50;
            o.ResponseTimeout = TimeSpan.FromHours(1);
            o.EnquireLinkInterval = TimeSpan.FromHours(1);
        }), timeProvider: time);
        await using var clock = FakeClockDriver.Start(time);
        await sender.ConnectAsync();
        var pacer = sender.Pool.Binds[0].Pacer;

        // Phase 1: batches of 100 sends made at once, queued behind a window of one, until the bind has been slowed by a cap
        // (bounded); the first batches go faster than the SMSC allows.
        var results = new List<SmsSendResult>();
        bool Slowed() => metrics.Of("messaging.sdk.smpp.throttle.adaptive_cap").Any(m => m.Value > 0);
        var deadline = DateTime.UtcNow + Bound;
        while ((results.Count < 300 || !Slowed()) && DateTime.UtcNow < deadline)
        {
            var batch = Enumerable.Range(results.Count, 100).Select(i => sender.SendAsync(NewSms($"message {i:D5}"))).ToList();
            results.AddRange(await Task.WhenAll(batch).WaitAsync(Bound));
        }

        Slowed().Should().BeTrue("the bind was slowed by an adaptive cap");
        metrics.Of("messaging.sdk.smpp.throttle.adaptive_cap").Where(m => m.Value > 0).Should().OnlyContain(m => m.Value >= 50, "never below ThrottleMinimumRate");
        results.Should().OnlyContain(r => r.IsAccepted, "throttled submits are re-sent within the retry budget");
        smsc.ThrottledCount.Should().BePositive("the sender went faster than the SMSC allows");
        metrics.Sum("messaging.sdk.smpp.throttle.backoffs").Should().Be(smsc.ThrottledCount);
        smsc.Submissions.Where(s => s.Status == SmppCommandStatus.Ok).Select(s => System.Text.Encoding.ASCII.GetString(s.ShortMessage.Span))
            .Should().Equal(Enumerable.Range(0, results.Count).Select(i => $"message {i:D5}"), "one window-1 bind keeps the order through throttling and slowing");

        // Phase 2: the SMSC lifts its limit; the cap rises each quiet interval until it is dropped.
        smsc.SetMaxSubmitsPerSecond(0);
        var throttledBefore = smsc.ThrottledCount;
        deadline = DateTime.UtcNow + Bound;
        while ((pacer.AdaptiveCap is not null || pacer.IsPacing) && DateTime.UtcNow < deadline)
        {
            (await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => sender.SendAsync(NewSms()))).WaitAsync(Bound)).Should().OnlyContain(r => r.IsAccepted);
        }

        pacer.AdaptiveCap.Should().BeNull("the cap is dropped once it is back above the rate it was cut from");
        pacer.IsPacing.Should().BeFalse("with no configured rate the bind is back on the unpaced path");
        smsc.ThrottledCount.Should().Be(throttledBefore);
        metrics.Of("messaging.sdk.smpp.throttle.adaptive_cap")[^1].Value.Should().Be(0);
    }

    /// <summary>Moves a fake clock forward two milliseconds at a time until disposed, so that code waiting on it makes progress.</summary>
    private sealed class FakeClockDriver : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        private FakeClockDriver(FakeTimeProvider time)
            => _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    // At most two fake milliseconds per wall-clock millisecond: the slower the machine, the more the sender
                    // does per fake second, so the SMSC's limit is only the easier to exceed.
                    time.Advance(TimeSpan.FromMilliseconds(2));
                    await Task.Delay(1);
                }
            });

        public static FakeClockDriver Start(FakeTimeProvider time) => new(time);

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            await _loop;
            _stop.Dispose();
        }
    }
}
