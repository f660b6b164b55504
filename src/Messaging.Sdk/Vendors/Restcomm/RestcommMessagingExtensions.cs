namespace Messaging.Sdk.Vendors.Restcomm;

/// <summary>Sends Restcomm requests through the SDK's senders and answers with Restcomm's resources or errors; maps results and delivery reports to Restcomm statuses.</summary>
/// <remarks>
/// These methods never throw for bad input or a failed send: see <see cref="RestcommResult{TResource}"/> and the tables in
/// docs/vendor-models.md. Only cancellation and a <see langword="null"/> argument throw.
/// </remarks>
public static class RestcommMessagingExtensions
{
    private static readonly Dictionary<string, string> EmailFields = new(StringComparer.Ordinal)
    {
        ["From"] = "From", ["To"] = "To", ["Cc"] = "CC", ["Bcc"] = "BCC", ["Subject"] = "Subject", ["TextBody"] = "Body", ["HtmlBody"] = "Body",
    };

    private static readonly Dictionary<string, string> SmsFields = new(StringComparer.Ordinal) { ["From"] = "From", ["To"] = "To", ["Text"] = "Body" };

    /// <summary>Sends a Restcomm SMS request, timestamps from the system clock.</summary>
    /// <param name="sender">The SMS sender.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>HTTP 200 with the SMS resource (status sent, failed with error_code, or sending when the outcome is unknown), 400 for invalid input, 503 when the transport is unreachable.</returns>
    public static Task<RestcommResult<SmsMessageResource>> SendAsync(this ISmsSender sender, SmsRequest request, CancellationToken cancellationToken = default)
        => SendAsync(sender, request, TimeProvider.System, cancellationToken);

    /// <summary>Sends a Restcomm SMS request.</summary>
    /// <param name="sender">The SMS sender.</param>
    /// <param name="request">The request.</param>
    /// <param name="timeProvider">The clock for DateCreated/DateUpdated/DateSent.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>See <see cref="SendAsync(ISmsSender, SmsRequest, CancellationToken)"/>.</returns>
    public static async Task<RestcommResult<SmsMessageResource>> SendAsync(this ISmsSender sender, SmsRequest request, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (!request.TryToSmsMessage(out var message, out var error))
        {
            return new() { Error = error };
        }

        try
        {
            var result = await sender.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return new() { Resource = result.ToRestcommResource(request, timeProvider.GetUtcNow()), SendResult = result };
        }
        catch (MessageValidationException ex)
        {
            var parameter = VendorFields.Map(ex, SmsFields, out var detail);
            return new() { Error = RestcommError.BadRequest(parameter, $"The {parameter} parameter is invalid: {detail}") };
        }
        catch (MessagingTransportException ex)
        {
            return new() { Error = Unavailable(ex) };
        }
    }

    /// <summary>Sends a Restcomm Email request, timestamps from the system clock.</summary>
    /// <param name="sender">The e-mail sender.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>HTTP 200 with the Email resource; 400 for invalid input; 502 (code = SMTP reply) when the server refused; 503 when unreachable; 504 when the outcome is unknown.</returns>
    public static Task<RestcommResult<EmailMessageResource>> SendAsync(this IEmailSender sender, EmailRequest request, CancellationToken cancellationToken = default)
        => SendAsync(sender, request, TimeProvider.System, cancellationToken);

    /// <summary>Sends a Restcomm Email request.</summary>
    /// <param name="sender">The e-mail sender.</param>
    /// <param name="request">The request.</param>
    /// <param name="timeProvider">The clock for DateSent.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>See <see cref="SendAsync(IEmailSender, EmailRequest, CancellationToken)"/>.</returns>
    public static async Task<RestcommResult<EmailMessageResource>> SendAsync(this IEmailSender sender, EmailRequest request, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (!request.TryToEmailMessage(out var message, out var error))
        {
            return new() { Error = error };
        }

        try
        {
            var result = await sender.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return result.Status switch
            {
                SendStatus.Accepted => new()
                {
                    Resource = new EmailMessageResource
                    {
                        DateSent = timeProvider.GetUtcNow(), AccountSid = request.AccountSid, From = request.From, To = request.To, Body = request.Body,
                        Subject = request.Subject, SendResult = result,
                    },
                    SendResult = result,
                },
                SendStatus.Rejected => new()
                {
                    Error = new RestcommError { Status = 502, Code = result.NativeCode, Message = $"The mail server refused the message: {result.NativeCode} {result.NativeText}".TrimEnd() },
                    SendResult = result,
                },
                _ => new()
                {
                    Error = new RestcommError { Status = 504, Message = "The outcome is unknown: the message went out but the mail server's answer was lost; it may or may not be delivered. Do not resend blindly." },
                    SendResult = result,
                },
            };
        }
        catch (MessageValidationException ex)
        {
            var parameter = VendorFields.Map(ex, EmailFields, out var detail);
            return new() { Error = RestcommError.BadRequest(parameter, $"The {parameter} parameter is invalid: {detail}") };
        }
        catch (MessagingTransportException ex)
        {
            return new() { Error = Unavailable(ex) };
        }
    }

