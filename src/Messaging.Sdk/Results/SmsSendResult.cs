namespace Messaging.Sdk;

/// <summary>The outcome of sending an <see cref="SmsMessage"/>.</summary>
public sealed record SmsSendResult : SendResult
{
    /// <summary>The id of the message: the first segment's id (SMPP message_id, modem message reference), or <see langword="null"/>.</summary>
    public string? MessageId => SegmentIds.Count > 0 ? SegmentIds[0] : null;

    /// <summary>One id per segment, in segment order, as the network assigned them.</summary>
    public IReadOnlyList<string> SegmentIds { get; init; } = [];

    /// <summary>How many segments (PDUs) the message took.</summary>
    public int SegmentCount { get; init; }

    /// <summary>
    /// The fate of each segment, in segment order, when the transport reports them (SMPP, GSM modem); empty otherwise.
    /// A message whose segments did not all end alike is Rejected when one was refused and none is in doubt, and
    /// Unknown when any may have been delivered: the accepted segments' ids stay here either way.
    /// </summary>
    public IReadOnlyList<SmsSegmentResult> Segments { get; init; } = [];

    /// <summary>Creates an Accepted result.</summary>
    /// <param name="segmentIds">One id per segment.</param>
    /// <returns>The result.</returns>
    public static SmsSendResult Accepted(IReadOnlyList<string> segmentIds)
    {
        ArgumentNullException.ThrowIfNull(segmentIds);
        return new() { Status = SendStatus.Accepted, SegmentIds = segmentIds, SegmentCount = segmentIds.Count };
    }

    /// <summary>Creates a Rejected result.</summary>
    /// <param name="nativeCode">The native status (SMPP command_status, +CMS ERROR).</param>
    /// <param name="nativeText">Its name or text.</param>
    /// <param name="isTransient">Whether the rejection was transient.</param>
    /// <returns>The result.</returns>
    public static SmsSendResult Rejected(int? nativeCode, string? nativeText, bool isTransient = false)
        => new() { Status = SendStatus.Rejected, NativeCode = nativeCode, NativeText = nativeText, IsTransient = isTransient };
}
