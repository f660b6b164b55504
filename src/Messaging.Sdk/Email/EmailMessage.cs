namespace Messaging.Sdk;

/// <summary>An e-mail message, independent of the transport that sends it.</summary>
/// <remarks>
/// Immutable: build it with an object initializer and derive variants with <c>with</c>. It is validated
/// (addresses, header injection, attachments, sizes) by every sender before any I/O; see
/// <see cref="Validation.MessageValidator"/> to validate it yourself.
/// </remarks>
/// <example>
/// <code>
/// var message = new EmailMessage
/// {
///     From = "Shop &lt;shop@example.com&gt;",
///     To = ["ann@example.net"],
///     Subject = "Your receipt",
///     TextBody = "Thank you for your order.",
/// };
/// </code>
/// </example>
public sealed record EmailMessage
{
    /// <summary>The sender's mailbox. Required.</summary>
    public EmailAddress? From { get; init; }

    /// <summary>The primary recipients.</summary>
    public IReadOnlyList<EmailAddress> To { get; init; } = [];

    /// <summary>The carbon-copy recipients, visible to all.</summary>
    public IReadOnlyList<EmailAddress> Cc { get; init; } = [];

    /// <summary>The blind-copy recipients: they receive the message but never appear in its headers.</summary>
    public IReadOnlyList<EmailAddress> Bcc { get; init; } = [];

    /// <summary>The mailboxes replies should go to.</summary>
    public IReadOnlyList<EmailAddress> ReplyTo { get; init; } = [];

    /// <summary>The subject line. UTF-8 is allowed; CR and LF are not.</summary>
    public string? Subject { get; init; }

    /// <summary>The plain-text body, or <see langword="null"/>.</summary>
    public string? TextBody { get; init; }

    /// <summary>The HTML body, or <see langword="null"/>. With <see cref="TextBody"/> too, both are sent as multipart/alternative.</summary>
    public string? HtmlBody { get; init; }

    /// <summary>The attachments, regular or inline.</summary>
    public IReadOnlyList<EmailAttachment> Attachments { get; init; } = [];

    /// <summary>Additional headers (for example <c>X-Campaign</c>). Names must be valid header names and must not be ones the sender sets itself (From, To, Subject, ...); values must not contain CR or LF.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>All envelope recipients: <see cref="To"/>, <see cref="Cc"/> and <see cref="Bcc"/>, in that order.</summary>
    public IEnumerable<EmailAddress> AllRecipients => To.Concat(Cc).Concat(Bcc);

    /// <summary>A short description without bodies or attachment contents, safe to log.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
        => $"EmailMessage {{ From = {From?.Address}, Recipients = {To.Count + Cc.Count + Bcc.Count}, Subject = {Subject}, Attachments = {Attachments.Count} }}";
}
