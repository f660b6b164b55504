using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Messaging.Sdk.Vendors.Enswitch;

/// <summary>The parameters of Enswitch's <c>emails/send</c> (<c>/api/json/emails/send/?auth_username=...;...</c>).</summary>
/// <example>
/// <code>
/// var request = EmailsSendRequest.Parse(httpContext.Request.QueryString.Value);
/// Response response = await emailSender.SendAsync(request, services.GetService&lt;IEnswitchDestinationResolver&gt;(), ct);
/// return Results.Content(response.ToJson(), "application/json");
/// </code>
/// </example>
public sealed record EmailsSendRequest
{
    /// <summary>The documented parameter names, spelt as on the wire.</summary>
    public static IReadOnlyList<string> ParameterNames { get; } =
        ["auth_username", "auth_password", "destination", "emails", "from", "subject", "body", "customer"];

    /// <summary><c>auth_username</c>. Carried for the host to check; the SDK's senders do not use it.</summary>
    public string? AuthUsername { get; init; }

    /// <summary><c>auth_password</c>. Never written by <see cref="ToString"/>.</summary>
    public string? AuthPassword { get; init; }

    /// <summary><c>destination</c>: who receives the e-mails.</summary>
    /// <value>The default is <see cref="EnswitchDestination.Emails"/> (the empty string): the <see cref="Emails"/> list.</value>
    public EnswitchDestination Destination { get; init; }

    /// <summary><c>emails</c>: the addresses, separated on the wire by spaces and/or commas. Used only when <see cref="Destination"/> is <see cref="EnswitchDestination.Emails"/>.</summary>
    public IReadOnlyList<string> Emails { get; init; } = [];

    /// <summary><c>from</c>: the sender address. Required.</summary>
    public string? From { get; init; }

    /// <summary><c>subject</c>. Required.</summary>
    public string? Subject { get; init; }

    /// <summary><c>body</c>: the plain-text body. Required.</summary>
    public string? Body { get; init; }

    /// <summary><c>customer</c>: the id of the customer to send as; <see langword="null"/> for the authenticated user's customer.</summary>
    public long? Customer { get; init; }

    /// <summary>Parses a query string or URL whose parameters are separated by <c>;</c> and/or <c>&amp;</c>.</summary>
    /// <param name="query">The text.</param>
    /// <returns>The request.</returns>
    /// <exception cref="EnswitchRequestException"><c>destination</c> or <c>customer</c> is malformed; <see cref="EnswitchRequestException.Response"/> is the 400 with its key.</exception>
    public static EmailsSendRequest Parse(string query)
        => TryParse(query, out var request, out var error) ? request : throw new EnswitchRequestException(error);

    /// <summary>Parses without throwing.</summary>
    /// <param name="query">The text.</param>
    /// <param name="request">The request, on success.</param>
    /// <param name="error">The 400 response naming the malformed parameter, on failure.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParse(string? query, [NotNullWhen(true)] out EmailsSendRequest? request, [NotNullWhen(false)] out Response? error)
    {
        request = null;
        var parameters = VendorParameters.Parse(query, allowSemicolon: true);
        var destinationText = parameters.Get("destination");
        if (!EnswitchDestinations.TryParse(destinationText, out var destination))
        {
            error = Response.BadRequest("destination", $"'{destinationText}' is not a destination: use \"\", billing, billing_recursive, customer, me or recursive.");
            return false;
        }

        if (!EnswitchParsing.TryParseCustomer(parameters, out var customer, out error))
        {
            return false;
        }

        request = new EmailsSendRequest
        {
            AuthUsername = parameters.Get("auth_username"),
            AuthPassword = parameters.Get("auth_password"),
            Destination = destination,
            Emails = SplitEmails(parameters.Get("emails")),
            From = parameters.Get("from"),
            Subject = parameters.Get("subject"),
            Body = parameters.Get("body"),
            Customer = customer,
        };
        error = null;
        return true;
    }

