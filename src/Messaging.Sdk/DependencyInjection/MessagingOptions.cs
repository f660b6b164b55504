using Messaging.Sdk.Resilience;
using Messaging.Sdk.Validation;

namespace Messaging.Sdk;

/// <summary>Options for the whole SDK, bound from the <c>Messaging</c> configuration section.</summary>
public sealed class MessagingOptions
{
    /// <summary>The name of the e-mail sender the unnamed <see cref="IEmailSender"/> resolves to.</summary>
    /// <value>The default is <see langword="null"/>: the first e-mail sender registered.</value>
    public string? DefaultEmailSender { get; set; }

    /// <summary>The name of the SMS sender the unnamed <see cref="ISmsSender"/> resolves to.</summary>
    /// <value>The default is <see langword="null"/>: the first SMS sender registered.</value>
    public string? DefaultSmsSender { get; set; }

    /// <summary>Limits applied to every message before it is sent (<c>Messaging:Validation</c>).</summary>
    public MessageValidationOptions Validation { get; set; } = new();

    /// <summary>The default retry policy of every sender's resilience pipeline (<c>Messaging:Resilience</c>).</summary>
    public MessagingResilienceOptions Resilience { get; set; } = new();
}
