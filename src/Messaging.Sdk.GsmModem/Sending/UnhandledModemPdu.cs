namespace Messaging.Sdk.GsmModem;

/// <summary>An incoming PDU the GSM modem sender could not turn into an <see cref="IncomingSms"/> or a <see cref="DeliveryReport"/>:
/// kept, with the raw PDU, so that nothing the network sent disappears without a trace (<see cref="GsmModemSmsSender.UnhandledPdus"/>).</summary>
/// <param name="Modem">The modem (channel) name.</param>
/// <param name="Source">How the modem handed it over: <c>+CMT</c>, <c>+CDS</c>, <c>+CMTI</c>, <c>+CDSI</c>, <c>+CMGL</c> (read at start), or
/// <c>partial</c> for one part of a concatenated message whose other parts never came.</param>
/// <param name="PduHex">The PDU in hex as the modem gave it (for <c>partial</c>: the part's TPDU, without SMSC field).</param>
/// <param name="Reason">Why it was not handed over: the decoder's message, or which parts were missing.</param>
/// <param name="At">When it was given up on (the sender's <see cref="TimeProvider"/>).</param>
public sealed record UnhandledModemPdu(string Modem, string Source, string PduHex, string Reason, DateTimeOffset At)
{
    /// <summary>A description without the PDU (which holds the message text), safe to log.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"UnhandledModemPdu {{ Modem = {Modem}, Source = {Source}, Octets = {PduHex.Length / 2}, Reason = {Reason}, At = {At:O} }}";
}
