namespace Messaging.Sdk.Smpp.Pdus;

/// <summary>One SMPP PDU: the header fields, the type's mandatory body and its optional TLVs.</summary>
internal abstract class Pdu
{
    public const int HeaderLength = 16;

    protected Pdu(CommandId commandId) => CommandId = commandId;

    public CommandId CommandId { get; }

    public SmppCommandStatus Status { get; set; }

    public uint SequenceNumber { get; set; }

    /// <summary>The optional parameters in wire order, unknown tags included; <see langword="null"/> when there are none.</summary>
    public List<Tlv>? Tlvs { get; set; }

    public int Length
    {
        get
        {
            var length = HeaderLength + BodyLength;
            if (Tlvs is not null)
            {
                foreach (var tlv in Tlvs)
                {
                    length += 4 + tlv.Value.Length;
                }
            }

            return length;
        }
    }

    internal abstract int BodyLength { get; }

    public Pdu AddTlv(Tlv tlv)
    {
        (Tlvs ??= []).Add(tlv);
        return this;
    }

    internal abstract void WriteBody(ref SpanWriter writer);

    /// <summary>Reads the mandatory body; false when a field is truncated or a C-string has no terminator within its maximum size.</summary>
    internal abstract bool TryReadBody(ref SpanReader reader);

    public override string ToString() => $"{CommandId} seq={SequenceNumber} status={Status.Name()}";
}

/// <summary>PDUs with a header and TLVs only: unbind, enquire_link, generic_nack and several responses.</summary>
internal sealed class EmptyPdu(CommandId commandId) : Pdu(commandId)
{
    internal override int BodyLength => 0;

    internal override void WriteBody(ref SpanWriter writer)
    {
    }

    internal override bool TryReadBody(ref SpanReader reader) => true;
}

/// <summary>bind_transmitter, bind_receiver and bind_transceiver (section 4.1).</summary>
internal sealed class BindPdu(CommandId commandId) : Pdu(commandId)
{
    public string SystemId { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    public string SystemType { get; set; } = string.Empty;

    public byte InterfaceVersion { get; set; } = 0x34;

    public byte AddrTon { get; set; }

    public byte AddrNpi { get; set; }

    public string AddressRange { get; set; } = string.Empty;

    internal override int BodyLength => SpanWriter.CStringLength(SystemId) + SpanWriter.CStringLength(Password)
        + SpanWriter.CStringLength(SystemType) + 3 + SpanWriter.CStringLength(AddressRange);

    internal override void WriteBody(ref SpanWriter writer)
    {
        writer.WriteCString(SystemId);
        writer.WriteCString(Password);
        writer.WriteCString(SystemType);
        writer.WriteByte(InterfaceVersion);
        writer.WriteByte(AddrTon);
        writer.WriteByte(AddrNpi);
        writer.WriteCString(AddressRange);
    }

    internal override bool TryReadBody(ref SpanReader reader)
    {
        if (!reader.TryReadCString(16, out var systemId) || !reader.TryReadCString(9, out var password)
            || !reader.TryReadCString(13, out var systemType) || !reader.TryReadByte(out var version)
            || !reader.TryReadByte(out var ton) || !reader.TryReadByte(out var npi)
            || !reader.TryReadCString(41, out var range))
        {
            return false;
        }

        (SystemId, Password, SystemType, InterfaceVersion, AddrTon, AddrNpi, AddressRange) = (systemId, password, systemType, version, ton, npi, range);
        return true;
    }

    // The password never appears in logs.
    public override string ToString() => $"{base.ToString()} system_id={SystemId} system_type={SystemType}";
}

/// <summary>bind_*_resp: the SMSC's system_id and optionally sc_interface_version.</summary>
internal sealed class BindResponsePdu(CommandId commandId) : Pdu(commandId)
{
    public string SystemId { get; set; } = string.Empty;

    internal override int BodyLength => SpanWriter.CStringLength(SystemId);

    internal override void WriteBody(ref SpanWriter writer) => writer.WriteCString(SystemId);

