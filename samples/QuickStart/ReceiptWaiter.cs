using System.Collections.Concurrent;
using Messaging.Sdk;

namespace QuickStart;

/// <summary>Collects delivery reports so that the QuickStart can print the one for its SMS.</summary>
internal sealed class ReceiptWaiter : IDeliveryReportHandler
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<DeliveryReport>> _waiting = new();

    public ValueTask HandleAsync(DeliveryReport report, CancellationToken cancellationToken)
    {
        _waiting.GetOrAdd(report.MessageId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(report);
        return ValueTask.CompletedTask;
    }

    public async Task<DeliveryReport?> WaitAsync(string messageId, TimeSpan timeout)
    {
        var pending = _waiting.GetOrAdd(messageId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            return await pending.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }
}
