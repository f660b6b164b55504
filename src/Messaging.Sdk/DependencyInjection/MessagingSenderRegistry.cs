namespace Messaging.Sdk;

/// <summary>The names of the senders registered with <c>AddMessaging()</c>, in registration order.</summary>
public sealed class MessagingSenderRegistry
{
    private readonly List<(SenderKind Kind, string Name, string Transport)> _senders = [];

    /// <summary>The registered e-mail sender names, in registration order.</summary>
    public IReadOnlyList<string> EmailSenders => [.. _senders.Where(s => s.Kind == SenderKind.Email).Select(s => s.Name)];

    /// <summary>The registered SMS sender names, in registration order.</summary>
    public IReadOnlyList<string> SmsSenders => [.. _senders.Where(s => s.Kind == SenderKind.Sms).Select(s => s.Name)];

    /// <summary>The transport name (for example <c>smtp</c>) of a registered sender, or <see langword="null"/>.</summary>
    /// <param name="kind">E-mail or SMS.</param>
    /// <param name="name">The sender name.</param>
    /// <returns>The transport name.</returns>
    public string? TransportOf(SenderKind kind, string name)
        => _senders.FirstOrDefault(s => s.Kind == kind && string.Equals(s.Name, name, StringComparison.Ordinal)).Transport;

    internal bool Contains(SenderKind kind, string name)
        => _senders.Any(s => s.Kind == kind && string.Equals(s.Name, name, StringComparison.Ordinal));

    internal void Add(SenderKind kind, string name, string transport)
    {
        if (Contains(kind, name))
        {
            throw new InvalidOperationException($"An {kind} sender named '{name}' is already registered; give each sender its own name.");
        }

        _senders.Add((kind, name, transport));
    }
}
