using Messaging.Sdk;
using Messaging.Sdk.Resilience;
using Messaging.Sdk.Smpp;
using Messaging.Sdk.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="SmppSmsSender"/> on a <see cref="MessagingBuilder"/>.</summary>
public static class SmppMessagingBuilderExtensions
{
    /// <summary>Adds the default SMS sender over SMPP, bound from <c>Messaging:Smpp</c> and then <paramref name="configure"/>.</summary>
    /// <param name="builder">The messaging builder.</param>
    /// <param name="configure">Configures the options after configuration binding; may be <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static MessagingBuilder AddSmpp(this MessagingBuilder builder, Action<SmppOptions>? configure = null)
        => AddSmpp(builder, MessagingBuilder.DefaultSenderName, configure);

    /// <summary>Adds an SMS sender over SMPP named <paramref name="name"/>, bound from <c>Messaging:Smpp:{name}</c> and then <paramref name="configure"/>.
    /// Resolve it as a keyed <see cref="ISmsSender"/> or <see cref="SmppSmsSender"/>.</summary>
    /// <param name="builder">The messaging builder.</param>
    /// <param name="name">The sender name.</param>
    /// <param name="configure">Configures the options after configuration binding; may be <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static MessagingBuilder AddSmpp(this MessagingBuilder builder, string name, Action<SmppOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var options = builder.Services.AddOptions<SmppOptions>(name);
        if (builder.GetSenderSection("Smpp", name) is { } section)
        {
            options.Bind(section);
            CodeOnlySetting.RefuseInConfiguration(options, section, MessagingBuilder.SenderConfigurationPath("Smpp", name), nameof(SmppOptions.AllowUntrustedCertificate), "SmppOptions.DangerouslyAcceptAnyServerCertificate()");
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmppOptions>, SmppOptionsValidator>());
        builder.Services.AddKeyedSingleton(name, (sp, key) =>
        {
            var senderName = (string)key!;
            return new SmppSmsSender(
                senderName,
                sp.GetRequiredService<IOptionsMonitor<SmppOptions>>().Get(senderName),
                sp.GetService<MessageValidator>(),
                MessagingResilience.GetPipeline(sp, SenderKind.Sms, senderName),
                sp.GetService<DeliveryReportDispatcher>(),
                sp.GetService<TimeProvider>(),
                sp.GetService<ILoggerFactory>()?.CreateLogger("Messaging.Sdk.Smpp"));
        });
        return builder.AddSmsSender(name, "smpp", (sp, n) => sp.GetRequiredKeyedService<SmppSmsSender>(n));
    }
}

/// <summary>Validates <see cref="SmppOptions"/> at start, naming every bad property at once.</summary>
internal sealed class SmppOptionsValidator : IValidateOptions<SmppOptions>
{
    public ValidateOptionsResult Validate(string? name, SmppOptions options)
    {
        var failures = new List<string>();
        var path = MessagingBuilder.SenderConfigurationPath("Smpp", name);
        OptionsValidation.AddDataAnnotationFailures(failures, path, options);
        void Positive(TimeSpan value, string property)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{path}:{property}: must be positive (was {value}).");
            }
        }

        Positive(options.ResponseTimeout, nameof(SmppOptions.ResponseTimeout));
        Positive(options.ConnectTimeout, nameof(SmppOptions.ConnectTimeout));
        Positive(options.WriteTimeout, nameof(SmppOptions.WriteTimeout));
        Positive(options.IncomingPartsTimeout, nameof(SmppOptions.IncomingPartsTimeout));
        Positive(options.EnquireLinkInterval, nameof(SmppOptions.EnquireLinkInterval));
        Positive(options.ReconnectDelay, nameof(SmppOptions.ReconnectDelay));
        Positive(options.ThrottleBackoff, nameof(SmppOptions.ThrottleBackoff));
        Positive(options.ThrottleRecoveryInterval, nameof(SmppOptions.ThrottleRecoveryInterval));
        Positive(options.ReceiptTrackingDuration, nameof(SmppOptions.ReceiptTrackingDuration));
        Positive(options.EarlyReceiptRetention, nameof(SmppOptions.EarlyReceiptRetention));
        if (options.MaxReconnectDelay < options.ReconnectDelay)
        {
            failures.Add($"{path}:{nameof(SmppOptions.MaxReconnectDelay)}: must be at least ReconnectDelay.");
        }

        if (options.BindMode == SmppBindMode.Receiver)
        {
            failures.Add($"{path}:{nameof(SmppOptions.BindMode)}: a receiver bind cannot send; use Transmitter or Transceiver (with ReceiverBinds for a separate receiver link).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
