using System.Diagnostics.Metrics;
using Messaging.Sdk.Diagnostics;
using Messaging.Sdk.Smpp.Pdus;
using Microsoft.Extensions.Logging;

namespace Messaging.Sdk.Smpp.Receipts;

/// <summary>Logging and metrics of the inbound path (deliver_sm / data_sm handling and receipt correlation).</summary>
internal static partial class InboundLog
{
    public const string QueueFull = "queue_full";
    public const string HandlerFailed = "handler_failed";
    public const string Unreadable = "unreadable";

    /// <summary>Inbound PDUs the SMSC was asked to deliver again (a temporary error in the response), tagged with the reason.</summary>
    public static readonly Counter<long> Deferred = MessagingTelemetry.Meter.CreateCounter<long>(
        "messaging.sdk.smpp.inbound.deferred", "{pdu}",
        "deliver_sm / data_sm answered with a temporary error so that the SMSC delivers them again (smpp.reason: queue_full, handler_failed, unreadable).");

    /// <summary>Incoming long messages given up incomplete (too old, or too many waiting).</summary>
    public static readonly Counter<long> PartialsGivenUp = MessagingTelemetry.Meter.CreateCounter<long>(
        "messaging.sdk.smpp.inbound.partials_given_up", "{message}",
        "Incoming long messages given up before all their parts arrived (IncomingPartsTimeout, MaxIncomingPartials).");

    [LoggerMessage(146, LogLevel.Warning, "SMPP '{Sender}': an incoming long message was given up with {Received} of {Total} parts: {Reason}")]
    public static partial void PartsGivenUp(ILogger logger, string sender, int received, int total, string reason);

    [LoggerMessage(140, LogLevel.Warning, "SMPP '{Sender}': {Command} answered {Status}: the inbound queue holds {Capacity} PDUs not yet handled; the SMSC will deliver it again")]
    public static partial void InboundQueueFull(ILogger logger, string sender, CommandId command, string status, int capacity);

    [LoggerMessage(141, LogLevel.Warning, "SMPP '{Sender}': a handler failed for an inbound {Command}; answered ESME_RX_T_APPN so that the SMSC delivers it again")]
    public static partial void InboundHandlerFailed(ILogger logger, string sender, CommandId command);

    [LoggerMessage(142, LogLevel.Information, "SMPP '{Sender}': receipt ids are read as {Format} (learned from the receipts and submit_sm_resp ids)")]
    public static partial void ReceiptFormatLearned(ILogger logger, string sender, SmppReceiptIdFormat format);

    [LoggerMessage(143, LogLevel.Warning, "SMPP '{Sender}': a delivery receipt without a readable message id; answered ESME_RX_P_APPN")]
    public static partial void UnreadableReceipt(ILogger logger, string sender);

    [LoggerMessage(144, LogLevel.Warning, "SMPP '{Sender}': an incoming message whose source_addr ({Length} characters) is no phone number or sender id; answered ESME_RX_T_APPN so that the SMSC keeps it")]
    public static partial void UnreadableSource(ILogger logger, string sender, int length);

    [LoggerMessage(145, LogLevel.Error, "SMPP '{Sender}': publishing a report released by a late submit_sm_resp or by learning the receipt id format failed for message {MessageId}")]
    public static partial void ReleasedReportFailed(ILogger logger, string sender, string messageId);

    public static void RecordDeferred(string senderName, string reason)
        => Deferred.Add(1, Session.SmppMetrics.Sender(senderName), new KeyValuePair<string, object?>(Session.SmppMetrics.ReasonTag, reason));
}
