namespace Messaging.Sdk.Smpp;

/// <summary>The SMSC's answer to query_sm (<see cref="SmppSmsSender.QueryAsync"/>).</summary>
/// <param name="Status">The command_status; anything but <see cref="SmppCommandStatus.Ok"/> means the query failed (for example ESME_RQUERYFAIL, ESME_RINVMSGID).</param>
/// <param name="State">The message_state, when the query succeeded.</param>
/// <param name="FinalDate">The final_date text (SMPP time format), empty while the message is not final.</param>
/// <param name="ErrorCode">The network error_code, 0 when none.</param>
public sealed record SmppMessageQuery(SmppCommandStatus Status, DeliveryState? State, string FinalDate, int ErrorCode);
