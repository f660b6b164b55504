using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Messaging.Sdk.Smpp;
using Messaging.Sdk.Smpp.Pdus;
using Messaging.Sdk.Smpp.Session;

namespace Messaging.Sdk.Testing;

/// <summary>
/// An in-process SMSC on 127.0.0.1 for tests and benchmarks: checks bind credentials, answers submit_sm with
/// generated ids (after an optional latency), throttles or rejects by rule, sends delivery receipts, answers and
/// sends enquire_link, and can drop the connection after N submissions.
/// </summary>
/// <example>
/// <code>
/// await using var smsc = await SmscSimulator.StartAsync(new SmscSimulatorOptions { SystemId = "test", Password = "pw" });
/// services.AddMessaging().AddSmpp(o => { o.Host = smsc.Host; o.Port = smsc.Port; o.SystemId = "test"; o.Password = "pw"; });
/// </code>
/// </example>
public sealed class SmscSimulator : IAsyncDisposable
{
    private readonly SmscSimulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly TcpListener _listener;
    private readonly ConcurrentDictionary<Connection, byte> _connections = new();
    private readonly ConcurrentQueue<SmscSubmission> _submissions = new();
    private readonly ConcurrentDictionary<string, byte> _cancelled = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SmppCommandStatus> _deliverStatuses = new();
    private long _redeliveries;
    private readonly CancellationTokenSource _stopping = new();
    private System.Security.Cryptography.X509Certificates.X509Certificate2? _certificate;
    private Task? _acceptLoop;
    private long _messageIds;
    private long _submitCount;
    private long _bindCount;
    private long _deliverResponses;
    private long _enquireLinksReceived;
    private long _enquireLinkResponses;
    private long _unbinds;
    private long _unbindResponses;
    private long _receiverSubmits;
    private long _throttled;
    private long _windowStart;
    private int _inWindow;
    private int _maxPerSecond;
    private int _dropArmed;

    private SmscSimulator(SmscSimulatorOptions options, TimeProvider timeProvider)
    {
        _options = options;
        _time = timeProvider;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _dropArmed = options.DropAfterSubmits is > 0 ? 1 : 0;
        _maxPerSecond = options.MaxSubmitsPerSecond;
        _messageIds = 0x1000;
    }

    /// <summary>The host to connect to: <c>127.0.0.1</c>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An instance property, like Port, so users read both from the simulator.")]
    public string Host => "127.0.0.1";

    /// <summary>The ephemeral port the simulator listens on.</summary>
    public int Port { get; private set; }

    /// <summary>Every submission so far, in arrival order (empty when <see cref="SmscSimulatorOptions.RecordSubmissions"/> is off).</summary>
    public IReadOnlyList<SmscSubmission> Submissions => [.. _submissions];

    /// <summary>How many submit_sm PDUs arrived (answered or not).</summary>
    public long SubmitCount => Interlocked.Read(ref _submitCount);

    /// <summary>How many submit_sm were answered ESME_RTHROTTLED (by <see cref="SmscSimulatorOptions.ThrottleEvery"/> or the per-second limit).</summary>
    public long ThrottledCount => Interlocked.Read(ref _throttled);

    /// <summary>The per-second limit now in force (see <see cref="SetMaxSubmitsPerSecond"/>); 0 when there is none.</summary>
    public int MaxSubmitsPerSecond => Volatile.Read(ref _maxPerSecond);

    /// <summary>How many successful binds there were.</summary>
    public long BindCount => Interlocked.Read(ref _bindCount);

    /// <summary>How many deliver_sm_resp the client sent back.</summary>
    public long DeliverResponseCount => Interlocked.Read(ref _deliverResponses);

    /// <summary>The command_status of every deliver_sm_resp the client sent, in arrival order.</summary>
    public IReadOnlyList<SmppCommandStatus> DeliverResponseStatuses => [.. _deliverStatuses];

    /// <summary>How many deliver_sm were delivered again after a temporary error (see <see cref="SmscSimulatorOptions.RedeliverOnTemporaryError"/>).</summary>
    public long RedeliveryCount => Interlocked.Read(ref _redeliveries);

    /// <summary>How many enquire_link the client sent.</summary>
    public long EnquireLinkCount => Interlocked.Read(ref _enquireLinksReceived);

    /// <summary>How many enquire_link_resp the client sent back.</summary>
    public long EnquireLinkResponseCount => Interlocked.Read(ref _enquireLinkResponses);

