namespace Messaging.Sdk.Smpp.Pdus;

/// <summary>The SMPP 3.4 standard optional parameter tags (section 5.3.2).</summary>
internal enum TlvTag : ushort
{
    DestAddrSubunit = 0x0005,
    DestNetworkType = 0x0006,
    DestBearerType = 0x0007,
    DestTelematicsId = 0x0008,
    SourceAddrSubunit = 0x000D,
    SourceNetworkType = 0x000E,
    SourceBearerType = 0x000F,
    SourceTelematicsId = 0x0010,
    QosTimeToLive = 0x0017,
    PayloadType = 0x0019,
    AdditionalStatusInfoText = 0x001D,
    ReceiptedMessageId = 0x001E,
    MsMsgWaitFacilities = 0x0030,
    PrivacyIndicator = 0x0201,
    SourceSubaddress = 0x0202,
    DestSubaddress = 0x0203,
    UserMessageReference = 0x0204,
    UserResponseCode = 0x0205,
    SourcePort = 0x020A,
    DestinationPort = 0x020B,
    SarMsgRefNum = 0x020C,
    LanguageIndicator = 0x020D,
    SarTotalSegments = 0x020E,
    SarSegmentSeqnum = 0x020F,
    ScInterfaceVersion = 0x0210,
    CallbackNumPresInd = 0x0302,
    CallbackNumAtag = 0x0303,
    NumberOfMessages = 0x0304,
    CallbackNum = 0x0381,
    DpfResult = 0x0420,
    SetDpf = 0x0421,
    MsAvailabilityStatus = 0x0422,
    NetworkErrorCode = 0x0423,
    MessagePayload = 0x0424,
    DeliveryFailureReason = 0x0425,
    MoreMessagesToSend = 0x0426,
    MessageState = 0x0427,
    UssdServiceOp = 0x0501,
    DisplayTime = 0x1201,
    SmsSignal = 0x1203,
    MsValidity = 0x1204,
    AlertOnMessageDelivery = 0x130C,
    ItsReplyType = 0x1380,
    ItsSessionInfo = 0x1383,
}

/// <summary>The value type of a standard TLV, used to check lengths and to read values.</summary>
internal enum TlvValueType
{
    OctetString,
    CString,
    UInt8,
    UInt16,
    UInt32,
    Empty,
    NetworkErrorCode,
}

internal static class TlvTags
{
    public static TlvValueType ValueType(TlvTag tag) => tag switch
    {
        TlvTag.AdditionalStatusInfoText or TlvTag.ReceiptedMessageId => TlvValueType.CString,
        TlvTag.DestTelematicsId or TlvTag.UserMessageReference or TlvTag.SourcePort or TlvTag.DestinationPort
            or TlvTag.SarMsgRefNum or TlvTag.SmsSignal or TlvTag.ItsSessionInfo => TlvValueType.UInt16,
        TlvTag.QosTimeToLive => TlvValueType.UInt32,
        TlvTag.AlertOnMessageDelivery => TlvValueType.Empty,
        TlvTag.NetworkErrorCode => TlvValueType.NetworkErrorCode,
        TlvTag.SourceSubaddress or TlvTag.DestSubaddress or TlvTag.CallbackNumAtag or TlvTag.CallbackNum
            or TlvTag.MessagePayload => TlvValueType.OctetString,
        _ when Enum.IsDefined(tag) => TlvValueType.UInt8,
        _ => TlvValueType.OctetString,
    };
}

/// <summary>One optional parameter as it came off the wire; unknown tags are kept as they are.</summary>
internal readonly record struct Tlv(ushort Tag, ReadOnlyMemory<byte> Value)
{
    public Tlv(TlvTag tag, ReadOnlyMemory<byte> value) : this((ushort)tag, value) { }

    public static Tlv FromByte(TlvTag tag, byte value) => new(tag, new[] { value });

    public static Tlv FromUInt16(TlvTag tag, ushort value) => new(tag, new[] { (byte)(value >> 8), (byte)value });

    public static Tlv FromCString(TlvTag tag, string value)
    {
        var bytes = new byte[value.Length + 1];
        System.Text.Encoding.Latin1.GetBytes(value, bytes);
        return new(tag, bytes);
    }
}

/// <summary>Typed access to a PDU's TLVs.</summary>
internal static class TlvListExtensions
{
    public static Tlv? Find(this List<Tlv>? tlvs, TlvTag tag)
    {
        if (tlvs is null)
        {
            return null;
        }

        foreach (var tlv in tlvs)
        {
            if (tlv.Tag == (ushort)tag)
            {
                return tlv;
            }
        }

        return null;
    }

    public static byte? GetByte(this List<Tlv>? tlvs, TlvTag tag)
        => tlvs.Find(tag) is { Value.Length: 1 } t ? t.Value.Span[0] : null;

    public static ushort? GetUInt16(this List<Tlv>? tlvs, TlvTag tag)
        => tlvs.Find(tag) is { Value.Length: 2 } t ? (ushort)((t.Value.Span[0] << 8) | t.Value.Span[1]) : null;

    public static uint? GetUInt32(this List<Tlv>? tlvs, TlvTag tag)
        => tlvs.Find(tag) is { Value.Length: 4 } t ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(t.Value.Span) : null;

    /// <summary>Reads a C-octet string TLV; tolerates a missing terminator, which some SMSCs omit.</summary>
    public static string? GetCString(this List<Tlv>? tlvs, TlvTag tag)
    {
        if (tlvs.Find(tag) is not { } t)
        {
            return null;
        }

        var span = t.Value.Span;
        var nul = span.IndexOf((byte)0);
        return System.Text.Encoding.Latin1.GetString(nul >= 0 ? span[..nul] : span);
    }

    public static ReadOnlyMemory<byte>? GetBytes(this List<Tlv>? tlvs, TlvTag tag) => tlvs.Find(tag)?.Value;
}
