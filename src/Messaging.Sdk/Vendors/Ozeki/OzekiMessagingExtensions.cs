namespace Messaging.Sdk.Vendors.Ozeki;

/// <summary>Sends Ozeki requests through the SDK's senders and answers with Ozeki's <see cref="CommandResult"/>.</summary>
/// <remarks>
/// These methods never throw for bad input or a failed send: validation problems become 302 naming the Ozeki
/// parameter, refused messages and transport failures become the code of the mapping table in docs/vendor-models.md.
/// Only cancellation (<see cref="OperationCanceledException"/>) and a <see langword="null"/> argument throw.
/// </remarks>
public static class OzekiMessagingExtensions
{
    /// <summary>The <see cref="CommandResult.NotificationName"/> written when the transport lost its answer (status Unknown): the message may or may not have gone out.</summary>
    public const string OutcomeUnknownNotification = "SendOutcomeUnknown";

    private static readonly Dictionary<string, string> EmailFields = new(StringComparer.Ordinal)
    {
        ["From"] = "Sender", ["To"] = "Recipient", ["Cc"] = "Recipient", ["Bcc"] = "Recipient", ["ReplyTo"] = "Sender",
        ["Subject"] = "Subject", ["TextBody"] = "Message", ["HtmlBody"] = "Message", ["Attachments"] = "Attachments",
    };

    private static readonly Dictionary<string, string> SmsFields = new(StringComparer.Ordinal)
    {
        ["From"] = "Sender", ["To"] = "Recipient", ["Text"] = "Message", ["DeliveryReportUrl"] = SendSmsRequest.DeliveryReportUrlParameter,
    };

    /// <summary>Sends an Ozeki SendEmail request. When <see cref="SendEmailRequest.Sender"/> is absent the message cannot be sent (302 Sender); use the overload with a default sender.</summary>
    /// <param name="sender">The e-mail sender.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>Ozeki's response.</returns>
    public static Task<CommandResult> SendAsync(this IEmailSender sender, SendEmailRequest request, CancellationToken cancellationToken = default)
        => SendAsync(sender, request, null, cancellationToken);

    /// <summary>Sends an Ozeki SendEmail request.</summary>
    /// <param name="sender">The e-mail sender.</param>
    /// <param name="request">The request.</param>
    /// <param name="defaultSender">The From address when the request has no <c>Sender</c> (Ozeki's "Default sender address"), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>Ozeki's response: 200 with EmailId, 302 naming a parameter, or the failure code of the mapping table.</returns>
    public static async Task<CommandResult> SendAsync(this IEmailSender sender, SendEmailRequest request, EmailAddress? defaultSender, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(request);
        if (!request.TryToEmailMessage(defaultSender, out var message, out var error))
        {
            return error;
        }

        try
        {
            var result = await sender.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return result.ToOzekiResult();
        }
        catch (MessageValidationException ex)
        {
            var parameter = VendorFields.Map(ex, EmailFields, out var detail);
            return CommandResult.InvalidParameter(OzekiCommands.SendEmail, parameter, detail);
        }
        catch (MessagingTransportException ex)
        {
            return Unavailable(OzekiCommands.SendEmail, ex);
        }
    }

    /// <summary>Sends an Ozeki SendSms request.</summary>
    /// <param name="sender">The SMS sender.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>Ozeki's response: 200 with SmsId, 302 naming a parameter, 501 for a refused destination, or 401 for other failures.</returns>
    public static async Task<CommandResult> SendAsync(this ISmsSender sender, SendSmsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(request);
        if (!request.TryToSmsMessage(out var message, out var error))
        {
            return error;
        }

        try
        {
            var result = await sender.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return result.ToOzekiResult();
        }
        catch (MessageValidationException ex)
        {
            var parameter = VendorFields.Map(ex, SmsFields, out var detail);
            return CommandResult.InvalidParameter(OzekiCommands.SendSms, parameter, detail);
        }
        catch (MessagingTransportException ex)
        {
            return Unavailable(OzekiCommands.SendSms, ex);
        }
    }

    /// <summary>Maps a canonical e-mail result to Ozeki's SendEmail response (see the table in docs/vendor-models.md).</summary>
    /// <param name="result">The result.</param>
    /// <returns>200 with EmailId when accepted; otherwise the mapped failure, with <see cref="CommandResult.SendResult"/> set.</returns>
    public static CommandResult ToOzekiResult(this EmailSendResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Status == SendStatus.Accepted)
        {
            return CommandResult.Create(OzekiCommands.SendEmail, OzekiStatusCode.Ok) with { EmailId = result.MessageId, SendResult = result };
        }

        return Failure(OzekiCommands.SendEmail, result);
    }

    /// <summary>Maps a canonical SMS result to Ozeki's SendSms response (see the table in docs/vendor-models.md).</summary>
    /// <param name="result">The result.</param>
    /// <returns>200 with SmsId when accepted; otherwise the mapped failure, with <see cref="CommandResult.SendResult"/> set.</returns>
    public static CommandResult ToOzekiResult(this SmsSendResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Status == SendStatus.Accepted)
        {
            return CommandResult.Create(OzekiCommands.SendSms, OzekiStatusCode.Ok) with { SmsId = result.MessageId, SendResult = result };
        }

        return Failure(OzekiCommands.SendSms, result);
    }

    private static CommandResult Failure(string command, SendResult result)
    {
        var detail = $"{result.Transport} {result.NativeCode} {result.NativeText}".Trim();
        if (result.Status == SendStatus.Unknown)
        {
            return CommandResult.Create(command, OzekiStatusCode.ApiExtensionUnavailable, ExtensionName(result.SenderName, result.Transport)) with
            {
                NotificationName = OutcomeUnknownNotification,
                Detail = "The message went out but the answer was lost; it may or may not be delivered. " + detail,
                SendResult = result,
            };
        }

        var email = command == OzekiCommands.SendEmail;
        var mapped = NativeFailures.Classify(result) switch
        {
            NativeFailure.InvalidDestination or NativeFailure.UnknownDestination or NativeFailure.UnreachableDestination or NativeFailure.RecipientRejected
                => email ? CommandResult.InvalidParameter(command, "Recipient") : CommandResult.Create(command, OzekiStatusCode.SmsDestinationNotFound),
            NativeFailure.InvalidSource => CommandResult.InvalidParameter(command, "Sender"),
            NativeFailure.InvalidMessage => CommandResult.InvalidParameter(command, "Message"),
            _ => CommandResult.Create(command, OzekiStatusCode.ApiExtensionUnavailable, ExtensionName(result.SenderName, result.Transport)),
        };
        return mapped with { Detail = detail, SendResult = result };
    }

    private static CommandResult Unavailable(string command, MessagingTransportException exception)
        => CommandResult.Create(command, OzekiStatusCode.ApiExtensionUnavailable, ExtensionName(exception.SenderName, null)) with { Detail = exception.Message };

    private static string ExtensionName(string? senderName, string? transport) => senderName ?? transport ?? "Default";
}
