using System.Diagnostics.CodeAnalysis;

namespace Messaging.Sdk.Vendors.Ozeki;

internal static class OzekiParsing
{
    /// <summary>An absent <c>command</c> is accepted (the endpoint may imply it); another command's name is Ozeki's 303.</summary>
    public static bool CheckCommand(VendorParameters parameters, string expected, [NotNullWhen(false)] out CommandResult? error)
    {
        error = null;
        if (parameters.TryGet("command", out var command) && command.Length > 0
            && !string.Equals(command, expected, StringComparison.OrdinalIgnoreCase))
        {
            error = CommandResult.Create(expected, OzekiStatusCode.InappropriateCommand, command);
            return false;
        }

        return true;
    }
}
