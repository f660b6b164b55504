using Messaging.Sdk;
using Messaging.Sdk.Resilience;
using Messaging.Sdk.Smtp;
using Messaging.Sdk.Validation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers SMTP and pickup-directory e-mail senders on a <see cref="MessagingBuilder"/>.</summary>
public static class SmtpMessagingBuilderExtensions
{
    /// <summary>Adds an <see cref="SmtpEmailSender"/> named <paramref name="name"/>, bound to <c>Messaging:Smtp</c>
    /// (or <c>Messaging:Smtp:{name}</c>) and then <paramref name="configure"/>; its options are validated at start.</summary>
    /// <param name="builder">The messaging builder.</param>
    /// <param name="name">The sender name. The default is <see cref="MessagingBuilder.DefaultSenderName"/>.</param>
    /// <param name="configure">Configures the options after binding, or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static MessagingBuilder AddSmtp(this MessagingBuilder builder, string name = MessagingBuilder.DefaultSenderName, Action<SmtpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var options = builder.Services.AddOptions<SmtpOptions>(name);
        if (builder.GetSenderSection("Smtp", name) is { } section)
        {
            options.Bind(section);
            CodeOnlySetting.RefuseInConfiguration(options, section, MessagingBuilder.SenderConfigurationPath("Smtp", name), nameof(SmtpOptions.DangerousAcceptAnyServerCertificate), "SmtpOptions.DangerouslyAcceptAnyServerCertificate()");
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>());
        builder.Services.AddKeyedSingleton(name, (sp, key) => new SmtpEmailSender(
            (string)key!,
            sp.GetRequiredService<IOptionsMonitor<SmtpOptions>>().Get((string)key!),
            MessagingResilience.GetPipeline(sp, SenderKind.Email, (string)key!),
            sp.GetRequiredService<MessageValidator>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            (ILogger?)sp.GetService<ILoggerFactory>()?.CreateLogger<SmtpEmailSender>() ?? NullLogger.Instance,
            null));
        return builder.AddEmailSender(name, SmtpEmailSender.TransportName, (sp, n) => sp.GetRequiredKeyedService<SmtpEmailSender>(n));
    }

    /// <summary>Adds a <see cref="PickupDirectoryEmailSender"/> named <paramref name="name"/> that writes <c>.eml</c> files
    /// into <paramref name="directory"/> (or <c>Messaging:Pickup:Directory</c> when <paramref name="directory"/> is <see langword="null"/>).</summary>
    /// <param name="builder">The messaging builder.</param>
    /// <param name="directory">The directory, or <see langword="null"/> to take it from configuration.</param>
    /// <param name="name">The sender name. The default is <see cref="MessagingBuilder.DefaultSenderName"/>.</param>
    /// <returns>The builder.</returns>
    public static MessagingBuilder AddSmtpPickupDirectory(this MessagingBuilder builder, string? directory = null, string name = MessagingBuilder.DefaultSenderName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var options = builder.Services.AddOptions<PickupDirectoryOptions>(name);
        if (builder.GetSenderSection("Pickup", name) is { } section)
        {
            options.Bind(section);
        }

        if (directory is not null)
        {
            options.Configure(o => o.Directory = directory);
        }

        var path = MessagingBuilder.SenderConfigurationPath("Pickup", name);
        options.Validate(o => !string.IsNullOrWhiteSpace(o.Directory), $"{path}:Directory: a directory is required.").ValidateOnStart();
        builder.Services.AddKeyedSingleton(name, (sp, key) => new PickupDirectoryEmailSender(
            (string)key!,
            sp.GetRequiredService<IOptionsMonitor<PickupDirectoryOptions>>().Get((string)key!),
            MessagingResilience.GetPipeline(sp, SenderKind.Email, (string)key!),
            sp.GetRequiredService<MessageValidator>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            (ILogger?)sp.GetService<ILoggerFactory>()?.CreateLogger<PickupDirectoryEmailSender>() ?? NullLogger.Instance));
        return builder.AddEmailSender(name, PickupDirectoryEmailSender.TransportName, (sp, n) => sp.GetRequiredKeyedService<PickupDirectoryEmailSender>(n));
    }
}
