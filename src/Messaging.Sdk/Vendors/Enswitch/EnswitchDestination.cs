namespace Messaging.Sdk.Vendors.Enswitch;

/// <summary>The <c>destination</c> of Enswitch's <c>emails/send</c>: who receives the e-mails.</summary>
public enum EnswitchDestination
{
    /// <summary>Empty string or not set: the addresses in <c>emails</c>.</summary>
    Emails,

    /// <summary><c>billing</c>: the billing contacts of all sub-customers.</summary>
    Billing,

    /// <summary><c>billing_recursive</c>: the billing contacts of all sub-customers, recursively.</summary>
    BillingRecursive,

    /// <summary><c>customer</c>: all people in the sending customer.</summary>
    Customer,

    /// <summary><c>me</c>: just the authenticated user.</summary>
    Me,

    /// <summary><c>recursive</c>: all people in sub-customers, recursively.</summary>
    Recursive,
}

/// <summary>The wire values of <see cref="EnswitchDestination"/>.</summary>
public static class EnswitchDestinations
{
    private static readonly (EnswitchDestination Value, string Wire)[] Table =
    [
        (EnswitchDestination.Emails, ""), (EnswitchDestination.Billing, "billing"), (EnswitchDestination.BillingRecursive, "billing_recursive"),
        (EnswitchDestination.Customer, "customer"), (EnswitchDestination.Me, "me"), (EnswitchDestination.Recursive, "recursive"),
    ];

    /// <summary>The wire value: <c>""</c>, <c>billing</c>, <c>billing_recursive</c>, <c>customer</c>, <c>me</c> or <c>recursive</c>.</summary>
    /// <param name="destination">The destination.</param>
    /// <returns>The wire value.</returns>
    public static string ToWireValue(this EnswitchDestination destination)
        => Table.First(t => t.Value == destination).Wire;

    /// <summary>Reads a wire value (case-insensitive; surrounding spaces ignored).</summary>
    /// <param name="value">The value.</param>
    /// <param name="destination">The destination, on success.</param>
    /// <returns><see langword="true"/> for one of the six documented values.</returns>
    public static bool TryParse(string? value, out EnswitchDestination destination)
    {
        var text = value?.Trim() ?? string.Empty;
        foreach (var (v, wire) in Table)
        {
            if (string.Equals(wire, text, StringComparison.OrdinalIgnoreCase))
            {
                destination = v;
                return true;
            }
        }

        destination = EnswitchDestination.Emails;
        return false;
    }
}
