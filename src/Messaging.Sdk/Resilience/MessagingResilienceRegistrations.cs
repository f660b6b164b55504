using Polly;

namespace Messaging.Sdk.Resilience;

/// <summary>Pipeline overrides set with <c>MessagingBuilder.ConfigureResilience</c>; the last one set for a name wins.</summary>
internal sealed class MessagingResilienceRegistrations
{
    private readonly Dictionary<string, Action<ResiliencePipelineBuilder, MessagingResilienceContext>> _bySender = new(StringComparer.Ordinal);

    public Action<ResiliencePipelineBuilder, MessagingResilienceContext>? All { get; private set; }

    public void Set(string? senderName, Action<ResiliencePipelineBuilder, MessagingResilienceContext> configure)
    {
        if (senderName is null)
        {
            All = configure;
        }
        else
        {
            _bySender[senderName] = configure;
        }
    }

    public Action<ResiliencePipelineBuilder, MessagingResilienceContext>? For(string senderName)
        => _bySender.TryGetValue(senderName, out var configure) ? configure : All;
}
