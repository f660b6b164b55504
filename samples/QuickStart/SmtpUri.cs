using System.Globalization;
using Messaging.Sdk.Smtp;
using Microsoft.Extensions.DependencyInjection;

namespace QuickStart;

/// <summary>Parses <c>--smtp</c> URIs such as <c>smtp://user:pass@127.0.0.1:2525?tls=starttls</c> into <see cref="SmtpOptions"/>.</summary>
/// <remarks>
/// Scheme <c>smtp</c> (default port 587 with STARTTLS, 25 otherwise) or <c>smtps</c> (implicit TLS, 465).
/// Query: <c>tls=none|starttls|auto|ssl</c> (auto = STARTTLS when offered), <c>insecure=true</c> to accept any
/// server certificate (a self-signed test relay only). User name and password are percent-decoded.
/// </remarks>
internal static class SmtpUri
{
    public static void Apply(string uri, SmtpOptions options)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || (parsed.Scheme != "smtp" && parsed.Scheme != "smtps") || string.IsNullOrEmpty(parsed.Host))
        {
            throw new ArgumentException($"--smtp needs a URI like smtp://user:pass@host:port?tls=starttls, not '{Redact(uri)}'.");
        }

        options.Host = parsed.Host;
        options.Port = parsed.IsDefaultPort ? 0 : parsed.Port;
        options.Security = parsed.Scheme == "smtps" ? SmtpSecurity.SslOnConnect : SmtpSecurity.StartTls;
        if (parsed.UserInfo.Length > 0)
        {
            var colon = parsed.UserInfo.IndexOf(':', StringComparison.Ordinal);
            options.UserName = Uri.UnescapeDataString(colon < 0 ? parsed.UserInfo : parsed.UserInfo[..colon]);
            options.Password = colon < 0 ? string.Empty : Uri.UnescapeDataString(parsed.UserInfo[(colon + 1)..]);
        }

        foreach (var pair in parsed.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var key = parts[0].ToLowerInvariant();
            var value = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]).ToLowerInvariant() : string.Empty;
            switch (key)
            {
                case "tls":
                    options.Security = value switch
                    {
                        "none" or "false" or "off" => SmtpSecurity.None,
                        "starttls" => SmtpSecurity.StartTls,
                        "auto" or "opportunistic" => SmtpSecurity.StartTlsWhenAvailable,
                        "ssl" or "implicit" or "true" => SmtpSecurity.SslOnConnect,
                        _ => throw new ArgumentException($"--smtp: tls={value} is not one of none, starttls, auto, ssl."),
                    };
                    break;
                case "insecure":
                    if (value is "true" or "1" or "yes")
                    {
                        // An explicit command-line opt-in of this sample; configuration alone cannot do this.
                        options.DangerouslyAcceptAnyServerCertificate();
                    }

                    break;
                default:
                    throw new ArgumentException($"--smtp: unknown query parameter '{key}' (use tls= or insecure=).");
            }
        }
    }

    /// <summary>Checks <paramref name="uri"/> now, so that a bad one is a command-line error (exit code 2).</summary>
    public static string Validate(string uri)
    {
        Apply(uri, new SmtpOptions());
        return uri;
    }

    /// <summary>The URI with its password replaced, for messages.</summary>
    public static string Redact(string uri)
    {
        var at = uri.IndexOf('@', StringComparison.Ordinal);
        var scheme = uri.IndexOf("://", StringComparison.Ordinal);
        if (at < 0 || scheme < 0 || at < scheme)
        {
            return uri;
        }

        var colon = uri.IndexOf(':', scheme + 3);
        return colon > 0 && colon < at ? string.Concat(uri.AsSpan(0, colon + 1), "***", uri.AsSpan(at)) : uri;
    }
}

/// <summary>Chooses the QuickStart's e-mail transport: SMTP when <c>--smtp</c> is given, else a pickup directory.</summary>
internal static class QuickStartEmail
{
    public static string PickupDirectory { get; } = Path.Combine(Path.GetTempPath(), "Messaging.Sdk.QuickStart", "pickup");

    public static MessagingBuilder AddQuickStartEmail(this MessagingBuilder builder, QuickStartOptions options)
    {
        if (options.Smtp is { } uri)
        {
            return builder.AddSmtp(configure: o => SmtpUri.Apply(uri, o));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"e-mail goes to the pickup directory {PickupDirectory} (use --smtp URI to send to a server)"));
        return builder.AddSmtpPickupDirectory(PickupDirectory);
    }
}
