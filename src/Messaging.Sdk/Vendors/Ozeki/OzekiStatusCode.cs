using System.Globalization;

namespace Messaging.Sdk.Vendors.Ozeki;

/// <summary>The status codes of the Ozeki Phone System HTTP API, carried in <c>&lt;Code&gt;</c> of every response (the HTTP status is always 200).</summary>
public enum OzekiStatusCode
{
    /// <summary>200: Command successfully executed.</summary>
    Ok = 200,

    /// <summary>300: Error occured during parsing message: '{0}' (the vendor's spelling).</summary>
    ParseError = 300,

    /// <summary>301: Not implemented command: '{0}'.</summary>
    NotImplementedCommand = 301,

    /// <summary>302: Missing or invalid parameter '{0}' for command '{1}'.</summary>
    InvalidParameter = 302,

    /// <summary>303: Command '{0}' cannot be used here.</summary>
    InappropriateCommand = 303,

    /// <summary>304: Authentication required.</summary>
    AuthenticationRequired = 304,

    /// <summary>305: Authentication failed, bad username or password.</summary>
    AuthenticationFailed = 305,

    /// <summary>306: User is not allowed to use API in ACL.</summary>
    ForbiddenUser = 306,

    /// <summary>307: Use API from this address is forbidden.</summary>
    ForbiddenAddress = 307,

    /// <summary>401: API extension '{0}' unavailable, please check configuration or permissions. The SDK also uses it when the transport refused or could not take the message.</summary>
    ApiExtensionUnavailable = 401,

    /// <summary>402: Call connect to '{0}' failed with result state '{1}'.</summary>
    CallConnectFailed = 402,

    /// <summary>501: Destination of the SMS is not found. The SDK uses it for refused or unknown SMS destinations.</summary>
    SmsDestinationNotFound = 501,

    /// <summary>601: Call not found with ID '{0}'.</summary>
    CallNotFound = 601,

    /// <summary>701: Configuration for type '{0}' not found.</summary>
    ConfigNotFound = 701,

    /// <summary>702: Invalid configuration for type '{0}'.</summary>
    InvalidConfig = 702,

    /// <summary>703: Extension configuration already exists.</summary>
    ConfigAlreadyExists = 703,
}

/// <summary>The message templates of <see cref="OzekiStatusCode"/>, worded exactly as Ozeki sends them.</summary>
public static class OzekiStatusCodes
{
    private static readonly Dictionary<OzekiStatusCode, string> Templates = new()
    {
        [OzekiStatusCode.Ok] = "Command successfully executed",
        [OzekiStatusCode.ParseError] = "Error occured during parsing message: '{0}'",
        [OzekiStatusCode.NotImplementedCommand] = "Not implemented command: '{0}'",
        [OzekiStatusCode.InvalidParameter] = "Missing or invalid parameter '{0}' for command '{1}'",
        [OzekiStatusCode.InappropriateCommand] = "Command '{0}' cannot be used here",
        [OzekiStatusCode.AuthenticationRequired] = "Authentication required",
        [OzekiStatusCode.AuthenticationFailed] = "Authentication failed, bad username or password",
        [OzekiStatusCode.ForbiddenUser] = "User is not allowed to use API in ACL",
        [OzekiStatusCode.ForbiddenAddress] = "Use API from this address is forbidden",
        [OzekiStatusCode.ApiExtensionUnavailable] = "API extension '{0}' unavailable, please check configuration or permissions",
        [OzekiStatusCode.CallConnectFailed] = "Call connect to '{0}' failed with result state '{1}'",
        [OzekiStatusCode.SmsDestinationNotFound] = "Destination of the SMS is not found",
        [OzekiStatusCode.CallNotFound] = "Call not found with ID '{0}'",
        [OzekiStatusCode.ConfigNotFound] = "Configuration for type '{0}' not found",
        [OzekiStatusCode.InvalidConfig] = "Invalid configuration for type '{0}'",
        [OzekiStatusCode.ConfigAlreadyExists] = "Extension configuration already exists",
    };

    /// <summary>Every documented code, in the order of the reference table.</summary>
    public static IReadOnlyList<OzekiStatusCode> All { get; } = [.. Templates.Keys.Order()];

    /// <summary>The message template of <paramref name="code"/>, with <c>{0}</c>/<c>{1}</c> placeholders.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The template.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="code"/> is not a documented code.</exception>
    public static string GetTemplate(OzekiStatusCode code)
        => Templates.TryGetValue(code, out var template)
            ? template
            : throw new ArgumentOutOfRangeException(nameof(code), code, "Not a documented Ozeki status code.");

    /// <summary>Formats the message of <paramref name="code"/> with its arguments.</summary>
    /// <param name="code">The code.</param>
    /// <param name="arguments">The values of <c>{0}</c>, <c>{1}</c>; missing ones become empty.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="code"/> is not a documented code.</exception>
    public static string FormatMessage(OzekiStatusCode code, params string?[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var args = new object[2];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = i < arguments.Length ? arguments[i] ?? string.Empty : string.Empty;
        }

        return string.Format(CultureInfo.InvariantCulture, GetTemplate(code), args);
    }
}
