using FluentAssertions;
using Messaging.Sdk.Smpp.Pdus;
using Messaging.Sdk.Smpp.Session;
using Xunit;

namespace Messaging.Sdk.Smpp.Tests.Session;

public sealed class PduWriterTests
{
    [Fact]
    public async Task Write_WhenIdle_PutsThePduOnTheStreamAtOnce()
    {
        var stream = new RecordingStream();
        var writer = new PduWriter(stream, _ => { });

        writer.TryWriteHeader(CommandId.EnquireLink, SmppCommandStatus.Ok, 7).Should().BeTrue();
        writer.Complete();
        await writer.Drained.WaitAsync(SmppTestHelpers.Bound);

        stream.Writes.Should().ContainSingle().Which.Should().Equal(PduCodec.ToArray(new EmptyPdu(CommandId.EnquireLink) { SequenceNumber = 7 }));
    }

    [Fact]
    public async Task Write_InsideABatch_LeavesInOneWriteAtTheEnd()
    {
        var stream = new RecordingStream();
        var writer = new PduWriter(stream, _ => { });

        writer.BeginBatch();
        for (uint i = 1; i <= 50; i++)
        {
            writer.TryWriteMessageIdResponse(CommandId.SubmitSmResp, SmppCommandStatus.Ok, i, "id" + i);
        }

        stream.Writes.Should().BeEmpty("nothing leaves while the batch is open");
        writer.EndBatch();
        writer.Complete();
        await writer.Drained.WaitAsync(SmppTestHelpers.Bound);

        stream.Writes.Should().ContainSingle();
        var bytes = stream.Writes[0];
        var sequence = new System.Buffers.ReadOnlySequence<byte>(bytes);
        for (uint i = 1; i <= 50; i++)
        {
            PduCodec.TryReadFrame(ref sequence, PduCodec.DefaultMaxPduLength, out var header, out var body).Should().Be(FrameResult.Frame);
            header.SequenceNumber.Should().Be(i, "the PDUs keep the order they were written in");
            PduCodec.ReadMessageId(body).Should().Be("id" + i);
        }

        sequence.Length.Should().Be(0);
    }

    [Fact]
    public async Task Write_WhenEncodingThrows_LeavesNothingOfThatPduInTheStream()
    {
        var stream = new RecordingStream();
        var writer = new PduWriter(stream, _ => { });
        writer.BeginBatch();
        writer.TryWriteHeader(CommandId.EnquireLink, SmppCommandStatus.Ok, 1);

        var act = () => writer.TryWrite(0, static (buffer, _) =>
        {
            buffer.GetSpan(8).Fill(0xEE);
            buffer.Advance(8);
            throw new InvalidOperationException("field too long");
        });

        act.Should().Throw<InvalidOperationException>();
        writer.TryWriteHeader(CommandId.EnquireLink, SmppCommandStatus.Ok, 2);
        writer.EndBatch();
        writer.Complete();
        await writer.Drained.WaitAsync(SmppTestHelpers.Bound);

        stream.Writes.SelectMany(w => w).Should().Equal(
            PduCodec.ToArray(new EmptyPdu(CommandId.EnquireLink) { SequenceNumber = 1 }).Concat(PduCodec.ToArray(new EmptyPdu(CommandId.EnquireLink) { SequenceNumber = 2 })));
    }

    [Fact]
    public async Task Write_WhileAWriteIsInProgress_GoesOutWithTheNextWriteInOrder()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = new RecordingStream { Gate = gate };
        var writer = new PduWriter(stream, _ => { });

        writer.TryWriteHeader(CommandId.EnquireLink, SmppCommandStatus.Ok, 1);
        for (uint i = 2; i <= 20; i++)
        {
            writer.TryWriteHeader(CommandId.EnquireLink, SmppCommandStatus.Ok, i);
        }

        gate.SetResult();
        writer.Complete();
        await writer.Drained.WaitAsync(SmppTestHelpers.Bound);

