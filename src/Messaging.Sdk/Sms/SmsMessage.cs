namespace Messaging.Sdk;

/// <summary>An SMS message, independent of the transport that sends it.</summary>
/// <remarks>Immutable; validated by every sender before any I/O (see <see cref="Validation.MessageValidator"/>).</remarks>
/// <example>
/// <code>
/// var sms = new SmsMessage { From = "MyShop", To = "+46708251358", Text = "Your code is 1234" };
/// </code>
/// </example>
public sealed record SmsMessage
{
    /// <summary>The sender: a number, short code or alphanumeric id; <see langword="null"/> lets the transport use its default.</summary>
    public PhoneNumber? From { get; init; }

    /// <summary>The recipient. Required; must be numeric.</summary>
    public PhoneNumber? To { get; init; }

    /// <summary>The text. Long texts are sent as a concatenated (multi-part) message.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>How to encode the text.</summary>
    /// <value>The default is <see cref="SmsEncodingHint.Auto"/>.</value>
    public SmsEncodingHint Encoding { get; init; } = SmsEncodingHint.Auto;

    /// <summary>Whether to ask the network for a delivery report. Implied by <see cref="DeliveryReportUrl"/>.</summary>
    public bool RequestDeliveryReport { get; init; }

    /// <summary>An absolute http(s) URL that receives the delivery report as a POST, or <see langword="null"/>.</summary>
    public Uri? DeliveryReportUrl { get; init; }

    /// <summary>How long the network should keep trying to deliver, or <see langword="null"/> for the network's default.</summary>
    /// <value>Between 5 minutes and 441 days (the 23.040 relative validity range).</value>
    public TimeSpan? ValidityPeriod { get; init; }

    /// <summary>True when a delivery report is requested, directly or through a callback URL.</summary>
    public bool WantsDeliveryReport => RequestDeliveryReport || DeliveryReportUrl is not null;

    /// <summary>A short description without the text, safe to log.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
        => $"SmsMessage {{ From = {From}, To = {To}, Length = {Text.Length}, Encoding = {Encoding} }}";
}
