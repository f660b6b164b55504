using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Messaging.Sdk.Resilience;
using Messaging.Sdk.Smtp;
using Messaging.Sdk.Smtp.Delivery;
using Messaging.Sdk.Smtp.Pool;
using Messaging.Sdk.Validation;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Polly;

namespace Messaging.Sdk.Benchmarks;

/// <summary>
/// <c>smtp-overhead</c>: the CPU the sender adds per message on top of a hand-written MailKit loop, without a network
/// or a server, so that it does not drown in scheduling noise: both variants send through the same in-memory
/// <see cref="SmtpClient"/> subclass, which serializes the message (as MailKit does onto the socket) and feeds the
/// bytes to the client's protocol logger (our end-of-DATA hook for the sender, MailKit's no-op logger for the loop).
/// </summary>
/// <remarks>Arguments: <c>--messages N</c> (default 20000 per round), <c>--repeat R</c> (default 5).</remarks>
public static class SmtpOverheadHarness
{
    public static void RegisterHarness() => Harnesses.Register("smtp-overhead", RunAsync);

    private static async Task<int> RunAsync(string[] args)
    {
        var messages = int.Parse(Arg(args, "--messages") ?? "20000", CultureInfo.InvariantCulture);
        var repeat = int.Parse(Arg(args, "--repeat") ?? "5", CultureInfo.InvariantCulture);
        var email = new EmailMessage
        {
            From = "bench-sender@example.org",
            To = ["bench@example.com"],
            Subject = "Throughput",
            TextBody = new string('x', 1000),
        };

        await using var sender = new SmtpEmailSender(
            Microsoft.Extensions.DependencyInjection.MessagingBuilder.DefaultSenderName,
            new SmtpOptions { Host = "127.0.0.1", Port = 25, Security = SmtpSecurity.None, UserName = "u", Password = "p", MaxConnections = 1, MaxMessagesPerConnection = 100_000 /* the largest allowed; a recycle costs nothing here */ },
            new ResiliencePipelineBuilder().AddDefaultRetry(new()).Build(),
            MessageValidator.Default,
            TimeProvider.System,
            NullLogger.Instance,
            new InMemoryClientFactory());

        async Task Pooled(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var result = await sender.SendAsync(email);
                if (!result.IsAccepted)
                {
                    throw new InvalidOperationException(result.Status.ToString());
                }
            }
        }

        using var hand = new InMemorySmtpClient(null);
        await hand.ConnectAsync("127.0.0.1", 25, SecureSocketOptions.None);
        await hand.AuthenticateAsync(Encoding.UTF8, new NetworkCredential("u", "p"));
        async Task HandWritten(int count)
        {
            for (var i = 0; i < count; i++)
            {
                using var m = new MimeMessage();
                m.From.Add(MailboxAddress.Parse("bench-sender@example.org"));
                m.To.Add(MailboxAddress.Parse("bench@example.com"));
                m.Subject = "Throughput";
                m.Body = new TextPart("plain") { Text = email.TextBody };
                await hand.SendAsync(FormatOptions.Default, m, m.From.Mailboxes.First(), m.To.Mailboxes);
            }
        }

        // Warm-up long enough for tiered JIT to settle on both paths.
        for (var i = 0; i < 3; i++)
        {
            await Pooled(5000);
            await HandWritten(5000);
        }

        var overheads = new List<double>();
        for (var round = 1; round <= repeat; round++)
        {
            var h = await CpuPerMessage(messages, HandWritten);
            var p = await CpuPerMessage(messages, Pooled);
            overheads.Add(p - h);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: hand-written {h,6:0.0} us/msg, pooled(1) sender {p,6:0.0} us/msg, overhead {p - h,5:0.0} us/msg"));
        }

        var sorted = overheads.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sender overhead per message: median {sorted[sorted.Length / 2]:0.0} us, min {sorted[0]:0.0} us, max {sorted[^1]:0.0} us (CPU, no I/O)"));
        return 0;
    }

    private static async Task<double> CpuPerMessage(int count, Func<int, Task> run)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await run(count);
        return (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / count;
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private sealed class InMemoryClientFactory : ISmtpClientFactory
    {
        public ISmtpClient Create(SmtpTransaction transaction) => new InMemorySmtpClient(transaction);
    }

    /// <summary>MailKit's client with the network replaced: "sending" serializes the message and logs its bytes.</summary>
    private sealed class InMemorySmtpClient(IProtocolLogger? logger) : SmtpClient(logger ?? new NullProtocolLogger())
    {
        private readonly MemoryStream _wire = new();
        private bool _connected;

        public override bool IsConnected => _connected;

        public override Task ConnectAsync(string host, int port = 0, SecureSocketOptions options = SecureSocketOptions.Auto, CancellationToken cancellationToken = default)
        {
            _connected = true;
            return Task.CompletedTask;
        }

        public override Task AuthenticateAsync(Encoding encoding, ICredentials credentials, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public override Task DisconnectAsync(bool quit, CancellationToken cancellationToken = default)
        {
            _connected = false;
            return Task.CompletedTask;
        }

        public override async Task<string> SendAsync(FormatOptions options, MimeMessage message, MailboxAddress sender, IEnumerable<MailboxAddress> recipients, CancellationToken cancellationToken = default, ITransferProgress? progress = null)
        {
            _wire.SetLength(0);
            await message.WriteToAsync(options, _wire, cancellationToken).ConfigureAwait(false);
            _wire.Write("\r\n.\r\n"u8);
            ProtocolLogger.LogClient(_wire.GetBuffer(), 0, (int)_wire.Length);
            return "250 OK";
        }
    }
}
