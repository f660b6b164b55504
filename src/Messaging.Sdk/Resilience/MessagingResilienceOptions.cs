using System.ComponentModel.DataAnnotations;

namespace Messaging.Sdk.Resilience;

/// <summary>The default retry policy of a sender's resilience pipeline. Only transient failures are retried.</summary>
public sealed class MessagingResilienceOptions
{
    /// <summary>How many times a transient failure is retried after the first attempt. 0 turns retries off.</summary>
    /// <value>The default is 3 retries.</value>
    [Range(0, 100)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The delay before the first retry; later ones grow exponentially.</summary>
    /// <value>The default is 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between two attempts.</summary>
    /// <value>The default is 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether delays are randomised so that many senders do not retry in step.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool UseJitter { get; set; } = true;
}