    internal override bool TryReadBody(ref SpanReader reader)
    {
        if (!reader.TryReadCString(16, out var systemId))
        {
            return false;
        }

        SystemId = systemId;
        return true;
    }
}

/// <summary>outbind (section 4.1.7): the SMSC asks the ESME to bind as a receiver.</summary>
internal sealed class OutbindPdu() : Pdu(CommandId.Outbind)
{
    public string SystemId { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    internal override int BodyLength => SpanWriter.CStringLength(SystemId) + SpanWriter.CStringLength(Password);

    internal override void WriteBody(ref SpanWriter writer)
    {
        writer.WriteCString(SystemId);
        writer.WriteCString(Password);
    }

    internal override bool TryReadBody(ref SpanReader reader)
    {
        if (!reader.TryReadCString(16, out var systemId) || !reader.TryReadCString(9, out var password))
        {
            return false;
        }

        (SystemId, Password) = (systemId, password);
        return true;
    }

    public override string ToString() => $"{base.ToString()} system_id={SystemId}";
}

/// <summary>
/// What submit_sm, deliver_sm and submit_multi share: service_type and the source address first, then, after the
/// destination(s), the same run from esm_class to short_message (sections 4.4.1, 4.5.1, 4.6.1).
/// </summary>
internal abstract class MessagePdu(CommandId commandId) : Pdu(commandId)
{
    public string ServiceType { get; set; } = string.Empty;

    public byte SourceAddrTon { get; set; }

    public byte SourceAddrNpi { get; set; }

    public string SourceAddr { get; set; } = string.Empty;

    public byte EsmClass { get; set; }

    public byte ProtocolId { get; set; }

    public byte PriorityFlag { get; set; }

    public string ScheduleDeliveryTime { get; set; } = string.Empty;

    public string ValidityPeriod { get; set; } = string.Empty;

    public byte RegisteredDelivery { get; set; }

    public byte ReplaceIfPresentFlag { get; set; }

    public byte DataCoding { get; set; }

    public byte SmDefaultMsgId { get; set; }

    /// <summary>At most 254 octets on the wire; longer content goes into the message_payload TLV.</summary>
    public ReadOnlyMemory<byte> ShortMessage { get; set; }

    private protected int HeadLength => SpanWriter.CStringLength(ServiceType) + 2 + SpanWriter.CStringLength(SourceAddr);

    private protected int TailLength => 3 + SpanWriter.CStringLength(ScheduleDeliveryTime) + SpanWriter.CStringLength(ValidityPeriod) + 5 + ShortMessage.Length;

    private protected void WriteHead(ref SpanWriter writer)
    {
        writer.WriteCString(ServiceType);
        writer.WriteByte(SourceAddrTon);
        writer.WriteByte(SourceAddrNpi);
        writer.WriteCString(SourceAddr);
    }

    private protected void WriteTail(ref SpanWriter writer)
    {
        writer.WriteByte(EsmClass);
        writer.WriteByte(ProtocolId);
        writer.WriteByte(PriorityFlag);
        writer.WriteCString(ScheduleDeliveryTime);
        writer.WriteCString(ValidityPeriod);
        writer.WriteByte(RegisteredDelivery);
        writer.WriteByte(ReplaceIfPresentFlag);
        writer.WriteByte(DataCoding);
        writer.WriteByte(SmDefaultMsgId);
        writer.WriteByte((byte)ShortMessage.Length);
        writer.WriteBytes(ShortMessage.Span);
    }

    private protected bool TryReadHead(ref SpanReader reader)
    {
        if (!reader.TryReadCString(6, out var serviceType) || !reader.TryReadByte(out var srcTon) || !reader.TryReadByte(out var srcNpi)
            || !reader.TryReadCString(21, out var src))
        {
            return false;
        }

        (ServiceType, SourceAddrTon, SourceAddrNpi, SourceAddr) = (serviceType, srcTon, srcNpi, src);
        return true;
    }

