namespace Messaging.Sdk.Smpp;

/// <summary>SMPP 3.4 command_status values (section 5.1.3); <see cref="SmppCommandStatuses.Name"/> gives the spec's ESME_R* name.</summary>
public enum SmppCommandStatus : uint
{
    /// <summary>ESME_ROK: no error.</summary>
    Ok = 0x00,
    /// <summary>ESME_RINVMSGLEN: message length is invalid.</summary>
    InvalidMessageLength = 0x01,
    /// <summary>ESME_RINVCMDLEN: command length is invalid.</summary>
    InvalidCommandLength = 0x02,
    /// <summary>ESME_RINVCMDID: invalid command id.</summary>
    InvalidCommandId = 0x03,
    /// <summary>ESME_RINVBNDSTS: incorrect bind status for the command.</summary>
    InvalidBindStatus = 0x04,
    /// <summary>ESME_RALYBND: already bound.</summary>
    AlreadyBound = 0x05,
    /// <summary>ESME_RINVPRTFLG: invalid priority flag.</summary>
    InvalidPriorityFlag = 0x06,
    /// <summary>ESME_RINVREGDLVFLG: invalid registered_delivery flag.</summary>
    InvalidRegisteredDeliveryFlag = 0x07,
    /// <summary>ESME_RSYSERR: system error.</summary>
    SystemError = 0x08,
    /// <summary>ESME_RINVSRCADR: invalid source address.</summary>
    InvalidSourceAddress = 0x0A,
    /// <summary>ESME_RINVDSTADR: invalid destination address.</summary>
    InvalidDestinationAddress = 0x0B,
    /// <summary>ESME_RINVMSGID: invalid message id.</summary>
    InvalidMessageId = 0x0C,
    /// <summary>ESME_RBINDFAIL: bind failed.</summary>
    BindFailed = 0x0D,
    /// <summary>ESME_RINVPASWD: invalid password.</summary>
    InvalidPassword = 0x0E,
    /// <summary>ESME_RINVSYSID: invalid system_id.</summary>
    InvalidSystemId = 0x0F,
    /// <summary>ESME_RCANCELFAIL: cancel_sm failed.</summary>
    CancelFailed = 0x11,
    /// <summary>ESME_RREPLACEFAIL: replace_sm failed.</summary>
    ReplaceFailed = 0x13,
    /// <summary>ESME_RMSGQFUL: message queue full (transient).</summary>
    MessageQueueFull = 0x14,
    /// <summary>ESME_RINVSERTYP: invalid service_type.</summary>
    InvalidServiceType = 0x15,
    /// <summary>ESME_RINVNUMDESTS: invalid number of destinations.</summary>
    InvalidNumberOfDestinations = 0x33,
    /// <summary>ESME_RINVDLNAME: invalid distribution list name.</summary>
    InvalidDistributionListName = 0x34,
    /// <summary>ESME_RINVDESTFLAG: invalid destination flag (submit_multi).</summary>
    InvalidDestinationFlag = 0x40,
    /// <summary>ESME_RINVSUBREP: invalid submit-with-replace request.</summary>
    InvalidSubmitWithReplace = 0x42,
    /// <summary>ESME_RINVESMCLASS: invalid esm_class.</summary>
    InvalidEsmClass = 0x43,
    /// <summary>ESME_RCNTSUBDL: cannot submit to a distribution list.</summary>
    CannotSubmitToDistributionList = 0x44,
    /// <summary>ESME_RSUBMITFAIL: submit_sm or submit_multi failed.</summary>
    SubmitFailed = 0x45,
    /// <summary>ESME_RINVSRCTON: invalid source address TON.</summary>
    InvalidSourceTon = 0x48,
    /// <summary>ESME_RINVSRCNPI: invalid source address NPI.</summary>
    InvalidSourceNpi = 0x49,
    /// <summary>ESME_RINVDSTTON: invalid destination address TON.</summary>
    InvalidDestinationTon = 0x50,
    /// <summary>ESME_RINVDSTNPI: invalid destination address NPI.</summary>
    InvalidDestinationNpi = 0x51,
    /// <summary>ESME_RINVSYSTYP: invalid system_type.</summary>
    InvalidSystemType = 0x53,
    /// <summary>ESME_RINVREPFLAG: invalid replace_if_present flag.</summary>
    InvalidReplaceIfPresentFlag = 0x54,
    /// <summary>ESME_RINVNUMMSGS: invalid number of messages.</summary>
    InvalidNumberOfMessages = 0x55,
    /// <summary>ESME_RTHROTTLED: throttling error, the ESME exceeded its allowed rate (transient).</summary>
    Throttled = 0x58,
    /// <summary>ESME_RINVSCHED: invalid scheduled delivery time.</summary>
    InvalidScheduledDeliveryTime = 0x61,
    /// <summary>ESME_RINVEXPIRY: invalid validity period.</summary>
    InvalidExpiry = 0x62,
    /// <summary>ESME_RINVDFTMSGID: predefined message invalid or not found.</summary>
    InvalidDefaultMessageId = 0x63,
    /// <summary>ESME_RX_T_APPN: ESME receiver temporary application error.</summary>
    ReceiverTemporaryAppError = 0x64,
    /// <summary>ESME_RX_P_APPN: ESME receiver permanent application error.</summary>
    ReceiverPermanentAppError = 0x65,
    /// <summary>ESME_RX_R_APPN: ESME receiver reject message error.</summary>
    ReceiverRejectMessage = 0x66,
    /// <summary>ESME_RQUERYFAIL: query_sm failed.</summary>
    QueryFailed = 0x67,
    /// <summary>ESME_RINVOPTPARSTREAM: error in the optional part of the PDU body.</summary>
    InvalidTlvStream = 0xC0,
    /// <summary>ESME_ROPTPARNOTALLWD: optional parameter not allowed.</summary>
    TlvNotAllowed = 0xC1,
    /// <summary>ESME_RINVPARLEN: invalid parameter length.</summary>
    InvalidTlvLength = 0xC2,
    /// <summary>ESME_RMISSINGOPTPARAM: expected optional parameter missing.</summary>
    MissingTlv = 0xC3,
    /// <summary>ESME_RINVOPTPARAMVAL: invalid optional parameter value.</summary>
    InvalidTlvValue = 0xC4,
    /// <summary>ESME_RDELIVERYFAILURE: delivery failure (data_sm_resp).</summary>
    DeliveryFailure = 0xFE,
    /// <summary>ESME_RUNKNOWNERR: unknown error.</summary>
    UnknownError = 0xFF,
}

