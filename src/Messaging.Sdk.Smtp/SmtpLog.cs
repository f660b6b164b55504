using Microsoft.Extensions.Logging;

namespace Messaging.Sdk.Smtp;

/// <summary>Source-generated log messages of the SMTP transport. None of them takes a secret.</summary>
internal static partial class SmtpLog
{
    [LoggerMessage(100, LogLevel.Debug, "SMTP connection to {Host}:{Port} opened ({Open} open)")]
    public static partial void ConnectionOpened(ILogger logger, string host, int port, int open);

    [LoggerMessage(101, LogLevel.Debug, "SMTP connection to {Host}:{Port} closed ({Open} open)")]
    public static partial void ConnectionClosed(ILogger logger, string host, int port, int open);

    [LoggerMessage(102, LogLevel.Debug, "Idle SMTP connection to {Host} failed its NOOP check ({Error}); replacing it")]
    public static partial void StaleConnection(ILogger logger, string host, string error);

    [LoggerMessage(103, LogLevel.Debug, "QUIT to {Host} failed ({Error}); connection dropped")]
    public static partial void QuitFailed(ILogger logger, string host, string error);

    [LoggerMessage(104, LogLevel.Information, "Reused SMTP connection to {Host} was closed by the server ({Error}); retrying on a new connection")]
    public static partial void ReplacingDeadConnection(ILogger logger, string host, string error);

    [LoggerMessage(105, LogLevel.Warning, "SMTP sender '{Sender}': a custom ServerCertificateValidationCallback replaces the default certificate check")]
    public static partial void CustomCertificateValidation(ILogger logger, string sender);

    [LoggerMessage(106, LogLevel.Warning, "SMTP sender '{Sender}': Security = None, credentials and messages travel in clear text")]
    public static partial void NoTls(ILogger logger, string sender);

    [LoggerMessage(108, LogLevel.Warning, "SMTP pool for {Host}: {InFlight} send(s) still in flight after ShutdownTimeout {Timeout}; their connections close when they end")]
    public static partial void ShutdownWithSendsInFlight(ILogger logger, string host, int inFlight, TimeSpan timeout);

    [LoggerMessage(107, LogLevel.Debug, "Pickup sender '{Sender}' wrote {Path}")]
    public static partial void PickupWritten(ILogger logger, string sender, string path);
}
