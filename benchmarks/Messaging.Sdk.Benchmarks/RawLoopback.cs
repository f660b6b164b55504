using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Messaging.Sdk.Smpp.Pdus;

namespace Messaging.Sdk.Benchmarks;

/// <summary>
/// The two reference points of the SMPP harness, both with blocking sockets on dedicated threads and no per-message
/// allocation: the loopback ceiling (fixed-size request/response pairs, pipelined) and a minimal SMPP client that
/// measures what an SMSC can answer on its own.
/// </summary>
internal static class RawLoopback
{
    /// <summary>
    /// Pipelined pairs per second over one loopback TCP connection in this process: <paramref name="window"/> requests of
    /// <paramref name="requestSize"/> bytes outstanding, each answered with <paramref name="responseSize"/> bytes by a
    /// server that does nothing else. No SMPP endpoint can go faster than this on the machine.
    /// </summary>
    /// <param name="window">Requests outstanding.</param>
    /// <param name="pairs">Request/response pairs to time.</param>
    /// <param name="batched">Each side writes everything it has in one socket call; otherwise one call per request and per response.</param>
    /// <param name="requestSize">Bytes per request.</param>
    /// <param name="responseSize">Bytes per response.</param>
    public static double Ceiling(int window, int pairs, bool batched, int requestSize = 64, int responseSize = 32)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var server = new Thread(() =>
        {
            using var peer = listener.Accept();
            peer.NoDelay = true;
            var input = new byte[256 * 1024];
            var output = new byte[responseSize * 8192];
            var pending = 0;
            while (true)
            {
                var read = peer.Receive(input);
                if (read == 0)
                {
                    return;
                }

                pending += read;
                var requests = pending / requestSize;
                pending -= requests * requestSize;
                while (requests > 0)
                {
                    var n = batched ? Math.Min(requests, 8192) : 1;
                    peer.Send(output, 0, n * responseSize, SocketFlags.None);
                    requests -= n;
                }
            }
        }) { IsBackground = true, Name = "ceiling server" };
        server.Start();

        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.Connect(listener.LocalEndPoint!);
        var request = new byte[requestSize * window];
        var buffer = new byte[256 * 1024];
        void SendRequests(int n)
        {
            if (batched)
            {
                client.Send(request, 0, n * requestSize, SocketFlags.None);
                return;
            }

            for (var i = 0; i < n; i++)
            {
                client.Send(request, 0, requestSize, SocketFlags.None);
            }
        }

        var stopwatch = Stopwatch.StartNew();
        var sent = Math.Min(window, pairs);
        SendRequests(sent);
        long received = 0;
        var partial = 0;
        while (received < pairs)
        {
            partial += client.Receive(buffer);
            var answers = partial / responseSize;
            partial -= answers * responseSize;
            received += answers;
            var more = (int)Math.Min(answers, pairs - sent);
            if (more > 0)
            {
                SendRequests(more);
                sent += more;
            }
        }

        stopwatch.Stop();
        client.Shutdown(SocketShutdown.Both);
        server.Join(TimeSpan.FromSeconds(5));
        return pairs / stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Binds to an SMSC and keeps <paramref name="window"/> identical pre-encoded submit_sm outstanding until
    /// <paramref name="count"/> responses came back; the client's own cost is a memory copy and a socket call per batch,
    /// so the rate is what the SMSC can answer.
    /// </summary>
    public static double MinimalClient(string host, int port, string systemId, string password, int window, int count)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(host, port);
        var buffer = new byte[256 * 1024];
        var have = 0;
        socket.Send(PduCodec.ToArray(new BindPdu(CommandId.BindTransceiver) { SystemId = systemId, Password = password, SequenceNumber = 1 }));
        while (have < 16 || have < BinaryPrimitives.ReadInt32BigEndian(buffer))
        {
            have += socket.Receive(buffer, have, buffer.Length - have, SocketFlags.None);
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(8)) != 0)
        {
            throw new InvalidOperationException("The SMSC refused the bind.");
        }

        have = 0;
        var submit = PduCodec.ToArray(new ShortMessagePdu(CommandId.SubmitSm)
        {
            SourceAddr = "Bench", SourceAddrTon = 5, DestinationAddr = "46708251358", DestAddrTon = 1, DestAddrNpi = 1, ShortMessage = "Benchmark message"u8.ToArray(),
        });
        var output = new byte[submit.Length * window];
        uint sequence = 2;
        int SendMany(int n)
        {
            for (var i = 0; i < n; i++)
            {
                var slot = output.AsSpan(i * submit.Length, submit.Length);
                submit.CopyTo(slot);
                BinaryPrimitives.WriteUInt32BigEndian(slot[12..], sequence++);
            }

            socket.Send(output, 0, n * submit.Length, SocketFlags.None);
            return n;
        }

        var stopwatch = Stopwatch.StartNew();
        var sent = SendMany(Math.Min(window, count));
        var received = 0;
        while (received < count)
        {
            have += socket.Receive(buffer, have, buffer.Length - have, SocketFlags.None);
            var position = 0;
            var answered = 0;
            while (have - position >= 16)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(position));
                if (have - position < length)
                {
                    break;
                }

                position += length;
                answered++;
            }

            buffer.AsSpan(position, have - position).CopyTo(buffer);
            have -= position;
            received += answered;
            var more = Math.Min(answered, count - sent);
            if (more > 0)
            {
                sent += SendMany(more);
            }
        }

        stopwatch.Stop();
        return count / stopwatch.Elapsed.TotalSeconds;
    }
}
