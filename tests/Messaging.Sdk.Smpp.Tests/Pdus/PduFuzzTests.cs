using System.Buffers;
using System.Diagnostics;
using Messaging.Sdk.Smpp.Pdus;

namespace Messaging.Sdk.Smpp.Tests.Pdus;

/// <summary>Random and mutated PDUs through the framer and decoder: no exception, no hang, bounded buffering.</summary>
public sealed class PduFuzzTests
{
    private const int Cases = 200_000;

    [Fact]
    public void MutatedAndRandomPdus_NeverThrowNorOverrun()
    {
        var random = new Random(20260101);
        var seeds = SeedPdus().Select(PduCodec.ToArray).ToArray();
        var stopwatch = Stopwatch.StartNew();
        var outcomes = new int[4];
        for (var i = 0; i < Cases && stopwatch.Elapsed < TimeSpan.FromSeconds(25); i++)
        {
            var bytes = i % 4 == 0 ? RandomBytes(random) : Mutate(random, seeds[random.Next(seeds.Length)]);
            outcomes[Run(bytes, random)]++;
        }

        // Every path must have been exercised, or the fuzzing proves nothing.
        outcomes.Should().OnlyContain(n => n > 0);
    }

    private static int Run(byte[] bytes, Random random)
    {
        var buffer = random.Next(2) == 0 ? new ReadOnlySequence<byte>(bytes) : PduCodecTests.Segmented(bytes, 1 + random.Next(8));
        var before = buffer.Length;
        var result = PduCodec.TryReadFrame(ref buffer, 4096, out var header, out var body);
        switch (result)
        {
            case FrameResult.NeedMoreData:
                buffer.Length.Should().Be(before);
                return 0;
            case FrameResult.InvalidLength:
                return 1;
            default:
                body.Length.Should().BeLessThanOrEqualTo(4096);
                var decode = PduCodec.Decode(header, body, out var pdu, out _);
                if (decode == DecodeResult.Ok)
                {
                    // Whatever decoded must encode again without throwing.
                    PduCodec.ToArray(pdu!).Length.Should().BeGreaterThanOrEqualTo(Pdu.HeaderLength);
                    _ = PduCodec.ReadMessageId(body);
                    return 3;
                }

                return 2;
        }
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 80)];
        random.NextBytes(bytes);
        if (bytes.Length >= 8 && random.Next(2) == 0)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)bytes.Length);
            var ids = Enum.GetValues<CommandId>();
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), (uint)ids[random.Next(ids.Length)]);
        }

        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = (byte[])seed.Clone();
        switch (random.Next(4))
        {
            case 0:
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    var at = random.Next(4, bytes.Length);
                    bytes[at] = (byte)random.Next(256);
                }

                break;
            case 1:
                var cut = random.Next(Pdu.HeaderLength, bytes.Length + 1);
                Array.Resize(ref bytes, cut);
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)cut);
                break;
            case 2:
                for (var at = Pdu.HeaderLength; at < bytes.Length; at++)
                {
                    if (bytes[at] == 0 && random.Next(2) == 0)
                    {
                        bytes[at] = (byte)'x';
                    }
                }

                break;
            default:
                bytes[random.Next(0, 4)] = (byte)random.Next(256);
                break;
        }

        return bytes;
    }

    private static IEnumerable<Pdu> SeedPdus()
    {
        foreach (var id in Enum.GetValues<CommandId>())
        {
            var pdu = PduCodec.Create(id)!;
            pdu.SequenceNumber = 1;
            yield return pdu;
        }

        var submit = new ShortMessagePdu(CommandId.SubmitSm) { SourceAddr = "MyShop", DestinationAddr = "46708251358", ShortMessage = "hello world"u8.ToArray() };
        submit.AddTlv(Tlv.FromUInt16(TlvTag.SarMsgRefNum, 5)).AddTlv(Tlv.FromByte(TlvTag.SarTotalSegments, 2));
        yield return submit;
        var receipt = new ShortMessagePdu(CommandId.DeliverSm) { EsmClass = 4, ShortMessage = "id:1 sub:001 dlvrd:001 submit date:2601010000 done date:2601010001 stat:DELIVRD err:000 text:x"u8.ToArray() };
        receipt.AddTlv(Tlv.FromCString(TlvTag.ReceiptedMessageId, "1")).AddTlv(Tlv.FromByte(TlvTag.MessageState, 2));
        yield return receipt;
        var multi = new SubmitMultiPdu { ShortMessage = new byte[] { 1 } };
        multi.Destinations.Add(new MultiDestination(1, 1, "123456"));
        multi.Destinations.Add(new MultiDestination(0, 0, "list", true));
        yield return multi;
        yield return new BindPdu(CommandId.BindTransceiver) { SystemId = "sys", Password = "pw", AddressRange = "1" };
    }
}
