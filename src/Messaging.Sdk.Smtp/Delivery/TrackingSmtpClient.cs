using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace Messaging.Sdk.Smtp.Delivery;

/// <summary>MailKit's client, told to record refused recipients instead of failing the whole message, and to
/// request the configured delivery status notifications.</summary>
internal sealed class TrackingSmtpClient(SmtpTransaction transaction, SmtpDeliveryNotifications notifications) : SmtpClient(transaction)
{
    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
    {
        // A 421 closes the channel: let MailKit fail the transaction as it would.
        if (response.StatusCode == SmtpStatusCode.ServiceNotAvailable)
        {
            base.OnRecipientNotAccepted(message, mailbox, response);
        }

        transaction.AddRefused(mailbox, (int)response.StatusCode, response.Response);
    }

    protected override void OnNoRecipientsAccepted(MimeMessage message)
    {
        // MailKit then throws SmtpCommandException and resets the transaction; the refusals are in the transaction.
    }

    protected override DeliveryStatusNotification? GetDeliveryStatusNotifications(MimeMessage message, MailboxAddress mailbox)
    {
        if (notifications == SmtpDeliveryNotifications.None)
        {
            return null;
        }

        if (notifications == SmtpDeliveryNotifications.Never)
        {
            return DeliveryStatusNotification.Never;
        }

        DeliveryStatusNotification result = 0;
        if (notifications.HasFlag(SmtpDeliveryNotifications.Success))
        {
            result |= DeliveryStatusNotification.Success;
        }

        if (notifications.HasFlag(SmtpDeliveryNotifications.Failure))
        {
            result |= DeliveryStatusNotification.Failure;
        }

        if (notifications.HasFlag(SmtpDeliveryNotifications.Delay))
        {
            result |= DeliveryStatusNotification.Delay;
        }

        return result;
    }
}
