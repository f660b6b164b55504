using System.Diagnostics.CodeAnalysis;

namespace Messaging.Sdk.Vendors.Restcomm;

/// <summary>The form parameters of Restcomm's <c>POST /2012-04-24/Accounts/{AccountSid}/Email/Messages</c>.</summary>
public sealed record EmailRequest
{
    /// <summary>The longest <c>Subject</c> Restcomm accepts, in characters.</summary>
    public const int MaxSubjectLength = 160;

    /// <summary>The documented form parameter names, spelt as on the wire.</summary>
    public static IReadOnlyList<string> ParameterNames { get; } = ["From", "To", "Body", "Subject", "Type", "CC", "BCC"];

    /// <summary>The account sid from the URL path (not a form parameter); written into the resource.</summary>
    public string? AccountSid { get; init; }

    /// <summary><c>From</c>: the sender address. Required.</summary>
    public string? From { get; init; }

    /// <summary><c>To</c>: the destination address (a comma-separated list is accepted). Required.</summary>
    public string? To { get; init; }

    /// <summary><c>Body</c>. Required.</summary>
    public string? Body { get; init; }

    /// <summary><c>Subject</c>: at most 160 characters. Required.</summary>
    public string? Subject { get; init; }

    /// <summary><c>Type</c>: the Content-Type of the body, <c>text/plain</c> (the default) or <c>text/html</c>.</summary>
    public string? Type { get; init; }

    /// <summary><c>CC</c>: comma-separated carbon-copy addresses.</summary>
    public string? Cc { get; init; }

    /// <summary><c>BCC</c>: comma-separated blind-copy addresses.</summary>
    public string? Bcc { get; init; }

    /// <summary>Parses a form body (or query string).</summary>
    /// <param name="form">The <c>application/x-www-form-urlencoded</c> body.</param>
    /// <param name="accountSid">The account sid from the URL path, or <see langword="null"/>.</param>
    /// <returns>The request.</returns>
    public static EmailRequest Parse(string? form, string? accountSid = null)
    {
        var p = VendorParameters.Parse(form, allowSemicolon: false);
        return new EmailRequest
        {
            AccountSid = accountSid,
            From = p.Get("From"),
            To = p.Get("To"),
            Body = p.Get("Body"),
            Subject = p.Get("Subject"),
            Type = p.Get("Type"),
            Cc = p.Get("CC"),
            Bcc = p.Get("BCC"),
        };
    }

    /// <summary>Writes the form body, parameters in documented order, absent ones left out.</summary>
    /// <returns>The form body.</returns>
    public string ToFormBody() => VendorParameters.Write(
        [new("From", From), new("To", To), new("Body", Body), new("Subject", Subject), new("Type", Type), new("CC", Cc), new("BCC", Bcc)], '&');

    /// <summary>Maps the request to the canonical message: Body becomes TextBody, or HtmlBody when Type is <c>text/html</c>.</summary>
    /// <returns>The message.</returns>
    /// <exception cref="RestcommRequestException">A parameter is missing or invalid (HTTP 400 naming it).</exception>
    public EmailMessage ToEmailMessage()
        => TryToEmailMessage(out var message, out var error) ? message : throw new RestcommRequestException(error);

    /// <summary>Maps the request to the canonical message without throwing.</summary>
    /// <param name="message">The message, on success.</param>
    /// <param name="error">The HTTP 400 naming the parameter, on failure.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public bool TryToEmailMessage([NotNullWhen(true)] out EmailMessage? message, [NotNullWhen(false)] out RestcommError? error)
    {
        message = null;
        foreach (var (name, value) in new[] { ("From", From), ("To", To), ("Body", Body), ("Subject", Subject) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                error = RestcommError.BadRequest(name, $"The {name} parameter is required.");
                return false;
            }
        }

        if (Subject!.Length > MaxSubjectLength)
        {
            error = RestcommError.BadRequest("Subject", $"The Subject has {Subject.Length} characters; at most {MaxSubjectLength} are allowed.");
            return false;
        }

        var html = false;
        if (!string.IsNullOrWhiteSpace(Type))
        {
            var mediaType = Type.Split(';', 2)[0].Trim();
            html = string.Equals(mediaType, "text/html", StringComparison.OrdinalIgnoreCase);
            if (!html && !string.Equals(mediaType, "text/plain", StringComparison.OrdinalIgnoreCase))
            {
                error = RestcommError.BadRequest("Type", $"The Type '{Type}' is not supported; use text/plain or text/html.");
                return false;
            }
        }

        if (!EmailAddress.TryParse(From, out var from, out var fromError))
        {
            error = RestcommError.BadRequest("From", $"The From parameter is invalid: {fromError}");
            return false;
        }

        if (!TryList("To", To, out var to, out error) || !TryList("CC", Cc, out var cc, out error) || !TryList("BCC", Bcc, out var bcc, out error))
        {
            return false;
        }

        message = new EmailMessage
        {
            From = from,
            To = to,
            Cc = cc,
            Bcc = bcc,
            Subject = Subject,
            TextBody = html ? null : Body,
            HtmlBody = html ? Body : null,
        };
        return true;
    }

