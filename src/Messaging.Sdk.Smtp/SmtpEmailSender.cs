using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using Messaging.Sdk.Diagnostics;
using Messaging.Sdk.Resilience;
using Messaging.Sdk.Smtp.Delivery;
using Messaging.Sdk.Smtp.Mime;
using Messaging.Sdk.Smtp.Pool;
using Messaging.Sdk.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Polly;

namespace Messaging.Sdk.Smtp;

/// <summary>Sends e-mail through an SMTP server with MailKit, over a pool of authenticated connections.</summary>
/// <remarks>
/// <para>Thread-safe: concurrent sends share up to <see cref="SmtpOptions.MaxConnections"/> connections, each used by
/// one send at a time. Register it with <c>AddMessaging().AddSmtp()</c>, or create one directly and dispose it.</para>
/// <para>Outcomes: a 2xx reply to the end of DATA is <see cref="SendStatus.Accepted"/> (recipients refused at RCPT
/// are listed in <see cref="EmailSendResult.RejectedRecipients"/>). A 5xx reply is <see cref="SendStatus.Rejected"/>
/// with its code and text, never retried. A 4xx reply, or a connection lost before the end of DATA, is retried by
/// the sender's resilience pipeline; when retries run out a 4xx ends as a transient Rejected result and a lost
/// connection as a <see cref="MessagingTransportException"/>. A connection lost after the end of DATA, before the
/// reply, is <see cref="SendStatus.Unknown"/> and never retried, because a retry could deliver the message twice.</para>
/// </remarks>
public sealed class SmtpEmailSender : IEmailSender, IAsyncDisposable, IDisposable
{
    /// <summary>The transport name in results and telemetry: <c>smtp</c>.</summary>
    public const string TransportName = "smtp";

    private readonly string _name;
    private readonly SmtpOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private readonly MessageValidator _validator;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SmtpConnectionPool _pool;

    /// <summary>Creates a sender outside dependency injection, with the SDK's default retry and validation.</summary>
    /// <param name="options">The options; validated now.</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for the system clock.</param>
    /// <param name="validator">The validator, for example one whose <see cref="MessageValidationOptions.AttachmentRoots"/> name
    /// where file attachments may come from; <see langword="null"/> for the default limits (every file attachment refused).</param>
    /// <exception cref="OptionsValidationException">An option is invalid; the message names each one.</exception>
    public SmtpEmailSender(SmtpOptions options, ILogger<SmtpEmailSender>? logger = null, TimeProvider? timeProvider = null, MessageValidator? validator = null)
        : this(
            MessagingBuilder.DefaultSenderName,
            options,
            new ResiliencePipelineBuilder { TimeProvider = timeProvider ?? TimeProvider.System }.AddDefaultRetry(new()).Build(),
            validator ?? MessageValidator.Default,
            timeProvider ?? TimeProvider.System,
            logger ?? (ILogger)NullLogger.Instance,
            null)
    {
    }

    internal SmtpEmailSender(
        string name,
        SmtpOptions options,
        ResiliencePipeline pipeline,
        MessageValidator validator,
        TimeProvider timeProvider,
        ILogger logger,
        ISmtpClientFactory? clientFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = SmtpOptionsValidator.ValidateAt(SmtpOptionsValidator.PathOf(name), options);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(name, typeof(SmtpOptions), failures);
        }

        _name = name;
        _options = options;
        _pipeline = pipeline;
        _validator = validator;
        _timeProvider = timeProvider;
        _logger = logger;
        var connector = new SmtpConnector(options, clientFactory ?? new MailKitSmtpClientFactory(options.DeliveryNotifications), timeProvider);
        _pool = new SmtpConnectionPool(options, connector, timeProvider, logger);

        if (options.ServerCertificateValidationCallback is not null)
        {
            SmtpLog.CustomCertificateValidation(logger, name);
        }
        else if (options.DangerousAcceptAnyServerCertificate)
        {
            Log.CertificateValidationDisabled(logger, SenderKind.Email, name, TransportName);
        }

