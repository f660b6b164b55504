using Messaging.Sdk;
using Messaging.Sdk.Resilience;
using Microsoft.Extensions.Configuration;
using Polly;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Returned by <c>AddMessaging()</c>; transport packages extend it (<c>AddSmtp()</c>, <c>AddSmpp()</c>, <c>AddGsmModem()</c>).</summary>
public sealed class MessagingBuilder
{
    /// <summary>The name a sender gets when none is given.</summary>
    public const string DefaultSenderName = "Default";

    internal MessagingBuilder(IServiceCollection services, IConfiguration? configuration, MessagingSenderRegistry registry)
    {
        Services = services;
        Configuration = configuration;
        Registry = registry;
    }

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The <c>Messaging</c> configuration section, or <see langword="null"/> when none was given.</summary>
    public IConfiguration? Configuration { get; }

    /// <summary>The registered sender names.</summary>
    public MessagingSenderRegistry Registry { get; }

    /// <summary>Registers an e-mail sender under <paramref name="name"/> (a keyed singleton service).</summary>
    /// <param name="name">The sender name, unique among e-mail senders.</param>
    /// <param name="transport">A short transport name for diagnostics, for example <c>smtp</c>.</param>
    /// <param name="factory">Creates the sender; receives the service provider and the sender name.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">An e-mail sender with this name already exists.</exception>
    public MessagingBuilder AddEmailSender(string name, string transport, Func<IServiceProvider, string, IEmailSender> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(transport);
        ArgumentNullException.ThrowIfNull(factory);
        Registry.Add(SenderKind.Email, name, transport);
        Services.AddKeyedSingleton<IEmailSender>(name, (sp, key) => factory(sp, (string)key!));
        MessagingResilience.RegisterDefault(Services, SenderKind.Email, name);
        return this;
    }

    /// <summary>Registers an SMS sender under <paramref name="name"/> (a keyed singleton service).</summary>
    /// <param name="name">The sender name, unique among SMS senders.</param>
    /// <param name="transport">A short transport name for diagnostics, for example <c>smpp</c>.</param>
    /// <param name="factory">Creates the sender; receives the service provider and the sender name.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">An SMS sender with this name already exists.</exception>
    public MessagingBuilder AddSmsSender(string name, string transport, Func<IServiceProvider, string, ISmsSender> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(transport);
        ArgumentNullException.ThrowIfNull(factory);
        Registry.Add(SenderKind.Sms, name, transport);
        Services.AddKeyedSingleton<ISmsSender>(name, (sp, key) => factory(sp, (string)key!));
        MessagingResilience.RegisterDefault(Services, SenderKind.Sms, name);
        return this;
    }

    /// <summary>Replaces the resilience pipeline of one sender (or of every sender when <paramref name="senderName"/> is <see langword="null"/>).</summary>
    /// <param name="senderName">The sender name, or <see langword="null"/> for all senders without their own.</param>
    /// <param name="configure">Builds the pipeline; the context says which sender it is for and gives the configured retry options.
    /// <see cref="MessagingResilience.AddDefaultRetry"/> adds the SDK's default retry if you want to keep it.</param>
    /// <returns>This builder.</returns>
    public MessagingBuilder ConfigureResilience(string? senderName, Action<ResiliencePipelineBuilder, MessagingResilienceContext> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure<MessagingResilienceRegistrations>(r => r.Set(senderName, configure));
        return this;
    }

    /// <summary>Gets the configuration section for a transport sender: <c>Messaging:{transport}</c> for the default sender,
    /// <c>Messaging:{transport}:{name}</c> for a named one. <see langword="null"/> when no configuration was given.</summary>
    /// <param name="transportSection">The transport's section name, for example <c>Smtp</c>.</param>
    /// <param name="name">The sender name.</param>
    /// <returns>The section, or <see langword="null"/>.</returns>
    public IConfigurationSection? GetSenderSection(string transportSection, string name)
    {
        if (Configuration is null)
        {
            return null;
        }

        var section = Configuration.GetSection(transportSection);
        return IsDefault(name) ? section : section.GetSection(name);
    }

    /// <summary>The configuration path of a transport sender, as validation messages name it:
    /// <c>Messaging:{transport}</c> for the default sender, <c>Messaging:{transport}:{name}</c> for a named one.</summary>
    internal static string SenderConfigurationPath(string transportSection, string? name)
        => IsDefault(name) ? $"Messaging:{transportSection}" : $"Messaging:{transportSection}:{name}";

    private static bool IsDefault(string? name)
        => string.IsNullOrEmpty(name) || string.Equals(name, DefaultSenderName, StringComparison.Ordinal);
}
