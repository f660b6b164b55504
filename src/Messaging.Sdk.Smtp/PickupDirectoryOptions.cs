namespace Messaging.Sdk.Smtp;

/// <summary>Options of a pickup-directory sender, bound from <c>Messaging:Pickup</c> (or <c>Messaging:Pickup:{name}</c>).</summary>
public sealed class PickupDirectoryOptions
{
    /// <summary>The directory the <c>.eml</c> files are written to; created when missing. Required.</summary>
    public string Directory { get; set; } = string.Empty;

    /// <summary>The domain of generated Message-IDs, or <see langword="null"/> for the sender's domain.</summary>
    public string? LocalDomain { get; set; }
}
