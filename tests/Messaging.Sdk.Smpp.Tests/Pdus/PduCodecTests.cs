using System.Buffers;
using Messaging.Sdk.Smpp;
using Messaging.Sdk.Smpp.Pdus;

namespace Messaging.Sdk.Smpp.Tests.Pdus;

public sealed class PduCodecTests
{
    internal static Pdu RoundTrip(Pdu pdu)
    {
        var writer = new ArrayBufferWriter<byte>();
        PduCodec.Write(writer, pdu);
        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);
        PduCodec.TryReadFrame(ref buffer, PduCodec.DefaultMaxPduLength, out var header, out var body).Should().Be(FrameResult.Frame);
        buffer.Length.Should().Be(0);
        header.Length.Should().Be((uint)writer.WrittenCount);
        PduCodec.Decode(header, body, out var decoded, out var error).Should().Be(DecodeResult.Ok, error.Name());
        return decoded!;
    }

    public static TheoryData<string> AllCommands() => new(Enum.GetNames<CommandId>());

    [Theory]
    [MemberData(nameof(AllCommands))]
    public void EveryCommand_RoundTripsWithHeaderFieldsAndTlvs(string name)
    {
        var id = Enum.Parse<CommandId>(name);
        var pdu = PduCodec.Create(id)!;
        pdu.SequenceNumber = 0x7FFFFFFF;
        pdu.AddTlv(new Tlv(0x1400, new byte[] { 1, 2, 3 }));

        var decoded = RoundTrip(pdu);

        decoded.CommandId.Should().Be(id);
        decoded.SequenceNumber.Should().Be(0x7FFFFFFF);
        decoded.Tlvs.Should().ContainSingle().Which.Tag.Should().Be(0x1400);
    }

    [Fact]
    public void SubmitSm_RoundTripsEveryField()
    {
        var pdu = new ShortMessagePdu(CommandId.SubmitSm)
        {
            SequenceNumber = 7, ServiceType = "CMT", SourceAddrTon = 5, SourceAddrNpi = 0, SourceAddr = "MyShop",
            DestAddrTon = 1, DestAddrNpi = 1, DestinationAddr = "46708251358", EsmClass = 0x40, ProtocolId = 0, PriorityFlag = 1,
            ScheduleDeliveryTime = "000000010000000R", ValidityPeriod = "000001000000000R", RegisteredDelivery = 1,
            DataCoding = 8, ShortMessage = new byte[] { 0, 0x48, 0, 0x69 },
        };
        pdu.AddTlv(Tlv.FromUInt16(TlvTag.SarMsgRefNum, 0x1234));

        var decoded = (ShortMessagePdu)RoundTrip(pdu);

        decoded.Should().BeEquivalentTo(pdu, o => o.Excluding(p => p.ShortMessage).Excluding(p => p.Tlvs));
        decoded.ShortMessage.ToArray().Should().Equal(0, 0x48, 0, 0x69);
        decoded.Tlvs.GetUInt16(TlvTag.SarMsgRefNum).Should().Be(0x1234);
    }

    [Fact]
    public void Bind_RoundTripsAndToStringHidesThePassword()
    {
        var pdu = new BindPdu(CommandId.BindTransceiver) { SystemId = "esme", Password = "secret12", SystemType = "VMA", AddrTon = 1, AddrNpi = 1, AddressRange = "46*" };

        var decoded = (BindPdu)RoundTrip(pdu);

        decoded.Should().BeEquivalentTo(pdu, o => o.Excluding(p => p.Tlvs));
        decoded.ToString().Should().NotContain("secret12");
    }

    [Fact]
    public void SubmitMulti_RoundTripsDestinationsAndFailures()
    {
        var pdu = new SubmitMultiPdu { SourceAddr = "123", ShortMessage = new byte[] { 65 } };
        pdu.Destinations.Add(new MultiDestination(1, 1, "4670000001"));
        pdu.Destinations.Add(new MultiDestination(0, 0, "friends", IsDistributionList: true));
        var resp = new SubmitMultiResponsePdu { MessageId = "abc" };
        resp.Unsuccessful.Add(new UnsuccessfulDelivery(1, 1, "4670000002", SmppCommandStatus.InvalidDestinationAddress));

        ((SubmitMultiPdu)RoundTrip(pdu)).Destinations.Should().Equal(pdu.Destinations);
        ((SubmitMultiResponsePdu)RoundTrip(resp)).Unsuccessful.Should().Equal(resp.Unsuccessful);
    }

    [Fact]
    public void ErrorResponseWithoutBody_Decodes()
    {
        var bytes = new byte[] { 0, 0, 0, 16, 0x80, 0, 0, 4, 0, 0, 0, 0x58, 0, 0, 0, 9 };
        var buffer = new ReadOnlySequence<byte>(bytes);
        PduCodec.TryReadFrame(ref buffer, 1024, out var header, out var body).Should().Be(FrameResult.Frame);

        PduCodec.Decode(header, body, out var pdu, out _).Should().Be(DecodeResult.Ok);

        pdu!.Status.Should().Be(SmppCommandStatus.Throttled);
        ((MessageIdResponsePdu)pdu).MessageId.Should().BeEmpty();
    }

    [Fact]
    public void MissingCStringTerminator_IsMalformedWithInvalidCommandLength()
    {
        var pdu = new BindPdu(CommandId.BindTransmitter) { SystemId = "abc" };
        var bytes = PduCodec.ToArray(pdu);
        bytes.AsSpan(16).Fill((byte)'x');
        var buffer = new ReadOnlySequence<byte>(bytes);
        PduCodec.TryReadFrame(ref buffer, 1024, out var header, out var body);

        PduCodec.Decode(header, body, out var decoded, out var error).Should().Be(DecodeResult.Malformed);

        decoded.Should().BeNull();
        error.Should().Be(SmppCommandStatus.InvalidCommandLength);
        header.SequenceNumber.Should().Be(0);
    }

    [Fact]
    public void TruncatedTlv_IsMalformedWithInvalidTlvStream()
    {
        var pdu = new EmptyPdu(CommandId.EnquireLink);
        pdu.AddTlv(new Tlv(0x0427, new byte[] { 2 }));
        var bytes = PduCodec.ToArray(pdu);
        bytes[^2] = 5; // the TLV now claims 0x0105 octets

        var buffer = new ReadOnlySequence<byte>(bytes);
        PduCodec.TryReadFrame(ref buffer, 1024, out var header, out var body);

        PduCodec.Decode(header, body, out _, out var error).Should().Be(DecodeResult.Malformed);
        error.Should().Be(SmppCommandStatus.InvalidTlvStream);
    }

    [Theory]
    [InlineData(15u)]
    [InlineData(0u)]
    [InlineData(0x7FFFFFFFu)]
    public void CommandLengthOutOfBounds_IsInvalidLength(uint length)
    {
        var bytes = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, length);
        var buffer = new ReadOnlySequence<byte>(bytes);

        PduCodec.TryReadFrame(ref buffer, 4096, out _, out _).Should().Be(FrameResult.InvalidLength);
    }

    [Fact]
    public void UnknownCommandId_IsReportedWithItsSequence()
    {
        var bytes = new byte[] { 0, 0, 0, 16, 0, 0, 0x12, 0x34, 0, 0, 0, 0, 0, 0, 0, 42 };
        var buffer = new ReadOnlySequence<byte>(bytes);
        PduCodec.TryReadFrame(ref buffer, 1024, out var header, out var body);

        PduCodec.Decode(header, body, out _, out var error).Should().Be(DecodeResult.UnknownCommand);
        error.Should().Be(SmppCommandStatus.InvalidCommandId);
        header.SequenceNumber.Should().Be(42u);
    }

    [Fact]
    public void PartialPdu_NeedsMoreDataAndLeavesTheBufferAlone()
    {
        var bytes = PduCodec.ToArray(new MessageIdResponsePdu(CommandId.SubmitSmResp) { MessageId = "12345" });
        var buffer = new ReadOnlySequence<byte>(bytes, 0, bytes.Length - 1);

        PduCodec.TryReadFrame(ref buffer, 1024, out _, out _).Should().Be(FrameResult.NeedMoreData);
        buffer.Length.Should().Be(bytes.Length - 1);
    }

    [Fact]
    public void PduSplitAcrossSegments_Decodes()
    {
        var bytes = PduCodec.ToArray(new MessageIdResponsePdu(CommandId.SubmitSmResp) { MessageId = "0A1B2C" });
        var buffer = Segmented(bytes, 3);
        PduCodec.TryReadFrame(ref buffer, 1024, out var header, out var body).Should().Be(FrameResult.Frame);

        PduCodec.ReadMessageId(body).Should().Be("0A1B2C");
        PduCodec.Decode(header, body, out var pdu, out _).Should().Be(DecodeResult.Ok);
        ((MessageIdResponsePdu)pdu!).MessageId.Should().Be("0A1B2C");
    }

    [Fact]
    public void TypedTlvAccessors_ReadStandardTypes()
    {
        var pdu = new ShortMessagePdu(CommandId.DeliverSm);
        pdu.AddTlv(Tlv.FromCString(TlvTag.ReceiptedMessageId, "ff01"));
        pdu.AddTlv(Tlv.FromByte(TlvTag.MessageState, 2));
        pdu.AddTlv(new Tlv(TlvTag.NetworkErrorCode, new byte[] { 3, 0, 5 }));

        var decoded = RoundTrip(pdu);

        decoded.Tlvs.GetCString(TlvTag.ReceiptedMessageId).Should().Be("ff01");
        decoded.Tlvs.GetByte(TlvTag.MessageState).Should().Be(2);
        decoded.Tlvs.GetBytes(TlvTag.NetworkErrorCode)!.Value.ToArray().Should().Equal(3, 0, 5);
        TlvTags.ValueType(TlvTag.SarMsgRefNum).Should().Be(TlvValueType.UInt16);
    }

    [Fact]
    public void StatusNames_FollowTheSpec()
    {
        SmppCommandStatus.Throttled.Name().Should().Be("ESME_RTHROTTLED");
        SmppCommandStatus.MessageQueueFull.IsTransient().Should().BeTrue();
        SmppCommandStatus.InvalidDestinationAddress.IsTransient().Should().BeFalse();
        ((SmppCommandStatus)0x400).Name().Should().Be("0x00000400");
    }

    internal static ReadOnlySequence<byte> Segmented(byte[] bytes, int size)
    {
        if (bytes.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        Segment? first = null, last = null;
        for (var i = 0; i < bytes.Length; i += size)
        {
            var memory = bytes.AsMemory(i, Math.Min(size, bytes.Length - i));
            if (first is null)
            {
                first = last = new Segment(memory, 0);
            }
            else
            {
                last = last!.Append(memory);
            }
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long index)
        {
            Memory = memory;
            RunningIndex = index;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
