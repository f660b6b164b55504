using System.Diagnostics;
using System.Globalization;
using Messaging.Sdk.Smpp;
using Messaging.Sdk.Smpp.Pdus;
using Messaging.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Sdk.Benchmarks;

/// <summary>
/// <c>smpp-throughput</c>: submit_sm throughput at windows 1, 10 and 100 with one bind and with several, (a) against the
/// node-smpp SMSC peer next to node-smpp's own client against the same server, and (b) against the in-process
/// <see cref="SmscSimulator"/> over loopback TCP next to the loopback ceiling, the simulator alone and node-smpp's client
/// against the same simulator, with the bytes allocated per message and managed memory sampled during a long run.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project benchmarks/Messaging.Sdk.Benchmarks -- smpp-throughput [--messages 20000] [--long 1000000] [--windows 1,10,100] [--binds 4] [--skip-node] [--alloc-types]</c>
/// (run from the repository root; the node part needs <c>npm ci</c> in tests/peers).
/// </remarks>
public static class SmppThroughputHarness
{
    /// <summary>Registers the harness.</summary>
    public static void RegisterHarness() => Harnesses.Register("smpp-throughput", RunAsync);

    private static async Task<int> RunAsync(string[] args)
    {
        var messages = Arg(args, "--messages", 20_000);
        var longRun = Arg(args, "--long", 1_000_000);
        var binds = Arg(args, "--binds", 4);
        var windows = (ArgText(args, "--windows") ?? "1,10,100").Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray();
        Console.WriteLine($"smpp-throughput: {messages:N0} messages per measurement, windows {string.Join(",", windows)}, 1 and {binds} binds, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var peers = Path.Combine(Directory.GetCurrentDirectory(), "tests", "peers");
        var node = !args.Contains("--skip-node") && Directory.Exists(Path.Combine(peers, "node_modules", "smpp"));
        if (!args.Contains("--skip-node") && !node)
        {
            Console.WriteLine("node-smpp figures skipped: run from the repository root after `npm ci` in tests/peers");
        }

        if (node)
        {
            await RunAgainstNodeAsync(windows, messages, binds).ConfigureAwait(false);
        }

        Console.WriteLine();
        Console.WriteLine("(b) in-process SmscSimulator over loopback TCP (client and simulator share the process and its cores)");
        RawLoopback.Ceiling(100, 100_000, batched: false);
        // The best of three: how the two sides happen to batch varies from run to run, and a ceiling is a maximum.
        var unbatched = Enumerable.Range(0, 3).Max(_ => RawLoopback.Ceiling(100, Math.Max(messages, 200_000), batched: false));
        var ceiling = Enumerable.Range(0, 3).Max(_ => RawLoopback.Ceiling(100, Math.Max(messages, 200_000) * 4, batched: true));
        Console.WriteLine($"  raw loopback, one connection, 64-byte requests / 32-byte responses, window 100: {unbatched:N0} pairs/s with a socket call per request and per response; {ceiling:N0} pairs/s when each side writes all it has in one call");
        foreach (var window in windows)
        {
            await using var smsc = await SmscSimulator.StartAsync(BenchmarkSmsc()).ConfigureAwait(false);
            RawLoopback.MinimalClient(smsc.Host, smsc.Port, "bench", "pw", window, Warmup(messages));
            var alone = RawLoopback.MinimalClient(smsc.Host, smsc.Port, "bench", "pw", window, messages);
            var simulatorBytes = await AllocatedPerMessageAsync(() => Task.FromResult(RawLoopback.MinimalClient(smsc.Host, smsc.Port, "bench", "pw", window, messages)), messages).ConfigureAwait(false);
            var one = await MeasureSenderAsync(smsc.Host, smsc.Port, "bench", "pw", window, 1, messages, null).ConfigureAwait(false);
            var many = await MeasureSenderAsync(smsc.Host, smsc.Port, "bench", "pw", window, binds, messages, null).ConfigureAwait(false);
            var bare = await MeasureSenderAsync(smsc.Host, smsc.Port, "bench", "pw", window, 1, messages, null, retries: false).ConfigureAwait(false);
            var session = await MeasureSessionAsync(smsc.Host, smsc.Port, window, messages).ConfigureAwait(false);
            var theirs = node ? await RunNodeClientAsync(smsc.Host, smsc.Port, "bench", "pw", window, messages).ConfigureAwait(false) : double.NaN;
            // The link's best in this run: what the cheapest endpoints carried (no SMPP client can pass it).
            var best = Math.Max(Math.Max(unbatched, ceiling), alone);
            Console.WriteLine($"  window {window,3}: simulator alone (minimal client) {alone,9:N0} msg/s, allocating {simulatorBytes:N0} B/msg: {alone / one.Rate:0.0}x what one bind of ours sent, so not the bottleneck");
            Console.WriteLine($"              SmppSmsSender.SendAsync 1 bind {one.Rate,9:N0} msg/s = {one.Rate / best:P1} of the link's best in this run ({best:N0}/s); {one.BytesPerMessage - simulatorBytes:N0} B/msg allocated by the client ({one.BytesPerMessage:N0} in all); {one.WritesPerMessage:0.000} socket writes per message (both sides)");
            Console.WriteLine($"              SmppSmsSender.SendAsync {binds} binds {many.Rate,9:N0} msg/s = {many.Rate / one.Rate:0.00}x one bind | raw session {session,9:N0} msg/s");
            Console.WriteLine($"              SmppSmsSender.SendAsync 1 bind, Messaging:Resilience:MaxRetryAttempts=0 (no Polly pipeline on the path) {bare.Rate,9:N0} msg/s = {bare.Rate / one.Rate:0.00}x the default; {bare.BytesPerMessage - simulatorBytes:N0} B/msg allocated by the client");
            if (node)
            {
                Console.WriteLine($"              node-smpp client on the same simulator {theirs,9:N0} msg/s | ratio 1 bind / node-smpp {one.Rate / theirs:0.00}");
            }
        }

        if (args.Contains("--alloc-types"))
        {
            await using var smsc = await SmscSimulator.StartAsync(BenchmarkSmsc()).ConfigureAwait(false);
            using var sampler = new AllocationSampler();
            sampler.Start();
            await MeasureSenderAsync(smsc.Host, smsc.Port, "bench", "pw", 100, 1, messages, null).ConfigureAwait(false);
            sampler.Stop();
            Console.WriteLine("  allocations by type (sampled about every 100 KB) while one bind sent at window 100:");
            foreach (var (type, share) in sampler.Top(25))
            {
                Console.WriteLine($"    {share,6:P1}  {type}");
            }
        }

        if (longRun > 0)
        {
            await using var smsc = await SmscSimulator.StartAsync(BenchmarkSmsc()).ConfigureAwait(false);
            var samples = new List<long>();
            var run = await MeasureSenderAsync(smsc.Host, smsc.Port, "bench", "pw", 100, 1, longRun, samples).ConfigureAwait(false);
            Console.WriteLine($"  long run, window 100, 1 bind, {longRun:N0} messages: {run.Rate:N0} msg/s, {run.BytesPerMessage:N0} B/msg allocated in the process, {run.WritesPerMessage:0.000} socket writes per message; managed heap after a full GC at each 10%: {string.Join(" ", samples.Select(s => (s / 1024).ToString(CultureInfo.InvariantCulture) + "KB"))}; working set at the end {Environment.WorkingSet / 1024 / 1024} MB");
        }

        return 0;
    }

    /// <summary>One measurement of the public path: messages per second, bytes allocated in the process per message, socket writes per message (both sides, when the peer is the in-process simulator).</summary>
    private readonly record struct SenderRun(double Rate, double BytesPerMessage, double WritesPerMessage);

    private static SmscSimulatorOptions BenchmarkSmsc() => new() { RecordSubmissions = false, SendDeliveryReceipts = false };

    private static async Task<double> AllocatedPerMessageAsync(Func<Task<double>> run, int messages)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await run().ConfigureAwait(false);
        return (double)(GC.GetTotalAllocatedBytes(precise: true) - before) / messages;
    }

