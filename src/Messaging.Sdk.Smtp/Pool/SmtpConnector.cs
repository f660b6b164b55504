using System.Globalization;
using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Messaging.Sdk.Smtp.Delivery;

namespace Messaging.Sdk.Smtp.Pool;

/// <summary>Opens and authenticates connections within <see cref="SmtpOptions.ConnectTimeout"/>, mapping failures to the SDK's exceptions.</summary>
internal sealed class SmtpConnector(SmtpOptions options, ISmtpClientFactory factory, TimeProvider timeProvider)
{
    public async Task<SmtpConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var transaction = new SmtpTransaction();
        var client = factory.Create(transaction);
        // MailKit's Timeout covers one read or write; the connect, handshake and AUTH get their own deadline below.
        client.Timeout = (int)Math.Min(int.MaxValue, options.CommandTimeout.TotalMilliseconds);
        client.CheckCertificateRevocation = options.CheckCertificateRevocation;
        if (options.LocalDomain is { } domain)
        {
            client.LocalDomain = domain;
        }

        if (options.ServerCertificateValidationCallback is { } callback)
        {
            client.ServerCertificateValidationCallback = callback;
        }
        else if (options.DangerousAcceptAnyServerCertificate)
        {
#pragma warning disable CA5359 // The user opted in explicitly (DangerousAcceptAnyServerCertificate) and the sender logs a warning at start.
            client.ServerCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        using var deadline = new CancellationTokenSource(options.ConnectTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await client.ConnectAsync(options.Host, options.EffectivePort, ToMailKit(options.Security), linked.Token).ConfigureAwait(false);
            await AuthenticateAsync(client, linked.Token).ConfigureAwait(false);
            return new SmtpConnection(client, transaction, timeProvider.GetTimestamp());
        }
        catch (Exception ex)
        {
            client.Dispose();
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw Map(ex, deadline.IsCancellationRequested);
        }
    }

    private async Task AuthenticateAsync(ISmtpClient client, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(options.UserName))
        {
            return;
        }

        if (options.AccessTokenProvider is { } provider)
        {
            var token = await provider(cancellationToken).ConfigureAwait(false);
            SaslMechanism mechanism = options.OAuthMechanism == SmtpOAuthMechanism.OAuthBearer
                ? new SaslMechanismOAuthBearer(options.UserName, token)
                : new SaslMechanismOAuth2(options.UserName, token);
            await client.AuthenticateAsync(mechanism, cancellationToken).ConfigureAwait(false);
            return;
        }

        await client.AuthenticateAsync(Encoding.UTF8, new System.Net.NetworkCredential(options.UserName, options.Password), cancellationToken).ConfigureAwait(false);
    }

    private MessagingTransportException Map(Exception ex, bool timedOut)
    {
        var where = string.Create(CultureInfo.InvariantCulture, $"{options.Host}:{options.EffectivePort}");
        return ex switch
        {
            _ when timedOut => new MessagingTransportException(
                string.Create(CultureInfo.InvariantCulture, $"Could not connect to the SMTP server {where} within {options.ConnectTimeout.TotalSeconds:0.###} s (ConnectTimeout)."), ex) { IsTransient = true },
            AuthenticationException or SaslException => new MessagingAuthenticationException(
                $"The SMTP server {where} refused the credentials of user '{options.UserName}': check UserName and Password (or the access token).") { IsTransient = false },
            SslHandshakeException => new MessagingTransportException(
                $"The TLS handshake with {where} failed (Security = {options.Security}): the server certificate may be untrusted or the server may not speak TLS on this port. {ex.Message}", ex) { IsTransient = false },
            NotSupportedException => new MessagingTransportException(
                $"The SMTP server {where} does not support what Security = {options.Security} or the credentials need: {ex.Message}", ex) { IsTransient = false },
            SmtpCommandException command => new MessagingTransportException(
                string.Create(CultureInfo.InvariantCulture, $"The SMTP server {where} refused the session: {(int)command.StatusCode} {command.Message}"), ex) { NativeCode = (int)command.StatusCode, IsTransient = (int)command.StatusCode is >= 400 and < 500 },
            SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException => new MessagingTransportException(
                $"Could not reach the SMTP server {where}: {ex.Message}", ex) { IsTransient = true },
            _ => new MessagingTransportException($"Could not open a connection to the SMTP server {where}: {ex.Message}", ex) { IsTransient = false },
        };
    }

    private static SecureSocketOptions ToMailKit(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
        _ => SecureSocketOptions.SslOnConnect,
    };
}
