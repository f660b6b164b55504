using System.Globalization;
using System.Text.Json;

namespace Messaging.Sdk.Vendors.Restcomm;

/// <summary>A Restcomm response body: a resource or an error, written as JSON or as XML inside <c>&lt;RestcommResponse&gt;</c>.</summary>
public interface IRestcommRepresentation
{
    /// <summary>Writes the JSON form (snake_case names).</summary>
    /// <returns>The JSON.</returns>
    string ToJson();

    /// <summary>Writes the XML form, wrapped in <c>&lt;RestcommResponse&gt;</c>.</summary>
    /// <returns>The XML.</returns>
    string ToXml();
}

/// <summary>The Restcomm SMS message resource (<c>/2012-04-24/Accounts/{AccountSid}/SMS/Messages/{Sid}</c>).</summary>
/// <remarks>
/// Dates are written RFC 1123 style as Restcomm does (<c>Thu, 19 Nov 2015 07:21:24 -0500</c>) and read in that form or
/// ISO 8601. <see cref="Uri"/> holds the resource path; the JSON form appends <c>.json</c> to it as Restcomm does, and
/// reading strips it again.
/// </remarks>
public sealed record SmsMessageResource : IRestcommRepresentation
{
    /// <summary>The resource names in JSON, in Restcomm's order.</summary>
    public static IReadOnlyList<string> JsonNames { get; } =
        ["sid", "date_created", "date_updated", "date_sent", "account_sid", "from", "to", "body", "status", "direction", "error_code", "error_message", "price", "price_unit", "api_version", "uri"];

    /// <summary><c>Sid</c>: <c>SM</c> and 32 hex digits.</summary>
    public string? Sid { get; init; }

    /// <summary><c>DateCreated</c>.</summary>
    public DateTimeOffset? DateCreated { get; init; }

    /// <summary><c>DateUpdated</c>.</summary>
    public DateTimeOffset? DateUpdated { get; init; }

    /// <summary><c>DateSent</c>: when the carrier took the message; <see langword="null"/> until then.</summary>
    public DateTimeOffset? DateSent { get; init; }

    /// <summary><c>AccountSid</c>.</summary>
    public string? AccountSid { get; init; }

    /// <summary><c>From</c>.</summary>
    public string? From { get; init; }

    /// <summary><c>To</c>.</summary>
    public string? To { get; init; }

    /// <summary><c>Body</c>.</summary>
    public string? Body { get; init; }

    /// <summary><c>Status</c>.</summary>
    /// <value>The default is <see cref="RestcommSmsStatus.Queued"/>.</value>
    public RestcommSmsStatus Status { get; init; }

    /// <summary><c>Direction</c>.</summary>
    /// <value>The default is <see cref="RestcommDirection.OutboundApi"/>.</value>
    public RestcommDirection Direction { get; init; } = RestcommDirection.OutboundApi;

    /// <summary><c>Price</c>, kept as the decimal text Restcomm writes (for example <c>-0.00750</c>), or <see langword="null"/>.</summary>
    public string? Price { get; init; }

    /// <summary><c>PriceUnit</c>: an ISO 4217 currency code, or <see langword="null"/>.</summary>
    public string? PriceUnit { get; init; }

    /// <summary><c>ApiVersion</c>.</summary>
    /// <value>The default is <c>2012-04-24</c>.</value>
    public string? ApiVersion { get; init; } = RestcommValues.ApiVersion;

    /// <summary><c>Uri</c>: the resource path, without the <c>.json</c> suffix.</summary>
    public string? Uri { get; init; }

    /// <summary><c>error_code</c>, for <c>failed</c> and <c>undelivered</c> messages.</summary>
    public RestcommErrorCode? ErrorCode { get; init; }

    /// <summary><c>error_message</c>.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The canonical result this was mapped from, or <see langword="null"/>; never written.</summary>
    public SendResult? SendResult { get; init; }

