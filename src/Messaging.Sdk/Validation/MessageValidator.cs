using System.Globalization;

namespace Messaging.Sdk.Validation;

/// <summary>Checks messages before any I/O. Every sender calls it; call it yourself to check a message early.</summary>
public sealed class MessageValidator
{
    /// <summary>Header names the sender sets itself and a message may not override.</summary>
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "From", "To", "Cc", "Bcc", "Reply-To", "Subject", "Sender", "Date", "Message-ID", "MIME-Version",
        "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "Return-Path",
    };

    private const int MaxDeliveryReportUrlLength = 2048;

    private static readonly TimeSpan MinValidity = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxValidity = TimeSpan.FromDays(441);

    private readonly MessageValidationOptions _options;

    /// <summary>Creates a validator with the given limits.</summary>
    /// <param name="options">The limits; <see langword="null"/> for the defaults.</param>
    public MessageValidator(MessageValidationOptions? options = null) => _options = options ?? new MessageValidationOptions();

    /// <summary>A validator with the default limits.</summary>
    public static MessageValidator Default { get; } = new();

    /// <summary>Throws when <paramref name="message"/> is invalid.</summary>
    /// <param name="message">The message.</param>
    /// <exception cref="MessageValidationException">With every error, each naming its field.</exception>
    public void EnsureValid(EmailMessage message)
    {
        var errors = Validate(message);
        if (errors.Count > 0)
        {
            throw new MessageValidationException(errors);
        }
    }

    /// <summary>Throws when <paramref name="message"/> is invalid.</summary>
    /// <param name="message">The message.</param>
    /// <exception cref="MessageValidationException">With every error, each naming its field.</exception>
    public void EnsureValid(SmsMessage message) => EnsureValid(message, out _);

    /// <summary>Throws when <paramref name="message"/> is invalid; otherwise hands back the text's analysis under its own
    /// encoding hint, so that a transport can encode without analysing the text a second time.</summary>
    internal void EnsureValid(SmsMessage message, out Sms.Encoding.SmsAnalysis analysis)
    {
        var errors = Validate(message, out analysis);
        if (errors.Count > 0)
        {
            throw new MessageValidationException(errors);
        }
    }

    /// <summary>Returns every problem with <paramref name="message"/>; empty when it is valid.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The errors.</returns>
    /// <remarks>A file attachment is opened and read here, through the same checks a sender makes (attachment roots,
    /// regular file, size); a stream attachment is checked by its known length, and read (up to the limit) only when sent.</remarks>
    public IReadOnlyList<ValidationError> Validate(EmailMessage message) => Validate(message, null);

    /// <summary>Validates <paramref name="message"/> and reads every attachment, up to the size limits, for one send:
    /// files through <see cref="AttachmentFile"/>, streams from their start. The contents returned are the ones to send.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels reading a stream attachment.</param>
    /// <returns>Each attachment's content, in the order of <see cref="EmailMessage.Attachments"/>.</returns>
    /// <exception cref="MessageValidationException">With every error, each naming its field.</exception>
    internal async ValueTask<IReadOnlyList<ReadOnlyMemory<byte>>> EnsureValidAndReadAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var contents = new ReadOnlyMemory<byte>[message?.Attachments?.Count ?? 0];
        var errors = Validate(message!, contents);
        if (errors.Count == 0)
        {
            var attachments = message!.Attachments ?? [];
            for (var i = 0; i < attachments.Count; i++)
            {
                if (attachments[i].IsStream)
                {
                    var (content, error) = await attachments[i].ReadStreamAsync(_options.MaxAttachmentBytes, cancellationToken).ConfigureAwait(false);
                    if (content is null)
                    {
                        errors.Add(new($"Attachments[{i}]", error!));
                    }
                    else
                    {
                        contents[i] = content;
                    }
                }
            }

            // The total again, on what was read: a stream's length is not known (or may change) before it is read.
            long total = (message.TextBody?.Length ?? 0) + (message.HtmlBody?.Length ?? 0) + contents.Sum(c => (long)c.Length);
            if (errors.Count == 0 && total > _options.MaxMessageBytes)
            {
                errors.Add(TotalTooLarge(total));
            }
        }

        if (errors.Count > 0)
        {
            throw new MessageValidationException(errors);
        }

        return contents;
    }

    private List<ValidationError> Validate(EmailMessage message, ReadOnlyMemory<byte>[]? contents)
    {
        ArgumentNullException.ThrowIfNull(message);
        var errors = new List<ValidationError>();

        if (message.From is null)
        {
            errors.Add(new("From", "A sender address is required."));
        }

        CheckList(errors, "To", message.To);
        CheckList(errors, "Cc", message.Cc);
        CheckList(errors, "Bcc", message.Bcc);
        CheckList(errors, "ReplyTo", message.ReplyTo);

        var recipients = (message.To?.Count ?? 0) + (message.Cc?.Count ?? 0) + (message.Bcc?.Count ?? 0);
        if (recipients == 0)
        {
            errors.Add(new("To", "At least one recipient in To, Cc or Bcc is required."));
        }
        else if (recipients > _options.MaxRecipients)
        {
            errors.Add(new("To", $"The message has {recipients} recipients; at most {_options.MaxRecipients} are allowed (MaxRecipients)."));
        }

        if (message.Subject is not null)
        {
            if (HasLineBreak(message.Subject))
            {
                errors.Add(new("Subject", "The subject contains CR, LF or another control character, which could inject a header."));
            }

            if (message.Subject.Length > _options.MaxSubjectLength)
            {
                errors.Add(new("Subject", $"The subject has {message.Subject.Length} characters; at most {_options.MaxSubjectLength} are allowed."));
            }
        }

        foreach (var (name, value) in message.Headers ?? new Dictionary<string, string>())
        {
            var field = $"Headers[\"{EmailAddress.Printable(name ?? string.Empty)}\"]";
            if (!IsValidHeaderName(name))
            {
                errors.Add(new(field, "A header name must be 1-76 printable ASCII characters without ':' or spaces."));
            }
            else if (ReservedHeaders.Contains(name))
            {
                errors.Add(new(field, $"'{name}' is set from the message's own properties and cannot be given as a custom header."));
            }

            if (value is null || HasLineBreak(value))
            {
                errors.Add(new(field, "A header value must not be null or contain CR, LF or another control character (header injection)."));
            }
        }

        long total = (message.TextBody?.Length ?? 0) + (message.HtmlBody?.Length ?? 0);
        var attachments = message.Attachments ?? [];
        for (var i = 0; i < attachments.Count; i++)
        {
            var (length, content) = CheckAttachment(errors, $"Attachments[{i}]", attachments[i]);
            total += length;
            if (contents is not null && content is not null)
            {
                contents[i] = content;
            }
        }

        if (total > _options.MaxMessageBytes)
        {
            errors.Add(TotalTooLarge(total));
        }

        return errors;
    }

    private ValidationError TotalTooLarge(long total)
        => new("Attachments", $"The message is {total} bytes before encoding; at most {_options.MaxMessageBytes} are allowed (MaxMessageBytes).");

    /// <summary>Returns every problem with <paramref name="message"/>; empty when it is valid.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The errors.</returns>
    public IReadOnlyList<ValidationError> Validate(SmsMessage message) => Validate(message, out _);

    private List<ValidationError> Validate(SmsMessage message, out Sms.Encoding.SmsAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(message);
        analysis = default;
        var errors = new List<ValidationError>();

        if (message.To is null)
        {
            errors.Add(new("To", "A recipient number is required."));
        }
        else if (message.To.Kind == PhoneNumberKind.Alphanumeric)
        {
            errors.Add(new("To", $"'{message.To}' is an alphanumeric sender id; a recipient must be a number."));
        }

        if (string.IsNullOrEmpty(message.Text))
        {
            errors.Add(new("Text", "The text must not be empty."));
        }
        else if (message.Text.Length > _options.MaxSmsTextLength)
        {
            errors.Add(new("Text", $"The text has {message.Text.Length} characters; at most {_options.MaxSmsTextLength} are allowed (MaxSmsTextLength)."));
        }

        if (!Enum.IsDefined(message.Encoding))
        {
            errors.Add(new("Encoding", $"{(int)message.Encoding} is not a known encoding."));
        }
        else if (!string.IsNullOrEmpty(message.Text))
        {
            analysis = CheckSegments(errors, message);
        }

        if (message.DeliveryReportUrl is { } url && DeliveryReportUrlError(url) is { } urlError)
        {
            errors.Add(new("DeliveryReportUrl", urlError));
        }

        if (message.ValidityPeriod is { } validity && (validity < MinValidity || validity > MaxValidity))
        {
            errors.Add(new("ValidityPeriod", string.Create(CultureInfo.InvariantCulture, $"{validity} is outside 5 minutes .. 441 days.")));
        }

        return errors;
    }

    /// <summary>The callback URL is POSTed to later, so only its form is checked here; where it may point (no internal
    /// addresses unless allow-listed) is decided when it is called. User-info is refused because it is a credential that
    /// HttpClient would not send and that would otherwise travel with the message.</summary>
    internal static string? DeliveryReportUrlError(Uri url)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.Host.Length == 0)
        {
            return "The delivery report URL must be an absolute http or https URL.";
        }

        if (url.UserInfo.Length > 0)
        {
            return "The delivery report URL must not carry user-info (user:password@); put a token in the path or query instead.";
        }

        return url.OriginalString.Length > MaxDeliveryReportUrlLength
            ? string.Create(CultureInfo.InvariantCulture, $"The delivery report URL has {url.OriginalString.Length} characters; at most {MaxDeliveryReportUrlLength} are allowed.")
            : null;
    }

    private Sms.Encoding.SmsAnalysis CheckSegments(List<ValidationError> errors, SmsMessage message)
    {
        var analysis = Sms.Encoding.SmsSegments.Analyze(message.Text, Sms.Encoding.SmsEncodingOptions.ForHint(message.Encoding));
        if (!analysis.IsEncodable)
        {
            var index = analysis.FirstUnsupportedIndex;
            errors.Add(new("Text", string.Create(CultureInfo.InvariantCulture, $"The character U+{(int)message.Text[index]:X4} at index {index} cannot be encoded as {message.Encoding}; use Auto or Ucs2.")));
        }
        else if (analysis.SegmentCount > _options.MaxSmsSegments)
        {
            errors.Add(new("Text", $"The text needs {analysis.SegmentCount} {analysis.Alphabet} segments; at most {_options.MaxSmsSegments} are allowed (MaxSmsSegments)."));
        }

        return analysis;
    }

    private static void CheckList(List<ValidationError> errors, string field, IReadOnlyList<EmailAddress>? list)
    {
        if (list is null)
        {
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
            {
                errors.Add(new($"{field}[{i}]", "The address is null."));
            }
        }
    }

    private (long Length, byte[]? Content) CheckAttachment(List<ValidationError> errors, string field, EmailAttachment? attachment)
    {
        if (attachment is null)
        {
            errors.Add(new(field, "The attachment is null."));
            return (0, null);
        }

        if (string.IsNullOrWhiteSpace(attachment.FileName) || HasLineBreak(attachment.FileName)
            || attachment.FileName.IndexOfAny(['/', '\\']) >= 0)
        {
            errors.Add(new($"{field}.FileName", "The file name must be a plain name: not empty, no path separators, no control characters."));
        }

        if (string.IsNullOrWhiteSpace(attachment.ContentType) || !ContentTypes.IsValid(attachment.ContentType))
        {
            errors.Add(new($"{field}.ContentType", $"'{EmailAddress.Printable(attachment.ContentType ?? string.Empty)}' is not a MIME type (type/subtype)."));
        }

        if (attachment.ContentId is { } cid && (string.IsNullOrWhiteSpace(cid) || HasLineBreak(cid) || cid.Any(char.IsWhiteSpace) || cid.IndexOfAny(['<', '>']) >= 0))
        {
            errors.Add(new($"{field}.ContentId", "The content id must be non-empty, without spaces, angle brackets or control characters."));
        }

        if (attachment.FilePath is { } path)
        {
            // Opened, checked and read here, once: the bytes that pass are the bytes a sender sends.
            var content = AttachmentFile.Read(path, _options.AllAttachmentRoots(), _options.MaxAttachmentBytes, out var tooLarge, out var error);
            if (content is null)
            {
                errors.Add(new(tooLarge ? field : $"{field}.FilePath", error!));
                return (0, null);
            }

            return (content.LongLength, content);
        }

        long length = attachment.Length ?? 0;
        if (length > _options.MaxAttachmentBytes)
        {
            errors.Add(new(field, $"The attachment is {length} bytes; at most {_options.MaxAttachmentBytes} are allowed (MaxAttachmentBytes)."));
        }

        return (length, attachment.Bytes);
    }

    private static bool IsValidHeaderName([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? name)
        => !string.IsNullOrEmpty(name) && name.Length <= 76 && name.All(c => c > 32 && c < 127 && c != ':');

    private static bool HasLineBreak(string value) => EmailAddress.ContainsControl(value.Replace("\t", string.Empty, StringComparison.Ordinal));
}
