using System.Buffers;
using System.IO.Pipelines;
using Messaging.Sdk.Smpp.Pdus;
using Microsoft.Extensions.Logging;

namespace Messaging.Sdk.Smpp.Session;

/// <summary>
/// One bound SMPP link: owns the stream, a read loop, a batched write loop, correlation of responses to requests by
/// sequence number, the window, response timeouts and keep-alive. It never reconnects; <see cref="SmppBind"/> does.
/// </summary>
internal sealed class SmppSession : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly SmppOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _senderName;
    private readonly ISmppInboundHandler? _inbound;
    private readonly SmppBindMode _mode;
    private readonly PduWriter _writer;
    private readonly int _readLoopWriteLimit;
    private readonly object _pendingLock = new();
    private readonly Dictionary<uint, Pending> _pending;
    private readonly SemaphoreSlim _window;
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITimer _ticker;
    private int _sequence;
    private long _lastReceived;
    private uint _enquireSequence;
    private int _closeRequested;
    private volatile bool _unbinding;
    private Task? _readLoop;

    public SmppSession(Stream stream, SmppOptions options, string senderName, TimeProvider timeProvider, ILogger logger, ISmppInboundHandler? inbound, string endpoint, SmppBindMode mode)
    {
        _mode = mode;
        _stream = stream;
        _options = options;
        _senderName = senderName;
        _time = timeProvider;
        _logger = logger;
        _inbound = inbound;
        Endpoint = endpoint;
        _pending = new Dictionary<uint, Pending>(options.WindowSize + 4);
        _window = new SemaphoreSlim(options.WindowSize, options.WindowSize);

        // The window bounds the requests outstanding, not the bytes queued: when the SMSC stops reading, requests that
        // timed out free their slots while their bytes are still queued, and answers to its PDUs pile up too. The
        // writer's own bound makes senders (and the read loop) wait, and OnTick gives up on a write that makes no progress.
        _writer = new PduWriter(stream, ex => Close("write failed: " + ex.GetType().Name), options.MaxQueuedWriteBytes, timeProvider);
        _readLoopWriteLimit = options.MaxQueuedWriteBytes >= int.MaxValue / 2 ? int.MaxValue : options.MaxQueuedWriteBytes * 2;
        _lastReceived = _time.GetTimestamp();
        var tick = TimeSpan.FromTicks(Math.Clamp(Math.Min(options.ResponseTimeout.Ticks, options.EnquireLinkInterval.Ticks) / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        _ticker = _time.CreateTimer(static s => ((SmppSession)s!).OnTick(), this, tick, tick);
    }

    public string Endpoint { get; }

    /// <summary>Completes with the reason when the link is closed.</summary>
    public Task<string> Closed => _closed.Task;

    public bool IsOpen => Volatile.Read(ref _closeRequested) == 0;

    /// <summary>The link's writer, for tests that look at its queue.</summary>
    internal PduWriter Writer => _writer;

    public int PendingCount
    {
        get
        {
            lock (_pendingLock)
            {
                return _pending.Count;
            }
        }
    }

    public string SmscSystemId { get; private set; } = string.Empty;

    /// <summary>Window slots not taken now (a racy read, for spreading load over binds).</summary>
    public int FreeSlots => _window.CurrentCount;

    public void Start()
    {
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Sends the bind and waits for its response; throws <see cref="MessagingAuthenticationException"/> for credential errors.</summary>
    public async Task BindAsync(CancellationToken cancellationToken)
    {
        var id = _mode switch
        {
            SmppBindMode.Transmitter => CommandId.BindTransmitter,
            SmppBindMode.Receiver => CommandId.BindReceiver,
            _ => CommandId.BindTransceiver,
        };
        var bind = new BindPdu(id)
        {
            SystemId = _options.SystemId, Password = _options.Password, SystemType = _options.SystemType,
            InterfaceVersion = _options.InterfaceVersion, AddrTon = _options.AddrTon, AddrNpi = _options.AddrNpi, AddressRange = _options.AddressRange,
        };
        // Written requests are followed to their outcome whatever the token says; the bind is the exception, because the
        // connect timeout must end it: the caller closes this session, which completes the pending entry.
        var response = await SendAsync(bind, windowed: false, cancellationToken).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
        if (response.Outcome != ResponseOutcome.Responded)
        {
            throw new MessagingTransportException($"The SMSC at {Endpoint} did not answer the bind ({response.Outcome}).") { IsTransient = true };
        }

        if (response.Status != SmppCommandStatus.Ok)
        {
            var text = $"The SMSC at {Endpoint} refused the bind of system_id '{_options.SystemId}': {response.Status.Name()}.";
            throw response.Status is SmppCommandStatus.InvalidPassword or SmppCommandStatus.InvalidSystemId or SmppCommandStatus.BindFailed or SmppCommandStatus.InvalidSystemType
                ? new MessagingAuthenticationException(text + " Check SystemId, Password and SystemType.") { NativeCode = (int)response.Status }
                : new MessagingTransportException(text) { NativeCode = (int)response.Status, IsTransient = true };
        }

        SmscSystemId = response.MessageId;
    }

    /// <summary>Sends a request and waits for its response, the response timeout or the link's end. Windowed requests wait for a free slot first.</summary>
    /// <remarks>Cancellation only stops the wait for a window slot; once written, the request is always followed to its outcome.</remarks>
    public ValueTask<SmppResponse> SendAsync(Pdu request, bool windowed, CancellationToken cancellationToken = default)
        => SendAsync(request, windowed, slotHeld: false, keepSlotIfThrottled: false, pacer: null, cancellationToken);

    /// <summary>Sends a windowed request that may keep its window slot across a throttling answer, so that its re-send goes before requests queued behind it.</summary>
    /// <param name="request">The request.</param>
    /// <param name="windowed">Whether the request takes a window slot.</param>
    /// <param name="slotHeld">The caller already holds a slot kept by <paramref name="keepSlotIfThrottled"/> on this session.</param>
    /// <param name="keepSlotIfThrottled">On ESME_RTHROTTLED / ESME_RMSGQFUL the slot stays taken; the caller must re-send with <paramref name="slotHeld"/> or call <see cref="ReleaseHeldSlot"/>.</param>
    /// <param name="pacer">Paces the write once the slot is taken, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the wait for a window slot or the pacer.</param>
    /// <returns>The response; await it once (its state machine is pooled).</returns>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<SmppResponse> SendAsync(Pdu request, bool windowed, bool slotHeld, bool keepSlotIfThrottled, SubmitPacer? pacer, CancellationToken cancellationToken = default)
    {
        if (windowed && !slotHeld)
        {
            await _window.WaitAsync(cancellationToken).ConfigureAwait(false);
            SmppMetrics.InFlight.Add(1, SmppMetrics.Sender(_senderName));
        }

        if (pacer is not null)
        {
            // Paced after the slot is taken: the window queue is first in, first out, independent back-off timers are not,
            // so this keeps the order of the requests waiting for one bind through a rate limit or a throttling back-off.
            try
            {
                await pacer.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                if (windowed)
                {
                    _window.Release();
                    SmppMetrics.InFlight.Add(-1, SmppMetrics.Sender(_senderName));
                }

                throw;
            }
        }

        // The SMSC is not reading what is already queued: wait for room rather than queue without bound. A link that
        // closes meanwhile ends the wait and the request is not sent. Only windowed requests wait: a bind, unbind or
        // enquire_link is small and rare, and the keep-alive relies on its sequence number being set synchronously.
        var space = windowed ? _writer.WaitForSpaceAsync(cancellationToken) : default;
        if (!space.IsCompletedSuccessfully)
        {
            try
            {
                await space.ConfigureAwait(false);
            }
            catch
            {
                _window.Release();
                SmppMetrics.InFlight.Add(-1, SmppMetrics.Sender(_senderName));
                throw;
            }
        }

        // A wait that completed as the caller cancelled (a slot granted in the same instant) must not put the request on
        // the wire after all: the caller has been told nothing went out.
        if (cancellationToken.IsCancellationRequested)
        {
            if (windowed)
            {
                _window.Release();
                SmppMetrics.InFlight.Add(-1, SmppMetrics.Sender(_senderName));
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        var pending = new Pending(windowed) { KeepSlotIfThrottled = windowed && keepSlotIfThrottled };
        var sequence = NextSequence();
        request.SequenceNumber = sequence;
        pending.SentAt = _time.GetTimestamp();
        lock (_pendingLock)
        {
            if (!IsOpen)
            {
                ReleaseSlot(pending);
                return SmppResponse.NotSent;
            }

            _pending.Add(sequence, pending);
        }

        if (!TryWrite(request))
        {
            // The link closed between registration and the write; Close() completed the entry unless we race it here.
            if (TryTake(sequence, out var taken))
            {
                ReleaseSlot(taken);
                return SmppResponse.NotSent;
            }
        }

        return await pending.Completion.Task.ConfigureAwait(false);
    }

    /// <summary>Sends unbind, waits for its answer (bounded by the response timeout) and closes.</summary>
    public async Task UnbindAsync()
    {
        _unbinding = true;
        if (IsOpen)
        {
            try
            {
                var send = SendAsync(new EmptyPdu(CommandId.Unbind), windowed: false).AsTask();
                await send.WaitAsync(_options.ResponseTimeout, _time).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The SMSC did not answer the unbind; closing anyway is what the spec allows.
            }
        }

        Close("unbound");
    }

    public void Close(string reason)
    {
        if (Interlocked.Exchange(ref _closeRequested, 1) != 0)
        {
            return;
        }

        List<Pending> orphans;
        lock (_pendingLock)
        {
            orphans = [.. _pending.Values];
            _pending.Clear();
        }

        if (_unbinding && orphans.Count == 0)
        {
            SmppLog.LinkUnbound(_logger, _senderName, Endpoint);
        }
        else
        {
            SmppLog.LinkClosed(_logger, _senderName, Endpoint, reason, orphans.Count);
        }
        foreach (var orphan in orphans)
        {
            ReleaseSlot(orphan);
            orphan.Completion.TrySetResult(new SmppResponse(ResponseOutcome.ConnectionLost, SmppCommandStatus.Ok, string.Empty));
        }

        _ticker.Dispose();
        _closing.Cancel();
        _writer.Complete();

        try
        {
            _stream.Dispose();
        }
        catch (IOException)
        {
            // The stream is already broken; nothing more to release.
        }

        _closed.TrySetResult(reason);
    }

    public async ValueTask DisposeAsync()
    {
        Close("disposed");
        if (_readLoop is not null)
        {
            await _readLoop.ConfigureAwait(false);
        }

        // The window semaphore is not disposed: senders still queued on it must wake, see the link closed and move on.
        _closing.Dispose();
    }

    private uint NextSequence()
    {
        while (true)
        {
            var next = (uint)Interlocked.Increment(ref _sequence);
            if (next is > 0 and <= 0x7FFFFFFF)
            {
                return next;
            }

            // Sequence numbers run 1..0x7FFFFFFF (section 3.2); wrap without ever producing 0.
            Interlocked.CompareExchange(ref _sequence, 0, (int)next);
        }
    }

    // Alone on the link (window 1, a bind, an enquire_link), the caller writes at once on its own thread; with other
    // requests in flight the write is left to a thread-pool item so that theirs leave with it. The count is read without
    // the lock: it only chooses between two correct ways of writing.
    private bool TryWrite(Pdu pdu) => IsOpen && _writer.TryWrite(pdu, inline: _pending.Count <= 1);

    private void WriteHeaderOnly(CommandId id, SmppCommandStatus status, uint sequence)
    {
        if (IsOpen)
        {
            _writer.TryWriteHeader(id, status, sequence);
        }
    }

    /// <summary>Writes the answer to a deliver_sm / data_sm, unless the link has closed since it arrived.</summary>
    internal void WriteInboundResponse(CommandId id, SmppCommandStatus status, uint sequence)
    {
        if (IsOpen)
        {
            _writer.TryWriteMessageIdResponse(id, status, sequence, string.Empty);
        }
    }

    private bool TryTake(uint sequence, out Pending pending)
    {
        lock (_pendingLock)
        {
            return _pending.Remove(sequence, out pending!);
        }
    }

    /// <summary>Gives back a window slot kept after a throttling answer that will not be re-sent on this session.</summary>
    public void ReleaseHeldSlot()
    {
        _window.Release();
        SmppMetrics.InFlight.Add(-1, SmppMetrics.Sender(_senderName));
    }

    private void ReleaseSlot(Pending pending)
    {
        if (pending.Windowed && Interlocked.Exchange(ref pending.SlotReleased, 1) == 0)
        {
            _window.Release();
            SmppMetrics.InFlight.Add(-1, SmppMetrics.Sender(_senderName));
        }
    }

    private async Task ReadLoopAsync()
    {
        var input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true));
        var reason = "closed by the SMSC";
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(_closing.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var frames = 0;
                // Answers written while this read is handled (enquire_link_resp, deliver_sm_resp) leave in one write.
                _writer.BeginBatch();
                FrameResult framed;
                try
                {
                    framed = ReadFrames(ref buffer, ref frames);
                }
                finally
                {
                    _writer.EndBatch();
                }

                if (framed == FrameResult.InvalidLength)
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                    reason = "invalid command_length from the SMSC";

                    // Let the generic_nack reach the SMSC before the link is closed under it.
                    _writer.Complete();
                    try
                    {
                        await _writer.Drained.WaitAsync(_options.ResponseTimeout, _time).ConfigureAwait(false);
                    }
                    catch (TimeoutException)
                    {
                        // The SMSC does not read any more; close anyway.
                    }

                    return;
                }

                if (frames > 0)
                {
                    Volatile.Write(ref _lastReceived, _time.GetTimestamp());
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted || !IsOpen)
                {
                    break;
                }

                // The read loop keeps reading while the writer is full: pausing it would also stop the submit_sm_resp that
                // free the window, and an SMSC blocked writing to us might never read again (both sides stalled until
                // WriteTimeout). What it writes itself (enquire_link_resp, generic_nack; deliver_sm_resp are bounded by the
                // inbound queue) is small, so only an SMSC that keeps sending while it reads nothing can fill twice the bound:
                // that link is closed rather than left to grow.
                if (_writer.Queued >= _readLoopWriteLimit)
                {
                    reason = "the SMSC sends but does not read our answers (" + _writer.Queued + " bytes queued)";
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            reason = "read failed: " + ex.GetType().Name;
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
            Close(reason);
        }
    }

    /// <summary>Handles every whole PDU in <paramref name="buffer"/>; returns <see cref="FrameResult.InvalidLength"/> when the stream cannot go on.</summary>
    private FrameResult ReadFrames(ref ReadOnlySequence<byte> buffer, ref int frames)
    {
        while (true)
        {
            var framed = PduCodec.TryReadFrame(ref buffer, _options.MaxPduLength, out var header, out var body);
            if (framed == FrameResult.NeedMoreData)
            {
                return framed;
            }

            if (framed == FrameResult.InvalidLength)
            {
                SmppLog.InvalidLength(_logger, _senderName, header.Length);
                if (header.Length != 0)
                {
                    WriteHeaderOnly(CommandId.GenericNack, SmppCommandStatus.InvalidCommandLength, header.SequenceNumber);
                }

                return framed;
            }

            frames++;
            OnFrame(header, body);
        }
    }

    private void OnFrame(in PduHeader header, in System.Buffers.ReadOnlySequence<byte> body)
    {
        if (header.IsResponse)
        {
            OnResponse(header, body);
            return;
        }

        switch (header.Command)
        {
            case CommandId.EnquireLink:
                WriteHeaderOnly(CommandId.EnquireLinkResp, SmppCommandStatus.Ok, header.SequenceNumber);
                return;
            case CommandId.Unbind:
                SmppLog.UnbindReceived(_logger, _senderName);

                // unbind_resp is the last PDU: the link closes once it is on the wire, so the stream never goes away under it.
                if (IsOpen && _writer.TryWriteHeader(CommandId.UnbindResp, SmppCommandStatus.Ok, header.SequenceNumber, last: true))
                {
                    _ = _writer.Drained.ContinueWith(static (_, s) => ((SmppSession)s!).Close("unbound by the SMSC"), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }

                return;
            case CommandId.AlertNotification or CommandId.Outbind:
                // alert_notification has no response (section 4.12); outbind only matters before a bind.
                return;
        }

        var decoded = PduCodec.Decode(header, body, out var pdu, out var error);
        if (decoded != DecodeResult.Ok)
        {
            SmppLog.MalformedPdu(_logger, _senderName, header.CommandId, header.SequenceNumber, error.Name());
            WriteHeaderOnly(CommandId.GenericNack, error, header.SequenceNumber);
            return;
        }

        if (pdu!.CommandId is CommandId.DeliverSm or CommandId.DataSm)
        {
            // Answered when the handler has taken care of it (possibly later, from another thread): the read loop goes on meanwhile.
            var reply = new InboundReply(this, pdu.CommandId.ResponseOf(), header.SequenceNumber);
            if (_inbound is null)
            {
                // Nobody to hand it to (a session used on its own): ask the SMSC to deliver it again rather than accept it.
                reply.Send(SmppCommandStatus.ReceiverTemporaryAppError);
                return;
            }

            try
            {
                _inbound.OnInbound(pdu, reply);
            }
            catch (Exception ex)
            {
                SmppLog.InboundFailed(_logger, _senderName, pdu.CommandId, ex);
                reply.Send(SmppCommandStatus.ReceiverTemporaryAppError);
            }

            return;
        }

        // An SMSC must not send us submit_sm, bind, ...: refuse with the request's own response type.
        WriteHeaderOnly(pdu.CommandId.ResponseOf(), SmppCommandStatus.InvalidBindStatus, header.SequenceNumber);
    }

    private void OnResponse(in PduHeader header, in System.Buffers.ReadOnlySequence<byte> body)
    {
        if (!TryTake(header.SequenceNumber, out var pending))
        {
            SmppLog.LateResponse(_logger, _senderName, header.SequenceNumber, header.CommandId);
            return;
        }

        var id = header.Command switch
        {
            CommandId.SubmitSmResp or CommandId.DataSmResp or CommandId.BindTransceiverResp or CommandId.BindTransmitterResp
                or CommandId.BindReceiverResp or CommandId.SubmitMultiResp => PduCodec.ReadMessageId(body),
            _ => string.Empty,
        };
        // Off the hot path, responses with more than a message_id are decoded whole (query_sm_resp, submit_multi_resp).
        Pdu? decoded = null;
        if (header.Command is CommandId.QuerySmResp or CommandId.SubmitMultiResp && header.Status == SmppCommandStatus.Ok)
        {
            PduCodec.Decode(header, body, out decoded, out _);
        }

        // A throttled request keeps its slot for its re-send: releasing it would let the requests queued behind it overtake it.
        if (!(pending.KeepSlotIfThrottled && header.Status.IsTransient()))
        {
            ReleaseSlot(pending);
        }

        pending.Completion.TrySetResult(new SmppResponse(ResponseOutcome.Responded, header.Status, id, decoded));
    }

    private void OnTick()
    {
        if (!IsOpen)
        {
            return;
        }

        var now = _time.GetTimestamp();
        if (_writer.StalledFor(now) is var stalled && stalled >= _options.WriteTimeout)
        {
            SmppLog.WriteStalled(_logger, _senderName, Endpoint, stalled, _writer.Queued);
            Close("the SMSC stopped reading: a write made no progress for " + stalled.ToString());
            return;
        }

        List<(uint Sequence, Pending Pending)>? expired = null;
        var enquireOutstanding = false;
        lock (_pendingLock)
        {
            foreach (var (sequence, pending) in _pending)
            {
                if (_time.GetElapsedTime(pending.SentAt, now) >= _options.ResponseTimeout)
                {
                    (expired ??= []).Add((sequence, pending));
                }
                else if (sequence == _enquireSequence)
                {
                    enquireOutstanding = true;
                }
            }

            if (expired is not null)
            {
                foreach (var (sequence, _) in expired)
                {
                    _pending.Remove(sequence);
                }
            }
        }

        if (expired is not null)
        {
            foreach (var (sequence, pending) in expired)
            {
                ReleaseSlot(pending);
                pending.Completion.TrySetResult(new SmppResponse(ResponseOutcome.TimedOut, SmppCommandStatus.Ok, string.Empty));
                if (sequence == _enquireSequence)
                {
                    SmppLog.DeadLink(_logger, _senderName, _options.ResponseTimeout);
                    Close("enquire_link unanswered");
                    return;
                }
            }
        }

        if (!enquireOutstanding && _time.GetElapsedTime(Volatile.Read(ref _lastReceived), now) >= _options.EnquireLinkInterval)
        {
            var enquire = new EmptyPdu(CommandId.EnquireLink);
            var task = SendAsync(enquire, windowed: false).AsTask();
            _enquireSequence = enquire.SequenceNumber;
            _ = task.ContinueWith(
                static (t, s) =>
                {
                    if (t.Result.Outcome == ResponseOutcome.Responded)
                    {
                        var self = (SmppSession)s!;
                        Volatile.Write(ref self._lastReceived, self._time.GetTimestamp());
                    }
                },
                this,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private sealed class Pending(bool windowed)
    {
        public readonly TaskCompletionSource<SmppResponse> Completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly bool Windowed = windowed;
        public bool KeepSlotIfThrottled;
        public long SentAt;
        public int SlotReleased;
    }
}
