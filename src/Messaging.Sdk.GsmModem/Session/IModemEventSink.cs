namespace Messaging.Sdk.GsmModem;

/// <summary>Receives what a modem reports on its own: status reports and incoming messages, as raw 23.040 PDUs.</summary>
/// <remarks>The connection deletes a stored message from the SIM only once the sink says it was taken care of.</remarks>
internal interface IModemEventSink
{
    /// <summary>An SMS-STATUS-REPORT TPDU (without the SMSC field); true when it was taken care of.</summary>
    /// <exception cref="Messaging.Sdk.Sms.Encoding.SmsFormatException">The PDU cannot be decoded (or another exception: the PDU is then <see cref="OnUnreadable"/>).</exception>
    ValueTask<bool> OnStatusReportAsync(ModemConnection modem, byte[] tpdu, CancellationToken cancellationToken);

    /// <summary>An SMS-DELIVER TPDU (without the SMSC field); true when it was taken care of (published, or held as one part of a longer message).</summary>
    ValueTask<bool> OnIncomingAsync(ModemConnection modem, byte[] tpdu, CancellationToken cancellationToken);

    /// <summary>A PDU that could not be read (bad hex, a malformed PDU or user data header): the raw PDU is kept for the host.</summary>
    /// <param name="modem">The modem.</param>
    /// <param name="source">Where it came from: <c>+CMT</c>, <c>+CDS</c>, <c>+CMTI</c>, <c>+CDSI</c> or <c>+CMGL</c>.</param>
    /// <param name="pduHex">The PDU as the modem gave it (SMSC field included when the modem sent one).</param>
    /// <param name="reason">Why it could not be read.</param>
    void OnUnreadable(ModemConnection modem, string source, string pduHex, Exception reason);
}