    private protected bool TryReadTail(ref SpanReader reader)
    {
        if (!reader.TryReadByte(out var esm) || !reader.TryReadByte(out var pid) || !reader.TryReadByte(out var priority)
            || !reader.TryReadCString(17, out var schedule) || !reader.TryReadCString(17, out var validity)
            || !reader.TryReadByte(out var registered) || !reader.TryReadByte(out var replace) || !reader.TryReadByte(out var dataCoding)
            || !reader.TryReadByte(out var defaultMsgId) || !reader.TryReadByte(out var smLength) || !reader.TryReadBytes(smLength, out var sm))
        {
            return false;
        }

        (EsmClass, ProtocolId, PriorityFlag, ScheduleDeliveryTime, ValidityPeriod) = (esm, pid, priority, schedule, validity);
        (RegisteredDelivery, ReplaceIfPresentFlag, DataCoding, SmDefaultMsgId) = (registered, replace, dataCoding, defaultMsgId);
        ShortMessage = sm.ToArray();
        return true;
    }
}

/// <summary>submit_sm and deliver_sm, which share one layout (sections 4.4.1 and 4.6.1).</summary>
internal sealed class ShortMessagePdu(CommandId commandId) : MessagePdu(commandId)
{
    public byte DestAddrTon { get; set; }

    public byte DestAddrNpi { get; set; }

    public string DestinationAddr { get; set; } = string.Empty;

    internal override int BodyLength => HeadLength + 2 + SpanWriter.CStringLength(DestinationAddr) + TailLength;

    internal override void WriteBody(ref SpanWriter writer)
    {
        WriteHead(ref writer);
        writer.WriteByte(DestAddrTon);
        writer.WriteByte(DestAddrNpi);
        writer.WriteCString(DestinationAddr);
        WriteTail(ref writer);
    }

    internal override bool TryReadBody(ref SpanReader reader)
    {
        if (!TryReadHead(ref reader) || !reader.TryReadByte(out var dstTon) || !reader.TryReadByte(out var dstNpi) || !reader.TryReadCString(21, out var dst))
        {
            return false;
        }

        (DestAddrTon, DestAddrNpi, DestinationAddr) = (dstTon, dstNpi, dst);
        return TryReadTail(ref reader);
    }
}

/// <summary>submit_sm_resp, deliver_sm_resp and data_sm_resp: a message_id (empty in deliver_sm_resp).</summary>
internal sealed class MessageIdResponsePdu(CommandId commandId) : Pdu(commandId)
{
    public string MessageId { get; set; } = string.Empty;

    internal override int BodyLength => SpanWriter.CStringLength(MessageId);

    internal override void WriteBody(ref SpanWriter writer) => writer.WriteCString(MessageId);

    internal override bool TryReadBody(ref SpanReader reader)
    {
        if (!reader.TryReadCString(65, out var id))
        {
            return false;
        }

        MessageId = id;
        return true;
    }
}

/// <summary>One destination of submit_multi: an SME address (dest_flag 1) or a distribution list name (dest_flag 2).</summary>
internal sealed record MultiDestination(byte Ton, byte Npi, string Address, bool IsDistributionList = false);

/// <summary>A destination submit_multi could not reach, with its error.</summary>
internal sealed record UnsuccessfulDelivery(byte Ton, byte Npi, string Address, SmppCommandStatus Error);

/// <summary>submit_multi (section 4.5.1).</summary>
internal sealed class SubmitMultiPdu() : MessagePdu(CommandId.SubmitMulti)
{
    public List<MultiDestination> Destinations { get; } = [];

    internal override int BodyLength
    {
        get
        {
            var length = HeadLength + 1;
            foreach (var d in Destinations)
            {
                length += d.IsDistributionList ? 1 + SpanWriter.CStringLength(d.Address) : 3 + SpanWriter.CStringLength(d.Address);
            }

            return length + TailLength;
        }
    }

    internal override void WriteBody(ref SpanWriter writer)
    {
        WriteHead(ref writer);
        writer.WriteByte((byte)Destinations.Count);
        foreach (var d in Destinations)
        {
            if (d.IsDistributionList)
            {
                writer.WriteByte(2);
            }
            else
            {
                writer.WriteByte(1);
                writer.WriteByte(d.Ton);
                writer.WriteByte(d.Npi);
            }

            writer.WriteCString(d.Address);
        }

        WriteTail(ref writer);
    }

    internal override bool TryReadBody(ref SpanReader reader)
    {
        if (!TryReadHead(ref reader) || !reader.TryReadByte(out var count))
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            if (!reader.TryReadByte(out var flag))
            {
                return false;
            }

            if (flag == 1)
            {
                if (!reader.TryReadByte(out var ton) || !reader.TryReadByte(out var npi) || !reader.TryReadCString(21, out var address))
                {
                    return false;
                }

                Destinations.Add(new MultiDestination(ton, npi, address));
            }
            else if (flag == 2)
            {
                if (!reader.TryReadCString(21, out var name))
                {
                    return false;
                }

                Destinations.Add(new MultiDestination(0, 0, name, IsDistributionList: true));
            }
            else
            {
                return false;
            }
        }

