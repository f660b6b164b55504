namespace Messaging.Sdk.Resilience;

/// <summary>Tells a pipeline configuration which sender it builds for.</summary>
public sealed class MessagingResilienceContext
{
    internal MessagingResilienceContext(SenderKind kind, string senderName, MessagingResilienceOptions options, IServiceProvider services)
    {
        Kind = kind;
        SenderName = senderName;
        Options = options;
        Services = services;
    }

    /// <summary>E-mail or SMS.</summary>
    public SenderKind Kind { get; }

    /// <summary>The sender name.</summary>
    public string SenderName { get; }

    /// <summary>The configured retry options (<c>Messaging:Resilience</c>).</summary>
    public MessagingResilienceOptions Options { get; }

    /// <summary>The application's services.</summary>
    public IServiceProvider Services { get; }
}
