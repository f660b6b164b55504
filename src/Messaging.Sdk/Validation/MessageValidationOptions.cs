using System.ComponentModel.DataAnnotations;

namespace Messaging.Sdk.Validation;

/// <summary>Limits applied to every message before it is sent. Bound from <c>Messaging:Validation</c>.</summary>
public sealed class MessageValidationOptions
{
    /// <summary>When set, every file attachment must resolve (after <c>..</c> and symbolic links) to a file inside this directory.</summary>
    /// <value>The default is <see langword="null"/>: any readable file may be attached.</value>
    public string? AttachmentRoot { get; set; }

    /// <summary>The largest single attachment, in bytes.</summary>
    /// <value>The default is 25 MiB.</value>
    [Range(1, long.MaxValue)]
    public long MaxAttachmentBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>The largest total of bodies and attachments, in bytes, before MIME encoding.</summary>
    /// <value>The default is 35 MiB.</value>
    [Range(1, long.MaxValue)]
    public long MaxMessageBytes { get; set; } = 35L * 1024 * 1024;

    /// <summary>The most envelope recipients (To + Cc + Bcc) in one message. RFC 5321 servers must accept at least 100.</summary>
    /// <value>The default is 100.</value>
    [Range(1, 100_000)]
    public int MaxRecipients { get; set; } = 100;

    /// <summary>The longest subject, in characters.</summary>
    /// <value>The default is 998 (the RFC 5322 line limit).</value>
    [Range(1, 100_000)]
    public int MaxSubjectLength { get; set; } = 998;

    /// <summary>The longest SMS text, in characters (UTF-16 code units).</summary>
    /// <value>The default is 1,600.</value>
    [Range(1, 100_000)]
    public int MaxSmsTextLength { get; set; } = 1600;

    /// <summary>The most segments (SMS parts) one text may need, as <see cref="Sms.Encoding.SmsSegments.Analyze(string, Sms.Encoding.SmsEncodingOptions?)"/> counts them for the message's encoding hint.</summary>
    /// <value>The default is 255, the most a concatenated message can have.</value>
    [Range(1, 255)]
    public int MaxSmsSegments { get; set; } = 255;
}
