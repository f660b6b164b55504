using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Sdk.Vendors.Enswitch;

/// <summary>Sends Enswitch requests through the SDK's senders and answers with Enswitch's JSON <see cref="Response"/>.</summary>
/// <remarks>
/// These methods never throw for bad input or a failed send: validation problems become 400 with <c>key</c>,
/// refused messages and transport failures become the codes of the mapping table in docs/vendor-models.md.
/// Only cancellation, a <see langword="null"/> argument, and exceptions thrown by the host's resolver propagate.
/// </remarks>
public static class EnswitchMessagingExtensions
{
    private static readonly Dictionary<string, string> EmailFields = new(StringComparer.Ordinal)
    {
        ["From"] = "from", ["To"] = "emails", ["Cc"] = "emails", ["Bcc"] = "emails", ["Subject"] = "subject", ["TextBody"] = "body",
    };

    private static readonly Dictionary<string, string> SmsFields = new(StringComparer.Ordinal)
    {
        ["From"] = "snumber", ["To"] = "cnumber", ["Text"] = "message",
    };

    /// <summary>Sends an <c>emails/send</c> request whose destination is the <c>emails</c> list; any other destination answers 400 with key <c>destination</c>.</summary>
    /// <param name="sender">The e-mail sender.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>Enswitch's response.</returns>
    public static Task<Response> SendAsync(this IEmailSender sender, EmailsSendRequest request, CancellationToken cancellationToken = default)
        => SendAsync(sender, request, (IEnswitchDestinationResolver?)null, cancellationToken);

    /// <summary>Sends an <c>emails/send</c> request with the <see cref="IEnswitchDestinationResolver"/> registered in <paramref name="services"/>, if any.</summary>
    /// <param name="sender">The e-mail sender.</param>
    /// <param name="request">The request.</param>
    /// <param name="services">The host's service provider; with no resolver registered, destinations other than the emails list answer 400 with key <c>destination</c>.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>Enswitch's response.</returns>
    public static Task<Response> SendAsync(this IEmailSender sender, EmailsSendRequest request, IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        return SendAsync(sender, request, services.GetService<IEnswitchDestinationResolver>(), cancellationToken);
    }

    /// <summary>Sends an <c>emails/send</c> request: one message per recipient, answering 200 with <c>data.count</c> = the number accepted.</summary>
    /// <param name="sender">The e-mail sender.</param>
    /// <param name="request">The request.</param>
    /// <param name="destinationResolver">Resolves <c>me</c>, <c>customer</c>, <c>billing</c>, ...; <see langword="null"/> when the host registered none (then those destinations answer 400 with key <c>destination</c>).</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>200 with the count (plus one entry per recipient that failed), 400 with <c>key</c>, or 500 when no recipient was accepted because of the transport.</returns>
    public static async Task<Response> SendAsync(this IEmailSender sender, EmailsSendRequest request, IEnswitchDestinationResolver? destinationResolver, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Validate() is { } invalid)
        {
            return invalid;
        }

        IReadOnlyList<EmailAddress>? recipients = null;
        if (request.Destination != EnswitchDestination.Emails)
        {
            if (destinationResolver is null)
            {
                return NoResolver(request.Destination);
            }

            recipients = await destinationResolver.ResolveAsync(request.Destination, request, cancellationToken).ConfigureAwait(false);
        }

        var messages = request.ToEmailMessages(recipients);
        var failures = new List<ResponseStatus>();
        var results = new List<SendResult>();
        var accepted = 0;
        foreach (var message in messages)
        {
            var address = message.To[0].Address;
            try
            {
                var result = await sender.SendAsync(message, cancellationToken).ConfigureAwait(false);
                results.Add(result);
                if (result.Status == SendStatus.Accepted)
                {
                    accepted++;
                }
                else
                {
                    failures.Add(Failure(result, "emails", "from", "body", address));
                }
            }
            catch (MessageValidationException ex)
            {
                var key = VendorFields.Map(ex, EmailFields, out var detail);
                failures.Add(new() { Code = EnswitchResponseCode.BadRequest, Key = key, Message = $"{address}: {detail}" });
            }
            catch (MessagingTransportException ex)
            {
                failures.Add(new() { Code = EnswitchResponseCode.ServerError, Message = $"{address}: {ex.Message}" });
            }
        }

        if (accepted == 0 && failures.Count > 0)
        {
            return new Response { Responses = failures, SendResults = results };
        }

        var ok = Response.EmailsSent(accepted);
        return ok with { Responses = [.. ok.Responses, .. failures], SendResults = results };
    }

    /// <summary>Sends a <c>messages/text/send</c> request.</summary>
    /// <param name="sender">The SMS sender.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>204 when accepted, 400 with <c>key</c> for bad input or a refused number, 500 for other failures.</returns>
    public static async Task<Response> SendAsync(this ISmsSender sender, TextSendRequest request, CancellationToken cancellationToken = default)
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
            return result.ToEnswitchResponse();
        }
        catch (MessageValidationException ex)
        {
            var key = VendorFields.Map(ex, SmsFields, out var detail);
            return Response.BadRequest(key, detail);
        }
        catch (MessagingTransportException ex)
        {
            return Response.Error(EnswitchResponseCode.ServerError, ex.Message);
        }
    }

    /// <summary>Maps a canonical SMS result to the <c>messages/text/send</c> answer (see the table in docs/vendor-models.md).</summary>
    /// <param name="result">The result.</param>
    /// <returns>204 when accepted, otherwise the mapped failure, with <see cref="Response.SendResults"/> set.</returns>
    public static Response ToEnswitchResponse(this SmsSendResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var response = result.Status == SendStatus.Accepted
            ? Response.NoContent()
            : new Response { Responses = [Failure(result, "cnumber", "snumber", "message", null)] };
        return response with { SendResults = [result] };
    }

    internal static Response NoResolver(EnswitchDestination destination)
        => Response.BadRequest(
            "destination",
            $"Destination '{destination.ToWireValue()}' needs a host-provided IEnswitchDestinationResolver, and none is registered; use an empty destination with the emails parameter.");

    private static ResponseStatus Failure(SendResult result, string destinationKey, string sourceKey, string messageKey, string? address)
    {
        var prefix = address is null ? string.Empty : address + ": ";
        var native = string.Create(CultureInfo.InvariantCulture, $"{result.Transport} {result.NativeCode} {result.NativeText}").Trim();
        if (result.Status == SendStatus.Unknown)
        {
            return new() { Code = EnswitchResponseCode.ServerError, Message = $"{prefix}The outcome is unknown: the message went out but the answer was lost; it may or may not be delivered. {native}".TrimEnd() };
        }

        var key = NativeFailures.Classify(result) switch
        {
            NativeFailure.InvalidDestination or NativeFailure.UnknownDestination or NativeFailure.RecipientRejected => destinationKey,
            NativeFailure.InvalidSource => sourceKey,
            NativeFailure.InvalidMessage => messageKey,
            _ => null,
        };
        return key is null
            ? new() { Code = EnswitchResponseCode.ServerError, Message = $"{prefix}Rejected: {native}" }
            : new() { Code = EnswitchResponseCode.BadRequest, Key = key, Message = $"{prefix}Rejected: {native}" };
    }
}
