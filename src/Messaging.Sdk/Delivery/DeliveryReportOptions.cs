using System.ComponentModel.DataAnnotations;

namespace Messaging.Sdk;

/// <summary>How delivery reports reach the host: in-process streams and callback URLs. Bound from <c>Messaging:DeliveryReports</c>.</summary>
public sealed class DeliveryReportOptions
{
    /// <summary>How many items a slow stream reader may fall behind before the oldest are dropped.</summary>
    /// <value>The default is 10,000.</value>
    [Range(1, 10_000_000)]
    public int StreamCapacity { get; set; } = 10_000;

    /// <summary>How many times a callback POST is attempted before it is given up (and logged).</summary>
    /// <value>The default is 3 attempts.</value>
    [Range(1, 20)]
    public int CallbackAttempts { get; set; } = 3;

    /// <summary>The timeout of one callback POST.</summary>
    /// <value>The default is 10 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan CallbackTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The delay before the first callback retry; it doubles for each further one.</summary>
    /// <value>The default is 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan CallbackRetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
