using System.Collections.Concurrent;
using System.Text;
using Messaging.Sdk.Smpp.Pdus;
using Messaging.Sdk.Testing;
using static Messaging.Sdk.Smpp.Tests.SmppTestHelpers;

namespace Messaging.Sdk.Smpp.Tests.Receipts;

/// <summary>Disposing a sender answers what it took from the SMSC before it unbinds (issue 13, points 5 and 9).</summary>
public sealed class InboundShutdownTests
{
    [Fact]
    public async Task Dispose_WithIncomingMessagesStillQueued_HandlesAndAnswersThemBeforeUnbinding()
    {
        await using var smsc = await SmscSimulator.StartAsync();
        var sender = new SmppSmsSender("Default", OptionsFor(smsc));
        var disposing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new ConcurrentQueue<string>();
        var first = true;
        var unboundWhileHandling = false;
        sender.MessageReceived += m =>
        {
            if (first)
            {
                first = false;
                entered.SetResult();
                disposing.Task.Wait(Bound);

                // An unbind sent now would mean the links close under the queued messages; give it the chance to show.
                unboundWhileHandling = SpinWait.SpinUntil(() => smsc.UnbindCount > 0, TimeSpan.FromSeconds(2));
            }

            received.Enqueue(m.Text);
        };
        await sender.ConnectAsync();

        // Three separate messages: the first is held in its handler until the sender is disposing, the others wait in the queue.
        await smsc.SendMobileOriginatedAsync("46700000001", "72555", [.. new[] { "one", "two", "three" }.Select(Encoding.ASCII.GetBytes)]);
        await entered.Task.WaitAsync(Bound);
        await Eventually(() => sender.InboundQueued == 2, "the other two queued behind the first");

        var dispose = sender.DisposeAsync().AsTask();
        disposing.SetResult();
        await dispose.WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually(() => smsc.UnbindCount > 0, "the unbind, after the queue was drained");

        unboundWhileHandling.Should().BeFalse("the sender unbinds only once what it took from the SMSC is handled and answered");
        received.Should().Equal("one", "two", "three");
        smsc.DeliverResponseStatuses.Should().Equal([SmppCommandStatus.Ok, SmppCommandStatus.Ok, SmppCommandStatus.Ok],
            "each message was handled and answered on its open link before the sender unbound");
    }
}
