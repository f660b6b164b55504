namespace Messaging.Sdk.GsmModem;

/// <summary>The modem failed: it answered a command with an error, did not answer in time, or its port closed.</summary>
/// <remarks><see cref="MessagingException.NativeCode"/> carries the +CMS / +CME ERROR number when there was one.</remarks>
public sealed class GsmModemException : MessagingTransportException
{
    /// <summary>Creates the exception.</summary>
    public GsmModemException() { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened and what to do.</param>
    public GsmModemException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public GsmModemException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>The command that failed (without any PIN or message payload), or <see langword="null"/>.</summary>
    public string? Command { get; init; }

    /// <summary>The kind of failure.</summary>
    public GsmModemErrorKind Kind { get; init; }

    /// <summary>True when the command went out in full (for AT+CMGS: the PDU and Ctrl-Z were written) before the failure,
    /// so a message may have been sent even though no answer arrived.</summary>
    public bool RequestWritten { get; init; }
}

/// <summary>What kind of modem failure a <see cref="GsmModemException"/> reports.</summary>
public enum GsmModemErrorKind
{
    /// <summary>The modem answered <c>ERROR</c> without a code.</summary>
    Error,

    /// <summary>The modem answered <c>+CME ERROR: n</c> (equipment error, 27.007).</summary>
    CmeError,

    /// <summary>The modem answered <c>+CMS ERROR: n</c> (SMS error, 27.005).</summary>
    CmsError,

    /// <summary>The modem did not answer within the command timeout.</summary>
    Timeout,

    /// <summary>The modem stopped answering even a resynchronising <c>AT</c>; its port is re-opened.</summary>
    Hung,

    /// <summary>The port closed or failed.</summary>
    ChannelClosed,

    /// <summary>The modem is not ready: no SIM, wrong PIN, not registered, or still initialising.</summary>
    NotReady,

    /// <summary>The caller cancelled while waiting for the answer to a message that was already written to the modem
    /// (<see cref="GsmModemException.RequestWritten"/> is true): it may have been sent, so a send ends Unknown.</summary>
    Cancelled,
}
