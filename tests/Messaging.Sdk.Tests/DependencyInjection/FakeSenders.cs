using Messaging.Sdk.Diagnostics;
using Messaging.Sdk.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messaging.Sdk.Tests.DependencyInjection;

/// <summary>A sender that runs through the SDK's real send path (pipeline, telemetry) with a scripted transport.</summary>
internal sealed class ScriptedEmailSender(IServiceProvider services, string name, Queue<Func<EmailSendResult>> script) : IEmailSender
{
    public string Name { get; } = name;

    public int Calls { get; private set; }

    public Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
        => SendExecution.RunAsync(
            SenderKind.Email,
            Name,
            "scripted",
            MessagingResilience.GetPipeline(services, SenderKind.Email, Name),
            NullLogger.Instance,
            TimeProvider.System,
            (_, _) =>
            {
                Calls++;
                return ValueTask.FromResult(script.Count > 0 ? script.Dequeue()() : EmailSendResult.Accepted("<id>"));
            },
            cancellationToken);
}

internal sealed class NamedSmsSender(string name) : ISmsSender
{
    public string Name { get; } = name;

    public Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
        => Task.FromResult(SmsSendResult.Accepted(["1"]) with { SenderName = Name });
}

internal static class Scripts
{
    public static MessagingBuilder AddScripted(this MessagingBuilder builder, string name, params Func<EmailSendResult>[] steps)
        => builder.AddEmailSender(name, "scripted", (sp, n) => new ScriptedEmailSender(sp, n, new Queue<Func<EmailSendResult>>(steps)));
}
