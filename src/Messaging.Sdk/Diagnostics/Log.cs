using Microsoft.Extensions.Logging;

namespace Messaging.Sdk.Diagnostics;

/// <summary>Source-generated log messages shared by the transports. Never pass a secret to any of them.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "{Kind} sender '{Sender}' ({Transport}) accepted message {MessageId} after {Attempts} attempt(s)")]
    public static partial void SendAccepted(ILogger logger, SenderKind kind, string sender, string transport, string? messageId, int attempts);

    [LoggerMessage(2, LogLevel.Warning, "{Kind} sender '{Sender}' ({Transport}): message rejected with {NativeCode} {NativeText}")]
    public static partial void SendRejected(ILogger logger, SenderKind kind, string sender, string transport, int? nativeCode, string? nativeText);

    [LoggerMessage(3, LogLevel.Warning, "{Kind} sender '{Sender}' ({Transport}): outcome unknown (the answer was lost); the message was not re-sent")]
    public static partial void SendUnknown(ILogger logger, SenderKind kind, string sender, string transport);

    [LoggerMessage(4, LogLevel.Error, "{Kind} sender '{Sender}' ({Transport}): send failed")]
    public static partial void SendFailed(ILogger logger, SenderKind kind, string sender, string transport, Exception exception);

    [LoggerMessage(5, LogLevel.Warning, "{Kind} sender '{Sender}' ({Transport}): server certificate validation is DISABLED in code (DangerouslyAcceptAnyServerCertificate); connections are open to interception")]
    public static partial void CertificateValidationDisabled(ILogger logger, SenderKind kind, string sender, string transport);
}
