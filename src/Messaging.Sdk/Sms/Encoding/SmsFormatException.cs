namespace Messaging.Sdk.Sms.Encoding;

/// <summary>
/// SMS user data, a user data header or a 3GPP TS 23.040 PDU is malformed (truncated, a length that points past the
/// end, a reserved value where the standard allows none). Every decoder in <c>Messaging.Sdk.Sms.Encoding</c> and
/// <c>Messaging.Sdk.Sms.Pdu</c> throws this type, never <see cref="IndexOutOfRangeException"/>.
/// </summary>
public sealed class SmsFormatException : MessagingException
{
    /// <summary>Creates the exception.</summary>
    public SmsFormatException() { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public SmsFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SmsFormatException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for a problem at <paramref name="offset"/>.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="offset">The octet offset in the decoded input where the problem was found.</param>
    public SmsFormatException(string message, int offset)
        : base($"{message} (at octet offset {offset})") => Offset = offset;

    /// <summary>The octet offset in the input where the problem was found, or -1 when not known.</summary>
    public int Offset { get; } = -1;
}
