namespace Messaging.Sdk.Vendors.Ozeki;

/// <summary>An Ozeki request could not be parsed or mapped; <see cref="Result"/> is the response Ozeki would have sent (for example 302 naming the parameter).</summary>
public sealed class OzekiRequestException : MessagingException
{
    /// <summary>Creates the exception.</summary>
    public OzekiRequestException() { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public OzekiRequestException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public OzekiRequestException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for a failure result.</summary>
    /// <param name="result">The response Ozeki would send.</param>
    public OzekiRequestException(CommandResult result)
        : base(result?.Detail is { } detail ? $"{result.Message} ({detail})" : result?.Message ?? "Invalid Ozeki request.")
        => Result = result;

    /// <summary>The response Ozeki would have sent, or <see langword="null"/>.</summary>
    public CommandResult? Result { get; }
}
