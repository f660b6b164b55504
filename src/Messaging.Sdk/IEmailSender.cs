namespace Messaging.Sdk;

/// <summary>Sends e-mail messages through a configured transport (SMTP, a pickup directory, a test double, ...).</summary>
/// <remarks>
/// A returned result means the server answered: <see cref="SendStatus.Accepted"/> or <see cref="SendStatus.Rejected"/>
/// with the server's reply, or <see cref="SendStatus.Unknown"/> when the request went out but its answer was lost.
/// An exception means no server could be reached or the message was invalid.
/// </remarks>
public interface IEmailSender
{
    /// <summary>Validates and sends <paramref name="message"/>.</summary>
    /// <param name="message">The message to send. It is validated before any I/O.</param>
    /// <param name="cancellationToken">Cancels the send. A send cancelled after the message was handed to the server reports <see cref="SendStatus.Unknown"/> where the transport can tell.</param>
    /// <returns>The server's verdict on the message.</returns>
    /// <exception cref="MessageValidationException">The message is invalid; nothing was sent.</exception>
    /// <exception cref="MessagingTransportException">No server could be reached, or the resilience pipeline gave up.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the message was handed over.</exception>
    Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}
