using Messaging.Sdk.Sms.Encoding;

namespace Messaging.Sdk.Sms.Pdu;

/// <summary>
/// Decodes 3GPP TS 23.040 PDUs as modems report them (+CMGR, +CMT, +CDS, +CMGL in PDU mode): SMS-DELIVER,
/// SMS-STATUS-REPORT and SMS-SUBMIT. The TP-MTI decides the type as a phone sees it: 00 DELIVER, 01 SUBMIT
/// (a stored outgoing message), 10 STATUS-REPORT.
/// </summary>
public static class SmsPduDecoder
{
    /// <summary>Decodes a PDU given in hex.</summary>
    /// <param name="hex">The PDU in hex (either case; surrounding white space ignored).</param>
    /// <param name="hasServiceCenterAddress">True (the default) when the PDU starts with the SMSC field, as AT commands give it.</param>
    /// <returns>An <see cref="SmsDeliverPdu"/>, <see cref="SmsStatusReportPdu"/> or <see cref="SmsSubmitPdu"/>.</returns>
    /// <exception cref="SmsFormatException">The hex or the PDU is malformed; <see cref="SmsFormatException.Offset"/> is the octet offset.</exception>
    public static SmsPdu Decode(string hex, bool hasServiceCenterAddress = true)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var text = hex.AsSpan().Trim();
        if ((text.Length & 1) != 0)
        {
            throw new SmsFormatException($"The hex PDU has an odd number of digits ({text.Length}).", text.Length / 2);
        }

        var bytes = new byte[text.Length / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            var high = HexValue(text[2 * i]);
            var low = HexValue(text[(2 * i) + 1]);
            if (high < 0 || low < 0)
            {
                throw new SmsFormatException($"'{text.Slice(2 * i, 2)}' is not a hex octet.", i);
            }

            bytes[i] = (byte)((high << 4) | low);
        }