        stream.Writes.Should().HaveCount(2, "the first write carries one PDU, the PDUs queued while it was blocked go in the second");
        var all = new System.Buffers.ReadOnlySequence<byte>(stream.Writes.SelectMany(w => w).ToArray());
        for (uint i = 1; i <= 20; i++)
        {
            PduCodec.TryReadFrame(ref all, PduCodec.DefaultMaxPduLength, out var header, out _).Should().Be(FrameResult.Frame);
            header.SequenceNumber.Should().Be(i);
        }
    }

    [Fact]
    public async Task Write_NotInline_IsWrittenByTheThreadPoolInOrder()
    {
        var stream = new RecordingStream();
        var writer = new PduWriter(stream, _ => { });

        for (uint i = 1; i <= 200; i++)
        {
            writer.TryWrite(new EmptyPdu(CommandId.EnquireLink) { SequenceNumber = i }, inline: false).Should().BeTrue();
        }

        writer.Complete();
        await writer.Drained.WaitAsync(SmppTestHelpers.Bound);

        var all = new System.Buffers.ReadOnlySequence<byte>(stream.Writes.SelectMany(w => w).ToArray());
        for (uint i = 1; i <= 200; i++)
        {
            PduCodec.TryReadFrame(ref all, PduCodec.DefaultMaxPduLength, out var header, out _).Should().Be(FrameResult.Frame);
            header.SequenceNumber.Should().Be(i);
        }

        all.Length.Should().Be(0);
    }

    [Fact]
    public async Task Write_WhenTheStreamFails_ReportsOnceAndRefusesFurtherPdus()
    {
        var stream = new RecordingStream { Failure = new IOException("broken pipe") };
        var failures = new List<Exception>();
        var writer = new PduWriter(stream, failures.Add);

        writer.TryWriteHeader(CommandId.EnquireLink, SmppCommandStatus.Ok, 1);
        await writer.Drained.WaitAsync(SmppTestHelpers.Bound);

        failures.Should().ContainSingle().Which.Should().BeOfType<IOException>();
        writer.TryWriteHeader(CommandId.EnquireLink, SmppCommandStatus.Ok, 2).Should().BeFalse();
    }

    [Fact]
    public async Task WriteLast_AcceptsNothingAfterIt_AndDrainedCompletesOnceItIsWritten()
    {
        var stream = new RecordingStream();
        var writer = new PduWriter(stream, _ => { });

        writer.TryWriteHeader(CommandId.UnbindResp, SmppCommandStatus.Ok, 9, last: true).Should().BeTrue();
        await writer.Drained.WaitAsync(SmppTestHelpers.Bound);

        writer.TryWriteHeader(CommandId.EnquireLink, SmppCommandStatus.Ok, 10).Should().BeFalse();
        stream.Writes.Should().ContainSingle();
    }

    [Fact]
    public async Task WaitForSpace_WhileTheBoundIsQueuedBehindAStalledWrite_WaitsUntilTheWriteCompletes()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = new RecordingStream { Gate = gate };
        var writer = new PduWriter(stream, _ => { }, maxQueuedBytes: 64);

        // The first PDU goes to the stream, whose write does not complete until the gate opens; four more (64 bytes) queue behind it.
        writer.TryWriteHeader(CommandId.EnquireLink, SmppCommandStatus.Ok, 1);
        for (uint i = 2; i <= 5; i++)
        {
            writer.TryWriteHeader(CommandId.EnquireLink, SmppCommandStatus.Ok, i);
        }

        writer.Queued.Should().Be(64);
        var wait = writer.WaitForSpaceAsync(CancellationToken.None).AsTask();
        wait.IsCompleted.Should().BeFalse("the bound is queued and only the stalled write can make room");
        gate.SetResult();
        await wait.WaitAsync(SmppTestHelpers.Bound);

        writer.WaitForSpaceAsync(CancellationToken.None).AsTask().IsCompletedSuccessfully.Should().BeTrue("the queued PDUs went to the stream");
        writer.PeakQueued.Should().Be(64);
    }

    [Fact]
    public async Task WaitForSpace_WhenTheWriterIsCompleted_StopsWaiting_AndTheWriteIsRefused()
    {
        var stream = new RecordingStream { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var writer = new PduWriter(stream, _ => { }, maxQueuedBytes: 16);
        writer.TryWriteHeader(CommandId.EnquireLink, SmppCommandStatus.Ok, 1);
        writer.TryWriteHeader(CommandId.EnquireLink, SmppCommandStatus.Ok, 2);
        var wait = writer.WaitForSpaceAsync(CancellationToken.None).AsTask();
        wait.IsCompleted.Should().BeFalse();

        writer.Complete();

        await wait.WaitAsync(SmppTestHelpers.Bound);
        writer.TryWriteHeader(CommandId.EnquireLink, SmppCommandStatus.Ok, 3).Should().BeFalse();
    }

    [Fact]
    public void StalledFor_MeasuresTheWriteInProgressOnTheTimeProvider()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var stream = new RecordingStream { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var writer = new PduWriter(stream, _ => { }, timeProvider: time);
        writer.StalledFor(time.GetTimestamp()).Should().Be(TimeSpan.Zero, "no write is in progress");

        writer.TryWriteHeader(CommandId.EnquireLink, SmppCommandStatus.Ok, 1);
        time.Advance(TimeSpan.FromSeconds(7));

        writer.StalledFor(time.GetTimestamp()).Should().Be(TimeSpan.FromSeconds(7));
    }

    private sealed class RecordingStream : Stream
    {
        public List<byte[]> Writes { get; } = [];

        public TaskCompletionSource? Gate { get; set; }

        public Exception? Failure { get; set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Failure is not null)
            {
                throw Failure;
            }

            lock (Writes)
            {
                Writes.Add(buffer.ToArray());
            }

            if (Gate is { } gate)
            {
                Gate = null;
                await gate.Task;
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    }
}
