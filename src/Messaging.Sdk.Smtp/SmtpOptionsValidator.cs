using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Messaging.Sdk.Smtp;

/// <summary>Validates every named <see cref="SmtpOptions"/> at start, reporting each failure with its configuration path.</summary>
internal sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = ValidateAt(PathOf(name), options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static string PathOf(string? name) => MessagingBuilder.SenderConfigurationPath("Smtp", name);

    internal static List<string> ValidateAt(string path, SmtpOptions o)
    {
        var failures = new List<string>();
        void Fail(string property, string message) => failures.Add($"{path}:{property}: {message}");

        if (string.IsNullOrWhiteSpace(o.Host))
        {
            Fail(nameof(o.Host), "a host name or IP address is required.");
        }
        else if (o.Host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || Uri.CheckHostName(o.Host.Trim('[', ']')) == UriHostNameType.Unknown)
        {
            Fail(nameof(o.Host), $"'{o.Host}' is not a valid host name or IP address.");
        }

        if (o.Port is < 0 or > 65535)
        {
            Fail(nameof(o.Port), string.Create(CultureInfo.InvariantCulture, $"{o.Port} is outside 0..65535 (0 picks the usual port for Security)."));
        }

        if (!Enum.IsDefined(o.Security))
        {
            Fail(nameof(o.Security), $"'{o.Security}' is not one of None, StartTls, StartTlsWhenAvailable, SslOnConnect.");
        }

        if (!Enum.IsDefined(o.OAuthMechanism))
        {
            Fail(nameof(o.OAuthMechanism), $"'{o.OAuthMechanism}' is not one of XOAuth2, OAuthBearer.");
        }

        var hasSecret = o.Password is not null || o.AccessTokenProvider is not null;
        if (hasSecret && string.IsNullOrWhiteSpace(o.UserName))
        {
            Fail(nameof(o.UserName), "a user name is required when a Password or an AccessTokenProvider is set.");
        }

        if (!string.IsNullOrWhiteSpace(o.UserName) && !hasSecret)
        {
            Fail(nameof(o.Password), "a password (or an AccessTokenProvider) is required when UserName is set.");
        }

        if (o.LocalDomain is { } domain && (string.IsNullOrWhiteSpace(domain) || domain.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            Fail(nameof(o.LocalDomain), "must be a host name without spaces or control characters, or null.");
        }

        CheckTime(nameof(o.ConnectTimeout), o.ConnectTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
        CheckTime(nameof(o.CommandTimeout), o.CommandTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(30));
        CheckTime(nameof(o.ShutdownTimeout), o.ShutdownTimeout, TimeSpan.Zero, TimeSpan.FromMinutes(30));
        CheckTime(nameof(o.IdleTimeout), o.IdleTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        CheckTime(nameof(o.NoopAfterIdle), o.NoopAfterIdle, TimeSpan.Zero, TimeSpan.FromHours(1));

        if (o.MaxConnections is < 1 or > 100)
        {
            Fail(nameof(o.MaxConnections), string.Create(CultureInfo.InvariantCulture, $"{o.MaxConnections} is outside 1..100."));
        }

        if (o.MaxMessagesPerConnection is < 1 or > 100_000)
        {
            Fail(nameof(o.MaxMessagesPerConnection), string.Create(CultureInfo.InvariantCulture, $"{o.MaxMessagesPerConnection} is outside 1..100000."));
        }

        var dsn = o.DeliveryNotifications;
        if ((dsn & ~(SmtpDeliveryNotifications.Success | SmtpDeliveryNotifications.Failure | SmtpDeliveryNotifications.Delay | SmtpDeliveryNotifications.Never)) != 0
            || (dsn.HasFlag(SmtpDeliveryNotifications.Never) && dsn != SmtpDeliveryNotifications.Never))
        {
            Fail(nameof(o.DeliveryNotifications), "Never cannot be combined with Success, Failure or Delay.");
        }

        return failures;

        void CheckTime(string property, TimeSpan value, TimeSpan min, TimeSpan max)
        {
            if (value < min || value > max)
            {
                Fail(property, string.Create(CultureInfo.InvariantCulture, $"{value} is outside {min}..{max}."));
            }
        }
    }
}
