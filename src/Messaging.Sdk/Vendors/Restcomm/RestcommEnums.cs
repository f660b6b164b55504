namespace Messaging.Sdk.Vendors.Restcomm;

/// <summary>The <c>Status</c> of a Restcomm SMS message resource.</summary>
public enum RestcommSmsStatus
{
    /// <summary><c>queued</c>: waiting to be sent.</summary>
    Queued,

    /// <summary><c>sending</c>: being sent. The SDK reports it when the transport lost its answer (outcome unknown).</summary>
    Sending,

    /// <summary><c>sent</c>: handed to the carrier (the SMSC or modem accepted it).</summary>
    Sent,

    /// <summary><c>failed</c>: could not be sent; see <c>error_code</c>.</summary>
    Failed,

    /// <summary><c>received</c>: an incoming message.</summary>
    Received,

    /// <summary><c>delivered</c>: the carrier confirmed delivery to the handset.</summary>
    Delivered,

    /// <summary><c>undelivered</c>: the carrier could not deliver it; see <c>error_code</c>.</summary>
    Undelivered,
}

/// <summary>The <c>Direction</c> of a Restcomm SMS message resource.</summary>
public enum RestcommDirection
{
    /// <summary><c>incoming</c>.</summary>
    Incoming,

    /// <summary><c>outbound-api</c>: sent through the REST API (what the SDK's sends are).</summary>
    OutboundApi,

    /// <summary><c>outbound-call</c>: sent from a call (RCML).</summary>
    OutboundCall,
}

/// <summary>The Restcomm SMS error codes (<c>error_code</c>).</summary>
public enum RestcommErrorCode
{
    /// <summary>30001 Queue overflow.</summary>
    QueueOverflow = 30001,

    /// <summary>30002 Account suspended.</summary>
    AccountSuspended = 30002,

    /// <summary>30003 Unreachable destination handset.</summary>
    UnreachableDestinationHandset = 30003,

    /// <summary>30004 Message blocked.</summary>
    MessageBlocked = 30004,

    /// <summary>30005 Unknown destination handset.</summary>
    UnknownDestinationHandset = 30005,

    /// <summary>30006 Landline or unreachable carrier.</summary>
    LandlineOrUnreachableCarrier = 30006,

    /// <summary>30007 Carrier violation.</summary>
    CarrierViolation = 30007,

    /// <summary>30008 Unknown error.</summary>
    UnknownError = 30008,

    /// <summary>30009 Missing segment.</summary>
    MissingSegment = 30009,

    /// <summary>30010 Message price exceeds max price. (Restcomm's page prints it as 300010, a typo for the 30010 every other source uses; 300010 is read as this value.)</summary>
    MessagePriceExceedsMaxPrice = 30010,
}

/// <summary>Wire values and texts of the Restcomm enumerations.</summary>
public static class RestcommValues
{
    /// <summary>The API version the models follow, written in <c>ApiVersion</c>.</summary>
    public const string ApiVersion = "2012-04-24";

    private static readonly string[] StatusWire = ["queued", "sending", "sent", "failed", "received", "delivered", "undelivered"];
    private static readonly string[] DirectionWire = ["incoming", "outbound-api", "outbound-call"];

    /// <summary>The wire value, for example <c>delivered</c>.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The wire value.</returns>
    public static string ToWireValue(this RestcommSmsStatus status) => StatusWire[(int)status];

    /// <summary>The wire value, for example <c>outbound-api</c>.</summary>
    /// <param name="direction">The direction.</param>
    /// <returns>The wire value.</returns>
    public static string ToWireValue(this RestcommDirection direction) => DirectionWire[(int)direction];

    /// <summary>Reads a status wire value (case-insensitive).</summary>
    /// <param name="value">The value.</param>
    /// <param name="status">The status, on success.</param>
    /// <returns><see langword="true"/> for one of the seven documented values.</returns>
    public static bool TryParseStatus(string? value, out RestcommSmsStatus status)
    {
        var index = Array.FindIndex(StatusWire, s => string.Equals(s, value?.Trim(), StringComparison.OrdinalIgnoreCase));
        status = index < 0 ? default : (RestcommSmsStatus)index;
        return index >= 0;
    }

    /// <summary>Reads a direction wire value (case-insensitive).</summary>
    /// <param name="value">The value.</param>
    /// <param name="direction">The direction, on success.</param>
    /// <returns><see langword="true"/> for one of the three documented values.</returns>
    public static bool TryParseDirection(string? value, out RestcommDirection direction)
    {
        var index = Array.FindIndex(DirectionWire, s => string.Equals(s, value?.Trim(), StringComparison.OrdinalIgnoreCase));
        direction = index < 0 ? default : (RestcommDirection)index;
        return index >= 0;
    }

    /// <summary>The documented text of an error code, for <c>error_message</c>.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The text.</returns>
    public static string GetMessage(this RestcommErrorCode code) => code switch
    {
        RestcommErrorCode.QueueOverflow => "Queue overflow",
        RestcommErrorCode.AccountSuspended => "Account suspended",
        RestcommErrorCode.UnreachableDestinationHandset => "Unreachable destination handset",
        RestcommErrorCode.MessageBlocked => "Message blocked",
        RestcommErrorCode.UnknownDestinationHandset => "Unknown destination handset",
        RestcommErrorCode.LandlineOrUnreachableCarrier => "Landline or unreachable carrier",
        RestcommErrorCode.CarrierViolation => "Carrier violation",
        RestcommErrorCode.MissingSegment => "Missing segment",
        RestcommErrorCode.MessagePriceExceedsMaxPrice => "Message price exceeds max price",
        _ => "Unknown error",
    };

    /// <summary>Reads an <c>error_code</c> number, accepting the documentation's 300010 as 30010.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The code.</returns>
    public static RestcommErrorCode ToErrorCode(int value) => value == 300010 ? RestcommErrorCode.MessagePriceExceedsMaxPrice : (RestcommErrorCode)value;
}
