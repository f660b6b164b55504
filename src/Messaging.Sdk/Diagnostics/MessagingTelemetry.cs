using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Messaging.Sdk.Diagnostics;

/// <summary>The names under which the SDK publishes traces and metrics, for <c>AddSource</c> / <c>AddMeter</c> in OpenTelemetry.</summary>
/// <remarks>
/// Instruments on the <c>Messaging.Sdk</c> meter: <c>messaging.sdk.sent</c>, <c>messaging.sdk.rejected</c>,
/// <c>messaging.sdk.unknown</c>, <c>messaging.sdk.failed</c> (counters, tagged with <c>messaging.kind</c>,
/// <c>messaging.sender</c> and <c>messaging.transport</c>) and <c>messaging.sdk.send.duration</c> (histogram, seconds).
/// Transports add their own instruments to the same meter.
/// </remarks>
public static class MessagingTelemetry
{
    /// <summary>The name of the <see cref="ActivitySource"/> and the <see cref="Meter"/>: <c>Messaging.Sdk</c>.</summary>
    public const string Name = "Messaging.Sdk";

    internal static readonly ActivitySource ActivitySource = new(Name, typeof(MessagingTelemetry).Assembly.GetName().Version?.ToString());
    internal static readonly Meter Meter = new(Name, typeof(MessagingTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> Sent = Meter.CreateCounter<long>("messaging.sdk.sent", "{message}", "Messages the server accepted.");
    internal static readonly Counter<long> Rejected = Meter.CreateCounter<long>("messaging.sdk.rejected", "{message}", "Messages the server refused.");
    internal static readonly Counter<long> Unknown = Meter.CreateCounter<long>("messaging.sdk.unknown", "{message}", "Messages whose answer was lost.");
    internal static readonly Counter<long> Failed = Meter.CreateCounter<long>("messaging.sdk.failed", "{message}", "Sends that ended in an exception (no server reached, invalid message, cancelled).");
    internal static readonly Histogram<double> SendDuration = Meter.CreateHistogram<double>("messaging.sdk.send.duration", "s", "Duration of a send including retries.");
}
