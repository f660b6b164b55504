namespace Messaging.Sdk;

/// <summary>The fate of one segment of an SMS, as <see cref="SmsSendResult.Segments"/> reports it.</summary>
/// <param name="Sequence">The 1-based segment number.</param>
/// <param name="Status">Accepted (the network took it), Rejected (refused, see <paramref name="NativeCode"/>), or Unknown (written, no answer).</param>
/// <param name="MessageId">The id the network gave the segment, when accepted.</param>
/// <param name="NativeCode">The native status (SMPP command_status, +CMS ERROR), when there was one.</param>
/// <param name="NativeText">Its name or text.</param>
public sealed record SmsSegmentResult(int Sequence, SendStatus Status, string? MessageId, int? NativeCode, string? NativeText);
