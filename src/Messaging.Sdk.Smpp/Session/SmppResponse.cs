namespace Messaging.Sdk.Smpp.Session;

/// <summary>What became of one request.</summary>
internal enum ResponseOutcome
{
    /// <summary>The SMSC answered; see the status.</summary>
    Responded,

    /// <summary>Written, but no answer within the response timeout: the fate is unknown.</summary>
    TimedOut,

    /// <summary>Written, then the link dropped before the answer: the fate is unknown.</summary>
    ConnectionLost,

    /// <summary>The link was gone before the request was written: safe to send again.</summary>
    NotSent,
}

/// <summary>The answer to one request: status and the message_id (or system_id for a bind).</summary>
internal readonly record struct SmppResponse(ResponseOutcome Outcome, SmppCommandStatus Status, string MessageId, Messaging.Sdk.Smpp.Pdus.Pdu? Body = null)
{
    public static readonly SmppResponse NotSent = new(ResponseOutcome.NotSent, SmppCommandStatus.Ok, string.Empty);

    public bool IsOk => Outcome == ResponseOutcome.Responded && Status == SmppCommandStatus.Ok;
}
