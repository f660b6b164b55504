namespace Messaging.Sdk;

/// <summary>The fate of one segment (one submit_sm or one modem PDU) of an SMS.</summary>
/// <remarks>
/// A long message that was partly sent ends with one of these per segment, so the caller sees which parts the network
/// took (with their ids), which it refused (with its status), and which may or may not have arrived. A retry never
/// sends again a segment that is <see cref="SendStatus.Accepted"/> or <see cref="SendStatus.Unknown"/>.
/// </remarks>
/// <param name="Sequence">The segment's position, from 1.</param>
/// <param name="Status">Accepted (with <paramref name="MessageId"/>), Rejected (with <paramref name="NativeCode"/>), or Unknown (written, answer lost).</param>
/// <param name="MessageId">The id the network gave the segment when it was accepted; otherwise <see langword="null"/>.</param>
/// <param name="NativeCode">The native status of a refusal (SMPP command_status, +CMS ERROR), or <see langword="null"/>.</param>
/// <param name="NativeText">The name or text of <paramref name="NativeCode"/>, or a reason, or <see langword="null"/>.</param>
public sealed record SmsSegmentResult(int Sequence, SendStatus Status, string? MessageId = null, int? NativeCode = null, string? NativeText = null);
