namespace Messaging.Sdk;

/// <summary>Sends SMS messages through a configured transport (SMPP, a GSM modem, a test double, ...).</summary>
/// <remarks>
/// A returned result means the network answered: <see cref="SendStatus.Accepted"/> (with one id per segment),
/// <see cref="SendStatus.Rejected"/> with the native status, or <see cref="SendStatus.Unknown"/> when the
/// request went out but its answer was lost. An exception means no server could be reached or the message was invalid.
/// </remarks>
public interface ISmsSender
{
    /// <summary>Validates and sends <paramref name="message"/>.</summary>
    /// <param name="message">The message to send. It is validated before any I/O.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The network's verdict on the message.</returns>
    /// <exception cref="MessageValidationException">The message is invalid; nothing was sent.</exception>
    /// <exception cref="MessagingTransportException">No server or modem could be reached, or the resilience pipeline gave up.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the message was handed over.</exception>
    Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default);
}
