using Microsoft.Extensions.Options;

namespace Messaging.Sdk.GsmModem;

/// <summary>Validates a GSM modem sender's options at start, reporting every failure with its configuration path.</summary>
internal sealed class GsmModemOptionsValidator(string senderName, string path) : IValidateOptions<GsmModemOptions>
{
    public ValidateOptionsResult Validate(string? name, GsmModemOptions options)
    {
        if (!string.Equals(name, senderName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        OptionsValidation.AddDataAnnotationFailures(failures, path, options);
        if (options.ChannelFactory is null && options.Modems.Count == 0)
        {
            failures.Add($"{path}:Modems must list at least one serial port (for example Modems:0:PortName = /dev/ttyUSB0).");
        }

        for (var i = 0; i < options.Modems.Count; i++)
        {
            var modem = options.Modems[i];
            if (string.IsNullOrWhiteSpace(modem.PortName))
            {
                failures.Add($"{path}:Modems:{i}:PortName is required.");
            }

            OptionsValidation.AddDataAnnotationFailures(failures, $"{path}:Modems:{i}", modem);
        }

        foreach (var duplicate in options.Modems.Select(m => m.PortName).Where(n => !string.IsNullOrWhiteSpace(n)).GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            failures.Add($"{path}:Modems lists port '{duplicate.Key}' more than once: each modem needs its own port.");
        }

        if (options.MaxReinitializeDelay < options.ReinitializeDelay)
        {
            failures.Add($"{path}:MaxReinitializeDelay must not be less than ReinitializeDelay.");
        }

        if (options.Pin is { } pin && (pin.Length is < 4 or > 8 || !pin.All(char.IsAsciiDigit)))
        {
            failures.Add($"{path}:Pin must be 4 to 8 digits.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
