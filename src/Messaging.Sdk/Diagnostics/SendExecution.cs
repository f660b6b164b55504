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

/// <summary>The state of a send that can go out in parts (the segments of a long SMS), shared by all its attempts.</summary>
/// <typeparam name="TResult">The transport's result type.</typeparam>
/// <remarks>
/// When the last attempt fails (the pipeline gives up, does not retry, or the caller cancels) after some parts went out,
/// the caller gets the result this returns, which gives each part's fate, instead of the exception: the parts that went
/// out must not be lost to the caller, nor be sent again by a caller who only saw an exception.
/// </remarks>
internal interface IPartialSend<TResult>
    where TResult : SendResult
{
    /// <summary>The result so far, or <see langword="null"/> when nothing went out and <paramref name="failure"/> stands.</summary>
    /// <param name="failure">What ended the last attempt.</param>
    /// <returns>The result, or <see langword="null"/>.</returns>
    TResult? ResultAfter(Exception failure);
}

/// <summary>Runs one send through a resilience pipeline with tracing, metrics and logging; shared by every transport.</summary>
internal static class SendExecution
{
    public static Task<TResult> RunAsync<TResult>(
        SenderKind kind,
        string senderName,
        string transport,
        ResiliencePipeline pipeline,
        ILogger logger,
        TimeProvider timeProvider,
        Func<int, CancellationToken, ValueTask<TResult>> attempt,
        CancellationToken cancellationToken)
        where TResult : SendResult
        => RunAsync(kind, senderName, transport, pipeline, logger, timeProvider, attempt, static (a, n, ct) => a(n, ct), cancellationToken);

    /// <summary>Runs <paramref name="attempt"/> (called with <paramref name="state"/>, the 1-based attempt number and the token) through the pipeline.</summary>
    /// <remarks>The state form lets a transport pass what one send needs without a closure per message.</remarks>
    public static async Task<TResult> RunAsync<TResult, TState>(
        SenderKind kind,
        string senderName,
        string transport,
        ResiliencePipeline pipeline,
        ILogger logger,
        TimeProvider timeProvider,
        TState state,
        Func<TState, int, CancellationToken, ValueTask<TResult>> attempt,
        CancellationToken cancellationToken)
        where TResult : SendResult
    {
        using var activity = MessagingTelemetry.ActivitySource.StartActivity($"{transport} send", ActivityKind.Client);
        activity?.SetTag("messaging.kind", kind == SenderKind.Email ? "email" : "sms");
        activity?.SetTag("messaging.sender", senderName);
        activity?.SetTag("messaging.transport", transport);
        var started = timeProvider.GetTimestamp();
        var attempts = new Attempts<TResult, TState>(state, attempt);
        try
        {
            TResult result;
            try
            {
                // An empty pipeline does nothing but costs an async layer per send; skip it.
                result = ReferenceEquals(pipeline, ResiliencePipeline.Empty)
                    ? await attempts.Next(cancellationToken).ConfigureAwait(false)
                    : await pipeline.ExecuteAsync(static (a, ct) => a.Next(ct), attempts, cancellationToken).ConfigureAwait(false);
            }
            catch (RetryableRejectionException rejection) when (rejection.Result is TResult last)
            {
                result = last;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException && state is IPartialSend<TResult> partial && partial.ResultAfter(ex) is { } soFar)
            {
                result = soFar;
            }

            result = result with { SenderName = senderName, Transport = transport, Attempts = attempts.Count };
            activity?.SetTag("messaging.status", result.Status.ToString());
            switch (result.Status)
            {
                case SendStatus.Accepted:
                    Count(MessagingTelemetry.Sent, kind, senderName, transport);
                    Log.SendAccepted(logger, kind, senderName, transport, (result as EmailSendResult)?.MessageId ?? (result as SmsSendResult)?.MessageId, attempts.Count);
                    break;
                case SendStatus.Rejected:
                    Count(MessagingTelemetry.Rejected, kind, senderName, transport);
                    activity?.SetStatus(ActivityStatusCode.Error, result.NativeText);
                    Log.SendRejected(logger, kind, senderName, transport, result.NativeCode, result.NativeText);
                    break;
                default:
                    Count(MessagingTelemetry.Unknown, kind, senderName, transport);
                    activity?.SetStatus(ActivityStatusCode.Error, "outcome unknown");
                    Log.SendUnknown(logger, kind, senderName, transport);
                    break;
            }

            return result;
        }
        catch (Exception ex)
        {
            Count(MessagingTelemetry.Failed, kind, senderName, transport);
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
            RecordDuration(timeProvider.GetElapsedTime(started).TotalSeconds, kind, senderName, transport);
        }
    }

    // The tags are built where they are used, not kept in the async state machine (a TagList is large and would make
    // every send's state machine box larger).
    private static void Count(System.Diagnostics.Metrics.Counter<long> counter, SenderKind kind, string senderName, string transport)
    {
        if (counter.Enabled)
        {
            counter.Add(1, Tags(kind, senderName, transport));
        }
    }

    private static void RecordDuration(double seconds, SenderKind kind, string senderName, string transport)
    {
        if (MessagingTelemetry.SendDuration.Enabled)
        {
            MessagingTelemetry.SendDuration.Record(seconds, Tags(kind, senderName, transport));
        }
    }

    private static TagList Tags(SenderKind kind, string senderName, string transport) => new()
    {
        { "messaging.kind", kind == SenderKind.Email ? "email" : "sms" },
        { "messaging.sender", senderName },
        { "messaging.transport", transport },
    };

    /// <summary>What the pipeline calls for each attempt: counts the attempts for the result and the logs.</summary>
    private sealed class Attempts<TResult, TState>(TState state, Func<TState, int, CancellationToken, ValueTask<TResult>> attempt)
    {
        public int Count { get; private set; }

        public ValueTask<TResult> Next(CancellationToken cancellationToken) => attempt(state, ++Count, cancellationToken);
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
