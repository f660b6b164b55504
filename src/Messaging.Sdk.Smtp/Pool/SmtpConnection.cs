using MailKit.Net.Smtp;
using Messaging.Sdk.Smtp.Delivery;

namespace Messaging.Sdk.Smtp.Pool;

/// <summary>One authenticated connection owned by the pool; used by one send at a time.</summary>
internal sealed class SmtpConnection(ISmtpClient client, SmtpTransaction transaction, long createdTimestamp)
{
    public ISmtpClient Client { get; } = client;

    public SmtpTransaction Transaction { get; } = transaction;

    public long CreatedTimestamp { get; } = createdTimestamp;

    /// <summary>When the connection was last returned to the pool (a <see cref="TimeProvider"/> timestamp).</summary>
    public long LastUsedTimestamp { get; set; } = createdTimestamp;

    /// <summary>Messages this connection has carried (accepted or not).</summary>
    public int Messages { get; set; }

    /// <summary>True when the connection came from the idle list rather than being opened for this send.</summary>
    public bool Reused { get; set; }
}
