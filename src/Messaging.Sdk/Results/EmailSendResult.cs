namespace Messaging.Sdk;

/// <summary>The outcome of sending an <see cref="EmailMessage"/>.</summary>
public sealed record EmailSendResult : SendResult
{
    /// <summary>The message id: the Message-ID header value, or the id the server returned in its reply when it gave one.</summary>
    public string? MessageId { get; init; }

    /// <summary>The recipients the server accepted.</summary>
    public IReadOnlyList<EmailAddress> AcceptedRecipients { get; init; } = [];

    /// <summary>The recipients the server refused (at RCPT TO) with its reply; the message may still have been accepted for the others.</summary>
    public IReadOnlyList<RecipientRejection> RejectedRecipients { get; init; } = [];

    /// <summary>Creates an Accepted result.</summary>
    /// <param name="messageId">The message id.</param>
    /// <param name="nativeCode">The server's reply code, if any.</param>
    /// <param name="nativeText">The server's reply text, if any.</param>
    /// <returns>The result.</returns>
    public static EmailSendResult Accepted(string? messageId, int? nativeCode = null, string? nativeText = null)
        => new() { Status = SendStatus.Accepted, MessageId = messageId, NativeCode = nativeCode, NativeText = nativeText };

    /// <summary>Creates a Rejected result.</summary>
    /// <param name="nativeCode">The server's reply code.</param>
    /// <param name="nativeText">The server's reply text.</param>
    /// <param name="isTransient">Whether the rejection was transient.</param>
    /// <returns>The result.</returns>
    public static EmailSendResult Rejected(int? nativeCode, string? nativeText, bool isTransient = false)
        => new() { Status = SendStatus.Rejected, NativeCode = nativeCode, NativeText = nativeText, IsTransient = isTransient };
}

/// <summary>A recipient the server refused, with its reply.</summary>
/// <param name="Recipient">The refused mailbox.</param>
/// <param name="NativeCode">The reply code, for example 550.</param>
/// <param name="NativeText">The reply text.</param>
public sealed record RecipientRejection(EmailAddress Recipient, int? NativeCode, string? NativeText);
