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
