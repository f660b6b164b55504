using System.ComponentModel.DataAnnotations;

namespace Messaging.Sdk.Validation;

/// <summary>Limits applied to every message before it is sent. Bound from <c>Messaging:Validation</c>.</summary>
public sealed class MessageValidationOptions
{
    /// <summary>The directories file attachments (<see cref="EmailAttachment.FromFile"/>) may come from. A file is
    /// attached only when its real path (after <c>..</c> and symbolic links, taken from the opened file) is inside one of
    /// them; bind it as <c>Messaging:Validation:AttachmentRoots:0</c>, <c>:1</c>, ...</summary>
    /// <value>The default is empty: every attachment by path is refused, whether the path comes from the application or from a
    /// vendor request, and content is attached with <see cref="EmailAttachment.FromStream"/> or
    /// <see cref="EmailAttachment.FromBytes"/>. Every file under a root can be attached by whoever can send a vendor request
    /// (for example Ozeki's <c>Attachments</c>), so name directories meant for that, never <c>/</c> or a home directory.</value>
    public IList<string> AttachmentRoots { get; } = [];

    /// <summary>One more attachment root, kept for configurations written before <see cref="AttachmentRoots"/>: it is used
    /// exactly as an entry of that list.</summary>
    /// <value>The default is <see langword="null"/>.</value>
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

    /// <summary>Every configured root: <see cref="AttachmentRoots"/> and <see cref="AttachmentRoot"/>, without empty entries.</summary>
    internal IReadOnlyList<string> AllAttachmentRoots()
    {
        var roots = new List<string>(AttachmentRoots.Count + 1);
        roots.AddRange(AttachmentRoots.Where(r => !string.IsNullOrWhiteSpace(r)));
        if (!string.IsNullOrWhiteSpace(AttachmentRoot))
        {
            roots.Add(AttachmentRoot);
        }

        return roots;
    }
}
