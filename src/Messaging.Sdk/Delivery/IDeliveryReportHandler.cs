namespace Messaging.Sdk;

/// <summary>Receives delivery reports in process. Register any number with DI; each is called for every report.</summary>
/// <remarks>
/// Handlers are resolved for each report from a new DI scope, so they may be scoped and use scoped services (a
/// <c>DbContext</c>); the scope is disposed after the report. They run on the transport's receive path, one after the
/// other: return quickly, hand slow work to a queue. An exception, or running past
/// <see cref="DeliveryReportOptions.HandlerTimeout"/>, is logged and does not stop the other handlers, but the report
/// then counts as not handled and a transport that can ask for it again does: make handlers idempotent.
/// </remarks>
public interface IDeliveryReportHandler
{
    /// <summary>Handles one report.</summary>
    /// <param name="report">The report.</param>
    /// <param name="cancellationToken">Cancelled when the transport shuts down or <see cref="DeliveryReportOptions.HandlerTimeout"/> passes.</param>
    /// <returns>A task that completes when the report is handled.</returns>
    ValueTask HandleAsync(DeliveryReport report, CancellationToken cancellationToken);
}

/// <summary>Receives mobile-originated messages in process. Register any number with DI.</summary>
/// <remarks>Resolved, run and bounded like <see cref="IDeliveryReportHandler"/>: a new scope per message, one handler after the other,
/// <see cref="DeliveryReportOptions.HandlerTimeout"/> each, at least once.</remarks>
public interface IIncomingSmsHandler
{
    /// <summary>Handles one incoming message.</summary>
    /// <param name="message">The message, parts reassembled.</param>
    /// <param name="cancellationToken">Cancelled when the transport shuts down or <see cref="DeliveryReportOptions.HandlerTimeout"/> passes.</param>
    /// <returns>A task that completes when the message is handled.</returns>
    ValueTask HandleAsync(IncomingSms message, CancellationToken cancellationToken);
}
