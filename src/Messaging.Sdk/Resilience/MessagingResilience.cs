using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;
using Polly.Retry;

namespace Messaging.Sdk.Resilience;

/// <summary>The SDK's resilience conventions: pipeline keys, the transient-failure predicate and the default retry.</summary>
/// <remarks>
/// Each sender runs its I/O inside a Polly <see cref="ResiliencePipeline"/> registered in Polly's
/// <see cref="ResiliencePipelineProvider{TKey}"/> under <see cref="PipelineKey"/>. By default it retries only
/// <see cref="MessagingException"/>s whose <see cref="MessagingException.IsTransient"/> is true (SMTP 4xx, SMPP
/// throttling, a busy modem, a refused connection); a message whose fate is unknown is never retried by it.
/// Replace a pipeline with <c>MessagingBuilder.ConfigureResilience</c>.
/// </remarks>
public static class MessagingResilience
{
    /// <summary>The key of a sender's pipeline in Polly's registry: <c>Messaging.Sdk/{email|sms}/{name}</c>.</summary>
    /// <param name="kind">E-mail or SMS.</param>
    /// <param name="senderName">The sender name.</param>
    /// <returns>The key.</returns>
    public static string PipelineKey(SenderKind kind, string senderName)
        => $"Messaging.Sdk/{(kind == SenderKind.Email ? "email" : "sms")}/{senderName}";

    /// <summary>True for failures worth retrying: a <see cref="MessagingException"/> marked transient (never a validation error).</summary>
    /// <param name="exception">The failure.</param>
    /// <returns>Whether to retry.</returns>
    public static bool IsTransient(Exception? exception)
        => exception is MessagingException { IsTransient: true } and not MessageValidationException;

    /// <summary>Adds the SDK's default retry: exponential back-off with jitter, bounded by <paramref name="options"/>, for <see cref="IsTransient"/> failures only.</summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="options">The retry options.</param>
    /// <returns>The builder.</returns>
    public static ResiliencePipelineBuilder AddDefaultRetry(this ResiliencePipelineBuilder builder, MessagingResilienceOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxRetryAttempts == 0)
        {
            return builder;
        }

        return builder.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome.Exception)),
            MaxRetryAttempts = options.MaxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            UseJitter = options.UseJitter,
        });
    }

    internal static void RegisterDefault(IServiceCollection services, SenderKind kind, string senderName)
    {
        services.AddResiliencePipeline(PipelineKey(kind, senderName), (builder, context) =>
        {
            var sp = context.ServiceProvider;
            builder.TimeProvider = sp.GetService<TimeProvider>() ?? TimeProvider.System;
            var options = sp.GetRequiredService<IOptions<MessagingOptions>>().Value.Resilience;
            var overrides = sp.GetService<IOptions<MessagingResilienceRegistrations>>()?.Value.For(senderName);
            var resilienceContext = new MessagingResilienceContext(kind, senderName, options, sp);
            if (overrides is not null)
            {
                overrides(builder, resilienceContext);
            }
            else
            {
                builder.AddDefaultRetry(options);
            }
        });
    }

    internal static ResiliencePipeline GetPipeline(IServiceProvider services, SenderKind kind, string senderName)
    {
        // With retries off and no pipeline of the user's, the registered pipeline would run no strategy: hand the sender
        // ResiliencePipeline.Empty, which it skips (no async layers per send on high-rate transports such as SMPP).
        if (services.GetRequiredService<IOptions<MessagingOptions>>().Value.Resilience.MaxRetryAttempts == 0
            && services.GetService<IOptions<MessagingResilienceRegistrations>>()?.Value.For(senderName) is null)
        {
            return ResiliencePipeline.Empty;
        }

        return services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(PipelineKey(kind, senderName));
    }
}