    /// <summary>A description without the body, safe to log.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"EmailRequest {{ AccountSid = {AccountSid}, From = {From}, To = {To}, Subject = {Subject}, Type = {Type} }}";

    private static bool TryList(string name, string? value, out IReadOnlyList<EmailAddress> list, [NotNullWhen(false)] out RestcommError? error)
    {
        var result = new List<EmailAddress>();
        list = result;
        error = null;
        foreach (var item in (value ?? string.Empty).Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!EmailAddress.TryParse(item, out var address, out var reason))
            {
                error = RestcommError.BadRequest(name, $"The {name} parameter is invalid: {reason}");
                return false;
            }

            result.Add(address);
        }

        return true;
    }
}

/// <summary>The form parameters of Restcomm's <c>POST /2012-04-24/Accounts/{AccountSid}/SMS/Messages</c>.</summary>
public sealed record SmsRequest
{
    /// <summary>The documented form parameter names, spelt as on the wire.</summary>
    public static IReadOnlyList<string> ParameterNames { get; } = ["From", "To", "Body"];

    /// <summary>The account sid from the URL path (not a form parameter); written into the resource.</summary>
    public string? AccountSid { get; init; }

    /// <summary><c>From</c>: the sender number (E.164) or alphanumeric id. Required.</summary>
    public string? From { get; init; }

    /// <summary><c>To</c>: the destination, an E.164 number (<c>+</c> URL-encoded as <c>%2B</c>). Required.</summary>
    public string? To { get; init; }

    /// <summary><c>Body</c>: the text. Required.</summary>
    public string? Body { get; init; }

    /// <summary>Parses a form body (or query string).</summary>
    /// <param name="form">The <c>application/x-www-form-urlencoded</c> body.</param>
    /// <param name="accountSid">The account sid from the URL path, or <see langword="null"/>.</param>
    /// <returns>The request.</returns>
    public static SmsRequest Parse(string? form, string? accountSid = null)
    {
        var p = VendorParameters.Parse(form, allowSemicolon: false);
        return new SmsRequest { AccountSid = accountSid, From = p.Get("From"), To = p.Get("To"), Body = p.Get("Body") };
    }

    /// <summary>Writes the form body.</summary>
    /// <returns>The form body.</returns>
    public string ToFormBody() => VendorParameters.Write([new("From", From), new("To", To), new("Body", Body)], '&');

    /// <summary>Maps the request to the canonical message.</summary>
    /// <returns>The message.</returns>
    /// <exception cref="RestcommRequestException">A parameter is missing or invalid (HTTP 400 naming it).</exception>
    public SmsMessage ToSmsMessage()
        => TryToSmsMessage(out var message, out var error) ? message : throw new RestcommRequestException(error);

    /// <summary>Maps the request to the canonical message without throwing.</summary>
    /// <param name="message">The message, on success.</param>
    /// <param name="error">The HTTP 400 naming the parameter, on failure.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public bool TryToSmsMessage([NotNullWhen(true)] out SmsMessage? message, [NotNullWhen(false)] out RestcommError? error)
    {
        message = null;
        foreach (var (name, value) in new[] { ("From", From), ("To", To), ("Body", Body) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                error = RestcommError.BadRequest(name, $"The {name} parameter is required.");
                return false;
            }
        }

        if (!PhoneNumber.TryParse(From, out var from, out var fromError))
        {
            error = RestcommError.BadRequest("From", $"The From parameter is invalid: {fromError}");
            return false;
        }

        if (!PhoneNumber.TryParse(To, out var to, out var toError) || to.Kind != PhoneNumberKind.International)
        {
            error = RestcommError.BadRequest("To", $"The To parameter must be an E.164 number such as +14155550100 (with '+' sent as %2B). {toError}".TrimEnd());
            return false;
        }

        message = new SmsMessage { From = from, To = to, Text = Body! };
        error = null;
        return true;
    }

    /// <summary>A description without the body, safe to log.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"SmsRequest {{ AccountSid = {AccountSid}, From = {From}, To = {To}, Length = {Body?.Length ?? 0} }}";
}
