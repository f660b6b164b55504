using System.Diagnostics;
using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using Messaging.Sdk.Smtp;
using MimeKit;

namespace Messaging.Sdk.Benchmarks;

/// <summary>
/// <c>smtp-throughput</c>: in one run against the same local SMTP peer, measures messages per second of
/// (1) <see cref="SmtpEmailSender"/> with a pool of 4 connections, (2) connect-per-message with MailKit, as most
/// wrappers do (4 workers), (3) a hand-written MailKit loop on one reused connection, and (4) the sender with a
/// pool of 1 connection used sequentially (per-connection overhead against (3)). Prints rates and ratios.
/// </summary>
/// <remarks>
/// Arguments: <c>--messages N</c> (default 1000 per variant and round), <c>--repeat R</c> (rounds, default 3),
/// <c>--server-delay-ms N</c> (the peer waits N ms before its reply to the end of DATA), <c>--peer-workers N</c>
/// (peer processes sharing its ports), <c>--host H --port P --user U --password W</c> for an existing server; without
/// them it uses the SMTP_PEER_* variables, or starts tests/peers/smtp/start.sh itself. <c>--only VARIANT</c> runs one
/// variant (for a profiler), <c>--cpu</c> times validation and MIME building, <c>--dump</c> prints the sender's MIME.
/// Messages go to <c>bench@example.com</c>, which the peer counts without parsing.
/// </remarks>
public static class SmtpThroughputHarness
{

    public static void RegisterHarness() => Harnesses.Register("smtp-throughput", RunAsync);

