namespace Messaging.Sdk;

/// <summary>The base of every exception this SDK throws on purpose.</summary>
public class MessagingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MessagingException() { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened and what to do.</param>
    public MessagingException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public MessagingException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>The protocol's native code (SMTP reply, SMPP command_status, +CMS/+CME ERROR), or <see langword="null"/>.</summary>
    public int? NativeCode { get; init; }

    /// <summary>True when trying again later may succeed; the default resilience pipeline retries only these.</summary>
    public bool IsTransient { get; init; }

    /// <summary>The sender (transport registration) name involved, or <see langword="null"/>.</summary>
    public string? SenderName { get; init; }
}

/// <summary>The message is invalid; nothing was sent. <see cref="Errors"/> names every offending field.</summary>
public sealed class MessageValidationException : MessagingException
{
    /// <summary>Creates the exception.</summary>
    public MessageValidationException() : this([]) { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public MessageValidationException(string message) : base(message) => Errors = [];

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public MessageValidationException(string message, Exception? innerException) : base(message, innerException) => Errors = [];

    /// <summary>Creates the exception from validation errors.</summary>
    /// <param name="errors">The errors, each naming its field.</param>
    public MessageValidationException(IReadOnlyList<ValidationError> errors)
        : base(Describe(errors)) => Errors = errors;

    /// <summary>Every validation error, each naming its field.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    private static string Describe(IReadOnlyList<ValidationError> errors)
        => errors is null || errors.Count == 0
            ? "The message is invalid."
            : "The message is invalid: " + string.Join(" ", errors.Select(e => e.ToString()));
}

/// <summary>One validation failure: the field and what is wrong with it.</summary>
/// <param name="Field">The field, for example <c>To[1]</c> or <c>Headers["X-Id"]</c>.</param>
/// <param name="Message">What is wrong, in a sentence.</param>
public sealed record ValidationError(string Field, string Message)
{
    /// <summary>Formats as <c>Field: Message</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>No server could be reached, the connection failed, or the resilience pipeline gave up; the message was not handed over.</summary>
public class MessagingTransportException : MessagingException
{
    /// <summary>Creates the exception.</summary>
    public MessagingTransportException() { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened and what to do.</param>
    public MessagingTransportException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public MessagingTransportException(string message, Exception? innerException) : base(message, innerException) { }
}

/// <summary>The server refused the credentials. Permanent: fix the configuration.</summary>
public sealed class MessagingAuthenticationException : MessagingTransportException
{
    /// <summary>Creates the exception.</summary>
    public MessagingAuthenticationException() { }

    /// <summary>Creates the exception with a message (which must not contain the secret).</summary>
    /// <param name="message">What happened and what to do.</param>
    public MessagingAuthenticationException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public MessagingAuthenticationException(string message, Exception? innerException) : base(message, innerException) { }
}

/// <summary>Thrown by <see cref="SendResult.EnsureAccepted"/> for a Rejected or Unknown result.</summary>
public sealed class MessageNotAcceptedException : MessagingException
{
    /// <summary>Creates the exception.</summary>
    public MessageNotAcceptedException() { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public MessageNotAcceptedException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public MessageNotAcceptedException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for a result.</summary>
    /// <param name="result">The Rejected or Unknown result.</param>
    public MessageNotAcceptedException(SendResult result)
        : base(Describe(result))
    {
        ArgumentNullException.ThrowIfNull(result);
        Result = result;
        NativeCode = result.NativeCode;
        IsTransient = result.IsTransient || result.Status == SendStatus.Unknown;
        SenderName = result.SenderName;
    }

    /// <summary>The result that was not accepted.</summary>
    public SendResult? Result { get; }

    private static string Describe(SendResult result) => result?.Status switch
    {
        SendStatus.Unknown => "The message went out but its outcome is unknown (the answer was lost); it may or may not be delivered.",
        null => "The message was not accepted.",
        _ => $"The message was rejected: {result.NativeCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no code"} {result.NativeText}".TrimEnd(),
    };
}
