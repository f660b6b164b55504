using Messaging.Sdk.Smpp.Pdus;

namespace Messaging.Sdk.Smpp.Session;

/// <summary>Receives the SMSC's deliver_sm and data_sm; the returned status goes into the response.</summary>
internal interface ISmppInboundHandler
{
    /// <summary>Handles a deliver_sm (<see cref="ShortMessagePdu"/>) or data_sm (<see cref="DataSmPdu"/>); must not block the read loop for long.</summary>
    SmppCommandStatus OnInbound(Pdu pdu);
}
