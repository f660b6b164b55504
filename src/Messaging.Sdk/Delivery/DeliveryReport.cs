namespace Messaging.Sdk;

/// <summary>A delivery report (SMPP delivery receipt, modem status report) correlated to a sent message.</summary>
/// <remarks>
/// For a multi-segment message one message-level report merges the segment reports: delivered when every
/// segment is, failed when any is; <see cref="Segments"/> keeps each segment's own report.
/// </remarks>
public sealed record DeliveryReport
{
    /// <summary>The id of the message as returned in <see cref="SmsSendResult.MessageId"/> (the first segment's id).</summary>
    public required string MessageId { get; init; }

    /// <summary>The final or intermediate state.</summary>
    public required DeliveryState State { get; init; }

    /// <summary>The sender (transport registration) name that sent the message, or <see langword="null"/>.</summary>
    public string? SenderName { get; init; }

    /// <summary>The recipient of the original message, when known.</summary>
    public PhoneNumber? Recipient { get; init; }

    /// <summary>When the network took the message, when known.</summary>
    public DateTimeOffset? SubmittedAt { get; init; }

    /// <summary>When the network reached the final state (delivered, expired, ...), when known.</summary>
    public DateTimeOffset? DoneAt { get; init; }

    /// <summary>The network's error code (SMPP <c>err:</c> / network_error_code, 23.040 TP-ST), or <see langword="null"/>.</summary>
    public int? ErrorCode { get; init; }

    /// <summary>The native status text, for example <c>DELIVRD</c>, or <see langword="null"/>.</summary>
    public string? NativeStatus { get; init; }

    /// <summary>The per-segment reports of a multi-segment message; empty for a single-segment one.</summary>
    public IReadOnlyList<DeliveryReport> Segments { get; init; } = [];

    /// <summary>True for states after which nothing changes: everything except <see cref="DeliveryState.Enroute"/> and <see cref="DeliveryState.Accepted"/>.</summary>
    public bool IsFinal => State is not (DeliveryState.Enroute or DeliveryState.Accepted);

    /// <summary>True when the message reached the handset.</summary>
    public bool IsDelivered => State == DeliveryState.Delivered;
}
