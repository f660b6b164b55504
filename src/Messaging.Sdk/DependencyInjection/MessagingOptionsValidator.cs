using Microsoft.Extensions.Options;

namespace Messaging.Sdk;

/// <summary>Validates <see cref="MessagingOptions"/> at start, reporting every failure with its configuration path.</summary>
internal sealed class MessagingOptionsValidator(MessagingSenderRegistry registry) : IValidateOptions<MessagingOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingOptions options)
    {
        var failures = new List<string>();
        OptionsValidation.AddDataAnnotationFailures(failures, "Messaging:Validation", options.Validation);
        if (options.Validation is { } validation)
        {
            AddAttachmentRootFailures(failures, validation);
        }

        OptionsValidation.AddDataAnnotationFailures(failures, "Messaging:Resilience", options.Resilience);
        if (options.Resilience is { } r && r.MaxDelay < r.BaseDelay)
        {
            failures.Add("Messaging:Resilience:MaxDelay must not be less than BaseDelay.");
        }

        if (options.DefaultEmailSender is { } email && !registry.Contains(SenderKind.Email, email))
        {
            failures.Add($"Messaging:DefaultEmailSender names '{email}', but no e-mail sender has that name (registered: {List(registry.EmailSenders)}).");
        }

        if (options.DefaultSmsSender is { } sms && !registry.Contains(SenderKind.Sms, sms))
        {
            failures.Add($"Messaging:DefaultSmsSender names '{sms}', but no SMS sender has that name (registered: {List(registry.SmsSenders)}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void AddAttachmentRootFailures(List<string> failures, Validation.MessageValidationOptions validation)
    {
        foreach (var root in validation.AllAttachmentRoots())
        {
            if (!Path.IsPathFullyQualified(root))
            {
                failures.Add($"Messaging:Validation:AttachmentRoots: '{EmailAddress.Printable(root)}' is not a full path.");
            }
            else if (Path.GetPathRoot(root) is { } top && string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)), Path.TrimEndingDirectorySeparator(top), StringComparison.OrdinalIgnoreCase))
            {
                // A file-system root would let every readable file (secrets included) be attached: name the directory meant for attachments.
                failures.Add($"Messaging:Validation:AttachmentRoots: '{EmailAddress.Printable(root)}' is the root of a file system; name the directory attachments come from.");
            }
        }
    }

    private static string List(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);
}