    /// <summary>Builds the SMS resource for a canonical result: sent (Accepted), failed with the mapped error_code (Rejected) or sending (Unknown).</summary>
    /// <param name="result">The result.</param>
    /// <param name="request">The request that was sent.</param>
    /// <param name="now">DateCreated and DateUpdated (and DateSent when accepted).</param>
    /// <returns>The resource; its <see cref="SmsMessageResource.Sid"/> is derived from the message id (<see cref="SmsSid"/>).</returns>
    public static SmsMessageResource ToRestcommResource(this SmsSendResult result, SmsRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(request);
        var sid = RestcommFormat.SidFor("SM", result.MessageId);
        var error = result.Status == SendStatus.Rejected ? ToRestcommErrorCode(result) : (RestcommErrorCode?)null;
        return new SmsMessageResource
        {
            Sid = sid,
            DateCreated = now,
            DateUpdated = now,
            DateSent = result.Status == SendStatus.Accepted ? now : null,
            AccountSid = request.AccountSid,
            From = request.From,
            To = request.To,
            Body = request.Body,
            Status = result.Status switch
            {
                SendStatus.Accepted => RestcommSmsStatus.Sent,
                SendStatus.Rejected => RestcommSmsStatus.Failed,
                _ => RestcommSmsStatus.Sending,
            },
            Direction = RestcommDirection.OutboundApi,
            ErrorCode = error,
            ErrorMessage = error?.GetMessage(),
            ApiVersion = RestcommValues.ApiVersion,
            Uri = $"/{RestcommValues.ApiVersion}/Accounts/{request.AccountSid}/SMS/Messages/{sid}",
            SendResult = result,
        };
    }

    /// <summary>The Restcomm error code for a rejected SMS (see the table in docs/vendor-models.md), for example SMPP 0x0B ESME_RINVDSTADR gives 30003.</summary>
    /// <param name="result">The rejected result.</param>
    /// <returns>The error code.</returns>
    public static RestcommErrorCode ToRestcommErrorCode(this SmsSendResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return NativeFailures.Classify(result) switch
        {
            NativeFailure.InvalidDestination or NativeFailure.UnreachableDestination => RestcommErrorCode.UnreachableDestinationHandset,
            NativeFailure.UnknownDestination or NativeFailure.RecipientRejected => RestcommErrorCode.UnknownDestinationHandset,
            NativeFailure.InvalidSource => RestcommErrorCode.CarrierViolation,
            NativeFailure.Blocked => RestcommErrorCode.MessageBlocked,
            NativeFailure.Congestion => RestcommErrorCode.QueueOverflow,
            NativeFailure.AccountProblem => RestcommErrorCode.AccountSuspended,
            _ => RestcommErrorCode.UnknownError,
        };
    }

    /// <summary>The sid the SDK gives the SMS resource of a message id: <c>SM</c> and 32 hex digits of its SHA-256, so that a <see cref="DeliveryReport"/> (which carries the message id) finds its resource.</summary>
    /// <param name="messageId">The transport's message id (<see cref="SmsSendResult.MessageId"/>, <see cref="DeliveryReport.MessageId"/>).</param>
    /// <returns>The sid.</returns>
    public static string SmsSid(string messageId)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        return RestcommFormat.SidFor("SM", messageId);
    }

    /// <summary>The Restcomm status of a delivery report: Delivered gives <c>delivered</c>; Expired, Deleted, Undeliverable and Rejected give <c>undelivered</c>; Enroute, Accepted and Unknown give <c>sent</c>.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The status.</returns>
    public static RestcommSmsStatus ToRestcommStatus(this DeliveryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.State switch
        {
            DeliveryState.Delivered => RestcommSmsStatus.Delivered,
            DeliveryState.Expired or DeliveryState.Deleted or DeliveryState.Undeliverable or DeliveryState.Rejected => RestcommSmsStatus.Undelivered,
            _ => RestcommSmsStatus.Sent,
        };
    }

    /// <summary>The error code of an undelivered report: Expired and Undeliverable give 30003, Rejected 30007, Deleted 30008; <see langword="null"/> otherwise.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The error code or <see langword="null"/>.</returns>
    public static RestcommErrorCode? ToRestcommErrorCode(this DeliveryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.State switch
        {
            DeliveryState.Expired or DeliveryState.Undeliverable => RestcommErrorCode.UnreachableDestinationHandset,
            DeliveryState.Rejected => RestcommErrorCode.CarrierViolation,
            DeliveryState.Deleted => RestcommErrorCode.UnknownError,
            _ => null,
        };
    }

    /// <summary>Updates an SMS resource with a delivery report: status, error_code/error_message, and DateUpdated (the report's DoneAt, else <paramref name="now"/>).</summary>
    /// <param name="resource">The resource created when the message was sent.</param>
    /// <param name="report">The report.</param>
    /// <param name="now">The time used when the report has no DoneAt.</param>
    /// <returns>The updated resource.</returns>
    public static SmsMessageResource WithDeliveryReport(this SmsMessageResource resource, DeliveryReport report, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(report);
        var error = report.ToRestcommErrorCode();
        return resource with
        {
            Status = report.ToRestcommStatus(),
            ErrorCode = error,
            ErrorMessage = error?.GetMessage(),
            DateUpdated = report.DoneAt ?? now,
            DateSent = resource.DateSent ?? report.SubmittedAt,
        };
    }

    private static RestcommError Unavailable(MessagingTransportException exception)
        => new() { Status = 503, Message = $"The messaging transport is unavailable: {exception.Message}" };
}
