namespace Messaging.Sdk;

/// <summary>The state of a message in a delivery report (the SMPP 3.4 message_state values, which modem status reports map onto).</summary>
public enum DeliveryState
{
    /// <summary>Still in transit (SMPP ENROUTE; 23.040 TP-ST 0x20-0x2F, temporary, still trying).</summary>
    Enroute = 1,

    /// <summary>Delivered to the handset (SMPP DELIVERED / DELIVRD; TP-ST 0x00-0x02).</summary>
    Delivered = 2,

    /// <summary>The validity period expired before delivery (SMPP EXPIRED).</summary>
    Expired = 3,

    /// <summary>Deleted before delivery (SMPP DELETED).</summary>
    Deleted = 4,

    /// <summary>Cannot be delivered (SMPP UNDELIVERABLE / UNDELIV; TP-ST 0x40-0x6F).</summary>
    Undeliverable = 5,

    /// <summary>Accepted on behalf of the recipient, e.g. by customer service (SMPP ACCEPTED / ACCEPTD).</summary>
    Accepted = 6,

    /// <summary>The state is not known or not recognised (SMPP UNKNOWN).</summary>
    Unknown = 7,

    /// <summary>Rejected by the network (SMPP REJECTED / REJECTD).</summary>
    Rejected = 8,
}
