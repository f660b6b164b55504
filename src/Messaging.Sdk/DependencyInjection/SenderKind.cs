namespace Messaging.Sdk;

/// <summary>Which abstraction a sender implements.</summary>
public enum SenderKind
{
    /// <summary>An <see cref="IEmailSender"/>.</summary>
    Email,

    /// <summary>An <see cref="ISmsSender"/>.</summary>
    Sms,
}
