namespace Messaging.Sdk.GsmModem;

/// <summary>The seam between the modem transport and the SDK's 23.040 PDU codec: the transport never encodes text itself.</summary>
internal interface IModemPduCodec
{
    /// <summary>Encodes a message as one SMS-SUBMIT per segment (concatenation UDH when more than one), TP-SRR set when asked.</summary>
    IReadOnlyList<ModemSubmitPdu> EncodeSubmit(SmsMessage message, bool requestStatusReport);

    /// <summary>Decodes an SMS-STATUS-REPORT TPDU (without SMSC field).</summary>
    ModemStatusReport DecodeStatusReport(byte[] tpdu);

    /// <summary>Decodes an SMS-DELIVER TPDU (without SMSC field).</summary>
    ModemDeliver DecodeDeliver(byte[] tpdu);
}

/// <summary>One SMS-SUBMIT as AT+CMGS takes it: hex with a leading SMSC field, and the TPDU length in octets (SMSC field excluded).</summary>
internal readonly record struct ModemSubmitPdu(string Hex, int TpduLength);

/// <summary>The fields of an SMS-STATUS-REPORT the transport needs.</summary>
internal sealed record ModemStatusReport(int MessageReference, string Recipient, DateTimeOffset? SubmittedAt, DateTimeOffset? DoneAt, int Status);

/// <summary>The fields of an SMS-DELIVER the transport needs; <see cref="ConcatReference"/> is set for one part of a concatenated message.</summary>
internal sealed record ModemDeliver(string Originator, string Text, DateTimeOffset? Timestamp, int? ConcatReference = null, int ConcatTotal = 1, int ConcatSequence = 1);
