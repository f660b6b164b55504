using System.Buffers;
using System.Buffers.Binary;

namespace Messaging.Sdk.Smpp.Pdus;

/// <summary>The 16-octet SMPP header.</summary>
internal readonly record struct PduHeader(uint Length, uint CommandId, SmppCommandStatus Status, uint SequenceNumber)
{
    public CommandId Command => (CommandId)CommandId;

    public bool IsResponse => (CommandId & CommandIds.ResponseBit) != 0;
}

internal enum FrameResult
{
    /// <summary>Not enough bytes yet for a whole PDU.</summary>
    NeedMoreData,

    /// <summary>A whole PDU was cut from the buffer.</summary>
    Frame,

    /// <summary>command_length is below 16 or above the limit: the stream cannot be re-synchronised and must be closed.</summary>
    InvalidLength,
}

internal enum DecodeResult
{
    Ok,

    /// <summary>The command_id is not an SMPP 3.4 command: answer generic_nack ESME_RINVCMDID.</summary>
    UnknownCommand,

    /// <summary>The body is truncated, a C-string has no terminator or a TLV is cut: answer generic_nack with the error.</summary>
    Malformed,
}

/// <summary>Frames, decodes and encodes SMPP 3.4 PDUs over <see cref="ReadOnlySequence{T}"/> and <see cref="IBufferWriter{T}"/>.</summary>
internal static class PduCodec
{
    /// <summary>The largest PDU accepted by default: far above any standard PDU, small enough that a corrupt length cannot make us buffer without bound.</summary>
    public const int DefaultMaxPduLength = 64 * 1024;

