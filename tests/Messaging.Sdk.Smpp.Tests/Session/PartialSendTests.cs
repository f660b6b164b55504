using Messaging.Sdk.Resilience;
using Messaging.Sdk.Smpp;
using Messaging.Sdk.Testing;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Retry;
using static Messaging.Sdk.Smpp.Tests.SmppTestHelpers;

namespace Messaging.Sdk.Smpp.Tests.Session;

/// <summary>A long message that was partly sent is reported segment by segment and never sent again (issue 13, point 6).</summary>
public sealed class PartialSendTests
{
    // 400 GSM characters: three concatenated segments of at most 153.
    private static readonly string ThreePartGsm = string.Concat(Enumerable.Repeat("0123456789", 40));

    private static Task<SmppCommandStatus?> Answer(SmppCommandStatus? status) => Task.FromResult<SmppCommandStatus?>(status);

    [Fact]
    public async Task PartialSegmentsWithCancel_EndWithEachSegmentsFate_NotOperationCanceled()
    {
        await using var smsc = ScriptedSmsc.Start();
        var release = new TaskCompletionSource<SmppCommandStatus?>(TaskCreationOptions.RunContinuationsAsynchronously);
        smsc.OnSubmit = _ => release.Task;
        await using var sender = new SmppSmsSender("Default", smsc.Options(o => o.WindowSize = 2));
        await sender.ConnectAsync();
        using var cancel = new CancellationTokenSource();

        var send = sender.SendAsync(NewSms(ThreePartGsm), cancel.Token);
        // Segments 1 and 2 are written and their answers held; segment 3 waits for a window slot.
        await Eventually(() => smsc.SubmitCount == 2, "two segments at the SMSC");
        cancel.Cancel();
        release.SetResult(SmppCommandStatus.Ok);
        var result = await send.WaitAsync(Bound);

        result.Status.Should().Be(SendStatus.Rejected, "the third segment never went out");
        result.SegmentIds.Should().Equal("m0", "m1");
        result.SegmentCount.Should().Be(3);
        result.Segments.Should().HaveCount(3);
        result.Segments[0].Should().Be(new SmsSegmentResult(1, SendStatus.Accepted, "m0"));
        result.Segments[1].Should().Be(new SmsSegmentResult(2, SendStatus.Accepted, "m1"));
        result.Segments[2].Status.Should().Be(SendStatus.Rejected);
        result.Segments[2].MessageId.Should().BeNull();
        result.Segments[2].NativeCode.Should().BeNull("the SMSC never saw it");
        result.Segments[2].NativeText.Should().Contain("cancelled");
        result.NativeText.Should().Contain("2 of 3 segments accepted");
        smsc.Submits.Select(s => s.Segment).Should().Equal(1, 2);
    }

    [Fact]
    public async Task LinkKilledMidMessage_InFlightSegmentsAreUnknown_TheAcceptedOneKeepsItsId()
    {
        await using var smsc = ScriptedSmsc.Start();
        var never = new TaskCompletionSource<SmppCommandStatus?>(TaskCreationOptions.RunContinuationsAsynchronously);
        smsc.OnSubmit = s => s.Segment == 1 ? Answer(SmppCommandStatus.Ok) : never.Task;
        await using var sender = new SmppSmsSender("Default", smsc.Options());
        await sender.ConnectAsync();
        var session = sender.Pool.Binds[0].Current!;

        var send = sender.SendAsync(NewSms(ThreePartGsm));
        await Eventually(() => smsc.SubmitCount == 3 && session.PendingCount == 2, "three segments written and the first answered");
        smsc.DropConnections();
        var result = await send.WaitAsync(Bound);

        result.Status.Should().Be(SendStatus.Unknown);
        result.SegmentIds.Should().Equal("m0");
        result.Segments.Select(s => (s.Sequence, s.Status, s.MessageId)).Should().Equal(
            (1, SendStatus.Accepted, "m0"), (2, SendStatus.Unknown, null), (3, SendStatus.Unknown, null));
        result.Segments[1].NativeText.Should().Contain("link dropped");
        result.WasResent.Should().BeFalse();
        smsc.SubmitCount.Should().Be(3, "at most once: nothing in doubt is sent again");
    }

