using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Messaging.Sdk.Smpp;
using Messaging.Sdk.Smpp.Pdus;
using Messaging.Sdk.Smpp.Session;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messaging.Sdk.Smpp.Tests.Session;

/// <summary>A hand-written SMSC on a raw socket sends what no well-behaved SMSC would.</summary>
public sealed class MalformedInputTests
{
    [Fact]
    public async Task MalformedPdus_GetGenericNack_AndAnImpossibleLengthClosesTheLinkCleanly()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var options = new SmppOptions { Host = "127.0.0.1", Port = port, SystemId = "esme", ConnectTimeout = TimeSpan.FromSeconds(10) };
        await using var bind = new SmppBind(options, "test", TimeProvider.System, NullLogger.Instance, null);
        var sessionTask = bind.GetSessionAsync(CancellationToken.None).AsTask();

        using var smsc = await listener.AcceptSocketAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await using var stream = new NetworkStream(smsc);
        var bindPdu = await ReadPduAsync(stream);
        await stream.WriteAsync(PduCodec.ToArray(new BindResponsePdu(CommandId.BindTransceiverResp) { SequenceNumber = bindPdu.Sequence, SystemId = "raw" }));
        var session = await sessionTask.WaitAsync(TimeSpan.FromSeconds(10));

        // deliver_sm whose service_type has no terminator.
        var bad = PduCodec.ToArray(new ShortMessagePdu(CommandId.DeliverSm) { SequenceNumber = 77 });
        bad.AsSpan(16).Fill((byte)'x');
        await stream.WriteAsync(bad);
        var nack = await ReadPduAsync(stream);
        nack.Command.Should().Be((uint)CommandId.GenericNack);
        nack.Sequence.Should().Be(77u);
        nack.Status.Should().Be((uint)SmppCommandStatus.InvalidCommandLength);

        // An unknown command id.
        await stream.WriteAsync(new byte[] { 0, 0, 0, 16, 0, 0, 0x77, 0x77, 0, 0, 0, 0, 0, 0, 0, 78 });
        var unknown = await ReadPduAsync(stream);
        unknown.Command.Should().Be((uint)CommandId.GenericNack);
        unknown.Status.Should().Be((uint)SmppCommandStatus.InvalidCommandId);

        // A command_length the client must not buffer.
        await stream.WriteAsync(new byte[] { 0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 79 });
        (await session.Closed.WaitAsync(TimeSpan.FromSeconds(10))).Should().Contain("command_length");
    }

    private static async Task<(uint Command, uint Status, uint Sequence)> ReadPduAsync(Stream stream)
    {
        var header = new byte[16];
        await stream.ReadExactlyAsync(header).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        await stream.ReadExactlyAsync(new byte[length - 16]).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        return (BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4)), BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(8)), BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(12)));
    }
}
