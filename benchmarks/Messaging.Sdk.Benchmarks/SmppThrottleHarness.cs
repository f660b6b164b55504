using System.Diagnostics;
using System.Globalization;
using Messaging.Sdk.Smpp;
using Messaging.Sdk.Testing;

namespace Messaging.Sdk.Benchmarks;

/// <summary>
/// <c>smpp-throttle</c>: one bind flooding the in-process <see cref="SmscSimulator"/>, first with a per-second limit
/// (ESME_RTHROTTLED beyond it), then with the limit lifted; once with adaptive back-off and once with the pause-only
/// back-off, printing a timeline (every 250 ms: accepted/s, throttled answers/s, adaptive cap) and a summary per phase.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project benchmarks/Messaging.Sdk.Benchmarks -- smpp-throttle [--limit 20000] [--phase1 7] [--phase2 7] [--window 100] [--recovery-ms 1000] [--quiet]</c>
/// </remarks>
public static class SmppThrottleHarness
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    /// <summary>Registers the harness.</summary>
    public static void RegisterHarness() => Harnesses.Register("smpp-throttle", RunAsync);

    private static async Task<int> RunAsync(string[] args)
    {
        var limit = Arg(args, "--limit", 20_000);
        var phase1 = TimeSpan.FromSeconds(Arg(args, "--phase1", 7));
        var phase2 = TimeSpan.FromSeconds(Arg(args, "--phase2", 7));
        var window = Arg(args, "--window", 100);
        var recovery = TimeSpan.FromMilliseconds(Arg(args, "--recovery-ms", 1000));
        var quiet = args.Contains("--quiet");
        Console.WriteLine($"smpp-throttle: 1 bind, window {window}, {window} callers; phase 1 {phase1.TotalSeconds:0}s with the SMSC limited to {limit:N0} submit_sm/s, phase 2 {phase2.TotalSeconds:0}s unlimited; ThrottleRecoveryInterval {recovery.TotalMilliseconds:0} ms; {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        foreach (var adaptive in new[] { true, false })
        {
            await RunModeAsync(adaptive, limit, phase1, phase2, window, recovery, quiet).ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task RunModeAsync(bool adaptive, int limit, TimeSpan phase1, TimeSpan phase2, int window, TimeSpan recovery, bool quiet)
    {
        Console.WriteLine();
        Console.WriteLine(adaptive ? "AdaptiveThrottling = true (default): pause, then a rate cap that recovers" : "AdaptiveThrottling = false: pause-only back-off");
        await using var smsc = await SmscSimulator.StartAsync(new SmscSimulatorOptions { RecordSubmissions = false, SendDeliveryReceipts = false, MaxSubmitsPerSecond = limit }).ConfigureAwait(false);
        var options = new SmppOptions
        {
            Host = smsc.Host, Port = smsc.Port, SystemId = "bench", Password = "pw", WindowSize = window, ThrottleRetryAttempts = 100, AdaptiveThrottling = adaptive,
            ThrottleRecoveryInterval = recovery,
        };
        await using var sender = new SmppSmsSender("throttle-bench", options);
        await sender.ConnectAsync().ConfigureAwait(false);
        var pacer = sender.Pool.Binds[0].Pacer;
        var sms = new SmsMessage { From = "Bench", To = PhoneNumber.Parse("+46708251358"), Text = "Benchmark message" };

        using var stop = new CancellationTokenSource();
        long rejected = 0;
        var callers = Enumerable.Range(0, window).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                var result = await sender.SendAsync(sms).ConfigureAwait(false);
                if (!result.IsAccepted)
                {
                    Interlocked.Increment(ref rejected);
                }
            }
        }).ToList();

        var clock = Stopwatch.StartNew();
        var phases = new[] { new Phase("phase 1 (limited)", phase1), new Phase("phase 2 (lifted)", phase2) };
        var (lastSubmits, lastThrottled, lastTime) = (smsc.SubmitCount, smsc.ThrottledCount, TimeSpan.Zero);
        TimeSpan? liftedAt = null;
        TimeSpan? recoveredAfter = null;
        foreach (var phase in phases)
        {
            var end = clock.Elapsed + phase.Length;
            phase.StartSubmits = smsc.SubmitCount;
            phase.StartThrottled = smsc.ThrottledCount;
            phase.Start = clock.Elapsed;
            while (clock.Elapsed < end)
            {
                await Task.Delay(Tick).ConfigureAwait(false);
                var (submits, throttled, now) = (smsc.SubmitCount, smsc.ThrottledCount, clock.Elapsed);
                var seconds = (now - lastTime).TotalSeconds;
                var cap = pacer.AdaptiveCap;
                var acceptedRate = (submits - throttled - (lastSubmits - lastThrottled)) / seconds;
                phase.Ticks++;
                phase.Stalls += acceptedRate == 0 ? 1 : 0;
                phase.MaxRate = Math.Max(phase.MaxRate, acceptedRate);
                if (liftedAt is { } lifted && recoveredAfter is null && cap is null && !pacer.IsPacing)
                {
                    recoveredAfter = now - lifted;
                }

                if (!quiet)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {now.TotalSeconds,5:0.00}s  accepted/s {acceptedRate,9:N0}  throttled/s {(throttled - lastThrottled) / seconds,9:N0}  cap {(cap is { } c ? c.ToString("N0", CultureInfo.InvariantCulture) : "-"),9}"));
                }

                (lastSubmits, lastThrottled, lastTime) = (submits, throttled, now);
            }

            phase.End = clock.Elapsed;
            phase.EndSubmits = smsc.SubmitCount;
            phase.EndThrottled = smsc.ThrottledCount;
            if (liftedAt is null)
            {
                smsc.SetMaxSubmitsPerSecond(0);
                liftedAt = clock.Elapsed;
            }
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(callers).ConfigureAwait(false);
        foreach (var phase in phases)
        {
            var submits = phase.EndSubmits - phase.StartSubmits;
            var throttled = phase.EndThrottled - phase.StartThrottled;
            var seconds = (phase.End - phase.Start).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {phase.Name}: accepted {(submits - throttled) / seconds:N0}/s, throttled answers {throttled / seconds:N0}/s ({(submits == 0 ? 0 : 100.0 * throttled / submits):0.0}% of submit_sm); {phase.Stalls} of {phase.Ticks} ticks with nothing accepted, busiest tick {phase.MaxRate:N0}/s"));
        }

        Console.WriteLine(adaptive
            ? recoveredAfter is { } r ? $"  back at full speed {r.TotalSeconds:0.00}s after the limit was lifted" : $"  still capped at the end of phase 2 (cap {pacer.AdaptiveCap:N0}/s)"
            : "  (no cap: full speed as soon as the limit is lifted)");
        if (Interlocked.Read(ref rejected) > 0)
        {
            Console.WriteLine($"  warning: {rejected} messages not accepted (retry budget spent)");
        }
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed class Phase(string name, TimeSpan length)
    {
        public string Name { get; } = name;

        public TimeSpan Length { get; } = length;

        public TimeSpan Start { get; set; }

        public TimeSpan End { get; set; }

        public long StartSubmits { get; set; }

        public long StartThrottled { get; set; }

        public long EndSubmits { get; set; }

        public long EndThrottled { get; set; }

        public int Ticks { get; set; }

        public int Stalls { get; set; }

        public double MaxRate { get; set; }
    }
}
