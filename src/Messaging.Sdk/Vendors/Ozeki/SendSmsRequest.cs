using System.Diagnostics.CodeAnalysis;

namespace Messaging.Sdk.Vendors.Ozeki;

/// <summary>The parameters of Ozeki's <c>SendSms</c> command.</summary>
/// <remarks>The vendor documents the delivery-report parameter both as <c>DeliveryReportURL</c> and as <c>DelivaryReportURL</c>: both are read (the correct spelling wins when both are present) and the correct one is written.</remarks>
public sealed record SendSmsRequest
{
    /// <summary>The correct spelling of the delivery-report parameter, the one the SDK writes.</summary>
    public const string DeliveryReportUrlParameter = "DeliveryReportURL";

    /// <summary>The misspelling found in part of the vendor's documentation, accepted when reading.</summary>
    public const string MisspeltDeliveryReportUrlParameter = "DelivaryReportURL";

    /// <summary>The documented parameter names, spelt as on the wire (besides <c>command</c>), including the misspelt alias.</summary>
    public static IReadOnlyList<string> ParameterNames { get; } =
        ["Sender", "Recipient", "Message", DeliveryReportUrlParameter, MisspeltDeliveryReportUrlParameter, "Username", "Password"];

    /// <summary><c>Sender</c>: the sender number or alphanumeric id; optional (the transport's default is used).</summary>
    public string? Sender { get; init; }

    /// <summary><c>Recipient</c>: the destination number. Mandatory.</summary>
    public string? Recipient { get; init; }

    /// <summary><c>Message</c>: the text. Mandatory.</summary>
    public string? Message { get; init; }

    /// <summary><c>DeliveryReportURL</c> (or <c>DelivaryReportURL</c>): the URL requested when the delivery report arrives, kept as written.</summary>
    public string? DeliveryReportUrl { get; init; }

    /// <summary><c>Username</c>: the API user. Carried for the host to check; the SDK's senders do not use it.</summary>
    public string? Username { get; init; }

    /// <summary><c>Password</c>: the API user's password. Never written by <see cref="ToString"/>.</summary>
    public string? Password { get; init; }

    /// <summary>Parses a query string, URL or form body.</summary>
    /// <param name="query">The text.</param>
    /// <returns>The request.</returns>
    /// <exception cref="OzekiRequestException"><c>command</c> names another command (303).</exception>
    public static SendSmsRequest Parse(string query)
        => TryParse(query, out var request, out var error) ? request : throw new OzekiRequestException(error);

    /// <summary>Parses a query string, URL or form body without throwing.</summary>
    /// <param name="query">The text.</param>
    /// <param name="request">The request, on success.</param>
    /// <param name="error">Ozeki's response for the failure, otherwise <see langword="null"/>.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParse(string? query, [NotNullWhen(true)] out SendSmsRequest? request, [NotNullWhen(false)] out CommandResult? error)
    {
        request = null;
        var parameters = VendorParameters.Parse(query, allowSemicolon: false);
        if (!OzekiParsing.CheckCommand(parameters, OzekiCommands.SendSms, out error))
        {
            return false;
        }

        request = new SendSmsRequest
        {
            Sender = parameters.Get("Sender"),
            Recipient = parameters.Get("Recipient"),
            Message = parameters.Get("Message"),
            DeliveryReportUrl = parameters.Get(DeliveryReportUrlParameter) ?? parameters.Get(MisspeltDeliveryReportUrlParameter),
            Username = parameters.Get("Username"),
            Password = parameters.Get("Password"),
        };
        return true;
    }

    /// <summary>Writes the request as a query string starting with <c>command=SendSms</c>; the delivery-report parameter is spelt <c>DeliveryReportURL</c>.</summary>
    /// <returns>The query string, without a leading <c>?</c>.</returns>
    public string ToQueryString() => VendorParameters.Write(
    [
        new("command", OzekiCommands.SendSms),
        new("Sender", Sender),
        new("Recipient", Recipient),
        new("Message", Message),
        new(DeliveryReportUrlParameter, DeliveryReportUrl),
        new("Username", Username),
        new("Password", Password),
    ], '&');

    /// <summary>Checks the mandatory parameters, as Ozeki would before running the command.</summary>
    /// <returns><see langword="null"/> when valid, otherwise the 302 response naming the parameter.</returns>
    public CommandResult? Validate()
    {
        if (string.IsNullOrWhiteSpace(Recipient))
        {
            return CommandResult.InvalidParameter(OzekiCommands.SendSms, "Recipient", "A recipient number is required.");
        }

        if (string.IsNullOrEmpty(Message))
        {
            return CommandResult.InvalidParameter(OzekiCommands.SendSms, "Message", "The message text is required.");
        }

        return null;
    }

    /// <summary>Maps the request to the canonical message: Sender to From, Recipient to To, Message to Text, DeliveryReportURL to DeliveryReportUrl.</summary>
    /// <returns>The message.</returns>
    /// <exception cref="OzekiRequestException">A parameter is missing or invalid; <see cref="OzekiRequestException.Result"/> is the 302 naming it.</exception>
    public SmsMessage ToSmsMessage()
        => TryToSmsMessage(out var message, out var error) ? message : throw new OzekiRequestException(error);

    /// <summary>Maps the request to the canonical message without throwing.</summary>
    /// <param name="message">The message, on success.</param>
    /// <param name="error">The 302 response naming the offending parameter, on failure.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public bool TryToSmsMessage([NotNullWhen(true)] out SmsMessage? message, [NotNullWhen(false)] out CommandResult? error)
    {
        message = null;
        error = Validate();
        if (error is not null)
        {
            return false;
        }

        PhoneNumber? from = null;
        if (!string.IsNullOrWhiteSpace(Sender) && !PhoneNumber.TryParse(Sender, out from, out var fromError))
        {
            error = CommandResult.InvalidParameter(OzekiCommands.SendSms, "Sender", fromError);
            return false;
        }

        if (!PhoneNumber.TryParse(Recipient, out var to, out var toError))
        {
            error = CommandResult.InvalidParameter(OzekiCommands.SendSms, "Recipient", toError);
            return false;
        }

        Uri? report = null;
        if (!string.IsNullOrWhiteSpace(DeliveryReportUrl))
        {
            // Refused here, before anything is sent, with the same rule the validator applies (absolute http/https,
            // no user-info, bounded length); where the URL may point is checked when it is called.
            var urlError = Uri.TryCreate(DeliveryReportUrl, UriKind.Absolute, out report)
                ? Validation.MessageValidator.DeliveryReportUrlError(report)
                : "The delivery report URL must be an absolute http or https URL.";
            if (urlError is not null)
            {
                report = null;
                error = CommandResult.InvalidParameter(OzekiCommands.SendSms, DeliveryReportUrlParameter, urlError);
                return false;
            }
        }

        message = new SmsMessage { From = from, To = to, Text = Message!, DeliveryReportUrl = report };
        return true;
    }

    /// <summary>A description without the text, the password or the callback URL's query and user-info, safe to log.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
        => $"SendSmsRequest {{ Sender = {Sender}, Recipient = {Recipient}, Length = {Message?.Length ?? 0}, DeliveryReportURL = {SafeUrl(DeliveryReportUrl)}, Username = {Username} }}";

    /// <summary>Callback URLs often carry a token (in the path, the query or user-info); only scheme, host and port are shown.</summary>
    private static string? SafeUrl(string? url) => CallbackUrlRedaction.Redact(url);
}
