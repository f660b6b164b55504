namespace Messaging.Sdk.GsmModem;

/// <summary>Receives what a modem reports on its own: status reports and incoming messages, as raw 23.040 PDUs.</summary>
internal interface IModemEventSink
{
    /// <summary>An SMS-STATUS-REPORT TPDU (without the SMSC field).</summary>
    ValueTask OnStatusReportAsync(ModemConnection modem, byte[] tpdu, CancellationToken cancellationToken);

    /// <summary>An SMS-DELIVER TPDU (without the SMSC field).</summary>
    ValueTask OnIncomingAsync(ModemConnection modem, byte[] tpdu, CancellationToken cancellationToken);
}