    /// <summary>Splits an <c>emails</c> value on spaces and/or commas.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The addresses, empty entries removed.</returns>
    public static IReadOnlyList<string> SplitEmails(string? value)
        => value is null ? [] : value.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Writes the request as a query string in documented order; <c>emails</c> is comma-separated.</summary>
    /// <param name="separator"><c>;</c> (as in Enswitch's examples) or <c>&amp;</c>.</param>
    /// <returns>The query string, without a leading <c>?</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="separator"/> is neither.</exception>
    public string ToQueryString(char separator = ';') => VendorParameters.Write(
    [
        new("auth_username", AuthUsername),
        new("auth_password", AuthPassword),
        new("destination", Destination.ToWireValue()),
        new("emails", Emails.Count == 0 ? null : string.Join(',', Emails)),
        new("from", From),
        new("subject", Subject),
        new("body", Body),
        new("customer", Customer?.ToString(CultureInfo.InvariantCulture)),
    ], EnswitchParsing.CheckSeparator(separator));

    /// <summary>Checks the required parameters as Enswitch would.</summary>
    /// <returns><see langword="null"/> when valid, otherwise the 400 with <c>key</c>.</returns>
    public Response? Validate()
    {
        if (string.IsNullOrWhiteSpace(From))
        {
            return Response.BadRequest("from", "The from address is required.");
        }

        if (!EmailAddress.TryParse(From, out _, out var fromError))
        {
            return Response.BadRequest("from", fromError);
        }

        if (Subject is null)
        {
            return Response.BadRequest("subject", "The subject is required.");
        }

        if (Body is null)
        {
            return Response.BadRequest("body", "The body is required.");
        }

        if (Destination == EnswitchDestination.Emails)
        {
            if (Emails.Count == 0)
            {
                return Response.BadRequest("emails", "With an empty destination, emails must list at least one address.");
            }

            foreach (var address in Emails)
            {
                if (!EmailAddress.TryParse(address, out _, out var error))
                {
                    return Response.BadRequest("emails", error);
                }
            }
        }

        return null;
    }

    /// <summary>Maps the request to one canonical message per recipient (so that no recipient sees the others), From/Subject/TextBody from <c>from</c>/<c>subject</c>/<c>body</c>.</summary>
    /// <param name="recipients">The recipients: the parsed <see cref="Emails"/> for <see cref="EnswitchDestination.Emails"/>, or what the resolver returned; <see langword="null"/> for the parsed list.</param>
    /// <returns>The messages.</returns>
    /// <exception cref="EnswitchRequestException">The request is invalid; <see cref="EnswitchRequestException.Response"/> is the 400 with <c>key</c>.</exception>
    public IReadOnlyList<EmailMessage> ToEmailMessages(IReadOnlyList<EmailAddress>? recipients = null)
    {
        if (Validate() is { } error)
        {
            throw new EnswitchRequestException(error);
        }

        if (recipients is null && Destination != EnswitchDestination.Emails)
        {
            throw new EnswitchRequestException(EnswitchMessagingExtensions.NoResolver(Destination));
        }

        var from = EmailAddress.Parse(From!);
        var to = recipients ?? [.. Emails.Select(EmailAddress.Parse)];
        return [.. to.Select(r => new EmailMessage { From = from, To = [r], Subject = Subject, TextBody = Body })];
    }

    /// <summary>A description without the password or body, safe to log.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
        => $"EmailsSendRequest {{ AuthUsername = {AuthUsername}, Destination = {Destination}, Emails = {Emails.Count}, From = {From}, Subject = {Subject}, Customer = {Customer} }}";

    /// <summary>Equality compares the e-mail list by value.</summary>
    /// <param name="other">The other request.</param>
    /// <returns><see langword="true"/> when every parameter is equal.</returns>
    public bool Equals(EmailsSendRequest? other)
        => other is not null && AuthUsername == other.AuthUsername && AuthPassword == other.AuthPassword && Destination == other.Destination
           && Emails.SequenceEqual(other.Emails) && From == other.From && Subject == other.Subject && Body == other.Body && Customer == other.Customer;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(AuthUsername, Destination, Emails.Count, From, Subject, Body, Customer);
}
