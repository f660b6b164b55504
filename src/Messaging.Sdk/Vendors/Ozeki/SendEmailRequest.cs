using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Messaging.Sdk.Vendors.Ozeki;

/// <summary>The parameters of Ozeki's <c>SendEmail</c> command (the union of both generations of its documentation).</summary>
/// <example>
/// <code>
/// var request = SendEmailRequest.Parse(httpContext.Request.QueryString.Value);
/// CommandResult result = await emailSender.SendAsync(request, cancellationToken);
/// return Results.Content(result.ToXml(), "application/xml");
/// </code>
/// </example>
public sealed record SendEmailRequest
{
    /// <summary>The documented parameter names, spelt as on the wire (besides <c>command</c>).</summary>
    public static IReadOnlyList<string> ParameterNames { get; } =
        ["ApiExtension", "Sender", "Recipient", "Message", "Subject", "Attachments", "Username", "Password"];

    /// <summary><c>ApiExtension</c>: the API extension the command runs on (mandatory in the older API, ignored by the SDK's senders).</summary>
    public int? ApiExtension { get; init; }

    /// <summary><c>Sender</c>: the sender address. Optional: when absent the default sender given to <c>SendAsync</c> is used.</summary>
    public string? Sender { get; init; }

    /// <summary><c>Recipient</c>: the destination address. Mandatory.</summary>
    public string? Recipient { get; init; }

    /// <summary><c>Message</c>: the text of the e-mail.</summary>
    public string? Message { get; init; }

    /// <summary><c>Subject</c>: the subject.</summary>
    public string? Subject { get; init; }

    /// <summary><c>Attachments</c>: absolute file paths, written on the wire separated by <c>;</c>. They come from the
    /// request, so the core validator refuses every one unless <c>Messaging:Validation:AttachmentRoots</c> is configured,
    /// and then attaches only regular files whose real path is inside a root.</summary>
    public IReadOnlyList<string> Attachments { get; init; } = [];

    /// <summary><c>Username</c>: the API user. Carried for the host to check; the SDK's senders do not use it.</summary>
    public string? Username { get; init; }

    /// <summary><c>Password</c>: the API user's password. Never written by <see cref="ToString"/>.</summary>
    public string? Password { get; init; }

    /// <summary>Parses a query string, URL or form body.</summary>
    /// <param name="query">The text, for example <c>command=SendEmail&amp;Recipient=a%40b.com&amp;Message=Hi</c>.</param>
    /// <returns>The request.</returns>
    /// <exception cref="OzekiRequestException">A parameter is malformed (302) or <c>command</c> names another command (303); <see cref="OzekiRequestException.Result"/> is Ozeki's response.</exception>
    public static SendEmailRequest Parse(string query)
        => TryParse(query, out var request, out var error) ? request : throw new OzekiRequestException(error);

