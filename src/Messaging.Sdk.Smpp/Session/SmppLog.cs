using Messaging.Sdk.Smpp.Pdus;
using Microsoft.Extensions.Logging;

namespace Messaging.Sdk.Smpp.Session;

/// <summary>Source-generated SMPP log messages; never pass the password.</summary>
internal static partial class SmppLog
{
    [LoggerMessage(100, LogLevel.Information, "SMPP '{Sender}' bound to {Endpoint} as {Mode} (system_id {SystemId}, SMSC {SmscId})")]
    public static partial void Bound(ILogger logger, string sender, string endpoint, SmppBindMode mode, string systemId, string smscId);

    [LoggerMessage(101, LogLevel.Warning, "SMPP '{Sender}': link to {Endpoint} closed ({Reason}); {Pending} request(s) were in flight")]
    public static partial void LinkClosed(ILogger logger, string sender, string endpoint, string reason, int pending);

    [LoggerMessage(112, LogLevel.Information, "SMPP '{Sender}': link to {Endpoint} closed after unbind")]
    public static partial void LinkUnbound(ILogger logger, string sender, string endpoint);

    [LoggerMessage(102, LogLevel.Warning, "SMPP '{Sender}': connect/bind to {Endpoint} failed; retrying in {Delay}")]
    public static partial void BindFailed(ILogger logger, string sender, string endpoint, TimeSpan delay, Exception exception);

    [LoggerMessage(103, LogLevel.Warning, "SMPP '{Sender}': response to sequence {Sequence} ({Command}) arrived after its request was abandoned; ignored")]
    public static partial void LateResponse(ILogger logger, string sender, uint sequence, uint command);

    [LoggerMessage(104, LogLevel.Warning, "SMPP '{Sender}': malformed PDU {Command:X8} seq {Sequence} from the SMSC ({Error}); answered generic_nack")]
    public static partial void MalformedPdu(ILogger logger, string sender, uint command, uint sequence, string error);

    [LoggerMessage(105, LogLevel.Error, "SMPP '{Sender}': the SMSC sent a command_length of {Length}; closing the link (the stream cannot be re-synchronised)")]
    public static partial void InvalidLength(ILogger logger, string sender, uint length);

    [LoggerMessage(106, LogLevel.Warning, "SMPP '{Sender}': enquire_link unanswered within {Timeout}; the link is dead")]
    public static partial void DeadLink(ILogger logger, string sender, TimeSpan timeout);

    [LoggerMessage(107, LogLevel.Information, "SMPP '{Sender}': the SMSC sent unbind; closing")]
    public static partial void UnbindReceived(ILogger logger, string sender);

    [LoggerMessage(108, LogLevel.Error, "SMPP '{Sender}': handling an inbound {Command} failed")]
    public static partial void InboundFailed(ILogger logger, string sender, CommandId command, Exception exception);

    [LoggerMessage(109, LogLevel.Warning, "SMPP '{Sender}': delivery receipt for unknown message id {MessageId}")]
    public static partial void UnknownReceipt(ILogger logger, string sender, string messageId);

    [LoggerMessage(110, LogLevel.Debug, "SMPP '{Sender}': {Command} throttled ({Status}); backing off {Delay}")]
    public static partial void Throttled(ILogger logger, string sender, CommandId command, string status, TimeSpan delay);

    [LoggerMessage(113, LogLevel.Information, "SMPP '{Sender}' bind {Bind}: throttled by the SMSC; slowing to {Cap} submit_sm/s after a pause of {Pause}")]
    public static partial void BindSlowed(ILogger logger, string sender, int bind, double cap, TimeSpan pause);

    [LoggerMessage(114, LogLevel.Information, "SMPP '{Sender}' bind {Bind}: no throttling for a while; adaptive cap dropped (configured rate: {ConfiguredRate} submit_sm/s, none when empty)")]
    public static partial void BindRecovered(ILogger logger, string sender, int bind, int? configuredRate);

    [LoggerMessage(130, LogLevel.Warning, "SMPP '{Sender}': a write to {Endpoint} made no progress for {Stalled} ({Queued} bytes queued behind it); the SMSC stopped reading, closing the link")]
    public static partial void WriteStalled(ILogger logger, string sender, string endpoint, TimeSpan stalled, int queued);

    [LoggerMessage(131, LogLevel.Warning, "SMPP '{Sender}': the link to {Host}:{Port} is not encrypted (UseTls is false); the password and every message cross the network in clear text")]
    public static partial void NoTls(ILogger logger, string sender, string host, int port);

    [LoggerMessage(111, LogLevel.Warning, "SMPP '{Sender}': server certificate validation is DISABLED in code (DangerouslyAcceptAnyServerCertificate)")]
    public static partial void CertificateValidationDisabled(ILogger logger, string sender);
}
