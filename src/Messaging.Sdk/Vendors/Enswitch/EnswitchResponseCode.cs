namespace Messaging.Sdk.Vendors.Enswitch;

/// <summary>The <c>code</c> of an Enswitch JSON API response entry (written on the wire as a string, for example <c>"200"</c>).</summary>
public enum EnswitchResponseCode
{
    /// <summary>200: OK, with data.</summary>
    Ok = 200,

    /// <summary>204: OK, no data.</summary>
    NoContent = 204,

    /// <summary>400: invalid input; <c>key</c> names the parameter.</summary>
    BadRequest = 400,

    /// <summary>401: the authentication details are invalid.</summary>
    Unauthorized = 401,

    /// <summary>402: the user's role does not allow this.</summary>
    RoleDenied = 402,

    /// <summary>403: the rate plan does not allow this.</summary>
    RatePlanDenied = 403,

    /// <summary>500: not in Enswitch's documented table; the SDK uses it when the transport refused, lost or could not take the message, so that such a failure is never dressed up as an input error.</summary>
    ServerError = 500,
}
