using Messaging.Sdk.Sms.Encoding;

namespace Messaging.Sdk.Sms.Pdu;

/// <summary>A 3GPP TS 23.040 SMS TPDU, with the service centre address that AT+CMGS / +CMGR / +CMT / +CDS carry before it.</summary>
public abstract record SmsPdu
{
    /// <summary>The service centre (SMSC) address, or <see langword="null"/> for an empty field (the modem's configured SMSC).</summary>
    public SmsPduAddress? ServiceCenterAddress { get; init; }
}

/// <summary>An SMS-SUBMIT (23.040 9.2.2.2): a message from the phone to the network. Build one to encode it with <see cref="SmsPduEncoder"/>.</summary>
public sealed record SmsSubmitPdu : SmsPdu
{
    /// <summary>The recipient (TP-DA). Required.</summary>
    public required SmsPduAddress DestinationAddress { get; init; }

    /// <summary>TP-MR, the message reference.</summary>
    /// <value>The default is 0; most modems assign their own and report it in <c>+CMGS: &lt;mr&gt;</c>.</value>
    public byte MessageReference { get; init; }

    /// <summary>TP-RD: ask the SMSC to reject a duplicate (same TP-MR and TP-DA) still held there.</summary>
    public bool RejectDuplicates { get; init; }

    /// <summary>TP-SRR: request a status report.</summary>
    public bool StatusReportRequest { get; init; }

    /// <summary>TP-RP: a reply path is set.</summary>
    public bool ReplyPath { get; init; }

    /// <summary>The validity period, sent in the relative format (TP-VPF 10), or <see langword="null"/> for none (TP-VPF 00).</summary>
    /// <value>5 minutes to 441 days. It is rounded up to the next value the format can express (5-minute steps to 12 h, 30-minute steps to 24 h, days to 30 days, then weeks).</value>
    public TimeSpan? ValidityPeriod { get; init; }

    /// <summary>TP-PID. The default is 0 (plain SME-to-SME).</summary>
    public byte ProtocolIdentifier { get; init; }

    /// <summary>TP-DCS: 0x00 GSM 7-bit, 0x04 8-bit, 0x08 UCS-2 (see <see cref="SmsDataCoding"/>).</summary>
    public byte DataCodingScheme { get; init; }

    /// <summary>TP-UDHI: the user data starts with a user data header.</summary>
    public bool HasUserDataHeader { get; init; }

    /// <summary>TP-UDL: septets for GSM 7-bit (header and fill bits included), octets otherwise.</summary>
    public int UserDataLength { get; init; }

    /// <summary>TP-UD, as <see cref="SmsSegments.Encode"/> produces it with <see cref="SmsUserDataFormat.Tpdu"/>.</summary>
    public ReadOnlyMemory<byte> UserData { get; init; }

    /// <summary>The decoded user data, when this PDU was decoded; <see langword="null"/> when built for encoding.</summary>
    public SmsDecodedUserData? DecodedUserData { get; init; }
}

/// <summary>An SMS-DELIVER (23.040 9.2.2.1): a message from the network to the phone.</summary>
public sealed record SmsDeliverPdu : SmsPdu
{
    /// <summary>The sender (TP-OA): a number or an alphanumeric id.</summary>
    public required SmsPduAddress OriginatingAddress { get; init; }

    /// <summary>TP-MMS inverted: more messages are waiting at the SMSC.</summary>
    public bool MoreMessagesToSend { get; init; }

    /// <summary>TP-SRI: the sender asked for a status report.</summary>
    public bool StatusReportIndication { get; init; }

    /// <summary>TP-RP: a reply path exists.</summary>
    public bool ReplyPath { get; init; }

    /// <summary>TP-PID.</summary>
    public byte ProtocolIdentifier { get; init; }

    /// <summary>TP-DCS.</summary>
    public byte DataCodingScheme { get; init; }

    /// <summary>TP-SCTS, the time the SMSC received the message, with its time zone.</summary>
    public DateTimeOffset ServiceCenterTimestamp { get; init; }

    /// <summary>The decoded user data: header (concatenation), text.</summary>
    public required SmsDecodedUserData UserData { get; init; }

    /// <summary>The text (a shorthand for <c>UserData.Text</c>).</summary>
    public string Text => UserData.Text;
}

/// <summary>An SMS-STATUS-REPORT (23.040 9.2.2.3): the fate of a message sent with TP-SRR.</summary>
public sealed record SmsStatusReportPdu : SmsPdu
{
    /// <summary>TP-MR of the SMS-SUBMIT this reports on (the <c>+CMGS: &lt;mr&gt;</c> value).</summary>
    public byte MessageReference { get; init; }

    /// <summary>The recipient of the original message (TP-RA).</summary>
    public required SmsPduAddress RecipientAddress { get; init; }

    /// <summary>TP-SCTS: when the SMSC received the original message.</summary>
    public DateTimeOffset ServiceCenterTimestamp { get; init; }

    /// <summary>TP-DT: when the message was delivered, or when the SMSC last tried / gave up.</summary>
    public DateTimeOffset DischargeTime { get; init; }

    /// <summary>TP-ST, the raw status (23.040 9.2.3.15).</summary>
    public byte Status { get; init; }

    /// <summary>TP-SRQ: this reports on an SMS-COMMAND rather than an SMS-SUBMIT.</summary>
    public bool IsCommandReport { get; init; }

    /// <summary>The status mapped to a <see cref="DeliveryState"/> (see <see cref="SmsPduDecoder.MapStatus"/>).</summary>
    public DeliveryState State => SmsPduDecoder.MapStatus(Status);

    /// <summary>False while the SMSC is still trying (TP-ST 0x20-0x3F); true once the outcome is final.</summary>
    public bool IsFinal => Status is < 0x20 or > 0x3F;
}
