using System.ComponentModel.DataAnnotations;

namespace Messaging.Sdk;

/// <summary>Helpers that transports use to validate their options with messages naming the configuration path.</summary>
internal static class OptionsValidation
{
    /// <summary>Adds one failure per DataAnnotations error on <paramref name="instance"/>, prefixed with <paramref name="path"/>.</summary>
    public static void AddDataAnnotationFailures(List<string> failures, string path, object? instance)
    {
        if (instance is null)
        {
            failures.Add($"{path} is required.");
            return;
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var members = result.MemberNames.Any() ? string.Join(",", result.MemberNames) : "?";
            failures.Add($"{path}:{members}: {result.ErrorMessage}");
        }
    }
}

/// <summary>Settings that only code may change, such as switching certificate validation off: the configuration binder
/// cannot set them (their setters are private), and a value found in configuration fails the start instead of being
/// ignored without a word.</summary>
internal static class CodeOnlySetting
{
    /// <summary>Makes the start fail, naming <paramref name="key"/> and the call to use instead, when
    /// <paramref name="section"/> sets it to <see langword="true"/>.</summary>
    public static void RefuseInConfiguration<TOptions>(
        Microsoft.Extensions.Options.OptionsBuilder<TOptions> options,
        Microsoft.Extensions.Configuration.IConfiguration section,
        string path,
        string key,
        string codeAlternative)
        where TOptions : class
    {
        if (bool.TryParse(section[key], out var on) && on)
        {
            // The transports call ValidateOnStart for their options, so this fails the host's start.
            options.Validate(
                _ => false,
                $"{path}:{key}: certificate validation can be switched off only in code ({codeAlternative}), never by a configuration value.");
        }
    }
}
