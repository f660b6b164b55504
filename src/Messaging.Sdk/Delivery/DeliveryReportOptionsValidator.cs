using Microsoft.Extensions.Options;

namespace Messaging.Sdk;

/// <summary>Validates <see cref="DeliveryReportOptions"/> at start: the data annotations and every allow-list entry, each failure naming its path.</summary>
internal sealed class DeliveryReportOptionsValidator : IValidateOptions<DeliveryReportOptions>
{
    private const string Path = "Messaging:DeliveryReports";

    public ValidateOptionsResult Validate(string? name, DeliveryReportOptions options)
    {
        var failures = new List<string>();
        OptionsValidation.AddDataAnnotationFailures(failures, Path, options);
        if (options is null)
        {
            return ValidateOptionsResult.Fail(failures);
        }

        for (var i = 0; i < options.AllowedCallbackHosts.Count; i++)
        {
            if (!CallbackAddressGuard.IsValidHostEntry(options.AllowedCallbackHosts[i]))
            {
                failures.Add($"{Path}:AllowedCallbackHosts:{i}: '{options.AllowedCallbackHosts[i]}' is not a host name (put addresses in AllowedCallbackNetworks).");
            }
        }

        for (var i = 0; i < options.AllowedCallbackNetworks.Count; i++)
        {
            if (!CallbackAddressGuard.TryParseNetwork(options.AllowedCallbackNetworks[i], out _))
            {
                failures.Add($"{Path}:AllowedCallbackNetworks:{i}: '{options.AllowedCallbackNetworks[i]}' is not a CIDR network (10.0.0.0/8) or an IP address.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