    /// <inheritdoc />
    public string ToJson() => RestcommFormat.WriteJson(w =>
    {
        foreach (var (name, value) in Fields(json: true))
        {
            if (name == "error_code" && ErrorCode is { } code)
            {
                w.WriteNumber(name, (int)code);
            }
            else
            {
                RestcommFormat.String(w, name, value);
            }
        }
    });

    /// <inheritdoc />
    public string ToXml() => RestcommFormat.WriteXml("SMSMessage", Fields(json: false).Select((f, i) => (XmlNames[i], f.Value)));

    /// <summary>Reads the JSON form.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The resource.</returns>
    /// <exception cref="FormatException">The JSON is malformed or a value is invalid.</exception>
    public static SmsMessageResource ParseJson(string json)
    {
        var o = RestcommFormat.ParseJsonObject(json);
        return Create(name => RestcommFormat.GetString(o, JsonNames[Array.IndexOf(XmlNames, name)]), stripJsonSuffix: true);
    }

    /// <summary>Reads the XML form (with or without the <c>RestcommResponse</c> wrapper).</summary>
    /// <param name="xml">The XML.</param>
    /// <returns>The resource.</returns>
    /// <exception cref="FormatException">The XML is malformed or a value is invalid.</exception>
    public static SmsMessageResource ParseXml(string xml)
    {
        var e = RestcommFormat.ParseXmlElement(xml, "SMSMessage");
        return Create(name => RestcommFormat.Text(e, name), stripJsonSuffix: false);
    }

    /// <summary>A description without the body, safe to log.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"SmsMessageResource {{ Sid = {Sid}, To = {To}, Status = {Status.ToWireValue()}, ErrorCode = {(int?)ErrorCode} }}";

    private static readonly string[] XmlNames =
        ["Sid", "DateCreated", "DateUpdated", "DateSent", "AccountSid", "From", "To", "Body", "Status", "Direction", "ErrorCode", "ErrorMessage", "Price", "PriceUnit", "ApiVersion", "Uri"];

    private (string Name, string? Value)[] Fields(bool json) =>
    [
        ("sid", Sid),
        ("date_created", Date(DateCreated)),
        ("date_updated", Date(DateUpdated)),
        ("date_sent", Date(DateSent)),
        ("account_sid", AccountSid),
        ("from", From),
        ("to", To),
        ("body", Body),
        ("status", Status.ToWireValue()),
        ("direction", Direction.ToWireValue()),
        ("error_code", ErrorCode is { } c ? ((int)c).ToString(CultureInfo.InvariantCulture) : null),
        ("error_message", ErrorMessage),
        ("price", Price),
        ("price_unit", PriceUnit),
        ("api_version", ApiVersion),
        ("uri", json && Uri is not null && !Uri.EndsWith(".json", StringComparison.Ordinal) ? Uri + ".json" : Uri),
    ];

    private static string? Date(DateTimeOffset? value) => value is { } v ? RestcommFormat.FormatRfc1123(v) : null;

    private static SmsMessageResource Create(Func<string, string?> get, bool stripJsonSuffix)
    {
        var statusText = get("Status");
        if (!RestcommValues.TryParseStatus(statusText, out var status) && statusText is not null)
        {
            throw new FormatException($"'{statusText}' is not a Restcomm SMS status.");
        }

        var directionText = get("Direction");
        var direction = RestcommDirection.OutboundApi;
        if (directionText is not null && !RestcommValues.TryParseDirection(directionText, out direction))
        {
            throw new FormatException($"'{directionText}' is not a Restcomm direction.");
        }

        var uri = get("Uri");
        if (stripJsonSuffix && uri is not null && uri.EndsWith(".json", StringComparison.Ordinal))
        {
            uri = uri[..^5];
        }

        return new SmsMessageResource
        {
            Sid = get("Sid"),
            DateCreated = RestcommFormat.ParseDate(get("DateCreated")),
            DateUpdated = RestcommFormat.ParseDate(get("DateUpdated")),
            DateSent = RestcommFormat.ParseDate(get("DateSent")),
            AccountSid = get("AccountSid"),
            From = get("From"),
            To = get("To"),
            Body = get("Body"),
            Status = status,
            Direction = direction,
            ErrorCode = RestcommFormat.ParseInt(get("ErrorCode")) is { } code ? RestcommValues.ToErrorCode(code) : null,
            ErrorMessage = get("ErrorMessage"),
            Price = get("Price"),
            PriceUnit = get("PriceUnit"),
            ApiVersion = get("ApiVersion"),
            Uri = uri,
        };
    }
}

