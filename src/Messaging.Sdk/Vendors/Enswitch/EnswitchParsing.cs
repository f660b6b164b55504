using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Messaging.Sdk.Vendors.Enswitch;

internal static class EnswitchParsing
{
    public static bool TryParseCustomer(VendorParameters parameters, out long? customer, [NotNullWhen(false)] out Response? error)
    {
        customer = null;
        error = null;
        if (parameters.Get("customer") is not { Length: > 0 } text)
        {
            return true;
        }

        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            error = Response.BadRequest("customer", $"'{text}' is not an integer customer id.");
            return false;
        }

        customer = value;
        return true;
    }

    public static char CheckSeparator(char separator)
        => separator is ';' or '&' ? separator : throw new ArgumentOutOfRangeException(nameof(separator), separator, "Enswitch separates parameters with ';' or '&'.");
}
