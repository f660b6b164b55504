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
    public void Throttled_WithAConfiguredRate_CapsTheBindAtHalfOfIt()
    {
        var pacer = Pacer(Clock(), rate: 100);

        var pause = pacer.OnThrottled(pacer.Epoch);

        pause.Should().Be(FirstBackoff);
        pacer.AdaptiveCap.Should().Be(50);
    }

    [Fact]
    public async Task Throttled_WithNoConfiguredRate_PausesAndProbes_ThenCapsAtTheRateTheSmscAccepted()
    {
        var time = Clock();
        var pacer = Pacer(time);

        pacer.OnThrottled(pacer.Epoch);
        pacer.AdaptiveCap.Should().BeNull("nothing is known about the rate yet: the first round only pauses and probes");
        pacer.IsPacing.Should().BeTrue();
        var paused = pacer.WaitAsync(CancellationToken.None).AsTask();
        paused.IsCompleted.Should().BeFalse("the pause is in force");
        time.Advance(FirstBackoff);
        await paused;

        // Within the probe's second the SMSC accepts 300 submits and throttles again.
        for (var i = 0; i < 300; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            pacer.OnAccepted();
        }

        pacer.OnThrottled(pacer.Epoch);
        pacer.AdaptiveCap.Should().BeNull("the probe runs one recovery interval");
        time.Advance(TimeSpan.FromMilliseconds(600));

        pacer.AdaptiveCap.Should().BeApproximately(300, 0.01, "300 accepted in the probe's second");
    }

    [Fact]
    public void Throttled_AgainJustAfterTheProbesSecond_CapsAtTheRateAcceptedMeanwhile()
    {
        var time = Clock();
        var pacer = Pacer(time);
        pacer.OnThrottled(pacer.Epoch);
        for (var i = 0; i < 400; i++)
        {
            pacer.OnAccepted();
        }

        time.Advance(TimeSpan.FromMilliseconds(1000));
        pacer.AdaptiveCap.Should().BeNull();
        time.Advance(TimeSpan.FromMilliseconds(250));
        pacer.OnThrottled(pacer.Epoch);

        pacer.AdaptiveCap.Should().BeApproximately(320, 0.01, "400 accepted over the 1.25 s of the probe");
    }

    [Fact]
    public void Throttled_OnceThenQuiet_EndsTheProbeWithNoCap_AndTheHotPathReturns()
    {
        var time = Clock();
        var pacer = Pacer(time);

        pacer.OnThrottled(pacer.Epoch);
        time.Advance(TimeSpan.FromSeconds(1));
        pacer.OnAccepted();
        pacer.AdaptiveCap.Should().BeNull();
        pacer.IsPacing.Should().BeTrue("the probe waits one more second for a second refusal");
        time.Advance(TimeSpan.FromSeconds(1));

        pacer.AdaptiveCap.Should().BeNull();
        pacer.IsPacing.Should().BeFalse();
        IsImmediate(pacer.WaitAsync(CancellationToken.None)).Should().BeTrue();
    }

    [Fact]
    public void Throttled_InFurtherRounds_HalvesTheCapDownToTheFloor()
    {
        var time = Clock();
        var pacer = Pacer(time, rate: 1000, floor: 100);

        var caps = new List<double?>();
        var pauses = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            pauses.Add(pacer.OnThrottled(pacer.Epoch));
            caps.Add(pacer.AdaptiveCap);
            time.Advance(TimeSpan.FromMilliseconds(500));
        }

        caps.Should().Equal(500, 250, 125, 100, 100, 100);
        pauses.Should().Equal(
            TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400),
            TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(1600), TimeSpan.FromMilliseconds(3200));
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
        pacer.AdaptiveCap.Should().Be(50);
        pacer.OnThrottled(pacer.Epoch).Should().Be(FirstBackoff * 2, "a request sent after the back-off began and throttled again is a new round");
        pacer.AdaptiveCap.Should().Be(50, "within half a recovery interval of a cut a new round only lengthens the pause");
        time.Advance(TimeSpan.FromMilliseconds(500));
        pacer.OnThrottled(pacer.Epoch).Should().Be(FirstBackoff * 4);
        pacer.AdaptiveCap.Should().Be(25);
    }

    [Fact]
    public void QuietIntervals_RaiseTheCapByAQuarter_ThenDropItAtTheConfiguredRate()
    {
        var time = Clock();
        var pacer = Pacer(time, rate: 100);
        pacer.OnThrottled(pacer.Epoch);

        var caps = new List<double?>();
        for (var i = 0; i < 4; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            caps.Add(pacer.AdaptiveCap);
        }

        caps.Should().HaveCount(4);
        caps[0].Should().BeApproximately(62.5, 0.001);
        caps[1].Should().BeApproximately(78.125, 0.001);
        caps[2].Should().BeApproximately(97.65625, 0.001);
        caps[3].Should().BeNull("50 x 1.25^4 is above the configured 100 per second: the cap is dropped");
    }

    [Fact]
    public void QuietIntervals_WithNoConfiguredRate_DropTheCapAtTwiceTheProbedRate_AndTheHotPathReturns()
    {
        var time = Clock();
        var pacer = Pacer(time);
        ThrottleAndProbe(time, pacer, accepted: 300);
        pacer.AdaptiveCap.Should().BeApproximately(300, 0.01);

        time.Advance(TimeSpan.FromSeconds(3));
        pacer.AdaptiveCap.Should().BeApproximately(300 * 1.25 * 1.25 * 1.25, 0.01);
        time.Advance(TimeSpan.FromSeconds(1));
        pacer.AdaptiveCap.Should().BeNull("300 x 1.25^4 is above twice the 300 per second the probe capped at");
        pacer.OnAccepted();

        pacer.IsPacing.Should().BeFalse();
        IsImmediate(pacer.WaitAsync(CancellationToken.None)).Should().BeTrue();
    }

    [Fact]
    public async Task ConfiguredRateAndCap_Combine_TheLowerWins()
    {
        var time = Clock();
        var pacer = Pacer(time, rate: 100);
        pacer.OnThrottled(pacer.Epoch);
        time.Advance(FirstBackoff);
        pacer.OnAccepted();

        // Cap 50 per second: 20 ms apart, not the configured 10 ms.
        await pacer.WaitAsync(CancellationToken.None);
        var second = pacer.WaitAsync(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(10));
        second.IsCompleted.Should().BeFalse("10 ms is the configured rate's spacing, the cap's is 20 ms");
        time.Advance(TimeSpan.FromMilliseconds(10));
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
        pacer.AdaptiveCap.Should().Be(50, "three refusals in a row look like a rate limit");
        SubmitPacer.DenseAfter(1).Should().Be(2);
        SubmitPacer.DenseAfter(50).Should().Be(8);
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
        var pacer = Pacer(time, rate: 100, sender: name, logger: logger);

        pacer.OnThrottled(pacer.Epoch);
        for (var i = 0; i < 4; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await pacer.WaitAsync(CancellationToken.None);
        }

        metrics.Of("messaging.sdk.smpp.throttle.adaptive_cap").Select(m => Math.Round(m.Value, 1)).Should().Equal(50, 62.5, 78.1, 97.7, 0);
        metrics.Of("messaging.sdk.smpp.throttle.adaptive_cap").Should().OnlyContain(m => m.Tags["smpp.bind"] == "0");
        logger.Entries.Select(e => e.EventId).Should().Equal(113, 114);
        logger.Entries[0].Message.Should().Contain("50");
    }

    private static void ThrottleAndProbe(FakeTimeProvider time, SubmitPacer pacer, int accepted)
    {
        pacer.OnThrottled(pacer.Epoch);
        for (var i = 0; i < accepted; i++)
        {
            pacer.OnAccepted();
        }

        time.Advance(TimeSpan.FromMilliseconds(500));
        pacer.OnThrottled(pacer.Epoch);
        time.Advance(TimeSpan.FromMilliseconds(500));
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