        return TryReadTail(ref reader);
    }
}

/// <summary>submit_multi_resp: the message_id and the destinations that failed.</summary>
internal sealed class SubmitMultiResponsePdu() : Pdu(CommandId.SubmitMultiResp)
{
    public string MessageId { get; set; } = string.Empty;

    public List<UnsuccessfulDelivery> Unsuccessful { get; } = [];

    internal override int BodyLength
    {
        get
        {
            var length = SpanWriter.CStringLength(MessageId) + 1;
            foreach (var u in Unsuccessful)
            {
                length += 2 + SpanWriter.CStringLength(u.Address) + 4;
            }

            return length;
        }
    }

    internal override void WriteBody(ref SpanWriter writer)
    {
        writer.WriteCString(MessageId);
        writer.WriteByte((byte)Unsuccessful.Count);
        foreach (var u in Unsuccessful)
        {
            writer.WriteByte(u.Ton);
            writer.WriteByte(u.Npi);
            writer.WriteCString(u.Address);
            writer.WriteUInt32((uint)u.Error);
        }
    }

    internal override bool TryReadBody(ref SpanReader reader)
    {
        if (!reader.TryReadCString(65, out var id) || !reader.TryReadByte(out var count))
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            if (!reader.TryReadByte(out var ton) || !reader.TryReadByte(out var npi) || !reader.TryReadCString(21, out var address)
                || !reader.TryReadUInt32(out var error))
            {
                return false;
            }

            Unsuccessful.Add(new UnsuccessfulDelivery(ton, npi, address, (SmppCommandStatus)error));
        }

        MessageId = id;
        return true;
    }
}

/// <summary>data_sm (section 4.7.1): addresses and flags in the body, the content in TLVs.</summary>
internal sealed class DataSmPdu() : Pdu(CommandId.DataSm)
{
    public string ServiceType { get; set; } = string.Empty;

    public byte SourceAddrTon { get; set; }

    public byte SourceAddrNpi { get; set; }

    public string SourceAddr { get; set; } = string.Empty;

    public byte DestAddrTon { get; set; }

    public byte DestAddrNpi { get; set; }

    public string DestinationAddr { get; set; } = string.Empty;

    public byte EsmClass { get; set; }

    public byte RegisteredDelivery { get; set; }

    public byte DataCoding { get; set; }

    internal override int BodyLength => SpanWriter.CStringLength(ServiceType) + 2 + SpanWriter.CStringLength(SourceAddr)
        + 2 + SpanWriter.CStringLength(DestinationAddr) + 3;

    internal override void WriteBody(ref SpanWriter writer)
    {
        writer.WriteCString(ServiceType);
        writer.WriteByte(SourceAddrTon);
        writer.WriteByte(SourceAddrNpi);
        writer.WriteCString(SourceAddr);
        writer.WriteByte(DestAddrTon);
        writer.WriteByte(DestAddrNpi);
        writer.WriteCString(DestinationAddr);
        writer.WriteByte(EsmClass);
        writer.WriteByte(RegisteredDelivery);
        writer.WriteByte(DataCoding);
    }

    internal override bool TryReadBody(ref SpanReader reader)
    {
        if (!reader.TryReadCString(6, out var serviceType) || !reader.TryReadByte(out var srcTon) || !reader.TryReadByte(out var srcNpi)
            || !reader.TryReadCString(65, out var src) || !reader.TryReadByte(out var dstTon) || !reader.TryReadByte(out var dstNpi)
            || !reader.TryReadCString(65, out var dst) || !reader.TryReadByte(out var esm) || !reader.TryReadByte(out var registered)
            || !reader.TryReadByte(out var dataCoding))
        {
            return false;
        }

        (ServiceType, SourceAddrTon, SourceAddrNpi, SourceAddr) = (serviceType, srcTon, srcNpi, src);
        (DestAddrTon, DestAddrNpi, DestinationAddr, EsmClass, RegisteredDelivery, DataCoding) = (dstTon, dstNpi, dst, esm, registered, dataCoding);
        return true;
    }
}

