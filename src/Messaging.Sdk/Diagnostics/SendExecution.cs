using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;

namespace Messaging.Sdk.Diagnostics;

/// <summary>A transient rejection thrown inside the pipeline so that it is retried; when retries run out its result is returned.</summary>
internal sealed class RetryableRejectionException : MessagingException
{
    public RetryableRejectionException(SendResult result)
        : base($"Transient rejection {result.NativeCode} {result.NativeText}")
    {
        Result = result;
        IsTransient = true;
        NativeCode = result.NativeCode;
    }

    public SendResult Result { get; }
}

/// <summary>Runs one send through a resilience pipeline with tracing, metrics and logging; shared by every transport.</summary>
internal static class SendExecution
{
    public static async Task<TResult> RunAsync<TResult>(
        SenderKind kind,
        string senderName,
        string transport,
        ResiliencePipeline pipeline,
        ILogger logger,
        TimeProvider timeProvider,
        Func<int, CancellationToken, ValueTask<TResult>> attempt,
        CancellationToken cancellationToken)
        where TResult : SendResult
    {
        var tags = new TagList
        {
            { "messaging.kind", kind == SenderKind.Email ? "email" : "sms" },
            { "messaging.sender", senderName },
            { "messaging.transport", transport },
        };
        using var activity = MessagingTelemetry.ActivitySource.StartActivity($"{transport} send", ActivityKind.Client);
        activity?.SetTag("messaging.kind", kind == SenderKind.Email ? "email" : "sms");
        activity?.SetTag("messaging.sender", senderName);
        activity?.SetTag("messaging.transport", transport);
        var started = timeProvider.GetTimestamp();
        var attempts = 0;
        try
        {
            TResult result;
            try
            {
                result = await pipeline.ExecuteAsync(
                    async ct => await attempt(++attempts, ct).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (RetryableRejectionException rejection) when (rejection.Result is TResult last)
            {
                result = last;
            }

            result = result with { SenderName = senderName, Transport = transport, Attempts = attempts };
            activity?.SetTag("messaging.status", result.Status.ToString());
            switch (result.Status)
            {
                case SendStatus.Accepted:
                    MessagingTelemetry.Sent.Add(1, tags);
                    Log.SendAccepted(logger, kind, senderName, transport, (result as EmailSendResult)?.MessageId ?? (result as SmsSendResult)?.MessageId, attempts);
                    break;
                case SendStatus.Rejected:
                    MessagingTelemetry.Rejected.Add(1, tags);
                    activity?.SetStatus(ActivityStatusCode.Error, result.NativeText);
                    Log.SendRejected(logger, kind, senderName, transport, result.NativeCode, result.NativeText);
                    break;
                default:
                    MessagingTelemetry.Unknown.Add(1, tags);
                    activity?.SetStatus(ActivityStatusCode.Error, "outcome unknown");
                    Log.SendUnknown(logger, kind, senderName, transport);
                    break;
            }

            return result;
        }
        catch (Exception ex)
        {
            MessagingTelemetry.Failed.Add(1, tags);
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            if (ex is not OperationCanceledException and not MessageValidationException)
            {
                Log.SendFailed(logger, kind, senderName, transport, ex);
            }

            if (ex is MessagingException { SenderName: null } messaging and not MessageValidationException)
            {
                throw Attach(messaging, senderName);
            }

            throw;
        }
        finally
        {
            MessagingTelemetry.SendDuration.Record(timeProvider.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    private static MessagingException Attach(MessagingException ex, string senderName)
    {
        // Exceptions are immutable after construction except for init properties; wrap to carry the sender name.
        return ex switch
        {
            MessagingAuthenticationException auth => new MessagingAuthenticationException(auth.Message, auth) { NativeCode = auth.NativeCode, IsTransient = false, SenderName = senderName },
            MessagingTransportException transport => new MessagingTransportException(transport.Message, transport) { NativeCode = transport.NativeCode, IsTransient = transport.IsTransient, SenderName = senderName },
            _ => ex,
        };
    }
}
