using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Messaging.Sdk.Smpp.Pdus;

namespace Messaging.Sdk.Smpp.Tests.Session;

/// <summary>One submit_sm the <see cref="ScriptedSmsc"/> received.</summary>
/// <param name="Index">0-based, in arrival order over every connection.</param>
/// <param name="Connection">0-based number of the connection it came on.</param>
/// <param name="Pdu">The decoded submit_sm.</param>
internal sealed record ScriptedSubmit(int Index, int Connection, ShortMessagePdu Pdu)
{
    /// <summary>The segment number from the concatenation UDH (1 when there is none).</summary>
    public int Segment => (Pdu.EsmClass & 0x40) != 0 && Pdu.ShortMessage.Length >= 6 ? Pdu.ShortMessage.Span[5] : 1;

    /// <summary>The message id the SMSC answers when it accepts this submit.</summary>
    public string MessageId => "m" + Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// An SMSC on a raw loopback socket whose every answer a test decides: each submit_sm is answered with the status the
/// test's <see cref="OnSubmit"/> returns, when the task it returns completes (so an answer can be held), or the link is
/// dropped when that task gives <see langword="null"/>.
/// </summary>
internal sealed class ScriptedSmsc : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, Socket> _open = new();
    private readonly ConcurrentQueue<ScriptedSubmit> _submits = new();
    private readonly Task _accepting;
    private int _connections;
    private int _submitCount;
    private int _bindCount;

    private ScriptedSmsc()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary>Decides each submit_sm's answer; the default accepts at once.</summary>
    public Func<ScriptedSubmit, Task<SmppCommandStatus?>> OnSubmit { get; set; } = static _ => Task.FromResult<SmppCommandStatus?>(SmppCommandStatus.Ok);

    /// <summary>The status answered to bind requests; anything but ESME_ROK refuses the bind.</summary>
    public SmppCommandStatus BindStatus { get; set; } = SmppCommandStatus.Ok;

    /// <summary>Every submit_sm received, in arrival order.</summary>
    public IReadOnlyList<ScriptedSubmit> Submits => [.. _submits];

    public int SubmitCount => Volatile.Read(ref _submitCount);

    /// <summary>Binds answered ESME_ROK.</summary>
    public int BindCount => Volatile.Read(ref _bindCount);

    public static ScriptedSmsc Start() => new();

    public SmppOptions Options(Action<SmppOptions>? configure = null)
    {
        var options = new SmppOptions
        {
            Host = "127.0.0.1", Port = Port, SystemId = "esme", Password = "secret", ConnectTimeout = TimeSpan.FromSeconds(10),
            ReconnectDelay = TimeSpan.FromMilliseconds(50), ThrottleBackoff = TimeSpan.FromMilliseconds(1), ResponseTimeout = TimeSpan.FromMinutes(5),
            EnquireLinkInterval = TimeSpan.FromHours(1),
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Closes every open connection, like an SMSC that kills its links.</summary>
    public void DropConnections()
    {
        foreach (var (id, socket) in _open)
        {
            if (_open.TryRemove(id, out _))
            {
                socket.Close(0);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        DropConnections();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopping the listener ends the accept loop.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            var id = Interlocked.Increment(ref _connections) - 1;
            _open[id] = socket;
            _ = Task.Run(() => ServeAsync(id, socket));
        }
    }

    private async Task ServeAsync(int connection, Socket socket)
    {
        var writeLock = new SemaphoreSlim(1, 1);
        using var stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            var header = new byte[16];
            while (true)
            {
                await stream.ReadExactlyAsync(header, _stop.Token).ConfigureAwait(false);
                var length = (int)BinaryPrimitives.ReadUInt32BigEndian(header);
                var command = (CommandId)BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
                var sequence = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(12));
                var body = new byte[length - 16];
                await stream.ReadExactlyAsync(body, _stop.Token).ConfigureAwait(false);
                switch (command)
                {
                    case CommandId.BindTransceiver or CommandId.BindTransmitter or CommandId.BindReceiver:
                        var status = BindStatus;
                        if (status == SmppCommandStatus.Ok)
                        {
                            Interlocked.Increment(ref _bindCount);
                        }

                        await WriteAsync(stream, writeLock, new BindResponsePdu(command.ResponseOf()) { SequenceNumber = sequence, Status = status, SystemId = "scripted" }).ConfigureAwait(false);
                        break;
                    case CommandId.EnquireLink or CommandId.Unbind:
                        await WriteAsync(stream, writeLock, new EmptyPdu(command.ResponseOf()) { SequenceNumber = sequence }).ConfigureAwait(false);
                        break;
                    case CommandId.SubmitSm:
                        var whole = new byte[length];
                        header.CopyTo(whole, 0);
                        body.CopyTo(whole, 16);
                        var frame = new ReadOnlySequence<byte>(whole);
                        PduCodec.TryReadFrame(ref frame, PduCodec.DefaultMaxPduLength, out var h, out var b);
                        PduCodec.Decode(h, b, out var pdu, out _);
                        var submit = new ScriptedSubmit(Interlocked.Increment(ref _submitCount) - 1, connection, (ShortMessagePdu)pdu!);
                        _submits.Enqueue(submit);
                        _ = AnswerAsync(stream, writeLock, submit, sequence);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or EndOfStreamException)
        {
            // The link was dropped by either side.
        }
        finally
        {
            _open.TryRemove(connection, out _);
        }
    }

    private async Task AnswerAsync(NetworkStream stream, SemaphoreSlim writeLock, ScriptedSubmit submit, uint sequence)
    {
        var answer = await OnSubmit(submit).ConfigureAwait(false);
        if (answer is not { } status)
        {
            if (_open.TryRemove(submit.Connection, out var socket))
            {
                socket.Close(0);
            }

            return;
        }

        try
        {
            await WriteAsync(stream, writeLock, new MessageIdResponsePdu(CommandId.SubmitSmResp)
            {
                SequenceNumber = sequence, Status = status, MessageId = status == SmppCommandStatus.Ok ? submit.MessageId : string.Empty,
            }).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // The link is gone; the answer is lost, as on a real network.
        }
    }

    private static async Task WriteAsync(NetworkStream stream, SemaphoreSlim writeLock, Pdu pdu)
    {
        await writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await stream.WriteAsync(PduCodec.ToArray(pdu)).ConfigureAwait(false);
        }
        finally
        {
            writeLock.Release();
        }
    }
}