        return Decode(bytes, hasServiceCenterAddress);
    }

    /// <summary>Decodes a PDU.</summary>
    /// <param name="pdu">The octets.</param>
    /// <param name="hasServiceCenterAddress">True (the default) when the PDU starts with the SMSC field.</param>
    /// <returns>An <see cref="SmsDeliverPdu"/>, <see cref="SmsStatusReportPdu"/> or <see cref="SmsSubmitPdu"/>.</returns>
    /// <exception cref="SmsFormatException">The PDU is malformed; <see cref="SmsFormatException.Offset"/> is the octet offset.</exception>
    public static SmsPdu Decode(ReadOnlySpan<byte> pdu, bool hasServiceCenterAddress = true)
    {
        var reader = new PduReader(pdu);
        var sca = hasServiceCenterAddress ? SmsPduAddress.Read(ref reader, serviceCenter: true, "SMSC address") : null;
        var firstOffset = reader.Position;
        var first = reader.ReadByte("the first octet");
        return (first & 0x03) switch
        {
            0 => ReadDeliver(ref reader, first, sca),
            1 => ReadSubmit(ref reader, first, sca),
            2 => ReadStatusReport(ref reader, first, sca),
            _ => throw new SmsFormatException("TP-MTI 11 is reserved.", firstOffset),
        };
    }

    /// <summary>
    /// Maps TP-ST (23.040 9.2.3.15) to a <see cref="DeliveryState"/>: 0x00-0x1F delivered (0x01 forwarded unconfirmed,
    /// 0x02 replaced, SC-specific values); 0x20-0x3F still trying (<see cref="DeliveryState.Enroute"/>); 0x46 validity
    /// period expired (<see cref="DeliveryState.Expired"/>); 0x47 / 0x48 deleted by the sender or the SC
    /// (<see cref="DeliveryState.Deleted"/>); other 0x40-0x7F permanent errors or temporary errors no longer retried
    /// (<see cref="DeliveryState.Undeliverable"/>); 0x80 and above reserved (<see cref="DeliveryState.Unknown"/>).
    /// </summary>
    /// <param name="status">TP-ST.</param>
    /// <returns>The state.</returns>
    public static DeliveryState MapStatus(byte status) => status switch
    {
        <= 0x1F => DeliveryState.Delivered,
        <= 0x3F => DeliveryState.Enroute,
        0x46 => DeliveryState.Expired,
        0x47 or 0x48 => DeliveryState.Deleted,
        <= 0x7F => DeliveryState.Undeliverable,
        _ => DeliveryState.Unknown,
    };

    private static SmsDeliverPdu ReadDeliver(ref PduReader reader, byte first, SmsPduAddress? sca)
    {
        var oa = SmsPduAddress.Read(ref reader, serviceCenter: false, "TP-OA")!;
        var pid = reader.ReadByte("TP-PID");
        var dcs = reader.ReadByte("TP-DCS");
        var scts = SmsPduTimestamp.Read(ref reader, "TP-SCTS");
        var userData = ReadUserData(ref reader, dcs, (first & 0x40) != 0);
        return new SmsDeliverPdu
        {
            ServiceCenterAddress = sca,
            OriginatingAddress = oa,
            MoreMessagesToSend = (first & 0x04) == 0,
            StatusReportIndication = (first & 0x20) != 0,
            ReplyPath = (first & 0x80) != 0,
            ProtocolIdentifier = pid,
            DataCodingScheme = dcs,
            ServiceCenterTimestamp = scts,
            UserData = userData,
        };
    }

    private static SmsSubmitPdu ReadSubmit(ref PduReader reader, byte first, SmsPduAddress? sca)
    {
        var mr = reader.ReadByte("TP-MR");
        var da = SmsPduAddress.Read(ref reader, serviceCenter: false, "TP-DA")!;
        var pid = reader.ReadByte("TP-PID");
        var dcs = reader.ReadByte("TP-DCS");
        TimeSpan? validity = null;
        switch ((first >> 3) & 0x03)
        {
            case 2:
                validity = SmsPduEncoder.DecodeRelativeValidity(reader.ReadByte("TP-VP"));
                break;
            case 1:
                reader.ReadBytes(7, "TP-VP (enhanced)"); // enhanced format: skipped, not exposed
                break;
            case 3:
                _ = SmsPduTimestamp.Read(ref reader, "TP-VP (absolute)"); // an absolute expiry time: checked, not exposed
                break;
            default:
                break;
        }

        var udlOffset = reader.Position;
        var udl = reader.ReadByte("TP-UDL");
        var decoded = DecodeUserData(ref reader, udl, udlOffset, dcs, (first & 0x40) != 0, out var raw);
        return new SmsSubmitPdu
        {
            ServiceCenterAddress = sca,
            DestinationAddress = da,
            MessageReference = mr,
            RejectDuplicates = (first & 0x04) != 0,
            StatusReportRequest = (first & 0x20) != 0,
            ReplyPath = (first & 0x80) != 0,
            ValidityPeriod = validity,
            ProtocolIdentifier = pid,
            DataCodingScheme = dcs,
            HasUserDataHeader = (first & 0x40) != 0,
            UserDataLength = udl,
            UserData = raw,
            DecodedUserData = decoded,
        };
    }

    private static SmsStatusReportPdu ReadStatusReport(ref PduReader reader, byte first, SmsPduAddress? sca)
    {
        var mr = reader.ReadByte("TP-MR");
        var ra = SmsPduAddress.Read(ref reader, serviceCenter: false, "TP-RA")!;
        var scts = SmsPduTimestamp.Read(ref reader, "TP-SCTS");
        var dt = SmsPduTimestamp.Read(ref reader, "TP-DT");
        var st = reader.ReadByte("TP-ST");

        // TP-PI and the optional PID / DCS / UD after it are not exposed; a report's meaning is in TP-ST.
        return new SmsStatusReportPdu
        {
            ServiceCenterAddress = sca,
            MessageReference = mr,
            RecipientAddress = ra,
            ServiceCenterTimestamp = scts,
            DischargeTime = dt,
            Status = st,
            IsCommandReport = (first & 0x20) != 0,
        };
    }

    private static SmsDecodedUserData ReadUserData(ref PduReader reader, byte dcs, bool hasHeader)
    {
        var udlOffset = reader.Position;
        var udl = reader.ReadByte("TP-UDL");
        return DecodeUserData(ref reader, udl, udlOffset, dcs, hasHeader, out _);
    }

    private static SmsDecodedUserData DecodeUserData(ref PduReader reader, int udl, int udlOffset, byte dcs, bool hasHeader, out byte[] raw)
    {
        var gsm = SmsDataCoding.FromDataCodingScheme(dcs) == SmsAlphabet.Gsm7;
        if (gsm ? udl > 160 : udl > 140)
        {
            throw new SmsFormatException($"TP-UDL {udl} exceeds the maximum of {(gsm ? 160 : 140)}.", udlOffset);
        }

        var start = reader.Position;
        var octets = gsm ? Gsm7.GetPackedLength(udl) : udl;
        var data = reader.ReadBytes(octets, "TP-UD");
        raw = data.ToArray();
        return SmsUserDataDecoder.DecodeTpdu(data, udl, dcs, hasHeader, start);
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
