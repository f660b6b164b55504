using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Messaging.Sdk.Smpp;
using Messaging.Sdk.Smpp.Pdus;
using Messaging.Sdk.Smpp.Session;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Messaging.Sdk.Smpp.Tests.SmppTestHelpers;

namespace Messaging.Sdk.Smpp.Tests.Session;

/// <summary>Nothing stops the bind from healing and nothing queues without bound (issue 13, point 8), on a fake clock.</summary>
public sealed class SessionHealingTests
{
    [Fact]
    public async Task BindLoop_WhenConnectingThrowsAnUnexpectedException_KeepsRetryingWithBackoff()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var smsc = ScriptedSmsc.Start();
        var attempts = new ConcurrentQueue<DateTimeOffset>();
        var options = smsc.Options(o =>
        {
            o.ReconnectDelay = TimeSpan.FromSeconds(1);
            o.MaxReconnectDelay = TimeSpan.FromSeconds(4);
            o.ConnectTimeout = TimeSpan.FromMinutes(10);
        });
        await using var bind = new SmppBind(options, "test", time, NullLogger.Instance, null, connectSocket: async (socket, ct) =>
        {
            attempts.Enqueue(time.GetUtcNow());
            if (attempts.Count <= 4)
            {
                throw new InvalidOperationException("a failure no one planned for");
            }

            await socket.ConnectAsync(IPAddress.Loopback, smsc.Port, ct);
        });

        var session = bind.GetSessionAsync(CancellationToken.None).AsTask();
        await Eventually(() => { time.Advance(TimeSpan.FromMilliseconds(50)); return session.IsCompleted; }, "the bind to heal");

        (await session).IsOpen.Should().BeTrue();
        smsc.BindCount.Should().Be(1);
        var at = attempts.ToArray();
        at.Should().HaveCount(5);
        var gaps = at.Zip(at.Skip(1), (a, b) => b - a).ToArray();
        TimeSpan[] backoff = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4)];
        for (var i = 0; i < gaps.Length; i++)
        {
            gaps[i].Should().BeGreaterThanOrEqualTo(backoff[i], "attempt {0} waits for the doubling back-off, capped at MaxReconnectDelay", i + 2);
        }
    }

    [Fact]
    public async Task ConnectTimeout_WhenTheSmscNeverAnswersTheBind_FiresOnTheTimeProvider_AndTheBindTriesAgain()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var options = new SmppOptions
        {
            Host = "127.0.0.1", Port = ((IPEndPoint)listener.LocalEndpoint).Port, SystemId = "esme", ConnectTimeout = TimeSpan.FromSeconds(30),
            ResponseTimeout = TimeSpan.FromHours(1), EnquireLinkInterval = TimeSpan.FromHours(1), ReconnectDelay = TimeSpan.FromSeconds(1),
        };
        await using var bind = new SmppBind(options, "test", time, NullLogger.Instance, null);
        bind.EnsureStarted();

        using var first = await listener.AcceptSocketAsync().WaitAsync(Bound);
        await using var stream = new NetworkStream(first);
        (await ReadPduAsync(stream)).Command.Should().Be((uint)CommandId.BindTransceiver);
        time.Advance(TimeSpan.FromSeconds(30));

        // The client gives up on this connection (it is closed under the unanswered bind) ...
        (await ReadOrResetAsync(stream).WaitAsync(Bound)).Should().Be(0, "the connection is closed once the connect timeout has passed on the fake clock");
        // ... and connects again after its back-off.
        var second = listener.AcceptSocketAsync();
        await Eventually(() => { time.Advance(TimeSpan.FromMilliseconds(100)); return second.IsCompleted; }, "a second connection");
        using var again = await second;
        bind.Current.Should().BeNull();
    }

    [Fact]
    public async Task SmscThatStopsReading_WriterQueueStaysBounded_CallersWaitThenEndWithAnOutcome()
    {
        const int bound = 64 * 1024;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Server.ReceiveBufferSize = 4096;
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var options = new SmppOptions
        {
            Host = "127.0.0.1", Port = port, SystemId = "esme", ConnectTimeout = TimeSpan.FromMinutes(1), ResponseTimeout = TimeSpan.FromHours(1),
            EnquireLinkInterval = TimeSpan.FromDays(1), WindowSize = 200, MaxQueuedWriteBytes = bound, WriteTimeout = TimeSpan.FromSeconds(30),
        };
        // Small kernel buffers on both sides, so that what the SMSC does not read stays in the client's writer.
        await using var bind = new SmppBind(options, "test", time, NullLogger.Instance, null, connectSocket: (socket, ct) =>
        {
            socket.SendBufferSize = 4096;
            return socket.ConnectAsync(IPAddress.Loopback, port, ct);
        });
        var sessionTask = bind.GetSessionAsync(CancellationToken.None).AsTask();
        using var smsc = await listener.AcceptSocketAsync().WaitAsync(Bound);
        await using var stream = new NetworkStream(smsc);
        var bindPdu = await ReadPduAsync(stream);
        await stream.WriteAsync(PduCodec.ToArray(new BindResponsePdu(CommandId.BindTransceiverResp) { SequenceNumber = bindPdu.Sequence, SystemId = "deaf" }));
        var session = await sessionTask.WaitAsync(Bound);

        // From here on the SMSC reads nothing. 100 requests of 60 KiB each (6 MB), all within the window: the first one's
        // write never completes, the next ones queue behind it until the bound, the rest wait for room.
        var payload = new byte[60 * 1024];
        var pduLength = 0;
        var sends = Enumerable.Range(0, 100).Select(_ =>
        {
            var pdu = new ShortMessagePdu(CommandId.SubmitSm) { DestinationAddr = "46708251358" };
            pdu.AddTlv(new Tlv(TlvTag.MessagePayload, payload));
            pduLength = pdu.Length;
            return session.SendAsync(pdu, windowed: true).AsTask();
        }).ToList();

        session.Writer.PeakQueued.Should().BeLessThan(bound + pduLength, "a caller queues its PDU only while less than the bound is queued");
        session.PendingCount.Should().Be(3, "one PDU in the stalled write and two queued behind it; the others wait for room");

        // The write has made no progress for WriteTimeout: the link is given up and every caller gets an outcome.
        time.Advance(options.WriteTimeout + TimeSpan.FromSeconds(1));
        var outcomes = await Task.WhenAll(sends).WaitAsync(Bound);

        (await session.Closed.WaitAsync(Bound)).Should().Contain("stopped reading");
        outcomes.Count(r => r.Outcome == ResponseOutcome.ConnectionLost).Should().Be(3, "what was written (or queued to be) may have reached the SMSC: Unknown");
        outcomes.Count(r => r.Outcome == ResponseOutcome.NotSent).Should().Be(97, "what waited for room was never written and may go on the next link");
        session.Writer.PeakQueued.Should().BeLessThan(bound + pduLength);
    }

    private static async Task<int> ReadOrResetAsync(NetworkStream stream)
    {
        try
        {
            return await stream.ReadAsync(new byte[16]);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static async Task<(uint Command, uint Status, uint Sequence)> ReadPduAsync(Stream stream)
    {
        var header = new byte[16];
        await stream.ReadExactlyAsync(header).AsTask().WaitAsync(Bound);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        await stream.ReadExactlyAsync(new byte[length - 16]).AsTask().WaitAsync(Bound);
        return (BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4)), BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(8)), BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(12)));
    }
}