/// <summary>query_sm (section 4.8.1).</summary>
internal sealed class QuerySmPdu() : Pdu(CommandId.QuerySm)
{
    public string MessageId { get; set; } = string.Empty;

    public byte SourceAddrTon { get; set; }

    public byte SourceAddrNpi { get; set; }

    public string SourceAddr { get; set; } = string.Empty;

    internal override int BodyLength => SpanWriter.CStringLength(MessageId) + 2 + SpanWriter.CStringLength(SourceAddr);

    internal override void WriteBody(ref SpanWriter writer)
    {
        writer.WriteCString(MessageId);
        writer.WriteByte(SourceAddrTon);
        writer.WriteByte(SourceAddrNpi);
        writer.WriteCString(SourceAddr);
    }

    internal override bool TryReadBody(ref SpanReader reader)
    {
        if (!reader.TryReadCString(65, out var id) || !reader.TryReadByte(out var ton) || !reader.TryReadByte(out var npi)
            || !reader.TryReadCString(21, out var src))
        {
            return false;
        }

        (MessageId, SourceAddrTon, SourceAddrNpi, SourceAddr) = (id, ton, npi, src);
        return true;
    }
}

/// <summary>query_sm_resp (section 4.8.2).</summary>
internal sealed class QuerySmResponsePdu() : Pdu(CommandId.QuerySmResp)
{
    public string MessageId { get; set; } = string.Empty;

    public string FinalDate { get; set; } = string.Empty;

    public byte MessageState { get; set; }

    public byte ErrorCode { get; set; }

    internal override int BodyLength => SpanWriter.CStringLength(MessageId) + SpanWriter.CStringLength(FinalDate) + 2;

    internal override void WriteBody(ref SpanWriter writer)
    {
        writer.WriteCString(MessageId);
        writer.WriteCString(FinalDate);
        writer.WriteByte(MessageState);
        writer.WriteByte(ErrorCode);
    }

    internal override bool TryReadBody(ref SpanReader reader)
    {
        if (!reader.TryReadCString(65, out var id) || !reader.TryReadCString(17, out var finalDate)
            || !reader.TryReadByte(out var state) || !reader.TryReadByte(out var error))
        {
            return false;
        }

        (MessageId, FinalDate, MessageState, ErrorCode) = (id, finalDate, state, error);
        return true;
    }
}

/// <summary>cancel_sm (section 4.9.1).</summary>
internal sealed class CancelSmPdu() : Pdu(CommandId.CancelSm)
{
    public string ServiceType { get; set; } = string.Empty;

    public string MessageId { get; set; } = string.Empty;

    public byte SourceAddrTon { get; set; }

    public byte SourceAddrNpi { get; set; }

    public string SourceAddr { get; set; } = string.Empty;

    public byte DestAddrTon { get; set; }

    public byte DestAddrNpi { get; set; }

    public string DestinationAddr { get; set; } = string.Empty;

    internal override int BodyLength => SpanWriter.CStringLength(ServiceType) + SpanWriter.CStringLength(MessageId)
        + 2 + SpanWriter.CStringLength(SourceAddr) + 2 + SpanWriter.CStringLength(DestinationAddr);

    internal override void WriteBody(ref SpanWriter writer)
    {
        writer.WriteCString(ServiceType);
        writer.WriteCString(MessageId);
        writer.WriteByte(SourceAddrTon);
        writer.WriteByte(SourceAddrNpi);
        writer.WriteCString(SourceAddr);
        writer.WriteByte(DestAddrTon);
        writer.WriteByte(DestAddrNpi);
        writer.WriteCString(DestinationAddr);
    }

    internal override bool TryReadBody(ref SpanReader reader)
    {
        if (!reader.TryReadCString(6, out var serviceType) || !reader.TryReadCString(65, out var id)
            || !reader.TryReadByte(out var srcTon) || !reader.TryReadByte(out var srcNpi) || !reader.TryReadCString(21, out var src)
            || !reader.TryReadByte(out var dstTon) || !reader.TryReadByte(out var dstNpi) || !reader.TryReadCString(21, out var dst))
        {
            return false;
        }

        (ServiceType, MessageId, SourceAddrTon, SourceAddrNpi, SourceAddr) = (serviceType, id, srcTon, srcNpi, src);
        (DestAddrTon, DestAddrNpi, DestinationAddr) = (dstTon, dstNpi, dst);
        return true;
    }
}

