using Messaging.Sdk.Sms.Encoding;
using Messaging.Sdk.Sms.Pdu;

namespace Messaging.Sdk.GsmModem;

/// <summary>Connects the modem transport to the SDK's text engine and 23.040 codec (<see cref="SmsPduEncoder"/>, <see cref="SmsPduDecoder"/>).</summary>
internal sealed class SmsPduCodecAdapter : IModemPduCodec
{
    public IReadOnlyList<ModemSubmitPdu> EncodeSubmit(SmsMessage message, bool requestStatusReport)
    {
        var template = new SmsSubmitPdu
        {
            DestinationAddress = SmsPduAddress.FromPhoneNumber(message.To!),
            StatusReportRequest = requestStatusReport,
            ValidityPeriod = message.ValidityPeriod,
        };
        var pdus = SmsPduEncoder.EncodeText(message.Text, template, new SmsEncodingOptions { Hint = message.Encoding });
        return [.. pdus.Select(p => new ModemSubmitPdu(p.Hex, p.TpduLength))];
    }

    public ModemStatusReport DecodeStatusReport(byte[] tpdu)
        => SmsPduDecoder.Decode(tpdu, hasServiceCenterAddress: false) is SmsStatusReportPdu report
            ? new ModemStatusReport(report.MessageReference, report.RecipientAddress.ToString(), report.ServiceCenterTimestamp, report.DischargeTime, report.Status)
            : throw new FormatException("The modem signalled a status report, but the PDU is not an SMS-STATUS-REPORT.");

    public ModemDeliver DecodeDeliver(byte[] tpdu)
    {
        if (SmsPduDecoder.Decode(tpdu, hasServiceCenterAddress: false) is not SmsDeliverPdu deliver)
        {
            throw new FormatException("The modem signalled an incoming message, but the PDU is not an SMS-DELIVER.");
        }

        var concat = deliver.UserData.Concatenation;
        return concat is { Total: > 1 } c
            ? new ModemDeliver(deliver.OriginatingAddress.ToString(), deliver.Text, deliver.ServiceCenterTimestamp, c.Reference, c.Total, c.Sequence)
            : new ModemDeliver(deliver.OriginatingAddress.ToString(), deliver.Text, deliver.ServiceCenterTimestamp);
    }
}
