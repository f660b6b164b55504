namespace Messaging.Sdk;

/// <summary>Receives delivery reports in process. Register any number with DI; each is called for every report.</summary>
/// <remarks>Handlers run on the transport's receive path: return quickly, hand slow work to a queue. An exception is logged and does not stop other handlers.</remarks>
public interface IDeliveryReportHandler
{
    /// <summary>Handles one report.</summary>
    /// <param name="report">The report.</param>
    /// <param name="cancellationToken">Cancelled when the transport shuts down.</param>
    /// <returns>A task that completes when the report is handled.</returns>
    ValueTask HandleAsync(DeliveryReport report, CancellationToken cancellationToken);
}

/// <summary>Receives mobile-originated messages in process. Register any number with DI.</summary>
public interface IIncomingSmsHandler
{
    /// <summary>Handles one incoming message.</summary>
    /// <param name="message">The message, parts reassembled.</param>
    /// <param name="cancellationToken">Cancelled when the transport shuts down.</param>
    /// <returns>A task that completes when the message is handled.</returns>
    ValueTask HandleAsync(IncomingSms message, CancellationToken cancellationToken);
}
