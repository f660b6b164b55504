using MailKit.Net.Smtp;
using Messaging.Sdk.Smtp.Delivery;

namespace Messaging.Sdk.Smtp.Pool;

/// <summary>Creates the MailKit client behind one pooled connection; the seam tests replace with a fake <see cref="ISmtpClient"/>.</summary>
internal interface ISmtpClientFactory
{
    /// <summary>Creates an unconnected client that reports its transactions to <paramref name="transaction"/>.</summary>
    ISmtpClient Create(SmtpTransaction transaction);
}

/// <summary>Creates MailKit <see cref="SmtpClient"/>s that record refused recipients and request DSNs.</summary>
internal sealed class MailKitSmtpClientFactory(SmtpDeliveryNotifications notifications) : ISmtpClientFactory
{
    public ISmtpClient Create(SmtpTransaction transaction) => new TrackingSmtpClient(transaction, notifications);
}
