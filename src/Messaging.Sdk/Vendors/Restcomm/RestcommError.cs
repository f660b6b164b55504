using System.Globalization;
using System.Text.Json;

namespace Messaging.Sdk.Vendors.Restcomm;

/// <summary>A Restcomm error answer: HTTP <see cref="Status"/> with a message, as JSON <c>{"status":400,"message":"..."}</c> (plus <c>"code"</c> when known) or XML <c>&lt;RestcommResponse&gt;&lt;RestException&gt;</c>.</summary>
public sealed record RestcommError : IRestcommRepresentation
{
    /// <summary>The HTTP status: 400 for invalid input, 502 when the mail server refused the message, 503 when the transport could not be reached, 504 when the outcome is unknown.</summary>
    public required int Status { get; init; }

    /// <summary>A code qualifying the error (the SMTP reply code for 502), or <see langword="null"/>.</summary>
    public int? Code { get; init; }

    /// <summary>What went wrong; for 400 it names the parameter.</summary>
    public required string Message { get; init; }

    /// <summary>The offending request parameter of a 400 (for example <c>Subject</c>), or <see langword="null"/>; never written.</summary>
    public string? Parameter { get; init; }

    /// <summary>A 400 naming <paramref name="parameter"/>.</summary>
    /// <param name="parameter">The parameter, spelt as on the wire.</param>
    /// <param name="message">What is wrong with it.</param>
    /// <returns>The error.</returns>
    public static RestcommError BadRequest(string parameter, string message)
        => new() { Status = 400, Message = message, Parameter = parameter };

    /// <inheritdoc />
    public string ToJson() => RestcommFormat.WriteJson(w =>
    {
        w.WriteNumber("status", Status);
        w.WriteString("message", Message);
        if (Code is { } code)
        {
            w.WriteNumber("code", code);
        }
    });

    /// <inheritdoc />
    public string ToXml() => RestcommFormat.WriteXml("RestException",
    [
        ("Status", Status.ToString(CultureInfo.InvariantCulture)),
        ("Message", Message),
        .. Code is { } code ? new[] { ("Code", (string?)code.ToString(CultureInfo.InvariantCulture)) } : [],
    ]);

    /// <summary>Reads the JSON form.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The error.</returns>
    /// <exception cref="FormatException">The JSON is malformed or has no status.</exception>
    public static RestcommError ParseJson(string json)
    {
        var o = RestcommFormat.ParseJsonObject(json);
        return new()
        {
            Status = RestcommFormat.ParseInt(RestcommFormat.GetString(o, "status")) ?? throw new FormatException("The error has no status."),
            Message = RestcommFormat.GetString(o, "message") ?? string.Empty,
            Code = RestcommFormat.ParseInt(RestcommFormat.GetString(o, "code")),
        };
    }

    /// <summary>Reads the XML form.</summary>
    /// <param name="xml">The XML.</param>
    /// <returns>The error.</returns>
    /// <exception cref="FormatException">The XML is malformed or has no status.</exception>
    public static RestcommError ParseXml(string xml)
    {
        var e = RestcommFormat.ParseXmlElement(xml, "RestException");
        return new()
        {
            Status = RestcommFormat.ParseInt(RestcommFormat.Text(e, "Status")) ?? throw new FormatException("The error has no Status."),
            Message = RestcommFormat.Text(e, "Message") ?? string.Empty,
            Code = RestcommFormat.ParseInt(RestcommFormat.Text(e, "Code")),
        };
    }
}

/// <summary>The outcome of a Restcomm-style send: the HTTP status and either the resource or the error.</summary>
/// <typeparam name="TResource">The resource type: <see cref="SmsMessageResource"/> or <see cref="EmailMessageResource"/>.</typeparam>
public sealed record RestcommResult<TResource>
    where TResource : class, IRestcommRepresentation
{
    /// <summary>The HTTP status to answer with: 200 with a resource, otherwise the error's status.</summary>
    public int HttpStatusCode => Error?.Status ?? 200;

    /// <summary>The resource, when the request was taken (even if the message then failed: see its status).</summary>
    public TResource? Resource { get; init; }

    /// <summary>The error, when there is no resource to return.</summary>
    public RestcommError? Error { get; init; }

    /// <summary>The canonical result or <see langword="null"/>; never written.</summary>
    public SendResult? SendResult { get; init; }

    /// <summary>True when a resource is returned (HTTP 200).</summary>
    public bool IsSuccess => Error is null && Resource is not null;

    /// <summary>Writes the body as JSON: the resource or the error.</summary>
    /// <returns>The JSON.</returns>
    public string ToJson() => ((IRestcommRepresentation?)Resource ?? Error)?.ToJson() ?? "{}";

    /// <summary>Writes the body as XML inside <c>&lt;RestcommResponse&gt;</c>.</summary>
    /// <returns>The XML.</returns>
    public string ToXml() => ((IRestcommRepresentation?)Resource ?? Error)?.ToXml() ?? "<RestcommResponse />";
}

/// <summary>A Restcomm request could not be parsed or mapped; <see cref="Error"/> is the HTTP 400 answer.</summary>
public sealed class RestcommRequestException : MessagingException
{
    /// <summary>Creates the exception.</summary>
    public RestcommRequestException() { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public RestcommRequestException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RestcommRequestException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for an error answer.</summary>
    /// <param name="error">The error.</param>
    public RestcommRequestException(RestcommError error)
        : base(error?.Message ?? "Invalid Restcomm request.") => Error = error;

    /// <summary>The answer Restcomm would send (HTTP 400), or <see langword="null"/>.</summary>
    public RestcommError? Error { get; }

    /// <summary>The HTTP status, 400 unless the error says otherwise.</summary>
    public int Status => Error?.Status ?? 400;
}
