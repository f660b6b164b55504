using System.Diagnostics.Metrics;
using Messaging.Sdk.Diagnostics;
using Messaging.Sdk.Smpp.Pdus;

namespace Messaging.Sdk.Smpp.Session;

/// <summary>
/// The SMPP client's instruments on the <c>Messaging.Sdk</c> meter, all tagged with <c>messaging.sender</c>.
/// </summary>
/// <remarks>
/// Recording takes the tags as <see cref="KeyValuePair{TKey, TValue}"/> structs over strings that already exist (the
/// sender name, the status name), so the submit path allocates nothing for metrics, listener or not.
/// </remarks>
internal static class SmppMetrics
{
    public const string SenderTag = "messaging.sender";
    public const string StatusTag = "smpp.command_status";
    public const string OutcomeTag = "smpp.outcome";
    public const string ReasonTag = "smpp.reason";
    public const string BindTag = "smpp.bind";

    public static readonly Counter<long> Submits = MessagingTelemetry.Meter.CreateCounter<long>(
        "messaging.sdk.smpp.submits", "{pdu}", "submit_sm PDUs written to the SMSC (each segment and each re-submission counts).");

    public static readonly Counter<long> Responses = MessagingTelemetry.Meter.CreateCounter<long>(
        "messaging.sdk.smpp.responses", "{pdu}", "submit_sm_resp received, tagged with the command_status name (smpp.command_status).");

    public static readonly UpDownCounter<long> InFlight = MessagingTelemetry.Meter.CreateUpDownCounter<long>(
        "messaging.sdk.smpp.window.in_flight", "{request}", "Windowed requests written and not yet answered (window occupancy, all binds of the sender).");

    public static readonly Counter<long> ThrottleBackoffs = MessagingTelemetry.Meter.CreateCounter<long>(
        "messaging.sdk.smpp.throttle.backoffs", "{response}", "ESME_RTHROTTLED / ESME_RMSGQFUL answers that made the sender back off and re-submit.");

    public static readonly Gauge<double> AdaptiveCap = MessagingTelemetry.Meter.CreateGauge<double>(
        "messaging.sdk.smpp.throttle.adaptive_cap", "{pdu}/s",
        "The rate cap adaptive back-off sets on a bind after throttling (smpp.bind: the bind's index); 0 when the bind is back at full speed. Recorded on each change.");

    public static readonly Counter<long> Rebinds = MessagingTelemetry.Meter.CreateCounter<long>(
        "messaging.sdk.smpp.rebinds", "{bind}", "Successful binds after a link was lost (the first bind of each link is not counted).");

    public static readonly Counter<long> Unknowns = MessagingTelemetry.Meter.CreateCounter<long>(
        "messaging.sdk.smpp.unknown", "{pdu}", "submit_sm written whose response was lost (smpp.outcome: timed_out or connection_lost).");

    public static readonly Histogram<double> ReceiptLatency = MessagingTelemetry.Meter.CreateHistogram<double>(
        "messaging.sdk.smpp.receipt.latency", "s", "Time from submit_sm_resp to the message's final delivery receipt.");

    public static readonly Counter<long> ReceiptsExpired = MessagingTelemetry.Meter.CreateCounter<long>(
        "messaging.sdk.smpp.receipts.expired", "{segment}", "Sent segments forgotten before their final receipt (smpp.reason: age or capacity).");

    public static readonly Counter<long> ReceiptsUncorrelated = MessagingTelemetry.Meter.CreateCounter<long>(
        "messaging.sdk.smpp.receipts.uncorrelated", "{receipt}", "Receipts given up because no sent message matched their id (unknown, expired or never tracked).");

    public static KeyValuePair<string, object?> Sender(string senderName) => new(SenderTag, senderName);

    public static void RecordResponse(string senderName, SmppCommandStatus status)
    {
        if (Responses.Enabled)
        {
            Responses.Add(1, Sender(senderName), new KeyValuePair<string, object?>(StatusTag, status.Name()));
        }
    }

    public static void RecordAdaptiveCap(string senderName, int bindIndex, double cap)
        => AdaptiveCap.Record(cap, Sender(senderName), new KeyValuePair<string, object?>(BindTag, bindIndex));

    public static void RecordUnknown(string senderName, ResponseOutcome outcome)
        => Unknowns.Add(1, Sender(senderName), new KeyValuePair<string, object?>(OutcomeTag, outcome == ResponseOutcome.TimedOut ? "timed_out" : "connection_lost"));
}