/// <summary>Names and classification of <see cref="SmppCommandStatus"/> values.</summary>
public static class SmppCommandStatuses
{
    /// <summary>The SMPP 3.4 name of a status, for example <c>ESME_RTHROTTLED</c>; vendor-specific values print as <c>0x00000400</c>.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The name.</returns>
    public static string Name(this SmppCommandStatus status) => status switch
    {
        SmppCommandStatus.Ok => "ESME_ROK",
        SmppCommandStatus.InvalidMessageLength => "ESME_RINVMSGLEN",
        SmppCommandStatus.InvalidCommandLength => "ESME_RINVCMDLEN",
        SmppCommandStatus.InvalidCommandId => "ESME_RINVCMDID",
        SmppCommandStatus.InvalidBindStatus => "ESME_RINVBNDSTS",
        SmppCommandStatus.AlreadyBound => "ESME_RALYBND",
        SmppCommandStatus.InvalidPriorityFlag => "ESME_RINVPRTFLG",
        SmppCommandStatus.InvalidRegisteredDeliveryFlag => "ESME_RINVREGDLVFLG",
        SmppCommandStatus.SystemError => "ESME_RSYSERR",
        SmppCommandStatus.InvalidSourceAddress => "ESME_RINVSRCADR",
        SmppCommandStatus.InvalidDestinationAddress => "ESME_RINVDSTADR",
        SmppCommandStatus.InvalidMessageId => "ESME_RINVMSGID",
        SmppCommandStatus.BindFailed => "ESME_RBINDFAIL",
        SmppCommandStatus.InvalidPassword => "ESME_RINVPASWD",
        SmppCommandStatus.InvalidSystemId => "ESME_RINVSYSID",
        SmppCommandStatus.CancelFailed => "ESME_RCANCELFAIL",
        SmppCommandStatus.ReplaceFailed => "ESME_RREPLACEFAIL",
        SmppCommandStatus.MessageQueueFull => "ESME_RMSGQFUL",
        SmppCommandStatus.InvalidServiceType => "ESME_RINVSERTYP",
        SmppCommandStatus.InvalidNumberOfDestinations => "ESME_RINVNUMDESTS",
        SmppCommandStatus.InvalidDistributionListName => "ESME_RINVDLNAME",
        SmppCommandStatus.InvalidDestinationFlag => "ESME_RINVDESTFLAG",
        SmppCommandStatus.InvalidSubmitWithReplace => "ESME_RINVSUBREP",
        SmppCommandStatus.InvalidEsmClass => "ESME_RINVESMCLASS",
        SmppCommandStatus.CannotSubmitToDistributionList => "ESME_RCNTSUBDL",
        SmppCommandStatus.SubmitFailed => "ESME_RSUBMITFAIL",
        SmppCommandStatus.InvalidSourceTon => "ESME_RINVSRCTON",
        SmppCommandStatus.InvalidSourceNpi => "ESME_RINVSRCNPI",
        SmppCommandStatus.InvalidDestinationTon => "ESME_RINVDSTTON",
        SmppCommandStatus.InvalidDestinationNpi => "ESME_RINVDSTNPI",
        SmppCommandStatus.InvalidSystemType => "ESME_RINVSYSTYP",
        SmppCommandStatus.InvalidReplaceIfPresentFlag => "ESME_RINVREPFLAG",
        SmppCommandStatus.InvalidNumberOfMessages => "ESME_RINVNUMMSGS",
        SmppCommandStatus.Throttled => "ESME_RTHROTTLED",
        SmppCommandStatus.InvalidScheduledDeliveryTime => "ESME_RINVSCHED",
        SmppCommandStatus.InvalidExpiry => "ESME_RINVEXPIRY",
        SmppCommandStatus.InvalidDefaultMessageId => "ESME_RINVDFTMSGID",
        SmppCommandStatus.ReceiverTemporaryAppError => "ESME_RX_T_APPN",
        SmppCommandStatus.ReceiverPermanentAppError => "ESME_RX_P_APPN",
        SmppCommandStatus.ReceiverRejectMessage => "ESME_RX_R_APPN",
        SmppCommandStatus.QueryFailed => "ESME_RQUERYFAIL",
        SmppCommandStatus.InvalidTlvStream => "ESME_RINVOPTPARSTREAM",
        SmppCommandStatus.TlvNotAllowed => "ESME_ROPTPARNOTALLWD",
        SmppCommandStatus.InvalidTlvLength => "ESME_RINVPARLEN",
        SmppCommandStatus.MissingTlv => "ESME_RMISSINGOPTPARAM",
        SmppCommandStatus.InvalidTlvValue => "ESME_RINVOPTPARAMVAL",
        SmppCommandStatus.DeliveryFailure => "ESME_RDELIVERYFAILURE",
        SmppCommandStatus.UnknownError => "ESME_RUNKNOWNERR",
        _ => "0x" + ((uint)status).ToString("X8", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>True for statuses that mean "try again later": ESME_RMSGQFUL and ESME_RTHROTTLED.</summary>
    /// <param name="status">The status.</param>
    /// <returns>Whether the status is transient.</returns>
    public static bool IsTransient(this SmppCommandStatus status)
        => status is SmppCommandStatus.Throttled or SmppCommandStatus.MessageQueueFull;
}
