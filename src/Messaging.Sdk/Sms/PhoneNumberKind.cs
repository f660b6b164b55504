namespace Messaging.Sdk;

/// <summary>What kind of SMS address a <see cref="PhoneNumber"/> is.</summary>
public enum PhoneNumberKind
{
    /// <summary>An E.164 international number written with a leading <c>+</c>: up to 15 digits, country code first.</summary>
    International,

    /// <summary>A number in national format (7 to 15 digits, no <c>+</c>): the network adds the country.</summary>
    National,

    /// <summary>A short code of 3 to 6 digits.</summary>
    ShortCode,

    /// <summary>An alphanumeric sender id of 1 to 11 characters, with at least one letter. Valid only as a sender.</summary>
    Alphanumeric,
}
