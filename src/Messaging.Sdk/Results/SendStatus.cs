namespace Messaging.Sdk;

/// <summary>The fate of a send, as far as the transport can know it.</summary>
public enum SendStatus
{
    /// <summary>The server accepted the message for delivery.</summary>
    Accepted,

    /// <summary>The server refused the message; <see cref="SendResult.NativeCode"/> and <see cref="SendResult.NativeText"/> say why.</summary>
    Rejected,

    /// <summary>The message went out but the answer was lost (for example the link dropped after the SMTP DATA terminator or after submit_sm was written). It may or may not be delivered; it was not re-sent silently.</summary>
    Unknown,
}