/// <summary>replace_sm (section 4.10.1).</summary>
internal sealed class ReplaceSmPdu() : Pdu(CommandId.ReplaceSm)
{
    public string MessageId { get; set; } = string.Empty;

    public byte SourceAddrTon { get; set; }

    public byte SourceAddrNpi { get; set; }

    public string SourceAddr { get; set; } = string.Empty;

    public string ScheduleDeliveryTime { get; set; } = string.Empty;

    public string ValidityPeriod { get; set; } = string.Empty;

    public byte RegisteredDelivery { get; set; }

    public byte SmDefaultMsgId { get; set; }

    public ReadOnlyMemory<byte> ShortMessage { get; set; }

    internal override int BodyLength => SpanWriter.CStringLength(MessageId) + 2 + SpanWriter.CStringLength(SourceAddr)
        + SpanWriter.CStringLength(ScheduleDeliveryTime) + SpanWriter.CStringLength(ValidityPeriod) + 3 + ShortMessage.Length;

    internal override void WriteBody(ref SpanWriter writer)
    {
        writer.WriteCString(MessageId);
        writer.WriteByte(SourceAddrTon);
        writer.WriteByte(SourceAddrNpi);
        writer.WriteCString(SourceAddr);
        writer.WriteCString(ScheduleDeliveryTime);
        writer.WriteCString(ValidityPeriod);
        writer.WriteByte(RegisteredDelivery);
        writer.WriteByte(SmDefaultMsgId);
        writer.WriteByte((byte)ShortMessage.Length);
        writer.WriteBytes(ShortMessage.Span);
    }

    internal override bool TryReadBody(ref SpanReader reader)
    {
        if (!reader.TryReadCString(65, out var id) || !reader.TryReadByte(out var ton) || !reader.TryReadByte(out var npi)
            || !reader.TryReadCString(21, out var src) || !reader.TryReadCString(17, out var schedule)
            || !reader.TryReadCString(17, out var validity) || !reader.TryReadByte(out var registered)
            || !reader.TryReadByte(out var defaultMsgId) || !reader.TryReadByte(out var smLength) || !reader.TryReadBytes(smLength, out var sm))
        {
            return false;
        }

        (MessageId, SourceAddrTon, SourceAddrNpi, SourceAddr) = (id, ton, npi, src);
        (ScheduleDeliveryTime, ValidityPeriod, RegisteredDelivery, SmDefaultMsgId) = (schedule, validity, registered, defaultMsgId);
        ShortMessage = sm.ToArray();
        return true;
    }
}

/// <summary>alert_notification (section 4.12.1).</summary>
internal sealed class AlertNotificationPdu() : Pdu(CommandId.AlertNotification)
{
    public byte SourceAddrTon { get; set; }

    public byte SourceAddrNpi { get; set; }

    public string SourceAddr { get; set; } = string.Empty;

    public byte EsmeAddrTon { get; set; }

    public byte EsmeAddrNpi { get; set; }

    public string EsmeAddr { get; set; } = string.Empty;

    internal override int BodyLength => 2 + SpanWriter.CStringLength(SourceAddr) + 2 + SpanWriter.CStringLength(EsmeAddr);

    internal override void WriteBody(ref SpanWriter writer)
    {
        writer.WriteByte(SourceAddrTon);
        writer.WriteByte(SourceAddrNpi);
        writer.WriteCString(SourceAddr);
        writer.WriteByte(EsmeAddrTon);
        writer.WriteByte(EsmeAddrNpi);
        writer.WriteCString(EsmeAddr);
    }

    internal override bool TryReadBody(ref SpanReader reader)
    {
        if (!reader.TryReadByte(out var srcTon) || !reader.TryReadByte(out var srcNpi) || !reader.TryReadCString(65, out var src)
            || !reader.TryReadByte(out var esmeTon) || !reader.TryReadByte(out var esmeNpi) || !reader.TryReadCString(65, out var esme))
        {
            return false;
        }

        (SourceAddrTon, SourceAddrNpi, SourceAddr, EsmeAddrTon, EsmeAddrNpi, EsmeAddr) = (srcTon, srcNpi, src, esmeTon, esmeNpi, esme);
        return true;
    }
}
