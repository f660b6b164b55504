using Messaging.Sdk.Smpp.Pdus;

namespace Messaging.Sdk.Smpp.Session;

/// <summary>Receives the SMSC's deliver_sm and data_sm.</summary>
internal interface ISmppInboundHandler
{
    /// <summary>
    /// Takes a deliver_sm (<see cref="ShortMessagePdu"/>) or data_sm (<see cref="DataSmPdu"/>) from the read loop, which it
    /// must not block. The handler answers through <paramref name="reply"/> once: at once when it cannot take the PDU, or
    /// when the PDU has been taken care of, so that the SMSC believes delivered only what was.
    /// </summary>
    void OnInbound(Pdu pdu, InboundReply reply);
}

/// <summary>Writes the deliver_sm_resp / data_sm_resp of one inbound PDU, on the link it came from, whenever its handling ends.</summary>
internal sealed class InboundReply
{
    private readonly SmppSession _session;
    private readonly CommandId _response;
    private readonly uint _sequence;
    private int _sent;

    internal InboundReply(SmppSession session, CommandId response, uint sequence)
    {
        _session = session;
        _response = response;
        _sequence = sequence;
    }

    /// <summary>Whether the response was written (or given up because the link had closed).</summary>
    public bool IsSent => Volatile.Read(ref _sent) != 0;

    /// <summary>Answers with <paramref name="status"/>; later calls do nothing. When the link has closed meanwhile nothing is
    /// written, and the SMSC delivers the PDU again on another link, as it does for any unanswered deliver_sm.</summary>
    public void Send(SmppCommandStatus status)
    {
        if (Interlocked.Exchange(ref _sent, 1) == 0)
        {
            _session.WriteInboundResponse(_response, status, _sequence);
        }
    }
}