    /// <summary>Cuts one PDU from the front of <paramref name="buffer"/> without copying; on <see cref="FrameResult.Frame"/> the buffer is advanced past it.</summary>
    public static FrameResult TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxLength, out PduHeader header, out ReadOnlySequence<byte> body)
    {
        header = default;
        body = default;
        if (buffer.Length < 4)
        {
            return FrameResult.NeedMoreData;
        }

        Span<byte> head = stackalloc byte[Pdu.HeaderLength];
        var available = (int)Math.Min(buffer.Length, Pdu.HeaderLength);
        buffer.Slice(0, available).CopyTo(head);
        var length = BinaryPrimitives.ReadUInt32BigEndian(head);
        if (length < Pdu.HeaderLength || length > (uint)maxLength)
        {
            if (available == Pdu.HeaderLength)
            {
                header = ParseHeader(head);
            }

            return FrameResult.InvalidLength;
        }

        if (buffer.Length < length)
        {
            return FrameResult.NeedMoreData;
        }

        header = ParseHeader(head);
        body = buffer.Slice(Pdu.HeaderLength, length - Pdu.HeaderLength);
        buffer = buffer.Slice(length);
        return FrameResult.Frame;
    }

    private static PduHeader ParseHeader(ReadOnlySpan<byte> head) => new(
        BinaryPrimitives.ReadUInt32BigEndian(head),
        BinaryPrimitives.ReadUInt32BigEndian(head[4..]),
        (SmppCommandStatus)BinaryPrimitives.ReadUInt32BigEndian(head[8..]),
        BinaryPrimitives.ReadUInt32BigEndian(head[12..]));

    /// <summary>Decodes a framed PDU; never throws for bad input.</summary>
    public static DecodeResult Decode(in PduHeader header, in ReadOnlySequence<byte> body, out Pdu? pdu, out SmppCommandStatus error)
    {
        if (body.IsSingleSegment)
        {
            return Decode(header, body.FirstSpan, out pdu, out error);
        }

        var length = (int)body.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            body.CopyTo(rented);
            return Decode(header, rented.AsSpan(0, length), out pdu, out error);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static DecodeResult Decode(in PduHeader header, ReadOnlySpan<byte> body, out Pdu? pdu, out SmppCommandStatus error)
    {
        pdu = Create(header.Command);
        if (pdu is null)
        {
            error = SmppCommandStatus.InvalidCommandId;
            return DecodeResult.UnknownCommand;
        }

        pdu.Status = header.Status;
        pdu.SequenceNumber = header.SequenceNumber;
        var reader = new SpanReader(body);

        // An error response may carry no body at all (for example submit_sm_resp without message_id).
        var emptyErrorResponse = header.IsResponse && header.Status != SmppCommandStatus.Ok && body.IsEmpty;
        if (!emptyErrorResponse && !pdu.TryReadBody(ref reader))
        {
            error = SmppCommandStatus.InvalidCommandLength;
            pdu = null;
            return DecodeResult.Malformed;
        }

        while (reader.Remaining > 0)
        {
            if (!reader.TryReadUInt16(out var tag) || !reader.TryReadUInt16(out var length) || !reader.TryReadBytes(length, out var value))
            {
                error = SmppCommandStatus.InvalidTlvStream;
                pdu = null;
                return DecodeResult.Malformed;
            }

            pdu.AddTlv(new Tlv(tag, value.ToArray()));
        }

        error = SmppCommandStatus.Ok;
        return DecodeResult.Ok;
    }

    /// <summary>Reads only the message_id of a submit_sm_resp / data_sm_resp body: the session's hot path, one string and no PDU object.</summary>
    public static string ReadMessageId(in ReadOnlySequence<byte> body)
    {
        if (body.IsEmpty)
        {
            return string.Empty;
        }

        Span<byte> copy = stackalloc byte[66];
        var span = body.IsSingleSegment ? body.FirstSpan : copy[..body.Slice(0, Math.Min(body.Length, 66)).CopyToLength(copy)];
        var reader = new SpanReader(span);
        return reader.TryReadCString(65, out var id) ? id : System.Text.Encoding.Latin1.GetString(span[..Math.Min(span.Length, 65)]).TrimEnd('\0');
    }

    private static int CopyToLength(this ReadOnlySequence<byte> sequence, Span<byte> destination)
    {
        sequence.CopyTo(destination);
        return (int)sequence.Length;
    }

    internal static Pdu? Create(CommandId id) => id switch
    {
        CommandId.BindReceiver or CommandId.BindTransmitter or CommandId.BindTransceiver => new BindPdu(id),
        CommandId.BindReceiverResp or CommandId.BindTransmitterResp or CommandId.BindTransceiverResp => new BindResponsePdu(id),
        CommandId.Outbind => new OutbindPdu(),
        CommandId.GenericNack or CommandId.Unbind or CommandId.UnbindResp or CommandId.EnquireLink or CommandId.EnquireLinkResp
            or CommandId.CancelSmResp or CommandId.ReplaceSmResp => new EmptyPdu(id),
        CommandId.SubmitSm or CommandId.DeliverSm => new ShortMessagePdu(id),
        CommandId.SubmitSmResp or CommandId.DeliverSmResp or CommandId.DataSmResp => new MessageIdResponsePdu(id),
        CommandId.SubmitMulti => new SubmitMultiPdu(),
        CommandId.SubmitMultiResp => new SubmitMultiResponsePdu(),
        CommandId.DataSm => new DataSmPdu(),
        CommandId.QuerySm => new QuerySmPdu(),
        CommandId.QuerySmResp => new QuerySmResponsePdu(),
        CommandId.CancelSm => new CancelSmPdu(),
        CommandId.ReplaceSm => new ReplaceSmPdu(),
        CommandId.AlertNotification => new AlertNotificationPdu(),
        _ => null,
    };

    /// <summary>Writes a whole PDU into one span of exactly its length.</summary>
    public static void Write(IBufferWriter<byte> output, Pdu pdu)
    {
        var length = pdu.Length;
        var span = output.GetSpan(length);
        Write(span, pdu, length);
        output.Advance(length);
    }

    public static byte[] ToArray(Pdu pdu)
    {
        var bytes = new byte[pdu.Length];
        Write(bytes, pdu, bytes.Length);
        return bytes;
    }

    private static void Write(Span<byte> span, Pdu pdu, int length)
    {
        var writer = new SpanWriter(span);
        writer.WriteUInt32((uint)length);
        writer.WriteUInt32((uint)pdu.CommandId);
        writer.WriteUInt32((uint)pdu.Status);
        writer.WriteUInt32(pdu.SequenceNumber);
        pdu.WriteBody(ref writer);
        if (pdu.Tlvs is not null)
        {
            foreach (var tlv in pdu.Tlvs)
            {
                writer.WriteUInt16(tlv.Tag);
                writer.WriteUInt16((ushort)tlv.Value.Length);
                writer.WriteBytes(tlv.Value.Span);
            }
        }
    }

    /// <summary>Writes a header-only PDU (enquire_link, unbind, their responses, generic_nack) without allocating.</summary>
    public static void WriteHeaderOnly(IBufferWriter<byte> output, CommandId id, SmppCommandStatus status, uint sequence)
    {
        var span = output.GetSpan(Pdu.HeaderLength);
        var writer = new SpanWriter(span);
        writer.WriteUInt32(Pdu.HeaderLength);
        writer.WriteUInt32((uint)id);
        writer.WriteUInt32((uint)status);
        writer.WriteUInt32(sequence);
        output.Advance(Pdu.HeaderLength);
    }

    /// <summary>Writes a submit_sm_resp / deliver_sm_resp / data_sm_resp without allocating.</summary>
    public static void WriteMessageIdResponse(IBufferWriter<byte> output, CommandId id, SmppCommandStatus status, uint sequence, ReadOnlySpan<char> messageId)
    {
        var length = Pdu.HeaderLength + messageId.Length + 1;
        var span = output.GetSpan(length);
        var writer = new SpanWriter(span);
        writer.WriteUInt32((uint)length);
        writer.WriteUInt32((uint)id);
        writer.WriteUInt32((uint)status);
        writer.WriteUInt32(sequence);
        System.Text.Encoding.Latin1.GetBytes(messageId, span[Pdu.HeaderLength..]);
        span[length - 1] = 0;
        output.Advance(length);
    }
}
