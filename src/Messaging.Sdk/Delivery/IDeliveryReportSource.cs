namespace Messaging.Sdk;

/// <summary>Delivery reports and incoming messages as async streams. Resolve it from DI after <c>AddMessaging()</c>.</summary>
/// <remarks>
/// Each call to a read method subscribes a new reader that sees what is published from then on. A reader
/// that falls more than <see cref="DeliveryReportOptions.StreamCapacity"/> items behind loses the oldest
/// ones (counted in the <c>messaging.sdk.delivery.dropped</c> metric); handlers registered as
/// <see cref="IDeliveryReportHandler"/> never lose any.
/// </remarks>
public interface IDeliveryReportSource
{
    /// <summary>Reads delivery reports as they arrive, until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The reports.</returns>
    IAsyncEnumerable<DeliveryReport> ReadReportsAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads incoming (mobile-originated) messages as they arrive, until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The messages.</returns>
    IAsyncEnumerable<IncomingSms> ReadIncomingAsync(CancellationToken cancellationToken = default);
}