/// <summary>The Restcomm Email message resource returned by <c>POST .../Email/Messages</c>: DateSent, AccountSid, From, To, Body, Subject.</summary>
/// <remarks><c>date_sent</c> is written ISO 8601 in UTC with milliseconds, as Restcomm's own example shows (<c>2016-02-07T23:54:41.293Z</c>); RFC 1123 is accepted when reading.</remarks>
public sealed record EmailMessageResource : IRestcommRepresentation
{
    /// <summary>The resource names in JSON, in Restcomm's order.</summary>
    public static IReadOnlyList<string> JsonNames { get; } = ["date_sent", "account_sid", "from", "to", "body", "subject"];

    private static readonly string[] XmlNames = ["DateSent", "AccountSid", "From", "To", "Body", "Subject"];

    /// <summary><c>DateSent</c>.</summary>
    public DateTimeOffset? DateSent { get; init; }

    /// <summary><c>AccountSid</c>.</summary>
    public string? AccountSid { get; init; }

    /// <summary><c>From</c>.</summary>
    public string? From { get; init; }

    /// <summary><c>To</c>.</summary>
    public string? To { get; init; }

    /// <summary><c>Body</c>.</summary>
    public string? Body { get; init; }

    /// <summary><c>Subject</c>.</summary>
    public string? Subject { get; init; }

    /// <summary>The canonical result this was mapped from, or <see langword="null"/>; never written.</summary>
    public SendResult? SendResult { get; init; }

    /// <inheritdoc />
    public string ToJson() => RestcommFormat.WriteJson(w =>
    {
        foreach (var (name, value) in JsonNames.Zip(Values()))
        {
            RestcommFormat.String(w, name, value);
        }
    });

    /// <inheritdoc />
    public string ToXml() => RestcommFormat.WriteXml("EmailMessage", XmlNames.Zip(Values()));

    /// <summary>Reads the JSON form.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The resource.</returns>
    /// <exception cref="FormatException">The JSON is malformed.</exception>
    public static EmailMessageResource ParseJson(string json)
    {
        var o = RestcommFormat.ParseJsonObject(json);
        return Create(i => RestcommFormat.GetString(o, JsonNames[i]));
    }

    /// <summary>Reads the XML form (with or without the <c>RestcommResponse</c> wrapper).</summary>
    /// <param name="xml">The XML.</param>
    /// <returns>The resource.</returns>
    /// <exception cref="FormatException">The XML is malformed.</exception>
    public static EmailMessageResource ParseXml(string xml)
    {
        var e = RestcommFormat.ParseXmlElement(xml, "EmailMessage");
        return Create(i => RestcommFormat.Text(e, XmlNames[i]));
    }

    /// <summary>A description without the body, safe to log.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"EmailMessageResource {{ From = {From}, To = {To}, Subject = {Subject} }}";

    private string?[] Values() => [DateSent is { } d ? RestcommFormat.FormatIso(d) : null, AccountSid, From, To, Body, Subject];

    private static EmailMessageResource Create(Func<int, string?> get) => new()
    {
        DateSent = RestcommFormat.ParseDate(get(0)),
        AccountSid = get(1),
        From = get(2),
        To = get(3),
        Body = get(4),
        Subject = get(5),
    };
}
