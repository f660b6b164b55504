using System.Globalization;
using System.Runtime.ExceptionServices;
using Messaging.Sdk.Validation;

namespace Messaging.Sdk.Testing;

/// <summary>An <see cref="IEmailSender"/> that keeps every message in memory, for unit tests. Thread-safe.</summary>
/// <remarks>Messages are validated exactly as a real sender validates them, so an invalid message fails here too.</remarks>
/// <example>
/// <code>
/// var email = new InMemoryEmailSender();
/// email.RejectNext(1, 550, "Mailbox unavailable");
/// var service = new ReceiptService(email);          // your code, depending on IEmailSender
/// await service.SendReceiptAsync(order);
/// email.Records.Should().ContainSingle(r => r.Result!.Status == SendStatus.Rejected);
/// </code>
/// </example>
public sealed class InMemoryEmailSender : InMemorySender<EmailMessage, EmailSendResult>, IEmailSender
{
    private long _ids;

    /// <summary>Creates the sender.</summary>
    /// <param name="validator">The validator; <see langword="null"/> for the default limits.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for the system clock.</param>
    /// <param name="senderName">The sender name reported in results; <see langword="null"/> for <c>inmemory</c>.</param>
    public InMemoryEmailSender(MessageValidator? validator = null, TimeProvider? timeProvider = null, string? senderName = null)
        : base(validator, timeProvider, senderName)
    {
    }

    /// <summary>Removes the recipients matching <paramref name="address"/> (case-insensitive) from the accepted list and reports them as refused with 550, like an SMTP server at RCPT TO; a message with no other recipient is Rejected.</summary>
    /// <param name="address">The refused address.</param>
    public void RejectRecipient(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        lock (_refusedGate)
        {
            _refused.Add(address);
        }
    }

    private readonly object _refusedGate = new();
    private readonly HashSet<string> _refused = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    /// <remarks>Attachments are read as a real sender reads them (files through the attachment roots, streams up to
    /// <c>MaxAttachmentBytes</c>), so a message a real sender would refuse is refused here too.</remarks>
    public async Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ExceptionDispatchInfo? invalid = null;
        try
        {
            await Validator.EnsureValidAndReadAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (MessageValidationException ex)
        {
            // Rethrown from the record-keeping below, so the refused send is recorded like any other.
            invalid = ExceptionDispatchInfo.Capture(ex);
        }

        return await SendCoreAsync(
            message,
            Accept,
            (code, text, transient) => EmailSendResult.Rejected(code, text, transient),
            () => new EmailSendResult { Status = SendStatus.Unknown },
            _ => invalid?.Throw(),
            cancellationToken).ConfigureAwait(false);
    }

    private EmailSendResult Accept(EmailMessage message)
    {
        List<EmailAddress> accepted = [];
        List<RecipientRejection> refused = [];
        lock (_refusedGate)
        {
            foreach (var recipient in message.AllRecipients)
            {
                if (_refused.Contains(recipient.Address))
                {
                    refused.Add(new RecipientRejection(recipient, 550, "5.1.1 Recipient refused by InMemory sender"));
                }
                else
                {
                    accepted.Add(recipient);
                }
            }
        }

        if (accepted.Count == 0)
        {
            return EmailSendResult.Rejected(550, "5.1.1 No valid recipients") with { RejectedRecipients = refused };
        }

        var id = string.Create(CultureInfo.InvariantCulture, $"<{Interlocked.Increment(ref _ids)}.inmemory@messaging.sdk>");
        return EmailSendResult.Accepted(id, 250, "2.0.0 OK") with { AcceptedRecipients = accepted, RejectedRecipients = refused };
    }
}