    /// <summary>Parses a query string, URL or form body without throwing.</summary>
    /// <param name="query">The text.</param>
    /// <param name="request">The request, on success.</param>
    /// <param name="error">Ozeki's response for the failure (302 naming the parameter, 303 for another command), otherwise <see langword="null"/>.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParse(string? query, [NotNullWhen(true)] out SendEmailRequest? request, [NotNullWhen(false)] out CommandResult? error)
    {
        request = null;
        var parameters = VendorParameters.Parse(query, allowSemicolon: false);
        if (!OzekiParsing.CheckCommand(parameters, OzekiCommands.SendEmail, out error))
        {
            return false;
        }

        int? apiExtension = null;
        if (parameters.Get("ApiExtension") is { Length: > 0 } extension)
        {
            if (!int.TryParse(extension, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                error = CommandResult.InvalidParameter(OzekiCommands.SendEmail, "ApiExtension", $"'{extension}' is not an integer.");
                return false;
            }

            apiExtension = value;
        }

        request = new SendEmailRequest
        {
            ApiExtension = apiExtension,
            Sender = parameters.Get("Sender"),
            Recipient = parameters.Get("Recipient"),
            Message = parameters.Get("Message"),
            Subject = parameters.Get("Subject"),
            Attachments = SplitAttachments(parameters.Get("Attachments")),
            Username = parameters.Get("Username"),
            Password = parameters.Get("Password"),
        };
        return true;
    }

    /// <summary>Writes the request as a query string starting with <c>command=SendEmail</c>, parameters in documented order, absent ones left out.</summary>
    /// <returns>The query string, without a leading <c>?</c>.</returns>
    public string ToQueryString() => VendorParameters.Write(
    [
        new("command", OzekiCommands.SendEmail),
        new("ApiExtension", ApiExtension?.ToString(CultureInfo.InvariantCulture)),
        new("Sender", Sender),
        new("Recipient", Recipient),
        new("Message", Message),
        new("Subject", Subject),
        new("Attachments", Attachments.Count == 0 ? null : string.Join(';', Attachments)),
        new("Username", Username),
        new("Password", Password),
    ], '&');

    /// <summary>Checks the mandatory and well-formed parameters, as Ozeki would before running the command.</summary>
    /// <returns><see langword="null"/> when valid, otherwise the 302 response naming the parameter.</returns>
    public CommandResult? Validate()
    {
        if (string.IsNullOrWhiteSpace(Recipient))
        {
            return CommandResult.InvalidParameter(OzekiCommands.SendEmail, "Recipient", "A recipient address is required.");
        }

        foreach (var path in Attachments)
        {
            if (string.IsNullOrWhiteSpace(path) || !Path.IsPathFullyQualified(path))
            {
                return CommandResult.InvalidParameter(OzekiCommands.SendEmail, "Attachments", $"'{path}' is not an absolute file path.");
            }
        }

        return null;
    }

    /// <summary>Maps the request to the canonical message: Sender to From, Recipient to To, Message to TextBody, each attachment path to <see cref="EmailAttachment.FromFile"/>.</summary>
    /// <param name="defaultSender">The From address when <see cref="Sender"/> is absent (Ozeki's "Default sender address"), or <see langword="null"/>.</param>
    /// <returns>The message.</returns>
    /// <exception cref="OzekiRequestException">A parameter is missing or invalid; <see cref="OzekiRequestException.Result"/> is the 302 naming it.</exception>
    public EmailMessage ToEmailMessage(EmailAddress? defaultSender = null)
        => TryToEmailMessage(defaultSender, out var message, out var error) ? message : throw new OzekiRequestException(error);

    /// <summary>Maps the request to the canonical message without throwing.</summary>
    /// <param name="defaultSender">The From address when <see cref="Sender"/> is absent, or <see langword="null"/>.</param>
    /// <param name="message">The message, on success.</param>
    /// <param name="error">The 302 response naming the offending parameter, on failure.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public bool TryToEmailMessage(EmailAddress? defaultSender, [NotNullWhen(true)] out EmailMessage? message, [NotNullWhen(false)] out CommandResult? error)
    {
        message = null;
        error = Validate();
        if (error is not null)
        {
            return false;
        }

        EmailAddress? from = defaultSender;
        if (!string.IsNullOrWhiteSpace(Sender))
        {
            if (!EmailAddress.TryParse(Sender, out from, out var reason))
            {
                error = CommandResult.InvalidParameter(OzekiCommands.SendEmail, "Sender", reason);
                return false;
            }
        }
        else if (from is null)
        {
            error = CommandResult.InvalidParameter(OzekiCommands.SendEmail, "Sender", "No Sender was given and no default sender is configured.");
            return false;
        }

        if (!EmailAddress.TryParse(Recipient, out var to, out var toError))
        {
            error = CommandResult.InvalidParameter(OzekiCommands.SendEmail, "Recipient", toError);
            return false;
        }

        message = new EmailMessage
        {
            From = from,
            To = [to],
            Subject = Subject,
            TextBody = Message ?? string.Empty,
            Attachments = [.. Attachments.Select(p => EmailAttachment.FromFile(p))],
        };
        return true;
    }

    /// <summary>A description without the password, safe to log.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
        => $"SendEmailRequest {{ ApiExtension = {ApiExtension}, Sender = {Sender}, Recipient = {Recipient}, Subject = {Subject}, Attachments = {Attachments.Count}, Username = {Username} }}";

    /// <summary>Equality compares attachment paths by value.</summary>
    /// <param name="other">The other request.</param>
    /// <returns><see langword="true"/> when every parameter is equal.</returns>
    public bool Equals(SendEmailRequest? other)
        => other is not null && ApiExtension == other.ApiExtension && Sender == other.Sender && Recipient == other.Recipient
           && Message == other.Message && Subject == other.Subject && Attachments.SequenceEqual(other.Attachments)
           && Username == other.Username && Password == other.Password;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ApiExtension, Sender, Recipient, Message, Subject, Attachments.Count, Username);

    private static string[] SplitAttachments(string? value)
        => value is null ? [] : [.. value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
