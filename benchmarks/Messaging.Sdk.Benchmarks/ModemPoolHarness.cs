using System.Diagnostics;
using System.Globalization;
using Messaging.Sdk.GsmModem;
using Messaging.Sdk.Resilience;
using Messaging.Sdk.Testing.GsmModem;
using Messaging.Sdk.Validation;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Messaging.Sdk.Benchmarks;

/// <summary><c>modem-pool [messages] [latencyMs]</c>: send throughput of a pool of N virtual modems (N = 1, 2, 4), each on its own
/// socat pseudo-terminal pair driven through System.IO.Ports, with a simulated per-message modem latency.</summary>
public static class ModemPoolHarness
{
    /// <summary>Registers the harness.</summary>
    public static void RegisterHarness() => Harnesses.Register("modem-pool", RunAsync);

    private static async Task<int> RunAsync(string[] args)
    {
        var messages = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 80;
        var latency = TimeSpan.FromMilliseconds(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100);
        Console.WriteLine($"modem-pool: {messages} messages per run, simulated modem latency {latency.TotalMilliseconds} ms per message");
        double? single = null;
        foreach (var n in new[] { 1, 2, 4 })
        {
            var rate = await MeasureAsync(n, messages, latency).ConfigureAwait(false);
            single ??= rate;
            Console.WriteLine($"N={n}: {rate:0.0} msg/s, scaling {rate / single.Value:0.00} x (target >= {0.8 * n:0.0})");
        }

        return 0;
    }

    private static async Task<double> MeasureAsync(int n, int messages, TimeSpan latency)
    {
        var ptys = new List<Process>();
        var modems = new List<VirtualModem>();
        var dir = Directory.CreateTempSubdirectory("modem-bench-").FullName;
        try
        {
            var ports = new List<string>();
            for (var i = 0; i < n; i++)
            {
                var (a, b) = (Path.Combine(dir, $"a{i}"), Path.Combine(dir, $"b{i}"));
                var socat = Process.Start(new ProcessStartInfo("socat", ["-d", "-d", $"pty,raw,echo=0,link={a}", $"pty,raw,echo=0,link={b}"]) { RedirectStandardError = true, UseShellExecute = false })!;
                ptys.Add(socat);
                for (var t = 0; t < 500 && !(File.Exists(a) && File.Exists(b)); t++)
                {
                    await Task.Delay(10).ConfigureAwait(false);
                }

                var modem = new VirtualModem { SendLatency = latency };
                var stream = await new SerialPortModemChannel(new SerialPortSettings { PortName = b, DtrEnable = false, RtsEnable = false }).OpenAsync().ConfigureAwait(false);
                _ = modem.RunAsync(stream);
                modems.Add(modem);
                ports.Add(a);
            }

            var options = new GsmModemOptions();
            foreach (var port in ports)
            {
                options.AddPort(port).DtrEnable = false;
            }

            foreach (var m in options.Modems)
            {
                m.RtsEnable = false;
            }

            await using var sender = new GsmModemSmsSender("bench", options, new SmsPduCodecAdapter(), MessageValidator.Default, ResiliencePipeline.Empty, null, TimeProvider.System, NullLogger.Instance);
            await sender.StartAsync().ConfigureAwait(false);
            var message = new SmsMessage { To = "+46708251358", Text = "benchmark message" };
            var watch = Stopwatch.StartNew();
            var next = 0;
            var workers = Enumerable.Range(0, n * 2).Select(async _ =>
            {
                while (Interlocked.Increment(ref next) <= messages)
                {
                    (await sender.SendAsync(message).ConfigureAwait(false)).EnsureAccepted();
                }
            });
            await Task.WhenAll(workers).ConfigureAwait(false);
            return messages / watch.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var modem in modems)
            {
                await modem.DisposeAsync().ConfigureAwait(false);
            }

            foreach (var p in ptys)
            {
                p.Kill();
                await p.WaitForExitAsync().ConfigureAwait(false);
                p.Dispose();
            }

            Directory.Delete(dir, recursive: true);
        }
    }
}