    private static async Task RunAgainstNodeAsync(int[] windows, int messages, int binds)
    {
        var root = Directory.GetCurrentDirectory();
        var peers = Path.Combine(root, "tests", "peers");
        var portFile = Path.GetTempFileName();
        File.Delete(portFile);
        var server = StartNode(Path.Combine(peers, "smsc", "server.js"), [], peers, new()
        {
            ["SMPP_PEER_PORT_FILE"] = portFile, ["SMPP_PEER_QUIET"] = "1", ["SMPP_PEER_ENQUIRE_MS"] = "0", ["SMPP_PEER_PASSWORD"] = "secret",
        });
        try
        {
            for (var i = 0; i < 100 && !File.Exists(portFile); i++)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }

            var port = int.Parse(await File.ReadAllTextAsync(portFile).ConfigureAwait(false), CultureInfo.InvariantCulture);
            Console.WriteLine($"(a) node-smpp 0.5.1 server (a separate Node.js process) on 127.0.0.1:{port}");
            foreach (var window in windows)
            {
                var ours = await MeasureSenderAsync("127.0.0.1", port, "esme-bench", "secret", window, 1, messages, null).ConfigureAwait(false);
                var theirs = await RunNodeClientAsync("127.0.0.1", port, "esme-bench", "secret", window, messages).ConfigureAwait(false);
                var many = await MeasureSenderAsync("127.0.0.1", port, "esme-bench", "secret", window, binds, messages, null).ConfigureAwait(false);
                var session = await MeasureSessionAsync("127.0.0.1", port, window, messages, "esme-bench", "secret").ConfigureAwait(false);
                Console.WriteLine($"  window {window,3}: Messaging.Sdk 1 bind {ours.Rate,9:N0} msg/s | node-smpp client {theirs,9:N0} msg/s | ratio {ours.Rate / theirs:0.00} | {binds} binds {many.Rate,9:N0} msg/s ({many.Rate / ours.Rate:0.00}x) | bare session {session,9:N0} msg/s");
            }
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync().ConfigureAwait(false);
            server.Dispose();
        }
    }

    /// <summary>node-smpp's own client (benchmarks/node/smpp-client-bench.js) against <paramref name="host"/>:<paramref name="port"/>.</summary>
    private static async Task<double> RunNodeClientAsync(string host, int port, string systemId, string password, int window, int messages)
    {
        var root = Directory.GetCurrentDirectory();
        var peers = Path.Combine(root, "tests", "peers");
        using var client = StartNode(Path.Combine(root, "benchmarks", "node", "smpp-client-bench.js"), [host, port.ToString(CultureInfo.InvariantCulture), systemId, password, window.ToString(CultureInfo.InvariantCulture), messages.ToString(CultureInfo.InvariantCulture), Warmup(messages).ToString(CultureInfo.InvariantCulture)], peers, []);
        var output = await client.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await client.WaitForExitAsync().ConfigureAwait(false);
        return System.Text.Json.JsonDocument.Parse(output).RootElement.GetProperty("rate").GetDouble();
    }

    private static Process StartNode(string script, string[] arguments, string peers, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["NODE_PATH"] = Path.Combine(peers, "node_modules");
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return Process.Start(info)!;
    }

    /// <summary>The public path as DI builds it: validation, the default resilience pipeline, telemetry, one SendAsync per message, <paramref name="window"/> callers per bind.</summary>
    private static async Task<SenderRun> MeasureSenderAsync(string host, int port, string systemId, string password, int window, int binds, int messages, List<long>? memory, bool retries = true)
    {
        // Built the way applications build it, so the default resilience pipeline, telemetry and logging are all on the path.
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMessaging(o => o.Resilience.MaxRetryAttempts = retries ? o.Resilience.MaxRetryAttempts : 0).AddSmpp(o => (o.Host, o.Port, o.SystemId, o.Password, o.WindowSize, o.BindCount) = (host, port, systemId, password, window, binds));
        await using var provider = services.BuildServiceProvider();
        var sender = (SmppSmsSender)provider.GetRequiredService<ISmsSender>();
        await sender.ConnectAsync().ConfigureAwait(false);
        var sms = new SmsMessage { From = "Bench", To = PhoneNumber.Parse("+46708251358"), Text = "Benchmark message" };
        for (var i = 0; i < Warmup(messages); i++)
        {
            await sender.SendAsync(sms).ConfigureAwait(false);
        }
        var next = 0;
        var failures = 0;
        var step = Math.Max(1, messages / 10);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var writes = Messaging.Sdk.Smpp.Session.PduWriter.TotalWrites;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, window * binds).Select(async _ =>
        {
            while (true)
            {
                var n = Interlocked.Increment(ref next);
                if (n > messages)
                {
                    return;
                }

                var result = await sender.SendAsync(sms).ConfigureAwait(false);
                if (!result.IsAccepted)
                {
                    Interlocked.Increment(ref failures);
                }

                if (memory is not null && n % step == 0)
                {
                    lock (memory)
                    {
                        memory.Add(GC.GetTotalMemory(forceFullCollection: true));
                    }
                }
            }
        })).ConfigureAwait(false);
        stopwatch.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        writes = Messaging.Sdk.Smpp.Session.PduWriter.TotalWrites - writes;
        if (failures > 0)
        {
            Console.WriteLine($"  warning: {failures} messages not accepted");
        }

        return new SenderRun(messages / stopwatch.Elapsed.TotalSeconds, (double)allocated / messages, (double)writes / messages);
    }

    /// <summary>The session alone: submit_sm PDUs straight into one bound link, <paramref name="window"/> outstanding.</summary>
    private static async Task<double> MeasureSessionAsync(string host, int port, int window, int messages, string systemId = "bench", string password = "pw")
    {
        var options = new SmppOptions { Host = host, Port = port, SystemId = systemId, Password = password, WindowSize = window };
        var bind = new Messaging.Sdk.Smpp.Session.SmppBind(options, "bench", TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, null);
        await using (bind.ConfigureAwait(false))
        {
            var session = await bind.GetSessionAsync(CancellationToken.None).ConfigureAwait(false);
            var text = "Benchmark message"u8.ToArray();
            for (var i = 0; i < Warmup(messages); i++)
            {
                await session.SendAsync(new ShortMessagePdu(CommandId.SubmitSm) { SourceAddr = "Bench", DestinationAddr = "46708251358", ShortMessage = text }, windowed: true).ConfigureAwait(false);
            }

            var next = 0;
            var stopwatch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, window).Select(async _ =>
            {
                while (Interlocked.Increment(ref next) <= messages)
                {
                    var pdu = new ShortMessagePdu(CommandId.SubmitSm) { SourceAddr = "Bench", SourceAddrTon = 5, DestinationAddr = "46708251358", DestAddrTon = 1, DestAddrNpi = 1, ShortMessage = text };
                    await session.SendAsync(pdu, windowed: true).ConfigureAwait(false);
                }
            })).ConfigureAwait(false);
            return messages / stopwatch.Elapsed.TotalSeconds;
        }
    }

    /// <summary>Untimed messages sent first on both sides, so that tiered JIT / V8 have optimised the hot path.</summary>
    private static int Warmup(int messages) => Math.Min(30_000, messages / 2);

    private static int Arg(string[] args, string name, int fallback)
        => ArgText(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? ArgText(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