    private static async Task<int> RunAsync(string[] args)
    {
        var messages = int.Parse(Arg(args, "--messages") ?? "1000", CultureInfo.InvariantCulture);
        var serverDelay = int.Parse(Arg(args, "--server-delay-ms") ?? "0", CultureInfo.InvariantCulture);
        var repeat = int.Parse(Arg(args, "--repeat") ?? "3", CultureInfo.InvariantCulture);
        var recipient = serverDelay > 0 ? string.Create(CultureInfo.InvariantCulture, $"bench-delay{serverDelay}@example.com") : "bench@example.com";
        var peerWorkers = int.Parse(Arg(args, "--peer-workers") ?? "1", CultureInfo.InvariantCulture);
        using var peer = Arg(args, "--host") is null && Environment.GetEnvironmentVariable("SMTP_PEER_PORT") is null ? PeerProcess.Start(peerWorkers) : null;
        s_peerPid = peer?.Pid;
        string Get(string arg, string env) => Arg(args, arg) ?? peer?.Env[env] ?? Environment.GetEnvironmentVariable(env)
            ?? throw new ArgumentException($"{arg} or {env} is required");
        var host = Get("--host", "SMTP_PEER_HOST");
        var port = int.Parse(Get("--port", "SMTP_PEER_PORT"), CultureInfo.InvariantCulture);
        var user = Get("--user", "SMTP_PEER_USER");
        var password = Get("--password", "SMTP_PEER_PASSWORD");

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"smtp-throughput: {messages} messages per variant to {host}:{port} (AUTH PLAIN, no TLS), server reply delay {serverDelay} ms, best of {repeat}, {Environment.ProcessorCount} cores, peer {(peer is null ? "external" : $"started here with {peerWorkers} worker process(es)")}"));
        var email = new EmailMessage
        {
            From = "bench-sender@example.org",
            To = [recipient],
            Subject = "Throughput",
            TextBody = new string('x', 1000),
        };
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse("bench-sender@example.org"));
        mime.To.Add(MailboxAddress.Parse(recipient));
        mime.Subject = "Throughput";
        mime.Body = new TextPart("plain") { Text = new string('x', 1000) };

        SmtpEmailSender NewSender(int connections) => new(new SmtpOptions
        {
            Host = host,
            Port = port,
            Security = SmtpSecurity.None,
            UserName = user,
            Password = password,
            MaxConnections = connections,
            MaxMessagesPerConnection = 100_000,
        });

        async Task Pooled(int connections, int parallel, int count)
        {
            await using var sender = NewSender(connections);
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (_, ct) =>
            {
                var result = await sender.SendAsync(email, ct);
                if (!result.IsAccepted)
                {
                    throw new InvalidOperationException($"not accepted: {result.Status} {result.NativeCode} {result.NativeText}");
                }
            });
        }

        async Task ConnectPerMessage(int count) => await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, ct) =>
        {
            using var client = new SmtpClient();
            await client.ConnectAsync(host, port, SecureSocketOptions.None, ct);
            await client.AuthenticateAsync(user, password, ct);
            using var m = NewMime();
            await client.SendAsync(m, ct);
            await client.DisconnectAsync(true, ct);
        });

        // A hand-written loop builds each message, as an application sending distinct messages does.
        MimeMessage NewMime()
        {
            var m = new MimeMessage();
            m.From.Add(MailboxAddress.Parse("bench-sender@example.org"));
            m.To.Add(MailboxAddress.Parse(recipient));
            m.Subject = "Throughput";
            m.Body = new TextPart("plain") { Text = email.TextBody };
            return m;
        }

        async Task HandWritten(int count, bool withLogger)
        {
            using var client = withLogger ? new SmtpClient(new Messaging.Sdk.Smtp.Delivery.SmtpTransaction()) : new SmtpClient();
            await client.ConnectAsync(host, port, SecureSocketOptions.None);
            await client.AuthenticateAsync(user, password);
            for (var i = 0; i < count; i++)
            {
                using var m = NewMime();
                await client.SendAsync(m);
            }

            await client.DisconnectAsync(true);
        }

        if (args.Contains("--dump"))
        {
            // The MIME the sender builds for the benchmark message, with a fixed id and date (to compare builds).
            using var b = Messaging.Sdk.Smtp.Mime.MimeMessageFactory.Create(email with { Cc = ["Ünal Çelik <cc@example.com>"], ReplyTo = ["r@example.com"] }, [], "fixed@example.org", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
            await b.Message.WriteToAsync(Console.OpenStandardOutput());
            return 0;
        }

        if (args.Contains("--cpu"))
        {
            for (var r = 0; r < 3; r++)
            {
                await Rate("cpu: validate", 20000, () => { for (var i = 0; i < 20000; i++) { Messaging.Sdk.Validation.MessageValidator.Default.EnsureValid(email); } return Task.CompletedTask; });
                await Rate("cpu: build mime + write", 20000, async () => { for (var i = 0; i < 20000; i++) { using var b = Messaging.Sdk.Smtp.Mime.MimeMessageFactory.Create(email, [], "x@y.z", DateTimeOffset.UtcNow); await b.Message.WriteToAsync(Stream.Null); } });
                await Rate("cpu: plain new mime + write", 20000, async () => { for (var i = 0; i < 20000; i++) { using var m = new MimeMessage(); m.From.Add(MailboxAddress.Parse("bench-sender@example.org")); m.To.Add(MailboxAddress.Parse(recipient)); m.Subject = "Throughput"; m.Body = new TextPart("plain") { Text = email.TextBody }; await m.WriteToAsync(Stream.Null); } });
                await Rate("cpu: new mime SetText utf8 + write", 20000, async () => { for (var i = 0; i < 20000; i++) { using var m = new MimeMessage(); var t = new TextPart("plain"); t.SetText(System.Text.Encoding.UTF8, email.TextBody!); m.Body = t; await m.WriteToAsync(Stream.Null); } });
                await Rate("cpu: new mime + date/msgid + write", 20000, async () => { for (var i = 0; i < 20000; i++) { using var m = new MimeMessage(); m.Date = DateTimeOffset.UtcNow; m.MessageId = "abc@example.org"; m.Body = new TextPart("plain") { Text = email.TextBody }; await m.WriteToAsync(Stream.Null); } });
                await Rate("cpu: reused mime write", 20000, async () => { for (var i = 0; i < 20000; i++) { await mime.WriteToAsync(Stream.Null); } });
            }

            return 0;
        }

        if (Arg(args, "--only") is { } only)
        {
            // One variant for a long time, e.g. under dotnet-trace: --only pooled1|hand|hand-logger|pooled4.
            for (var r = 0; r < repeat; r++)
            {
                await Rate(only, messages, only switch
                {
                    "pooled1" => () => Pooled(1, 1, messages),
                    "pooled4" => () => Pooled(4, 16, messages),
                    "hand-logger" => () => HandWritten(messages, true),
                    _ => () => HandWritten(messages, false),
                });
            }

            return 0;
        }

        // Warm up every path (JIT, connection setup) before measuring.
        await Pooled(4, 16, 50);
        await ConnectPerMessage(20);
        await HandWritten(50, false);
        await Pooled(1, 1, 50);

        // Variants alternate within each round and the best round counts: the machine is shared, so this damps noise.
        // Connect-per-message waits ~100 ms per connection for the peer's greeting: fewer messages give the same rate.
        var perMessageCount = Math.Max(40, messages / 10);
        List<double> pooled4 = [], perMessage = [], handWritten = [], handWrittenLogger = [], pooled1 = [];
        for (var round = 1; round <= repeat; round++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}"));
            perMessage.Add(await Rate("connect-per-message (MailKit), 4 workers", perMessageCount, () => ConnectPerMessage(perMessageCount)));
            // The order flips every round so that neither variant always runs first after a pause.
            var variants = new (string Name, List<double> Rates, Func<Task> Run)[]
            {
                ("pooled sender, MaxConnections=4, 16 callers", pooled4, () => Pooled(4, 16, messages)),
                ("hand-written MailKit loop, 1 reused connection", handWritten, () => HandWritten(messages, false)),
                ("  same, with our end-of-DATA protocol-logger hook", handWrittenLogger, () => HandWritten(messages, true)),
                ("pooled sender, MaxConnections=1, 1 caller", pooled1, () => Pooled(1, 1, messages)),
            };
            foreach (var (name, rates, run) in round % 2 == 1 ? variants : variants.Reverse())
            {
                rates.Add(await Rate(name, messages, run));
            }
        }

        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }

        // Ratios per round compare variants measured seconds apart; their median is less sensitive to a noisy round than best/best.
        static string Ratio(List<double> a, List<double> b) => string.Create(CultureInfo.InvariantCulture,
            $"best/best {a.Max() / b.Max():0.00}, median of per-round ratios {Median(a.Zip(b, (x, y) => x / y)):0.00} (per round: {string.Join(' ', a.Zip(b, (x, y) => (x / y).ToString("0.00", CultureInfo.InvariantCulture)))})");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"best: pooled(4) {pooled4.Max():0} msg/s, connect-per-message {perMessage.Max():0} msg/s, hand-written 1 connection {handWritten.Max():0} msg/s (with logger hook {handWrittenLogger.Max():0}), pooled(1) {pooled1.Max():0} msg/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median: pooled(4) {Median(pooled4):0} msg/s, connect-per-message {Median(perMessage):0} msg/s, hand-written 1 connection {Median(handWritten):0} msg/s (with logger hook {Median(handWrittenLogger):0}), pooled(1) {Median(pooled1):0} msg/s"));
        Console.WriteLine($"ratio pooled(4) / connect-per-message (target >= 3): {Ratio(pooled4, perMessage)}");
        Console.WriteLine($"ratio pooled(4) / hand-written single connection (target >= 1.5): {Ratio(pooled4, handWritten)}");
        Console.WriteLine($"ratio pooled(1) / hand-written single connection (target >= 0.90): {Ratio(pooled1, handWritten)}");
        Console.WriteLine($"ratio hand-written with logger hook / without: {Ratio(handWrittenLogger, handWritten)}");
        return 0;
    }

    private static int? s_peerPid;

    private static async Task<double> Rate(string name, int count, Func<Task> run)
    {
        // CPU per message (client, and the peer when this harness started it) says who is the bottleneck on a
        // shared machine; it includes the thread pool's spinning and the kernel's socket work.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var peerCpu = PeerCpu();
        var workItems = ThreadPool.CompletedWorkItemCount;
        var watch = Stopwatch.StartNew();
        await run();
        watch.Stop();
        var cpuPerMessage = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / count;
        // Thread-pool work items per message count the hand-offs between threads (each may wake a sleeping thread).
        var hops = (double)(ThreadPool.CompletedWorkItemCount - workItems) / count;
        var peerPerMessage = (PeerCpu() - peerCpu).TotalMicroseconds / count;
        var rate = count / watch.Elapsed.TotalSeconds;
        // Cores busy = (client + peer CPU) / wall time: when it stays the same for every variant, the machine's CPU
        // share, not round trips, is what limits the rate.
        var cores = (cpuPerMessage + peerPerMessage) * count / watch.Elapsed.TotalMicroseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-50} {rate,8:0} msg/s  ({watch.Elapsed.TotalSeconds:0.00} s, CPU per message: client {cpuPerMessage,4:0} us, peer {(s_peerPid is null ? "?" : peerPerMessage.ToString("0", CultureInfo.InvariantCulture)),4} us; {cores:0.00} cores busy; {hops:0.0} pool work items)"));
        return rate;
    }

    /// <summary>User + system CPU of the peer process and its cluster workers (Linux /proc; zero elsewhere).</summary>
    private static TimeSpan PeerCpu()
    {
        if (s_peerPid is not { } pid || !OperatingSystem.IsLinux())
        {
            return TimeSpan.Zero;
        }

        static long Ticks(string pid)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // Fields 14 and 15 of stat (utime, stime), counted after the ")" that ends the command name.
                return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                return 0;
            }
        }

        var ticks = Ticks(pid.ToString(CultureInfo.InvariantCulture));
        var children = $"/proc/{pid}/task/{pid}/children";
        if (File.Exists(children))
        {
            foreach (var child in File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                ticks += Ticks(child);
            }
        }

        // Linux reports these in clock ticks of 10 ms (USER_HZ = 100).
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>Starts tests/peers/smtp/start.sh in a private run directory and stops it when disposed.</summary>
    private sealed class PeerProcess : IDisposable
    {
        private readonly string _runDir;

        private PeerProcess(string runDir, Dictionary<string, string> env)
        {
            _runDir = runDir;
            Env = env;
        }

        public Dictionary<string, string> Env { get; }

        public int? Pid => File.ReadAllLines(Path.Combine(_runDir, "smtp.pid")).Select(l => int.TryParse(l, out var p) ? p : (int?)null).FirstOrDefault(p => p is not null);

        public static PeerProcess Start(int workers)
        {
            var root = AppContext.BaseDirectory;
            while (root is not null && !File.Exists(Path.Combine(root, "Messaging.Sdk.sln")))
            {
                root = Path.GetDirectoryName(root);
            }

            if (root is null)
            {
                throw new InvalidOperationException("Cannot find the repository root (Messaging.Sdk.sln) to start tests/peers/smtp; pass --host/--port instead.");
            }

            var runDir = Path.Combine(Path.GetTempPath(), $"smtp-bench-{Guid.NewGuid():N}");
            Directory.CreateDirectory(runDir);
            var start = new ProcessStartInfo("bash", [Path.Combine(root, "tests/peers/smtp/start.sh")]) { UseShellExecute = false };
            start.Environment["PEERS_DIR"] = Path.Combine(root, "tests/peers");
            start.Environment["PEERS_RUN_DIR"] = runDir;
            start.Environment["SMTP_PEER_WORKERS"] = workers.ToString(CultureInfo.InvariantCulture);
            using (var process = Process.Start(start)!)
            {
                if (!process.WaitForExit(TimeSpan.FromSeconds(30)) || process.ExitCode != 0)
                {
                    throw new InvalidOperationException("tests/peers/smtp/start.sh failed; run `cd tests/peers && npm ci` first.");
                }
            }

            var env = File.ReadAllLines(Path.Combine(runDir, "smtp.env"))
                .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
            return new PeerProcess(runDir, env);
        }

        public void Dispose()
        {
            foreach (var line in File.ReadAllLines(Path.Combine(_runDir, "smtp.pid")))
            {
                if (int.TryParse(line, out var pid))
                {
                    try
                    {
                        using var p = Process.GetProcessById(pid);
                        p.Kill();
                    }
                    catch (ArgumentException)
                    {
                        // Already gone.
                    }
                }
            }

            Directory.Delete(_runDir, recursive: true);
        }
    }
}
