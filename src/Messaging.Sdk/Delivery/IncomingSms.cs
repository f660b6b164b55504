namespace Messaging.Sdk;

/// <summary>A mobile-originated SMS received by a transport (SMPP deliver_sm, modem +CMTI), with concatenated parts reassembled.</summary>
public sealed record IncomingSms
{
    /// <summary>The originator.</summary>
    public required PhoneNumber From { get; init; }

    /// <summary>The destination (our number or short code), when known.</summary>
    public PhoneNumber? To { get; init; }

    /// <summary>The decoded text of all parts, in order.</summary>
    public required string Text { get; init; }

    /// <summary>The service-centre timestamp, when known.</summary>
    public DateTimeOffset? ReceivedAt { get; init; }

    /// <summary>The sender (transport registration) name that received it.</summary>
    public string? SenderName { get; init; }

    /// <summary>A short description without the text, safe to log.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"IncomingSms {{ From = {From}, To = {To}, Length = {Text.Length} }}";
}
