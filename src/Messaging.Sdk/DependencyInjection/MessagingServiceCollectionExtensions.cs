using Messaging.Sdk;
using Messaging.Sdk.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Messaging.Sdk in a service collection.</summary>
public static class MessagingServiceCollectionExtensions
{
    /// <summary>Adds the SDK's core services without configuration; chain transports on the returned builder.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The messaging builder.</returns>
    public static MessagingBuilder AddMessaging(this IServiceCollection services) => AddMessagingCore(services, null, null);

    /// <summary>Adds the SDK's core services bound to <paramref name="configuration"/> (usually the <c>Messaging</c> section).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The <c>Messaging</c> section; transports read their own subsections (<c>Smtp</c>, <c>Smpp</c>, ...).</param>
    /// <returns>The messaging builder.</returns>
    public static MessagingBuilder AddMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddMessagingCore(services, configuration, null);
    }

    /// <summary>Adds the SDK's core services configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures <see cref="MessagingOptions"/>.</param>
    /// <returns>The messaging builder.</returns>
    public static MessagingBuilder AddMessaging(this IServiceCollection services, Action<MessagingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddMessagingCore(services, null, configure);
    }

    private static MessagingBuilder AddMessagingCore(IServiceCollection services, IConfiguration? configuration, Action<MessagingOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);

        var registry = services.FirstOrDefault(d => d.ServiceType == typeof(MessagingSenderRegistry) && !d.IsKeyedService)?.ImplementationInstance as MessagingSenderRegistry;
        if (registry is null)
        {
            registry = new MessagingSenderRegistry();
            services.AddSingleton(registry);
        }

        var options = services.AddOptions<MessagingOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessagingOptions>, MessagingOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        // Callback URLs come from message senders: the primary handler vets every resolved address, follows no
        // redirect and bounds the response (CallbackAddressGuard). A host that replaces it keeps the URL check only.
        services.AddHttpClient(DeliveryReportDispatcher.HttpClientName, client => DeliveryReportDispatcher.ConfigureClient(client))
            .ConfigurePrimaryHttpMessageHandler(sp => CallbackAddressGuard.CreateHandler(sp.GetRequiredService<IOptions<DeliveryReportOptions>>().Value));
        var reports = services.AddOptions<DeliveryReportOptions>();
        if (configuration is not null)
        {
            reports.Bind(configuration.GetSection("DeliveryReports"));
        }

        reports.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DeliveryReportOptions>, DeliveryReportOptionsValidator>());
        services.TryAddSingleton<DeliveryReportDispatcher>();
        services.TryAddSingleton<IDeliveryReportSource>(sp => sp.GetRequiredService<DeliveryReportDispatcher>());
        services.TryAddSingleton(sp => new MessageValidator(sp.GetRequiredService<IOptions<MessagingOptions>>().Value.Validation));

        services.TryAddSingleton<IEmailSender>(sp => sp.GetRequiredKeyedService<IEmailSender>(
            ResolveDefault(sp, SenderKind.Email, sp.GetRequiredService<IOptions<MessagingOptions>>().Value.DefaultEmailSender)));
        services.TryAddSingleton<ISmsSender>(sp => sp.GetRequiredKeyedService<ISmsSender>(
            ResolveDefault(sp, SenderKind.Sms, sp.GetRequiredService<IOptions<MessagingOptions>>().Value.DefaultSmsSender)));

        return new MessagingBuilder(services, configuration, registry);
    }

    private static string ResolveDefault(IServiceProvider sp, SenderKind kind, string? configured)
    {
        var registry = sp.GetRequiredService<MessagingSenderRegistry>();
        var names = kind == SenderKind.Email ? registry.EmailSenders : registry.SmsSenders;
        if (configured is not null)
        {
            return configured;
        }

        if (names.Count == 0)
        {
            var hint = kind == SenderKind.Email ? "AddSmtp()" : "AddSmpp() or AddGsmModem()";
            throw new InvalidOperationException($"No {kind} sender is registered: add one to AddMessaging() with {hint}, or an in-memory one from Messaging.Sdk.Testing.");
        }

        return names[0];
    }
}
