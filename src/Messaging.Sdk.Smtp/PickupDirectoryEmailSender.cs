using Messaging.Sdk.Diagnostics;
using Messaging.Sdk.Smtp.Mime;
using Messaging.Sdk.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Polly;

namespace Messaging.Sdk.Smtp;

/// <summary>Writes each message as an <c>.eml</c> file into a directory instead of sending it: for development,
/// for tests, and for mail servers that collect messages from a pickup directory.</summary>
/// <remarks>
/// The file is written under a temporary name and then renamed, so a process watching the directory never
/// reads half a message. It holds exactly the MIME a server would receive: Bcc recipients are not in it
/// (they appear only in <see cref="EmailSendResult.AcceptedRecipients"/>). The result's
/// <see cref="SendResult.NativeText"/> is the full path of the file.
/// </remarks>
public sealed class PickupDirectoryEmailSender : IEmailSender
{
    /// <summary>The transport name in results and telemetry: <c>pickup</c>.</summary>
    public const string TransportName = "pickup";

    private readonly string _name;
    private readonly PickupDirectoryOptions _options;
    private readonly MessageValidator _validator;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _pipeline;

    /// <summary>Creates a sender that writes into <see cref="PickupDirectoryOptions.Directory"/>.</summary>
    /// <param name="options">The options.</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for the system clock.</param>
    /// <param name="validator">The validator, for example one whose <see cref="MessageValidationOptions.AttachmentRoots"/> name
    /// where file attachments may come from; <see langword="null"/> for the default limits (every file attachment refused).</param>
    /// <exception cref="ArgumentException">The directory is not set.</exception>
    public PickupDirectoryEmailSender(PickupDirectoryOptions options, ILogger<PickupDirectoryEmailSender>? logger = null, TimeProvider? timeProvider = null, MessageValidator? validator = null)
        : this(Microsoft.Extensions.DependencyInjection.MessagingBuilder.DefaultSenderName, options, ResiliencePipeline.Empty, validator ?? MessageValidator.Default, timeProvider ?? TimeProvider.System, logger ?? (ILogger)NullLogger.Instance)
    {
    }

    internal PickupDirectoryEmailSender(string name, PickupDirectoryOptions options, ResiliencePipeline pipeline, MessageValidator validator, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            throw new ArgumentException("PickupDirectoryOptions.Directory is required.", nameof(options));
        }

        _name = name;
        _options = options;
        _pipeline = pipeline;
        _validator = validator;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The full path of the directory messages are written to.</summary>
    public string Directory => Path.GetFullPath(_options.Directory);

    /// <inheritdoc />
    public async Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var contents = await _validator.EnsureValidAndReadAsync(message, cancellationToken).ConfigureAwait(false);
        var messageId = MimeMessageFactory.NewMessageId(_options.LocalDomain, message.From);
        var date = _timeProvider.GetUtcNow();
        return await SendExecution.RunAsync(
            SenderKind.Email, _name, TransportName, _pipeline, _logger, _timeProvider,
            (_, ct) => new ValueTask<EmailSendResult>(WriteAsync(message, contents, messageId, date, ct)),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<EmailSendResult> WriteAsync(EmailMessage message, IReadOnlyList<ReadOnlyMemory<byte>> contents, string messageId, DateTimeOffset date, CancellationToken cancellationToken)
    {
        using var built = MimeMessageFactory.Create(message, contents, messageId, date);
        var directory = Directory;
        var fileName = messageId.Replace('@', '_') + ".eml";
        var path = Path.Combine(directory, fileName);
        var temp = Path.Combine(directory, "." + fileName + ".tmp");
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                await built.Message.WriteToAsync(FormatOptions.Default, file, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new MessagingTransportException($"Could not write the message to the pickup directory '{directory}': {ex.Message}", ex) { IsTransient = false };
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        SmtpLog.PickupWritten(_logger, _name, path);
        return new EmailSendResult
        {
            Status = SendStatus.Accepted,
            MessageId = messageId,
            NativeText = path,
            AcceptedRecipients = [.. message.AllRecipients.DistinctBy(r => r.Address, StringComparer.OrdinalIgnoreCase)],
        };
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover hidden .tmp file is harmless.
        }
    }
}