    /// <summary>How many unbind requests the client sent.</summary>
    public long UnbindCount => Interlocked.Read(ref _unbinds);

    /// <summary>How many unbind_resp the client sent back.</summary>
    public long UnbindResponseCount => Interlocked.Read(ref _unbindResponses);

    /// <summary>How many submit_sm arrived on a bind_receiver link; each is refused with ESME_RINVBNDSTS, as the specification requires.</summary>
    public long ReceiverSubmitCount => Interlocked.Read(ref _receiverSubmits);

    /// <summary>How many connections are open.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>Starts a simulator on 127.0.0.1 with an ephemeral port.</summary>
    /// <param name="options">The behaviour; defaults accept everything.</param>
    /// <param name="timeProvider">The clock for latency and receipt delays; defaults to the system clock.</param>
    /// <returns>The running simulator.</returns>
    public static Task<SmscSimulator> StartAsync(SmscSimulatorOptions? options = null, TimeProvider? timeProvider = null)
    {
        var simulator = new SmscSimulator(options ?? new SmscSimulatorOptions(), timeProvider ?? TimeProvider.System);
        if (simulator._options.UseTls)
        {
            simulator._certificate = CreateCertificate();
        }

        simulator._listener.Start();
        simulator.Port = ((IPEndPoint)simulator._listener.LocalEndpoint).Port;
        simulator._acceptLoop = Task.Run(simulator.AcceptLoopAsync);
        return Task.FromResult(simulator);
    }

