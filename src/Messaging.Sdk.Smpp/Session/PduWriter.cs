using System.Buffers;
using Messaging.Sdk.Smpp.Pdus;

namespace Messaging.Sdk.Smpp.Session;

/// <summary>
/// Puts PDUs on a link without a dedicated write loop. Callers encode into a shared buffer under a short lock; the
/// first caller that finds the link idle writes the buffer out, and keeps writing whatever others added meanwhile,
/// outside the lock. Under load many PDUs go out in one socket write; at window 1 the write happens on the caller's
/// own thread, with no thread hop. A read loop wraps the answers it writes for one read in <see cref="BeginBatch"/> /
/// <see cref="EndBatch"/>, so that they leave in one write instead of one write each.
/// </summary>
/// <remarks>
/// The buffer is bounded: when a peer stops reading, the write in progress never completes and PDUs pile up behind it,
/// so callers wait in <see cref="WaitForSpaceAsync"/> while more than the bound is queued. A caller that passed that
/// check adds its PDU whole, so the queue may exceed the bound by what the callers racing past it at once add (at
/// most a window of PDUs). <see cref="StalledFor"/> tells the owner how long the write in progress has made no
/// progress, so that it can give up on the link.
/// </remarks>
internal sealed class PduWriter
{
    private static long s_writes;
    private readonly Stream _stream;
    private readonly Action<Exception> _onFailure;
    private readonly int _maxQueued;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private OutgoingBuffer _filling = new();
    private OutgoingBuffer _sending = new();
    private bool _writing;
    private bool _completed;
    private int _batches;
    private int _peakQueued;
    private long _writeStarted;
    private TaskCompletionSource? _space;

    /// <param name="stream">The link.</param>
    /// <param name="onFailure">Called once when a write fails; the writer accepts nothing more after it.</param>
    /// <param name="maxQueuedBytes">The most bytes queued behind the write in progress before <see cref="WaitForSpaceAsync"/> makes callers wait.</param>
    /// <param name="timeProvider">The clock of <see cref="StalledFor"/>.</param>
    public PduWriter(Stream stream, Action<Exception> onFailure, int maxQueuedBytes = int.MaxValue, TimeProvider? timeProvider = null)
    {
        _stream = stream;
        _onFailure = onFailure;
        _maxQueued = maxQueuedBytes;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Bytes queued behind the write in progress now (a racy read).</summary>
    public int Queued => Volatile.Read(ref _filling).Count;

    /// <summary>The most bytes that were ever queued behind a write in progress.</summary>
    public int PeakQueued => Volatile.Read(ref _peakQueued);

    /// <summary>Completes when the writer was completed and everything before it is on the wire, or a write failed.</summary>
    public Task Drained => _done.Task;

    /// <summary>Stream writes by every writer in the process (each carries one or more PDUs): the benchmark harness reports writes per message.</summary>
    public static long TotalWrites => Interlocked.Read(ref s_writes);

    /// <summary>Queues <paramref name="pdu"/>; false when the writer is completed.</summary>
    public bool TryWrite(Pdu pdu, bool inline = true) => TryWrite(pdu, static (w, p) => PduCodec.Write(w, p), inline: inline);

    /// <summary>Queues a header-only PDU (responses, enquire_link, unbind).</summary>
    public bool TryWriteHeader(CommandId id, SmppCommandStatus status, uint sequence, bool last = false)
        => TryWrite((id, status, sequence), static (w, s) => PduCodec.WriteHeaderOnly(w, s.id, s.status, s.sequence), last);

    /// <summary>Queues a response that carries a message_id (submit_sm_resp, deliver_sm_resp, data_sm_resp).</summary>
    public bool TryWriteMessageIdResponse(CommandId id, SmppCommandStatus status, uint sequence, string messageId)
        => TryWrite((id, status, sequence, messageId), static (w, s) => PduCodec.WriteMessageIdResponse(w, s.id, s.status, s.sequence, s.messageId));

    /// <summary>Encodes with <paramref name="encode"/> into the outgoing buffer and makes sure it will be written.</summary>
    /// <param name="state">What <paramref name="encode"/> writes.</param>
    /// <param name="encode">Writes one whole PDU; if it throws, nothing of it is sent.</param>
    /// <param name="last">No PDU is accepted after this one; <see cref="Drained"/> completes once it is written.</param>
    /// <param name="inline">When the link is idle, write on this thread now (lowest latency); otherwise leave the write to a
    /// thread-pool item, so that PDUs queued meanwhile by other callers leave with it.</param>
    public bool TryWrite<TState>(TState state, Action<OutgoingBuffer, TState> encode, bool last = false, bool inline = true)
    {
        bool start;
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            var mark = _filling.Count;
            try
            {
                encode(_filling, state);
            }
            catch
            {
                // A PDU that could not be encoded whole must not leave half of itself in the stream.
                _filling.Truncate(mark);
                throw;
            }

            _completed = last;
            if (_filling.Count > _peakQueued)
            {
                _peakQueued = _filling.Count;
            }

            start = TryClaimUnderLock();
        }

        if (start)
        {
            if (inline)
            {
                _ = DrainAsync();
            }
            else
            {
                ThreadPool.UnsafeQueueUserWorkItem(static w => _ = w.DrainAsync(), this, preferLocal: false);
            }
        }

        return true;
    }