    [Fact]
    public async Task TransientFailureAfterSegmentOneWasAccepted_TheRetrySendsOnlyTheRemainingSegments()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var smsc = ScriptedSmsc.Start();
        var retries = 0;
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(MessagingResilience.IsTransient(args.Outcome.Exception)),
            MaxRetryAttempts = 1,
            Delay = TimeSpan.Zero,
            OnRetry = _ =>
            {
                // The SMSC takes binds again once the first attempt gave up on the link.
                Interlocked.Increment(ref retries);
                smsc.BindStatus = SmppCommandStatus.Ok;
                return default;
            },
        }).Build();
        await using var sender = new SmppSmsSender("Default", smsc.Options(o =>
        {
            // One submit_sm per second: segments 2 and 3 wait for the pacer (on the fake clock) while the link is killed.
            o.MaxMessagesPerSecond = 1;
            o.ConnectTimeout = TimeSpan.FromSeconds(5);
            o.ReconnectDelay = TimeSpan.FromMilliseconds(100);
            o.MaxReconnectDelay = TimeSpan.FromMilliseconds(200);
        }), pipeline: pipeline, timeProvider: time);
        await sender.ConnectAsync();
        var bind = sender.Pool.Binds[0];
        var session = bind.Current!;

        var send = sender.SendAsync(NewSms(ThreePartGsm));
        await Eventually(() => smsc.SubmitCount == 1 && session.PendingCount == 0, "segment 1 accepted");
        smsc.BindStatus = SmppCommandStatus.SystemError;
        smsc.DropConnections();
        await Eventually(() => bind.Current is null, "the link to close");
        // Segments 2 and 3 find no link and no bind within the connect timeout: the attempt fails with a transient error.
        await Eventually(() => { time.Advance(TimeSpan.FromMilliseconds(100)); return send.IsCompleted; }, "the send to end");
        var result = await send;

        retries.Should().Be(1);
        result.Status.Should().Be(SendStatus.Accepted);
        result.Attempts.Should().Be(2);
        smsc.Submits.Select(s => s.Segment).Should().Equal([1, 2, 3], "the retry resumes after the accepted segment instead of sending it again");
        result.SegmentIds.Should().Equal(smsc.Submits.Select(s => s.MessageId));
        result.Segments.Should().OnlyContain(s => s.Status == SendStatus.Accepted).And.HaveCount(3);
    }

    [Fact]
    public async Task LaterAttemptsRefusal_AfterAnEarlierAttemptLeftASegmentUnknown_TheMessageStaysUnknown()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var smsc = ScriptedSmsc.Start();
        var never = new TaskCompletionSource<SmppCommandStatus?>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Segment 1 is taken and never answered; everything after the retry is refused.
        smsc.OnSubmit = s => s.Index == 0 ? never.Task : Answer(SmppCommandStatus.InvalidDestinationAddress);
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(MessagingResilience.IsTransient(args.Outcome.Exception)),
            MaxRetryAttempts = 1,
            Delay = TimeSpan.Zero,
            OnRetry = _ =>
            {
                smsc.BindStatus = SmppCommandStatus.Ok;
                return default;
            },
        }).Build();
        await using var sender = new SmppSmsSender("Default", smsc.Options(o =>
        {
            o.MaxMessagesPerSecond = 1;
            o.ConnectTimeout = TimeSpan.FromSeconds(5);
            o.ReconnectDelay = TimeSpan.FromMilliseconds(100);
            o.MaxReconnectDelay = TimeSpan.FromMilliseconds(200);
        }), pipeline: pipeline, timeProvider: time);
        await sender.ConnectAsync();
        var bind = sender.Pool.Binds[0];

        var send = sender.SendAsync(NewSms(ThreePartGsm));
        await Eventually(() => smsc.SubmitCount == 1, "segment 1 at the SMSC");
        smsc.BindStatus = SmppCommandStatus.SystemError;
        smsc.DropConnections();
        await Eventually(() => bind.Current is null, "the link to close");
        await Eventually(() => { time.Advance(TimeSpan.FromMilliseconds(100)); return send.IsCompleted; }, "the send to end");
        var result = await send;

        result.Attempts.Should().Be(2);
        smsc.Submits.Select(s => s.Segment).Should().Equal([1, 2, 3], "segment 1 is in doubt and is not sent again");
        result.Status.Should().Be(SendStatus.Unknown, "the SMSC may have segment 1: the second attempt's refusals do not make the message Rejected");
        result.Segments.Select(s => (s.Status, s.NativeCode)).Should().Equal(
            (SendStatus.Unknown, null), (SendStatus.Rejected, 0x0B), (SendStatus.Rejected, 0x0B));
    }

    [Fact]
    public async Task AtLeastOnce_ResendRefusedAfterTheFirstAnswerWasLost_StaysUnknown()
    {
        await using var smsc = ScriptedSmsc.Start();
        // The first copy reaches the SMSC, which then kills the link before answering; every re-send is throttled.
        smsc.OnSubmit = s => s.Index == 0 ? Answer(null) : Answer(SmppCommandStatus.MessageQueueFull);
        await using var sender = new SmppSmsSender("Default", smsc.Options(o =>
        {
            o.AtLeastOnce = true;
            o.ThrottleRetryAttempts = 2;
        }));

        var result = await sender.SendAsync(NewSms()).WaitAsync(Bound);

        smsc.SubmitCount.Should().Be(4, "the first copy, its re-send and two re-sends after throttling");
        result.Status.Should().Be(SendStatus.Unknown, "the SMSC may have the first copy: a refusal of a later one does not make it Rejected");
        result.WasResent.Should().BeTrue();
        result.Segments.Should().ContainSingle().Which.Status.Should().Be(SendStatus.Unknown);
    }

    [Fact]
    public async Task SingleSegmentSend_ReportsItsSegmentsFate()
    {
        await using var smsc = await SmscSimulator.StartAsync(new() { RejectionRule = s => s.DestinationAddress.StartsWith("4670", StringComparison.Ordinal) ? SmppCommandStatus.InvalidDestinationAddress : SmppCommandStatus.Ok });
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc));

        var accepted = await sender.SendAsync(NewSms(to: "+4580000000"));
        var rejected = await sender.SendAsync(NewSms());

        accepted.Segments.Should().Equal(new SmsSegmentResult(1, SendStatus.Accepted, accepted.MessageId));
        accepted.MessageId.Should().NotBeNullOrEmpty();
        rejected.Segments.Should().Equal(new SmsSegmentResult(1, SendStatus.Rejected, null, 0x0B, "ESME_RINVDSTADR"));
    }
}
