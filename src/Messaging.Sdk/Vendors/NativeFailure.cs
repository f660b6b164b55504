namespace Messaging.Sdk.Vendors;

/// <summary>Why a transport refused a message, in terms every vendor model can translate into its own codes.</summary>
/// <remarks>The one table from native codes to these kinds lives in <see cref="NativeFailures"/>; docs/vendor-models.md shows it with each vendor's code.</remarks>
internal enum NativeFailure
{
    /// <summary>The destination address is malformed or of a wrong type (SMPP 0x0B, 0x50, 0x51).</summary>
    InvalidDestination,

    /// <summary>The destination does not exist (RP causes 1, 28, 30).</summary>
    UnknownDestination,

    /// <summary>The destination exists but cannot be reached (SMPP 0xFE, RP cause 27).</summary>
    UnreachableDestination,

    /// <summary>An e-mail recipient was refused (SMTP 550, 551, 553).</summary>
    RecipientRejected,

    /// <summary>The sender address is refused (SMPP 0x0A, 0x48, 0x49).</summary>
    InvalidSource,

    /// <summary>The message itself is refused: length, schedule, validity, PDU (SMPP 0x01, 0x61, 0x62; +CMS 304, 305; SMTP 552).</summary>
    InvalidMessage,

    /// <summary>Blocked by policy (SMPP 0x66; RP causes 8, 10, 21; SMTP 554).</summary>
    Blocked,

    /// <summary>Queue full or throttled; trying later may work (SMPP 0x14, 0x58; RP cause 42; SMTP 4xx; any transient rejection).</summary>
    Congestion,

    /// <summary>Our own account or SIM cannot send: bind, password, SIM (SMPP 0x0D, 0x0E, 0x0F; +CMS 310-316; SMTP 530, 535).</summary>
    AccountProblem,

    /// <summary>Anything else: system error, submit failed, unknown (SMPP 0x08, 0x45, 0xFF; +CMS 300, 330-332, 500).</summary>
    SystemError,
}

/// <summary>Classifies a <see cref="SendResult"/>'s native code by its transport.</summary>
internal static class NativeFailures
{
    public static NativeFailure Classify(SendResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var code = result.NativeCode;
        var kind = (result.Transport?.ToUpperInvariant(), code) switch
        {
            ("SMPP", { } c) => Smpp(c),
            ("GSMMODEM", { } c) => Cms(c),
            ("SMTP" or "PICKUP", { } c) => Smtp(c),
            _ => (NativeFailure?)null,
        };

        return kind ?? (result.IsTransient ? NativeFailure.Congestion : NativeFailure.SystemError);
    }

    private static NativeFailure Smpp(int status) => status switch
    {
        0x0B or 0x50 or 0x51 => NativeFailure.InvalidDestination,
        0xFE => NativeFailure.UnreachableDestination,
        0x0A or 0x48 or 0x49 => NativeFailure.InvalidSource,
        0x01 or 0x61 or 0x62 => NativeFailure.InvalidMessage,
        0x66 => NativeFailure.Blocked,
        0x14 or 0x58 => NativeFailure.Congestion,
        0x0D or 0x0E or 0x0F => NativeFailure.AccountProblem,
        _ => NativeFailure.SystemError,
    };

    /// <summary>+CMS ERROR values: 0-127 are 24.011 RP causes, 300+ are 27.005 ME/network errors.</summary>
    private static NativeFailure Cms(int error) => error switch
    {
        1 or 28 or 30 => NativeFailure.UnknownDestination,
        27 => NativeFailure.UnreachableDestination,
        8 or 10 or 21 => NativeFailure.Blocked,
        42 => NativeFailure.Congestion,
        304 or 305 => NativeFailure.InvalidMessage,
        310 or 311 or 313 or 316 => NativeFailure.AccountProblem,
        _ => NativeFailure.SystemError,
    };

    private static NativeFailure Smtp(int reply) => reply switch
    {
        550 or 551 or 553 => NativeFailure.RecipientRejected,
        552 => NativeFailure.InvalidMessage,
        554 => NativeFailure.Blocked,
        530 or 535 => NativeFailure.AccountProblem,
        >= 400 and < 500 => NativeFailure.Congestion,
        _ => NativeFailure.SystemError,
    };
}
