using System.Globalization;
using Messaging.Sdk.Validation;

namespace Messaging.Sdk.Testing;

/// <summary>An <see cref="ISmsSender"/> that keeps every message in memory, for unit tests. Thread-safe.</summary>
/// <remarks>Messages are validated exactly as a real sender validates them. Accepted results carry one id per
/// 153-character (GSM) or 67-character (UCS-2) segment, estimated without the full text engine.</remarks>
public sealed class InMemorySmsSender : InMemorySender<SmsMessage, SmsSendResult>, ISmsSender
{
    private long _ids;

    /// <summary>Creates the sender.</summary>
    /// <param name="validator">The validator; <see langword="null"/> for the default limits.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for the system clock.</param>
    /// <param name="senderName">The sender name reported in results; <see langword="null"/> for <c>inmemory</c>.</param>
    public InMemorySmsSender(MessageValidator? validator = null, TimeProvider? timeProvider = null, string? senderName = null)
        : base(validator, timeProvider, senderName)
    {
    }

    /// <inheritdoc />
    public Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
        => SendCoreAsync(
            message,
            Accept,
            (code, text, transient) => SmsSendResult.Rejected(code, text, transient),
            () => new SmsSendResult { Status = SendStatus.Unknown },
            Validator.EnsureValid,
            cancellationToken);

    private SmsSendResult Accept(SmsMessage message)
    {
        var segments = EstimateSegments(message.Text);
        var ids = new string[segments];
        for (var i = 0; i < segments; i++)
        {
            ids[i] = Interlocked.Increment(ref _ids).ToString("x8", CultureInfo.InvariantCulture);
        }

        return SmsSendResult.Accepted(ids);
    }

    private static int EstimateSegments(string text)
    {
        var ascii = text.All(c => c < 128);
        var (single, multi) = ascii ? (160, 153) : (70, 67);
        return text.Length <= single ? 1 : (text.Length + multi - 1) / multi;
    }
}
