using System.ComponentModel.DataAnnotations;

namespace Messaging.Sdk;

/// <summary>How delivery reports reach the host: in-process handlers and streams, and callback URLs. Bound from <c>Messaging:DeliveryReports</c>.</summary>
public sealed class DeliveryReportOptions
{
    /// <summary>How many items a slow stream reader may fall behind before the oldest are dropped.</summary>
    /// <value>The default is 10,000.</value>
    [Range(1, 10_000_000)]
    public int StreamCapacity { get; set; } = 10_000;

    /// <summary>How many dispatches may run their <see cref="IDeliveryReportHandler"/>s / <see cref="IIncomingSmsHandler"/>s at the same time,
    /// across every transport. A dispatch beyond it waits for a free slot, which slows the transport that publishes it.</summary>
    /// <value>The default is 16.</value>
    [Range(1, 1024)]
    public int MaxConcurrentHandlers { get; set; } = 16;

    /// <summary>How long one handler may take, and how long a dispatch waits for a free handler slot. A handler that
    /// overruns it has its cancellation token cancelled and is no longer awaited: the dispatch reports it as not handled
    /// (an SMPP receipt is then answered with a temporary error so the SMSC delivers it again).</summary>
    /// <value>The default is 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan HandlerTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a callback POST is attempted before it is given up (and logged).</summary>
    /// <value>The default is 3 attempts.</value>
    [Range(1, 20)]
    public int CallbackAttempts { get; set; } = 3;

    /// <summary>The timeout of one callback POST, from connecting to reading the (bounded) response.</summary>
    /// <value>The default is 10 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan CallbackTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The delay before the first callback retry; it doubles for each further one.</summary>
    /// <value>The default is 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan CallbackRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many callback POSTs may be in flight at once; further callbacks wait for a free slot (a callback waiting
    /// out its retry delay does not hold one).</summary>
    /// <value>The default is 32.</value>
    [Range(1, 1024)]
    public int MaxConcurrentCallbacks { get; set; } = 32;

    /// <summary>How many callbacks may be pending (running, waiting for a slot or between attempts). A report published
    /// beyond it still reaches handlers and streams, but its callback is not sent: that is logged and counted in
    /// <c>messaging.sdk.delivery.callback_dropped</c>.</summary>
    /// <value>The default is 10,000.</value>
    [Range(1, 1_000_000)]
    public int MaxPendingCallbacks { get; set; } = 10_000;

    /// <summary>How many bytes of a callback's response body are read; the rest is not read and the connection is closed.
    /// Only the status code decides success.</summary>
    /// <value>The default is 16,384 bytes.</value>
    [Range(0, 1024 * 1024)]
    public int MaxCallbackResponseBytes { get; set; } = 16 * 1024;

    /// <summary>Host names that callbacks may reach even when they resolve to a loopback, private, link-local or metadata
    /// address (for example an internal <c>dlr.internal</c> service). Matched against the URL's host, case-insensitively.</summary>
    /// <value>The default is empty: no internal destination is allowed.</value>
    public IList<string> AllowedCallbackHosts { get; } = new List<string>();

    /// <summary>Networks in CIDR form (<c>10.20.0.0/16</c>, <c>fd12::/64</c>) or single addresses (<c>127.0.0.1</c>) that callbacks
    /// may reach although they are loopback, private, link-local or metadata addresses. Checked on the resolved address.</summary>
    /// <value>The default is empty: no internal destination is allowed.</value>
    public IList<string> AllowedCallbackNetworks { get; } = new List<string>();
}