    /// <summary>Changes the per-second limit while running (as an SMSC whose load changes): submit_sm beyond
    /// <paramref name="maxSubmitsPerSecond"/> in a second, over all binds, are answered ESME_RTHROTTLED; 0 lifts the limit.
    /// The count starts again with a new one-second window.</summary>
    /// <param name="maxSubmitsPerSecond">The new limit; 0 for none.</param>
    public void SetMaxSubmitsPerSecond(int maxSubmitsPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSubmitsPerSecond);
        lock (_connections)
        {
            _windowStart = _time.GetTimestamp();
            _inWindow = 0;
            Volatile.Write(ref _maxPerSecond, maxSubmitsPerSecond);
        }
    }

    /// <summary>Sends an enquire_link to every bound client.</summary>
    /// <returns>A task that completes when the PDUs are queued.</returns>
    public Task SendEnquireLinkAsync()
    {
        foreach (var connection in _connections.Keys)
        {
            connection.Write(new EmptyPdu(CommandId.EnquireLink) { SequenceNumber = connection.NextSequence() });
        }

        return Task.CompletedTask;
    }

    /// <summary>Sends unbind to every bound client, as an SMSC going down for maintenance would.</summary>
    /// <returns>A task that completes when the PDUs are queued.</returns>
    public Task SendUnbindAsync()
    {
        foreach (var connection in _connections.Keys)
        {
            connection.Write(new EmptyPdu(CommandId.Unbind) { SequenceNumber = connection.NextSequence() });
        }

        return Task.CompletedTask;
    }

    /// <summary>Sends a mobile-originated message (deliver_sm) to every receiving bind, optionally split into concatenated parts.</summary>
    /// <param name="from">The originator.</param>
    /// <param name="to">The destination.</param>
    /// <param name="parts">The already encoded parts: each is the full short_message (with its UDH when <paramref name="udh"/>).</param>
    /// <param name="dataCoding">The data_coding.</param>
    /// <param name="udh">Whether the parts start with a user data header (esm_class 0x40).</param>
    /// <returns>A task that completes when the PDUs are queued.</returns>
    public Task SendMobileOriginatedAsync(string from, string to, IReadOnlyList<byte[]> parts, byte dataCoding = 0, bool udh = false)
    {
        ArgumentNullException.ThrowIfNull(parts);
        foreach (var connection in _connections.Keys.Where(c => c.CanReceive))
        {
            foreach (var part in parts)
            {
                connection.Write(new ShortMessagePdu(CommandId.DeliverSm)
                {
                    SequenceNumber = connection.NextSequence(), SourceAddrTon = 1, SourceAddrNpi = 1, SourceAddr = from, DestinationAddr = to,
                    EsmClass = udh ? (byte)0x40 : (byte)0, DataCoding = dataCoding, ShortMessage = part,
                });
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Sends <paramref name="deliver"/> (a deliver_sm built by the test, hostile or not) to every receiving bind, each with its own sequence number.</summary>
    /// <param name="deliver">The PDU; its sequence number is replaced.</param>
    internal void SendDeliver(ShortMessagePdu deliver)
    {
        foreach (var connection in _connections.Keys.Where(c => c.CanReceive))
        {
            deliver.SequenceNumber = connection.NextSequence();
            connection.Write(deliver);
        }
    }

    /// <summary>Closes every client connection abruptly (no unbind), as a crashing SMSC would.</summary>
    public void DropConnections()
    {
        foreach (var connection in _connections.Keys)
        {
            connection.Abort();
        }
    }

    /// <summary>Closes abruptly (no unbind) every client connection bound in <paramref name="mode"/>, leaving the others open.</summary>
    /// <param name="mode">Which binds to drop.</param>
    public void DropConnections(SmppBindMode mode)
    {
        foreach (var connection in _connections.Keys.Where(c => c.IsBound && c.Mode == mode))
        {
            connection.Abort();
        }
    }

    /// <summary>How many open connections are bound in <paramref name="mode"/>.</summary>
    /// <param name="mode">The bind mode to count.</param>
    /// <returns>The number of such connections.</returns>
    public int CountConnections(SmppBindMode mode) => _connections.Keys.Count(c => c.IsBound && !c.IsClosed && c.Mode == mode);

    /// <summary>Stops listening and closes every connection.</summary>
    /// <returns>A task that completes when everything is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Stop();
        DropConnections();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        _stopping.Dispose();
        _certificate?.Dispose();
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 CreateCertificate()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=localhost", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        var san = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        // Round-trip through PKCS#12 so that the private key is usable by SslStream on every platform.
        return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx), null);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            socket.NoDelay = true;
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (_certificate is not null)
            {
                var ssl = new System.Net.Security.SslStream(stream, leaveInnerStreamOpen: false);
                try
                {
                    await ssl.AuthenticateAsServerAsync(_certificate).WaitAsync(TimeSpan.FromSeconds(10), _stopping.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException or TimeoutException or OperationCanceledException)
                {
                    await ssl.DisposeAsync().ConfigureAwait(false);
                    continue;
                }

                stream = ssl;
            }

            var connection = new Connection(this, socket, stream);
            _connections.TryAdd(connection, 0);
            _ = connection.RunAsync();
        }
    }

    private string NewMessageId(out long number)
    {
        number = Interlocked.Increment(ref _messageIds);
        return _options.HexMessageIds ? number.ToString("x", CultureInfo.InvariantCulture) : number.ToString(CultureInfo.InvariantCulture);
    }

    private bool IsRateThrottled()
    {
        var limit = Volatile.Read(ref _maxPerSecond);
        if (limit <= 0)
        {
            return false;
        }

        lock (_connections)
        {
            var now = _time.GetTimestamp();
            if (_time.GetElapsedTime(_windowStart, now) >= TimeSpan.FromSeconds(1))
            {
                _windowStart = now;
                _inWindow = 0;
            }

            return ++_inWindow > limit;
        }
    }

    private void AnswerFromHeader(Connection connection, uint sequence)
    {
        var count = Interlocked.Increment(ref _submitCount);
        if ((_options.ThrottleEvery > 0 && count % _options.ThrottleEvery == 0) || IsRateThrottled())
        {
            Interlocked.Increment(ref _throttled);
            connection.WriteSubmitResponse(SmppCommandStatus.Throttled, sequence, string.Empty);
            return;
        }

        connection.WriteSubmitResponse(SmppCommandStatus.Ok, sequence, NewMessageId(out _));
    }

    private async Task AnswerSubmitAsync(Connection connection, ShortMessagePdu submit)
    {
        var count = Interlocked.Increment(ref _submitCount);
        if (_options.DropAfterSubmits is { } dropAt && count >= dropAt && Interlocked.Exchange(ref _dropArmed, 0) == 1)
        {
            connection.Abort();
            return;
        }

        var status = SmppCommandStatus.Ok;
        if ((_options.ThrottleEvery > 0 && count % _options.ThrottleEvery == 0) || IsRateThrottled())
        {
            status = SmppCommandStatus.Throttled;
            Interlocked.Increment(ref _throttled);
        }

        SmscSubmission? submission = null;
        if (_options.RecordSubmissions || _options.RejectionRule is not null)
        {
            var content = submit.ShortMessage.Length == 0 && submit.Tlvs.GetBytes(TlvTag.MessagePayload) is { } payload ? payload : submit.ShortMessage;
            submission = new SmscSubmission(string.Empty, connection.SystemId, submit.SourceAddr, submit.SourceAddrTon, submit.DestinationAddr,
                submit.DestAddrTon, submit.DataCoding, submit.EsmClass, submit.RegisteredDelivery, content, status);
            if (status == SmppCommandStatus.Ok && _options.RejectionRule is { } rule)
            {
                status = rule(submission);
            }
        }

        var messageId = string.Empty;
        long number = 0;
        if (status == SmppCommandStatus.Ok)
        {
            messageId = NewMessageId(out number);
        }

        if (submission is not null && _options.RecordSubmissions)
        {
            _submissions.Enqueue(submission with { MessageId = messageId, Status = status });
        }

        var receipt = status == SmppCommandStatus.Ok && (submit.RegisteredDelivery & 0x03) != 0 && _options.SendDeliveryReceipts;
        if (receipt && _options.ReceiptBeforeResponse)
        {
            await SendReceiptAsync(connection, submit, messageId, number).ConfigureAwait(false);
        }

        if (_options.Latency > TimeSpan.Zero)
        {
            await Task.Delay(_options.Latency, _time).ConfigureAwait(false);
        }

        connection.WriteSubmitResponse(status, submit.SequenceNumber, messageId);
        if (receipt && !_options.ReceiptBeforeResponse)
        {
            _ = SendReceiptAsync(connection, submit, messageId, number);
        }
    }

    private async Task SendReceiptAsync(Connection origin, ShortMessagePdu submit, string messageId, long number)
    {
        if (_options.ReceiptDelay > TimeSpan.Zero)
        {
            await Task.Delay(_options.ReceiptDelay, _time).ConfigureAwait(false);
        }

        var target = origin.CanReceive && !origin.IsClosed
            ? origin
            : _connections.Keys.FirstOrDefault(c => c.CanReceive && !c.IsClosed && c.SystemId == origin.SystemId);
        if (target is null)
        {
            return;
        }

        var date = _time.GetUtcNow().ToString("yyMMddHHmm", CultureInfo.InvariantCulture);
        var textId = _options.HexMessageIds ? number.ToString(CultureInfo.InvariantCulture) : messageId;
        var state = _options.ReceiptStatus switch
        {
            "DELIVRD" => (byte)2, "EXPIRED" => 3, "DELETED" => 4, "UNDELIV" => 5, "ACCEPTD" => 6, "REJECTD" => 8, "ENROUTE" => 1, _ => 7,
        };
        var text = $"id:{textId} sub:001 dlvrd:{(state == 2 ? "001" : "000")} submit date:{date} done date:{date} stat:{_options.ReceiptStatus} err:{(state == 2 ? "000" : "001")} text:";
        var receipt = new ShortMessagePdu(CommandId.DeliverSm)
        {
            SequenceNumber = target.NextSequence(), SourceAddrTon = submit.DestAddrTon, SourceAddrNpi = submit.DestAddrNpi, SourceAddr = submit.DestinationAddr,
            DestAddrTon = submit.SourceAddrTon, DestAddrNpi = submit.SourceAddrNpi, DestinationAddr = submit.SourceAddr, EsmClass = 0x04,
            ShortMessage = Encoding.ASCII.GetBytes(text),
        };
        if (_options.ReceiptTlvs)
        {
            receipt.AddTlv(Tlv.FromCString(TlvTag.ReceiptedMessageId, messageId)).AddTlv(Tlv.FromByte(TlvTag.MessageState, (byte)state));
        }

        target.Write(receipt);
    }

    private sealed class Connection(SmscSimulator owner, Socket socket, Stream stream) : IDisposable
    {
        private readonly Stream _stream = stream;
        // A failed write needs no action here: the read loop sees the broken link and aborts the connection.
        private readonly PduWriter _writer = new(stream, _ => { });
        private readonly ConcurrentDictionary<uint, Pdu> _unanswered = new();
        private int _sequence;
        private int _closed;

        public string SystemId { get; private set; } = string.Empty;

        public bool CanReceive { get; private set; }

        public SmppBindMode Mode { get; private set; }

        public bool IsBound { get; private set; }

        public bool IsClosed => Volatile.Read(ref _closed) != 0;

        public uint NextSequence() => (uint)Interlocked.Increment(ref _sequence);

        public void Write(Pdu pdu)
        {
            if (!IsClosed)
            {
                if (pdu.CommandId == CommandId.DeliverSm && owner._options.RedeliverOnTemporaryError)
                {
                    _unanswered[pdu.SequenceNumber] = pdu;
                }

                _writer.TryWrite(pdu);
            }
        }

        /// <summary>Records the client's answer to a deliver_sm and delivers it again after a temporary error, when asked to.</summary>
        public void OnDeliverResponse(SmppCommandStatus status, uint sequence)
        {
            owner._deliverStatuses.Enqueue(status);
            if (!_unanswered.TryRemove(sequence, out var pdu)
                || status is not (SmppCommandStatus.ReceiverTemporaryAppError or SmppCommandStatus.MessageQueueFull or SmppCommandStatus.Throttled))
            {
                return;
            }

            _ = RedeliverAsync(pdu);
        }

        private async Task RedeliverAsync(Pdu pdu)
        {
            if (owner._options.RedeliveryDelay > TimeSpan.Zero)
            {
                await Task.Delay(owner._options.RedeliveryDelay, owner._time).ConfigureAwait(false);
            }

            // The same PDU again under a new sequence number, as an SMSC's retry would be.
            pdu.SequenceNumber = NextSequence();
            Interlocked.Increment(ref owner._redeliveries);
            Write(pdu);
        }

        public void WriteSubmitResponse(SmppCommandStatus status, uint sequence, string messageId)
        {
            if (!IsClosed)
            {
                _writer.TryWriteMessageIdResponse(CommandId.SubmitSmResp, status, sequence, messageId);
            }
        }

        public void WriteHeader(CommandId id, SmppCommandStatus status, uint sequence)
        {
            if (!IsClosed)
            {
                _writer.TryWriteHeader(id, status, sequence);
            }
        }

        public void Dispose() => Abort();

        public void Abort()
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
            {
                return;
            }

            _writer.Complete();
            try
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Already closed.
            }

            _stream.Dispose();
            owner._connections.TryRemove(this, out _);
        }

        public async Task RunAsync()
        {
            var input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
            try
            {
                while (!IsClosed)
                {
                    var result = await input.ReadAsync(owner._stopping.Token).ConfigureAwait(false);
                    var buffer = result.Buffer;

                    // The answers to one read leave in one write, as a busy SMSC's would.
                    _writer.BeginBatch();
                    try
                    {
                        while (true)
                        {
                            var framed = PduCodec.TryReadFrame(ref buffer, PduCodec.DefaultMaxPduLength, out var header, out var body);
                            if (framed == FrameResult.NeedMoreData)
                            {
                                break;
                            }

                            if (framed == FrameResult.InvalidLength)
                            {
                                Abort();
                                return;
                            }

                            await OnFrameAsync(header, body).ConfigureAwait(false);
                        }
                    }
                    finally
                    {
                        _writer.EndBatch();
                    }

                    input.AdvanceTo(buffer.Start, buffer.End);
                    if (result.IsCompleted)
                    {
                        break;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException or InvalidOperationException)
            {
                // The client or the test went away.
            }
            finally
            {
                await input.CompleteAsync().ConfigureAwait(false);
                Abort();
            }
        }

        private Task OnFrameAsync(PduHeader header, System.Buffers.ReadOnlySequence<byte> body)
        {
            if (header.IsResponse)
            {
                if (header.Command == CommandId.DeliverSmResp)
                {
                    OnDeliverResponse(header.Status, header.SequenceNumber);
                    Interlocked.Increment(ref owner._deliverResponses);
                }
                else if (header.Command == CommandId.EnquireLinkResp)
                {
                    Interlocked.Increment(ref owner._enquireLinkResponses);
                }
                else if (header.Command == CommandId.UnbindResp)
                {
                    Interlocked.Increment(ref owner._unbindResponses);
                }

                return Task.CompletedTask;
            }

            if (header.Command == CommandId.EnquireLink)
            {
                Interlocked.Increment(ref owner._enquireLinksReceived);
                if (owner._options.AnswerEnquireLink)
                {
                    WriteHeader(CommandId.EnquireLinkResp, SmppCommandStatus.Ok, header.SequenceNumber);
                }

                return Task.CompletedTask;
            }

            var options = owner._options;
            if (header.Command == CommandId.SubmitSm && IsBound && Mode == SmppBindMode.Receiver)
            {
                Interlocked.Increment(ref owner._receiverSubmits);
                WriteHeader(CommandId.SubmitSmResp, SmppCommandStatus.InvalidBindStatus, header.SequenceNumber);
                return Task.CompletedTask;
            }

            if (header.Command == CommandId.SubmitSm && IsBound && !options.RecordSubmissions && options.RejectionRule is null
                && !options.SendDeliveryReceipts && options.Latency <= TimeSpan.Zero && options.DropAfterSubmits is null)
            {
                // Benchmark mode: nothing needs the body, so answer from the header without decoding (keeps the simulator's
                // share of a shared CPU small when it runs in the same process as the client under test).
                owner.AnswerFromHeader(this, header.SequenceNumber);
                return Task.CompletedTask;
            }

            if (PduCodec.Decode(header, body, out var pdu, out var error) != DecodeResult.Ok)
            {
                WriteHeader(CommandId.GenericNack, error, header.SequenceNumber);
                return Task.CompletedTask;
            }

            switch (pdu)
            {
                case BindPdu bind:
                    OnBind(bind);
                    return Task.CompletedTask;
                case EmptyPdu { CommandId: CommandId.Unbind }:
                    Interlocked.Increment(ref owner._unbinds);
                    WriteHeader(CommandId.UnbindResp, SmppCommandStatus.Ok, header.SequenceNumber);
                    return Task.CompletedTask;
                case ShortMessagePdu { CommandId: CommandId.SubmitSm } submit when IsBound:
                    var answer = owner.AnswerSubmitAsync(this, submit);

                    // With latency the answers overlap, as a real SMSC's would; without, keep order and avoid a task per PDU.
                    return owner._options.Latency > TimeSpan.Zero ? Task.CompletedTask : answer;
                case QuerySmPdu query when IsBound:
                    var known = owner._submissions.FirstOrDefault(x => x.MessageId.Length > 0 && x.MessageId == query.MessageId);
                    var cancelled = known is not null && owner._cancelled.ContainsKey(known.MessageId);
                    Write(new QuerySmResponsePdu
                    {
                        SequenceNumber = query.SequenceNumber, Status = known is null ? SmppCommandStatus.QueryFailed : SmppCommandStatus.Ok, MessageId = query.MessageId,
                        MessageState = cancelled ? (byte)4 : known?.RegisteredDelivery is > 0 && options.SendDeliveryReceipts ? (byte)2 : (byte)1,
                    });
                    return Task.CompletedTask;
                case CancelSmPdu cancel when IsBound:
                    var found = owner._submissions.Any(x => x.MessageId.Length > 0 && x.MessageId == cancel.MessageId);
                    if (found)
                    {
                        owner._cancelled.TryAdd(cancel.MessageId, 0);
                    }

                    WriteHeader(CommandId.CancelSmResp, found ? SmppCommandStatus.Ok : SmppCommandStatus.CancelFailed, cancel.SequenceNumber);
                    return Task.CompletedTask;
                default:
                    WriteHeader(pdu!.CommandId.ResponseOf(), IsBound ? SmppCommandStatus.InvalidCommandId : SmppCommandStatus.InvalidBindStatus, header.SequenceNumber);
                    return Task.CompletedTask;
            }
        }

        private void OnBind(BindPdu bind)
        {
            var options = owner._options;
            var status = IsBound ? SmppCommandStatus.AlreadyBound
                : options.SystemId is not null && !string.Equals(options.SystemId, bind.SystemId, StringComparison.Ordinal) ? SmppCommandStatus.InvalidSystemId
                : options.Password is not null && !string.Equals(options.Password, bind.Password, StringComparison.Ordinal) ? SmppCommandStatus.InvalidPassword
                : SmppCommandStatus.Ok;
            if (status == SmppCommandStatus.Ok)
            {
                IsBound = true;
                SystemId = bind.SystemId;
                CanReceive = bind.CommandId != CommandId.BindTransmitter;
                Mode = bind.CommandId switch
                {
                    CommandId.BindTransmitter => SmppBindMode.Transmitter,
                    CommandId.BindReceiver => SmppBindMode.Receiver,
                    _ => SmppBindMode.Transceiver,
                };
                Interlocked.Increment(ref owner._bindCount);
            }

            Write(new BindResponsePdu(bind.CommandId.ResponseOf()) { Status = status, SequenceNumber = bind.SequenceNumber, SystemId = options.SmscSystemId });
        }
    }
}
