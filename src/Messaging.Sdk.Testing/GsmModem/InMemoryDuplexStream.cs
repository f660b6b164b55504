using System.Buffers;
using System.IO.Pipelines;

namespace Messaging.Sdk.Testing.GsmModem;

/// <summary>One end of an in-memory full-duplex byte link, like the two ends of a null-modem cable.</summary>
public sealed class InMemoryDuplexStream : Stream
{
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private int _disposed;

    private InMemoryDuplexStream(PipeReader reader, PipeWriter writer)
    {
        _reader = reader;
        _writer = writer;
    }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Creates a connected pair: what one end writes, the other reads. Disposing an end makes the other read end-of-stream.</summary>
    /// <returns>The two ends.</returns>
    public static (InMemoryDuplexStream A, InMemoryDuplexStream B) CreatePair()
    {
        var aToB = new Pipe(new PipeOptions(useSynchronizationContext: false));
        var bToA = new Pipe(new PipeOptions(useSynchronizationContext: false));
        return (new InMemoryDuplexStream(bToA.Reader, aToB.Writer), new InMemoryDuplexStream(aToB.Reader, bToA.Writer));
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var data = result.Buffer;
            if (!data.IsEmpty)
            {
                var count = (int)Math.Min(buffer.Length, data.Length);
                data.Slice(0, count).CopyTo(buffer.Span);
                _reader.AdvanceTo(data.GetPosition(count));
                return count;
            }

            _reader.AdvanceTo(data.Start, data.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return 0;
            }
        }
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc />
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new IOException("The in-memory link is closed.");
        }

        var result = await _writer.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (result.IsCompleted)
        {
            throw new IOException("The other end of the in-memory link is closed.");
        }
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _writer.Complete();
            _reader.CancelPendingRead();
            _reader.Complete();
        }

        base.Dispose(disposing);
    }
}