    /// <summary>Completes when fewer than the bound's bytes are queued, or the writer accepts nothing more (then <see cref="TryWrite(Pdu, bool)"/> says so).</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes synchronously unless the queue is full.</returns>
    public ValueTask WaitForSpaceAsync(CancellationToken cancellationToken)
    {
        // A racy read: the bound is a guard against a peer that stopped reading, not an exact quota.
        return Volatile.Read(ref _filling).Count < _maxQueued ? default : WaitForSpaceSlowAsync(cancellationToken);
    }

    /// <summary>How long the write in progress at <paramref name="now"/> (a <see cref="TimeProvider.GetTimestamp"/> value) has been going on; zero when none is.</summary>
    public TimeSpan StalledFor(long now)
    {
        var started = Volatile.Read(ref _writeStarted);
        return started == 0 ? TimeSpan.Zero : _time.GetElapsedTime(started, now);
    }

    private async ValueTask WaitForSpaceSlowAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task space;
            lock (_gate)
            {
                if (_completed || _filling.Count < _maxQueued)
                {
                    return;
                }

                _space ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                space = _space.Task;
            }

            await space.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Wakes the callers waiting for space once there is some, or once nothing more is accepted (call under the gate).</summary>
    private void SignalSpaceUnderLock()
    {
        if (_space is { } space && (_completed || _filling.Count < _maxQueued))
        {
            _space = null;
            space.TrySetResult();
        }
    }

    /// <summary>Holds back writes started by this thread's PDUs until <see cref="EndBatch"/>.</summary>
    public void BeginBatch()
    {
        lock (_gate)
        {
            _batches++;
        }
    }

    /// <summary>Writes out what was queued since <see cref="BeginBatch"/>.</summary>
    public void EndBatch()
    {
        bool start;
        lock (_gate)
        {
            _batches--;
            start = (_filling.Count > 0 || _completed) && TryClaimUnderLock();
        }

        if (start)
        {
            _ = DrainAsync();
        }
    }

    /// <summary>Accepts nothing more; what is queued is still written.</summary>
    public void Complete()
    {
        bool start;
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            SignalSpaceUnderLock();
            start = TryClaimUnderLock();
        }

        if (start)
        {
            _ = DrainAsync();
        }
    }

    /// <summary>Makes this caller the writer when nobody is writing and no batch holds writes back (call under the gate).</summary>
    private bool TryClaimUnderLock()
    {
        if (_writing || _batches != 0)
        {
            return false;
        }

        _writing = true;
        return true;
    }

    private async Task DrainAsync()
    {
        try
        {
            while (true)
            {
                OutgoingBuffer batch;
                lock (_gate)
                {
                    if (_filling.Count == 0)
                    {
                        _writing = false;
                        if (_completed)
                        {
                            _done.TrySetResult();
                        }

                        return;
                    }

                    batch = _filling;
                    _filling = _sending;
                    _sending = batch;
                    SignalSpaceUnderLock();
                }

                // Never 0 from a TimeProvider (a count of ticks since an origin long past), so 0 can mean "not writing".
                Volatile.Write(ref _writeStarted, _time.GetTimestamp());
                await _stream.WriteAsync(batch.WrittenMemory).ConfigureAwait(false);
                Volatile.Write(ref _writeStarted, 0);
                Interlocked.Increment(ref s_writes);
                batch.Reset();
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException or InvalidOperationException or NotSupportedException)
        {
            Volatile.Write(ref _writeStarted, 0);
            lock (_gate)
            {
                _completed = true;
                _writing = false;
                _filling.Reset();
                SignalSpaceUnderLock();
            }

            _done.TrySetResult();
            _onFailure(ex);
        }
    }

    /// <summary>A growable byte buffer that can drop a partly written PDU.</summary>
    internal sealed class OutgoingBuffer : IBufferWriter<byte>
    {
        private byte[] _buffer = new byte[16 * 1024];

        public int Count { get; private set; }

        public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, Count);

        public void Advance(int count) => Count += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsMemory(Count);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsSpan(Count);
        }

        public void Truncate(int count) => Count = count;

        public void Reset()
        {
            Count = 0;

            // A burst may have grown the buffer; do not keep megabytes for a link that is mostly idle.
            if (_buffer.Length > 1024 * 1024)
            {
                _buffer = new byte[16 * 1024];
            }
        }

        private void Ensure(int sizeHint)
        {
            var needed = Count + Math.Max(sizeHint, 256);
            if (needed > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
            }
        }
    }
}
