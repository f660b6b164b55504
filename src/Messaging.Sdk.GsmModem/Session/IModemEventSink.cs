namespace Messaging.Sdk.GsmModem;

/// <summary>Receives what a modem reports on its own: status reports and incoming messages, as raw 23.040 PDUs.</summary>
/// <remarks>The connection deletes a stored message from the SIM only once the sink says it was taken care of. A part of a longer
/// message is <see cref="HandOverOutcome.Held"/>: the sink keeps its <see cref="SimSlot"/> and gives it back through
/// <see cref="ModemConnection.ReleaseStoredAsync"/> once the whole message was published or given up, because the SIM, not the
/// process's memory, is what survives a restart.</remarks>
internal interface IModemEventSink
{
    /// <summary>An SMS-STATUS-REPORT TPDU (without the SMSC field); true when it was taken care of.</summary>
    /// <exception cref="UnreadablePduException">The PDU cannot be decoded; any other exception means it was not taken care of.</exception>
    ValueTask<bool> OnStatusReportAsync(ModemConnection modem, byte[] tpdu, CancellationToken cancellationToken);

    /// <summary>An SMS-DELIVER TPDU (without the SMSC field) and, when the modem stored it, where.</summary>
    /// <exception cref="UnreadablePduException">The PDU cannot be decoded; any other exception means it was not taken care of.</exception>
    ValueTask<HandOverOutcome> OnIncomingAsync(ModemConnection modem, byte[] tpdu, SimSlot? slot, CancellationToken cancellationToken);

    /// <summary>A PDU that could not be read (bad hex, a malformed PDU or user data header): the raw PDU is kept for the host.</summary>
    /// <param name="modem">The modem.</param>
    /// <param name="source">Where it came from: <c>+CMT</c>, <c>+CDS</c>, <c>+CMTI</c>, <c>+CDSI</c> or <c>+CMGL</c>.</param>
    /// <param name="pduHex">The PDU as the modem gave it (SMSC field included when the modem sent one).</param>
    /// <param name="reason">Why it could not be read.</param>
    void OnUnreadable(ModemConnection modem, string source, string pduHex, Exception reason);
}

/// <summary>What became of a PDU handed to the sink.</summary>
internal enum HandOverOutcome
{
    /// <summary>Published, or kept by the host as unreadable: a stored copy can go.</summary>
    Handled,

    /// <summary>One part of a longer message, held until the others arrive: its stored copy stays until the sink releases it.</summary>
    Held,

    /// <summary>The handlers failed (or the hand-over did): a stored copy stays, to be handed over again at the next start.</summary>
    NotHandled,
}

/// <summary>Where a message is stored on the SIM: its index and the PDU listed there, so that an index re-used by another message
/// is not mistaken for this one.</summary>
internal sealed record SimSlot(int Index, string PduHex);

/// <summary>The sink could not decode a PDU: the PDU is unreadable, as opposed to a failure of what handles it.</summary>
internal sealed class UnreadablePduException(Exception reason) : Exception(reason.Message, reason);
