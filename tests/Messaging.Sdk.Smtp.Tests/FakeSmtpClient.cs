using System.Reflection;
using MailKit.Net.Smtp;
using Messaging.Sdk.Smtp.Delivery;
using Messaging.Sdk.Smtp.Pool;
using MimeKit;

namespace Messaging.Sdk.Smtp.Tests;

/// <summary>What a fake connection does; every call is recorded.</summary>
internal sealed class FakeServer
{
    public int Connects;
    public int Quits;
    public int Noops;
    public int Disposed;
    public List<(MimeMessage Message, IReadOnlyList<MailboxAddress> Recipients)> Sent { get; } = [];

    /// <summary>Runs for each SendAsync with the connection's transaction; return the reply text or throw.</summary>
    public Func<SmtpTransaction, MimeMessage, int, string> OnSend { get; set; } = (_, _, _) => "2.0.0 OK queued";

    public Func<int, Exception?> OnConnect { get; set; } = _ => null;

    public Func<Exception?> OnNoop { get; set; } = () => null;

    /// <summary>Gate that SendAsync awaits, to hold connections busy.</summary>
    public Func<Task> Gate { get; set; } = () => Task.CompletedTask;

    public int SendCalls;
}

/// <summary>A fake <see cref="ISmtpClient"/> built with DispatchProxy: the interface is large and the pool uses a handful of members.</summary>
public class FakeSmtpClientProxy : DispatchProxy
{
    internal FakeServer Server { get; set; } = null!;

    internal SmtpTransaction Transaction { get; set; } = null!;

    private bool _connected;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        switch (targetMethod!.Name)
        {
            case "get_IsConnected":
                return _connected;
            case "ConnectAsync":
                var error = Server.OnConnect(Interlocked.Increment(ref Server.Connects));
                if (error is not null)
                {
                    return Task.FromException(error);
                }

                _connected = true;
                return Task.CompletedTask;
            case "AuthenticateAsync":
                return Task.CompletedTask;
            case "NoOpAsync":
                Interlocked.Increment(ref Server.Noops);
                return Server.OnNoop() is { } noopError ? Task.FromException(noopError) : Task.CompletedTask;
            case "DisconnectAsync":
                if ((bool)args![0]!)
                {
                    Interlocked.Increment(ref Server.Quits);
                }

                _connected = false;
                return Task.CompletedTask;
            case "SendAsync":
                return SendAsync((MimeMessage)args![1]!, (IEnumerable<MailboxAddress>)args[3]!);
            case "Dispose":
                Interlocked.Increment(ref Server.Disposed);
                _connected = false;
                return null;
            default:
                // Property setters (Timeout, LocalDomain, ...) and getters the pool does not use.
                return targetMethod.ReturnType.IsValueType && targetMethod.ReturnType != typeof(void) ? Activator.CreateInstance(targetMethod.ReturnType) : null;
        }
    }

    private async Task<string> SendAsync(MimeMessage message, IEnumerable<MailboxAddress> recipients)
    {
        await Server.Gate();
        var call = Interlocked.Increment(ref Server.SendCalls);
        try
        {
            var reply = Server.OnSend(Transaction, message, call);
            lock (Server.Sent)
            {
                Server.Sent.Add((message, recipients.ToList()));
            }

            return reply;
        }
        catch (IOException)
        {
            _connected = false;
            throw;
        }
    }
}

internal sealed class FakeSmtpClientFactory(FakeServer server) : ISmtpClientFactory
{
    public ISmtpClient Create(SmtpTransaction transaction)
    {
        var client = DispatchProxy.Create<ISmtpClient, FakeSmtpClientProxy>();
        var proxy = (FakeSmtpClientProxy)(object)client;
        proxy.Server = server;
        proxy.Transaction = transaction;
        return client;
    }
}
