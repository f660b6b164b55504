namespace Messaging.Sdk.Vendors.Ozeki;

/// <summary>The Ozeki HTTP API command names (the <c>command</c> parameter) the SDK models.</summary>
public static class OzekiCommands
{
    /// <summary><c>SendEmail</c>.</summary>
    public const string SendEmail = "SendEmail";

    /// <summary><c>SendSms</c>.</summary>
    public const string SendSms = "SendSms";
}
