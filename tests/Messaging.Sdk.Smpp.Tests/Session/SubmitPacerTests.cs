using System.Collections.Concurrent;
using Messaging.Sdk.Smpp.Session;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Messaging.Sdk.Smpp.Tests.Session;

/// <summary>The per-bind pacer on a fake clock: fixed rate, pause after throttling, and the adaptive cap (AIMD-like).</summary>
public sealed class SubmitPacerTests
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);

    private static SubmitPacer Pacer(FakeTimeProvider time, int? rate = null, bool adaptive = true, int floor = 1, string sender = "pacer", ILogger? logger = null, int denseAfter = 1)
        => new(time, rate, FirstBackoff, adaptive, TimeSpan.FromSeconds(1), floor, denseAfter, sender, 0, logger);

    private static FakeTimeProvider Clock() => new(DateTimeOffset.UtcNow);

    private static bool IsImmediate(ValueTask wait) => wait.IsCompletedSuccessfully;

    [Fact]
    public void WaitAsync_WithNoRateAndNoThrottling_CompletesSynchronouslyOnTheHotPath()
    {
        var pacer = Pacer(Clock());

        for (var i = 0; i < 1000; i++)
        {
            IsImmediate(pacer.WaitAsync(CancellationToken.None)).Should().BeTrue();
        }

        pacer.IsPacing.Should().BeFalse();
        pacer.AdaptiveCap.Should().BeNull();
    }

    [Fact]
    public void Throttled_WithAConfiguredRate_AndNothingAcceptedYet_CapsTheBindJustBelowTheRate()
    {
        var pacer = Pacer(Clock(), rate: 100);

        var pause = pacer.OnThrottled(pacer.Epoch);

        pause.Should().Be(FirstBackoff);
        pacer.AdaptiveCap.Should().BeApproximately(90, 1e-9);
    }

    [Fact]
    public void Throttled_CapsTheBindAtNinetyPercentOfWhatTheSmscAcceptedLately()
    {
        var time = Clock();
        var pacer = Pacer(time);
        AcceptOver(time, pacer, 300, TimeSpan.FromSeconds(1));

        pacer.OnThrottled(pacer.Epoch);

        pacer.AdaptiveCap.Should().BeApproximately(270, 0.01, "the SMSC accepted 300 per second before it refused");
        pacer.IsPacing.Should().BeTrue();
    }

    [Fact]
    public async Task Throttled_WithNothingAcceptedAndNoConfiguredRate_OnlyPauses_ThenTheHotPathReturns()
    {
        var time = Clock();
        var pacer = Pacer(time);

        pacer.OnThrottled(pacer.Epoch);
        pacer.AdaptiveCap.Should().BeNull("no rate to go by: a full queue, say");
        var paused = pacer.WaitAsync(CancellationToken.None).AsTask();
        paused.IsCompleted.Should().BeFalse("the pause is in force");
        time.Advance(FirstBackoff);
        await paused;
        pacer.OnAccepted();

        pacer.IsPacing.Should().BeFalse();
        IsImmediate(pacer.WaitAsync(CancellationToken.None)).Should().BeTrue();
    }

    [Fact]
    public void Throttled_InFurtherRounds_LowersTheCapDownToTheFloor()
    {
        var time = Clock();
        var pacer = Pacer(time, rate: 1000, floor: 300);

        var caps = new List<double?>();
        var pauses = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            pauses.Add(pacer.OnThrottled(pacer.Epoch));
            caps.Add(pacer.AdaptiveCap);
            time.Advance(TimeSpan.FromMilliseconds(500));
        }

        caps.Select(c => Math.Round(c!.Value, 4)).Should().Equal(900, 675, 506.25, 379.6875, 300, 300);
        pauses.Should().Equal(
            TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400),
            TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(1600), TimeSpan.FromMilliseconds(3200));
    }

    [Fact]
    public void Throttled_FurtherRoundsGoByTheAcceptedRateWhenItIsBelowTheCap()
    {
        var time = Clock();
        var pacer = Pacer(time, rate: 1000);
        pacer.OnThrottled(pacer.Epoch);
        pacer.AdaptiveCap.Should().BeApproximately(900, 1e-9);
        time.Advance(TimeSpan.FromSeconds(0.25));
        AcceptOver(time, pacer, 100, TimeSpan.FromSeconds(0.25));

        pacer.OnThrottled(pacer.Epoch);

        pacer.AdaptiveCap.Should().BeApproximately(150, 0.01, "100 accepted in the half second since the bind was created is 200 per second, and 75% of that");
    }

    [Fact]
    public void Throttled_AnswersToRequestsSentBeforeTheBackoffBegan_DoNotEscalate()
    {
        var time = Clock();
        var pacer = Pacer(time, rate: 100);
        var sentBefore = pacer.Epoch;

        pacer.OnThrottled(sentBefore);
        var later = Enumerable.Range(0, 10).Select(_ => pacer.OnThrottled(sentBefore)).ToList();

        later.Should().OnlyContain(p => p == FirstBackoff, "a window full of throttled answers is one round");
        pacer.AdaptiveCap.Should().BeApproximately(90, 1e-9);
        pacer.OnThrottled(pacer.Epoch).Should().Be(FirstBackoff * 2, "a request sent after the back-off began and throttled again is a new round");
        pacer.AdaptiveCap.Should().BeApproximately(90, 1e-9, "within half a recovery interval of a cut a new round only lengthens the pause");
        time.Advance(TimeSpan.FromMilliseconds(500));
        pacer.OnThrottled(pacer.Epoch).Should().Be(FirstBackoff * 4);
        pacer.AdaptiveCap.Should().BeApproximately(67.5, 1e-9);
    }

    [Fact]
    public void QuietIntervals_RaiseTheCapFasterTheLongerTheyLast_ThenDropItAtTheConfiguredRate()
    {
        var time = Clock();
        var pacer = Pacer(time, rate: 1000);
        AcceptOver(time, pacer, 400, TimeSpan.FromSeconds(1));
        pacer.OnThrottled(pacer.Epoch);

        var caps = new List<double?> { pacer.AdaptiveCap };
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            caps.Add(pacer.AdaptiveCap);
        }

        caps[0].Should().BeApproximately(360, 0.01);
        caps[1].Should().BeApproximately(450, 0.02, "x1.25 after the first quiet interval");
        caps[2].Should().BeApproximately(703.125, 0.03, "x1.5625 after the second");
        caps[3].Should().BeNull("x2.44 after the third is above the configured 1000 per second: the cap is dropped");
    }

    [Fact]
    public void QuietIntervals_WithNoConfiguredRate_DropTheCapAtTwiceTheRateFirstCappedAt_AndTheHotPathReturns()
    {
        var time = Clock();
        var pacer = Pacer(time);
        AcceptOver(time, pacer, 300, TimeSpan.FromSeconds(1));
        pacer.OnThrottled(pacer.Epoch);
        pacer.AdaptiveCap.Should().BeApproximately(270, 0.01);

        time.Advance(TimeSpan.FromSeconds(2));
        pacer.AdaptiveCap.Should().BeApproximately(270 * 1.25 * 1.5625, 0.02);
        time.Advance(TimeSpan.FromSeconds(1));
        pacer.AdaptiveCap.Should().BeNull("above twice the 300 per second the SMSC accepted");
        pacer.OnAccepted();

        pacer.IsPacing.Should().BeFalse();
        IsImmediate(pacer.WaitAsync(CancellationToken.None)).Should().BeTrue();
    }

    [Fact]
    public async Task ConfiguredRateAndCap_Combine_TheLowerWins()
    {
        var time = Clock();
        var pacer = Pacer(time, rate: 100);
        AcceptOver(time, pacer, 50, TimeSpan.FromSeconds(1));
        pacer.OnThrottled(pacer.Epoch);
        time.Advance(FirstBackoff);
        pacer.OnAccepted();

        // Cap 45 per second: 22.2 ms apart, not the configured 10 ms.
        await pacer.WaitAsync(CancellationToken.None);
        var second = pacer.WaitAsync(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(10));
        second.IsCompleted.Should().BeFalse("10 ms is the configured rate's spacing, the cap's is 22.2 ms");
        time.Advance(TimeSpan.FromMilliseconds(13));
        await second;

        time.Advance(TimeSpan.FromSeconds(4));
        pacer.AdaptiveCap.Should().BeNull();
        await pacer.WaitAsync(CancellationToken.None);
        var next = pacer.WaitAsync(CancellationToken.None).AsTask();
        next.IsCompleted.Should().BeFalse("the configured rate still applies once the cap is dropped");
        time.Advance(TimeSpan.FromMilliseconds(10));
        await next;
    }

    [Fact]
    public void Throttled_OnlyByOccasionalAnswersBetweenSuccesses_OnlyPauses_WhileRefusalsInARowCapTheBind()
    {
        var time = Clock();
        var pacer = Pacer(time, rate: 100, denseAfter: 3);

        for (var i = 0; i < 10; i++)
        {
            pacer.OnThrottled(pacer.Epoch);
            pacer.OnAccepted();
            time.Advance(TimeSpan.FromSeconds(1));
        }

        pacer.AdaptiveCap.Should().BeNull("an SMSC refusing one submit now and then, whatever the rate, is not helped by slowing down");

        var epoch = pacer.Epoch;
        pacer.OnThrottled(epoch);
        pacer.OnThrottled(epoch);
        pacer.AdaptiveCap.Should().BeNull();
        pacer.OnThrottled(pacer.Epoch);
        pacer.AdaptiveCap.Should().NotBeNull("three refusals in a row look like a rate limit");
        pacer.AdaptiveCap!.Value.Should().BeLessThan(100);
        SubmitPacer.DenseAfter(1).Should().Be(2);
        SubmitPacer.DenseAfter(50).Should().Be(8);
    }

    [Fact]
    public void Throttled_AStaleRefusalFollowedByASuccess_DoesNotCountTowardsRefusalsInARow()
    {
        var time = Clock();
        var pacer = Pacer(time, rate: 100, denseAfter: 3, adaptive: true);
        var old = pacer.Epoch;
        pacer.OnThrottled(old);
        pacer.AdaptiveCap.Should().BeNull("one refusal is not a rate limit");
        time.Advance(TimeSpan.FromSeconds(1));
        pacer.OnAccepted();
        pacer.IsPacing.Should().BeTrue("the configured rate still paces");

        pacer.OnThrottled(old);
        pacer.OnAccepted();
        pacer.OnThrottled(pacer.Epoch);
        pacer.OnThrottled(pacer.Epoch);

        pacer.AdaptiveCap.Should().BeNull("the success after the stale refusal ended that run: two in a row since");
    }

    [Fact]
    public void AdaptiveOff_ThrottlingOnlyPauses()
    {
        var pacer = Pacer(Clock(), rate: 100, adaptive: false);

        pacer.OnThrottled(pacer.Epoch).Should().Be(FirstBackoff);
        pacer.OnThrottled(pacer.Epoch).Should().Be(FirstBackoff * 2);

        pacer.AdaptiveCap.Should().BeNull();
    }

    [Fact]
    public async Task SlowingAndRecovery_AreLoggedAndTheCapIsRecordedAsAGauge()
    {
        var name = MetricsRecorder.UniqueSender();
        using var metrics = new MetricsRecorder(name);
        var logger = new ListLogger();
        var time = Clock();
        var pacer = Pacer(time, rate: 1000, sender: name, logger: logger);
        AcceptOver(time, pacer, 400, TimeSpan.FromSeconds(1));

        pacer.OnThrottled(pacer.Epoch);
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await pacer.WaitAsync(CancellationToken.None);
        }

        metrics.Of("messaging.sdk.smpp.throttle.adaptive_cap").Select(m => Math.Round(m.Value, 1)).Should().Equal(360, 450, 703.1, 0);
        metrics.Of("messaging.sdk.smpp.throttle.adaptive_cap").Should().OnlyContain(m => m.Tags["smpp.bind"] == "0");
        logger.Entries.Select(e => e.EventId).Should().Equal(113, 114);
        logger.Entries[0].Message.Should().Contain("360");
    }

    /// <summary>The SMSC accepts <paramref name="count"/> submits spread evenly over <paramref name="over"/>.</summary>
    private static void AcceptOver(FakeTimeProvider time, SubmitPacer pacer, int count, TimeSpan over)
    {
        for (var i = 0; i < count; i++)
        {
            time.Advance(over / count);
            pacer.OnAccepted();
        }
    }

    private sealed class ListLogger : ILogger
    {
        private readonly ConcurrentQueue<(int EventId, string Message)> _entries = new();

        public IReadOnlyList<(int EventId, string Message)> Entries => [.. _entries];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => _entries.Enqueue((eventId.Id, formatter(state, exception)));
    }
}