        if (options.Security == SmtpSecurity.None && !IsLoopback(options.Host))
        {
            SmtpLog.NoTls(logger, name);
        }
    }

    /// <summary>The sender name this instance was registered under.</summary>
    public string Name => _name;

    internal SmtpConnectionPool Pool => _pool;

    /// <inheritdoc />
    public async Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        // Every attachment is read and checked before the first connection is rented, and the same bytes serve every
        // attempt: nothing is half-sent because an attachment is refused mid-DATA, and a retry sends what was checked.
        var contents = await _validator.EnsureValidAndReadAsync(message, cancellationToken).ConfigureAwait(false);
        var messageId = MimeMessageFactory.NewMessageId(_options.LocalDomain, message.From);
        var date = _timeProvider.GetUtcNow();
        return await SendExecution.RunAsync(
            SenderKind.Email,
            _name,
            TransportName,
            _pipeline,
            _logger,
            _timeProvider,
            (_, ct) => new ValueTask<EmailSendResult>(AttemptAsync(message, contents, messageId, date, ct)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes every pooled connection with QUIT.</summary>
    /// <returns>A task that completes when the idle connections are closed.</returns>
    public ValueTask DisposeAsync() => _pool.DisposeAsync();

    /// <summary>Closes every pooled connection with QUIT (blocking; prefer <see cref="DisposeAsync"/>).</summary>
    public void Dispose() => _pool.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task<EmailSendResult> AttemptAsync(EmailMessage message, IReadOnlyList<ReadOnlyMemory<byte>> contents, string messageId, DateTimeOffset date, CancellationToken cancellationToken)
    {
        using var built = MimeMessageFactory.Create(message, contents, messageId, date);
        var forceNew = false;
        while (true)
        {
            var connection = await _pool.RentAsync(forceNew, cancellationToken).ConfigureAwait(false);
            var reusable = false;
            var transaction = connection.Transaction;
            try
            {
                transaction.Begin();
                connection.Messages++;
                var reply = await connection.Client.SendAsync(FormatOptions.Default, built.Message, built.Sender, built.Recipients, cancellationToken).ConfigureAwait(false);
                reusable = true;
                return Accepted(message, messageId, reply, transaction);
            }
            catch (SmtpCommandException ex) when (ex.StatusCode != SmtpStatusCode.ServiceNotAvailable)
            {
                reusable = connection.Client.IsConnected;
                return Refused(message, ex, transaction);
            }
            catch (Exception ex) when (IsConnectionLoss(ex, cancellationToken))
            {
                if (transaction.DataEnded)
                {
                    return Unknown(message, messageId, ex);
                }

                if (ex is OperationCanceledException)
                {
                    throw;
                }

                if (connection.Reused && !forceNew)
                {
                    // An idle connection the server had closed (timeout, 421): nothing was handed over, use a new one.
                    SmtpLog.ReplacingDeadConnection(_logger, _options.Host, ex.GetType().Name);
                    forceNew = true;
                    continue;
                }

                var code = (ex as SmtpCommandException)?.StatusCode is { } status ? (int)status : (int?)null;
                throw new MessagingTransportException(
                    string.Create(CultureInfo.InvariantCulture, $"The connection to the SMTP server {_options.Host}:{_options.EffectivePort} was lost before the message was handed over: {ex.Message}"),
                    ex)
                { IsTransient = true, NativeCode = code };
            }
            finally
            {
                await _pool.ReturnAsync(connection, reusable).ConfigureAwait(false);
            }
        }
    }

    private static bool IsConnectionLoss(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        SmtpCommandException command => command.StatusCode == SmtpStatusCode.ServiceNotAvailable,
        OperationCanceledException => cancellationToken.IsCancellationRequested,
        IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException or TimeoutException => true,
        _ => false,
    };

    private static EmailSendResult Accepted(EmailMessage message, string messageId, string reply, SmtpTransaction transaction)
    {
        var (accepted, rejected) = SplitRecipients(message, transaction);
        return new EmailSendResult
        {
            Status = SendStatus.Accepted,
            MessageId = messageId,
            NativeCode = 250,
            NativeText = reply,
            AcceptedRecipients = accepted,
            RejectedRecipients = rejected,
        };
    }

    private static EmailSendResult Unknown(EmailMessage message, string messageId, Exception ex)
        => new()
        {
            Status = SendStatus.Unknown,
            MessageId = messageId,
            NativeText = $"The connection was lost after the end of DATA, before the server's reply ({ex.GetType().Name}); the message may or may not have been accepted and was not re-sent.",
            AcceptedRecipients = [.. message.AllRecipients.DistinctBy(r => r.Address, StringComparer.OrdinalIgnoreCase)],
        };

    /// <summary>A definitive SMTP reply that refused the message: 5xx is returned, 4xx is thrown so the pipeline retries it.</summary>
    internal static EmailSendResult Refused(EmailMessage message, SmtpCommandException ex, SmtpTransaction transaction)
    {
        var (_, rejected) = SplitRecipients(message, transaction);
        int code;
        string text;
        if (ex.ErrorCode == SmtpErrorCode.MessageNotAccepted && rejected.Count > 0 && transaction.Refused.Count == rejected.Count
            && string.Equals(ex.Message, "No recipients were accepted.", StringComparison.Ordinal))
        {
            // Every recipient was refused at RCPT: report the refusal, transient when any of them was.
            var first = rejected.FirstOrDefault(r => r.NativeCode is >= 400 and < 500) ?? rejected[0];
            code = first.NativeCode ?? (int)ex.StatusCode;
            text = first.NativeText ?? ex.Message;
        }
        else
        {
            code = (int)ex.StatusCode;
            text = ex.Message;
        }

        var result = new EmailSendResult
        {
            Status = SendStatus.Rejected,
            NativeCode = code,
            NativeText = text,
            IsTransient = code is >= 400 and < 500,
            RejectedRecipients = rejected,
        };
        if (result.IsTransient)
        {
            throw new RetryableRejectionException(result);
        }

        return result;
    }

    private static (IReadOnlyList<EmailAddress> Accepted, IReadOnlyList<RecipientRejection> Rejected) SplitRecipients(EmailMessage message, SmtpTransaction transaction)
    {
        var all = message.AllRecipients.DistinctBy(r => r.Address, StringComparer.OrdinalIgnoreCase).ToList();
        if (transaction.Refused.Count == 0)
        {
            return (all, []);
        }

        var refused = new Dictionary<string, (int Code, string Text)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (mailbox, code, text) in transaction.Refused)
        {
            refused.TryAdd(mailbox.Address, (code, text));
        }

        var accepted = new List<EmailAddress>();
        var rejected = new List<RecipientRejection>();
        foreach (var recipient in all)
        {
            if (refused.TryGetValue(recipient.Address, out var r))
            {
                rejected.Add(new RecipientRejection(recipient, r.Code, r.Text));
            }
            else
            {
                accepted.Add(recipient);
            }
        }

        return (accepted, rejected);
    }

    private static bool IsLoopback(string host)
        => string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
           || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));
}
