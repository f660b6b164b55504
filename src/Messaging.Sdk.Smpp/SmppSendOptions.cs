namespace Messaging.Sdk.Smpp;

/// <summary>Per-message SMPP settings beyond <see cref="SmsMessage"/>; pass to <see cref="SmppSmsSender.SendAsync(SmsMessage, SmppSendOptions?, CancellationToken)"/>.</summary>
public sealed record SmppSendOptions
{
    /// <summary>When the SMSC should deliver the message, or <see langword="null"/> for now.</summary>
    public DateTimeOffset? ScheduledDelivery { get; init; }

    /// <summary>The priority_flag (0-3), or <see langword="null"/> for <see cref="SmppOptions.PriorityFlag"/>.</summary>
    public byte? Priority { get; init; }

    /// <summary>The service_type, or <see langword="null"/> for <see cref="SmppOptions.ServiceType"/>.</summary>
    public string? ServiceType { get; init; }

    /// <summary>The registered_delivery byte, or <see langword="null"/> to derive it from <see cref="SmsMessage.WantsDeliveryReport"/>.</summary>
    public byte? RegisteredDelivery { get; init; }

    /// <summary>How to send a long text, or <see langword="null"/> for <see cref="SmppOptions.LongMessageMode"/>.</summary>
    public SmppLongMessageMode? LongMessageMode { get; init; }
}
