using Messaging.Sdk;
using Messaging.Sdk.GsmModem;
using Messaging.Sdk.Resilience;
using Messaging.Sdk.Validation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers GSM modem SMS senders on a <see cref="MessagingBuilder"/>.</summary>
public static class GsmModemMessagingBuilderExtensions
{
    /// <summary>Adds a GSM modem SMS sender named <paramref name="name"/>, bound from <c>Messaging:GsmModem</c> (the default sender)
    /// or <c>Messaging:GsmModem:{name}</c>, then <paramref name="configure"/>. Resolve it as a keyed <see cref="GsmModemSmsSender"/>
    /// to start it early or read its health.</summary>
    /// <param name="builder">The messaging builder.</param>
    /// <param name="name">The sender name.</param>
    /// <param name="configure">Configures the options in code, after configuration binding; <see langword="null"/> for none.</param>
    /// <returns>The builder.</returns>
    public static MessagingBuilder AddGsmModem(this MessagingBuilder builder, string name = MessagingBuilder.DefaultSenderName, Action<GsmModemOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var path = MessagingBuilder.SenderConfigurationPath("GsmModem", name);
        var options = builder.Services.AddOptions<GsmModemOptions>(name);
        if (builder.GetSenderSection("GsmModem", name) is { } section)
        {
            options.Bind(section);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GsmModemOptions>>(new GsmModemOptionsValidator(name, path));
        builder.Services.TryAddSingleton<IModemPduCodec, SmsPduCodecAdapter>();
        builder.Services.AddKeyedSingleton(name, (sp, key) =>
        {
            var senderName = (string)key!;
            return new GsmModemSmsSender(
                senderName,
                sp.GetRequiredService<IOptionsMonitor<GsmModemOptions>>().Get(senderName),
                sp.GetRequiredService<IModemPduCodec>(),
                sp.GetRequiredService<MessageValidator>(),
                MessagingResilience.GetPipeline(sp, SenderKind.Sms, senderName),
                sp.GetService<DeliveryReportDispatcher>(),
                sp.GetService<TimeProvider>() ?? TimeProvider.System,
                (ILogger?)sp.GetService<ILoggerFactory>()?.CreateLogger("Messaging.Sdk.GsmModem") ?? NullLogger.Instance);
        });
        return builder.AddSmsSender(name, GsmModemSmsSender.TransportName, (sp, n) => sp.GetRequiredKeyedService<GsmModemSmsSender>(n));
    }

    /// <summary>Adds a GSM modem SMS sender on one serial port with default settings (115200 8N1, DTR on).</summary>
    /// <param name="builder">The messaging builder.</param>
    /// <param name="name">The sender name.</param>
    /// <param name="portName">The serial port, for example <c>/dev/ttyUSB0</c> or <c>COM3</c>.</param>
    /// <returns>The builder.</returns>
    public static MessagingBuilder AddGsmModem(this MessagingBuilder builder, string name, string portName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(portName);
        return builder.AddGsmModem(name, o => o.AddPort(portName));
    }
}
