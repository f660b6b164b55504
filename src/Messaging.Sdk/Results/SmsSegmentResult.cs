namespace Messaging.Sdk;

/// <summary>The fate of one segment (PDU) of an SMS.</summary>
/// <param name="Sequence">The segment's position in the message, from 1.</param>
/// <param name="Status">Whether the network accepted, refused or may have received the segment.</param>
/// <param name="MessageId">The id the network gave the segment, or <see langword="null"/>.</param>
/// <param name="NativeCode">The native status (SMPP command_status, +CMS ERROR), or <see langword="null"/>.</param>
/// <param name="NativeText">The native text, or <see langword="null"/>.</param>
public sealed record SmsSegmentResult(int Sequence, SendStatus Status, string? MessageId, int? NativeCode, string? NativeText);
