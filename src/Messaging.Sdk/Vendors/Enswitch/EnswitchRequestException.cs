namespace Messaging.Sdk.Vendors.Enswitch;

/// <summary>An Enswitch request could not be parsed or mapped; <see cref="Response"/> is what Enswitch would answer (400 with <c>key</c>).</summary>
public sealed class EnswitchRequestException : MessagingException
{
    /// <summary>Creates the exception.</summary>
    public EnswitchRequestException() { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public EnswitchRequestException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public EnswitchRequestException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for a failure response.</summary>
    /// <param name="response">The response Enswitch would send.</param>
    public EnswitchRequestException(Response response)
        : base(response is { Responses.Count: > 0 } ? $"{response.Responses[0].Key}: {response.Responses[0].Message}" : "Invalid Enswitch request.")
        => Response = response;

    /// <summary>The response Enswitch would have sent, or <see langword="null"/>.</summary>
    public Response? Response { get; }
}
