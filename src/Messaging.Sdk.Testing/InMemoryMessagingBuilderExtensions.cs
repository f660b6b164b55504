using Messaging.Sdk;
using Messaging.Sdk.Testing;
using Messaging.Sdk.Validation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the in-memory senders on a <see cref="MessagingBuilder"/>.</summary>
public static class InMemoryMessagingBuilderExtensions
{
    /// <summary>Adds an <see cref="InMemoryEmailSender"/> as an e-mail sender named <paramref name="name"/>; resolve it as a keyed <see cref="InMemoryEmailSender"/> to inspect it.</summary>
    /// <param name="builder">The messaging builder.</param>
    /// <param name="name">The sender name.</param>
    /// <returns>The builder.</returns>
    public static MessagingBuilder AddInMemoryEmailSender(this MessagingBuilder builder, string name = MessagingBuilder.DefaultSenderName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddKeyedSingleton(name, (sp, key) => new InMemoryEmailSender(sp.GetRequiredService<MessageValidator>(), sp.GetService<TimeProvider>(), (string?)key));
        return builder.AddEmailSender(name, "inmemory", (sp, n) => sp.GetRequiredKeyedService<InMemoryEmailSender>(n));
    }

    /// <summary>Adds an <see cref="InMemorySmsSender"/> as an SMS sender named <paramref name="name"/>; resolve it as a keyed <see cref="InMemorySmsSender"/> to inspect it.</summary>
    /// <param name="builder">The messaging builder.</param>
    /// <param name="name">The sender name.</param>
    /// <returns>The builder.</returns>
    public static MessagingBuilder AddInMemorySmsSender(this MessagingBuilder builder, string name = MessagingBuilder.DefaultSenderName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddKeyedSingleton(name, (sp, key) => new InMemorySmsSender(sp.GetRequiredService<MessageValidator>(), sp.GetService<TimeProvider>(), (string?)key));
        return builder.AddSmsSender(name, "inmemory", (sp, n) => sp.GetRequiredKeyedService<InMemorySmsSender>(n));
    }
}
