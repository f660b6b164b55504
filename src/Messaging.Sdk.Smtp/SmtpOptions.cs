using System.Net.Security;

namespace Messaging.Sdk.Smtp;

/// <summary>How the connection to the SMTP server is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>No TLS at all: credentials and messages travel in clear text. Only for a relay on the same host or a test server.</summary>
    None,

    /// <summary>Connect in clear text, then upgrade with STARTTLS; fail if the server does not offer it (usually port 587).</summary>
    StartTls,

    /// <summary>Upgrade with STARTTLS when the server offers it, else stay in clear text. Open to downgrade attacks: prefer <see cref="StartTls"/>.</summary>
    StartTlsWhenAvailable,

    /// <summary>TLS from the first byte, "implicit TLS" (usually port 465).</summary>
    SslOnConnect,
}

/// <summary>Which SASL mechanism carries an OAuth 2.0 access token.</summary>
public enum SmtpOAuthMechanism
{
    /// <summary><c>XOAUTH2</c>, used by Gmail and Microsoft 365.</summary>
    XOAuth2,

    /// <summary><c>OAUTHBEARER</c> (RFC 7628).</summary>
    OAuthBearer,
}

/// <summary>Which delivery status notifications (RFC 3461) to request for every recipient.</summary>
[Flags]
public enum SmtpDeliveryNotifications
{
    /// <summary>Request nothing: the server's default applies (usually failure notices only).</summary>
    None = 0,

    /// <summary>Ask for a notice when the message is delivered.</summary>
    Success = 1,

    /// <summary>Ask for a notice when delivery fails.</summary>
    Failure = 2,

    /// <summary>Ask for a notice when delivery is delayed.</summary>
    Delay = 4,

    /// <summary>Ask for no notice at all (<c>NOTIFY=NEVER</c>); cannot be combined with the others.</summary>
    Never = 8,
}

/// <summary>Options of an SMTP sender, bound from <c>Messaging:Smtp</c> (or <c>Messaging:Smtp:{name}</c> for a named sender).</summary>
/// <remarks>Validated at start; every failure names its configuration path.</remarks>
public sealed class SmtpOptions
{
    /// <summary>The SMTP server's host name or IP address. Required.</summary>
    public string Host { get; set; } = string.Empty;

    /// <summary>The server port; 0 picks the usual one for <see cref="Security"/>: 465 for <see cref="SmtpSecurity.SslOnConnect"/>, 587 for <see cref="SmtpSecurity.StartTls"/>, 25 otherwise.</summary>
    /// <value>The default is 0.</value>
    public int Port { get; set; }

    /// <summary>How the connection is secured.</summary>
    /// <value>The default is <see cref="SmtpSecurity.StartTls"/>.</value>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>The user name for AUTH, or <see langword="null"/> to send without authenticating.</summary>
    public string? UserName { get; set; }

    /// <summary>The password for AUTH (PLAIN, LOGIN or the strongest mechanism both sides support). Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>Returns an OAuth 2.0 access token for <see cref="UserName"/>; when set it is used instead of <see cref="Password"/>.
    /// Called once per new connection, so it can return a freshly refreshed token. Never logged. Code only (not bound from configuration).</summary>
    public Func<CancellationToken, ValueTask<string>>? AccessTokenProvider { get; set; }

    /// <summary>The SASL mechanism that carries the token from <see cref="AccessTokenProvider"/>.</summary>
    /// <value>The default is <see cref="SmtpOAuthMechanism.XOAuth2"/>.</value>
    public SmtpOAuthMechanism OAuthMechanism { get; set; } = SmtpOAuthMechanism.XOAuth2;

    /// <summary>The name this client gives in EHLO/HELO and the domain of generated Message-IDs, or <see langword="null"/> for the local IP address (EHLO) and the sender's domain (Message-ID).</summary>
    public string? LocalDomain { get; set; }

    /// <summary>The longest time to open a connection: TCP connect, TLS handshake, greeting, EHLO and AUTH together.</summary>
    /// <value>The default is 15 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The longest time one read or write on the connection may take (MailKit's <c>Timeout</c>), and the limit for NOOP and QUIT.</summary>
    /// <value>The default is 60 seconds.</value>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long disposing the sender waits for sends in flight to finish before it closes the idle
    /// connections and returns; a send still running then keeps its connection until it ends, which closes it.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether the server certificate's revocation status is checked during the TLS handshake.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool CheckCertificateRevocation { get; set; } = true;

    /// <summary>Whether ANY server certificate is accepted, valid or not. Read-only: it is switched on in code with
    /// <see cref="DangerouslyAcceptAnyServerCertificate"/>, never by a configuration value, so that an edited
    /// <c>appsettings.json</c> or an environment variable cannot open the link to interception.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool DangerousAcceptAnyServerCertificate { get; private set; }

    /// <summary>Accepts ANY server certificate, valid or not. Dangerous: only for a test server with a self-signed
    /// certificate (to trust one certificate, pin it with <see cref="ServerCertificateValidationCallback"/> instead).
    /// A warning is logged when a sender starts with it on.</summary>
    public void DangerouslyAcceptAnyServerCertificate() => DangerousAcceptAnyServerCertificate = true;

    /// <summary>A custom server certificate check (for example pinning a self-signed certificate); replaces the default one. Logged when set. Code only.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidationCallback { get; set; }

    /// <summary>The most connections open to the server at once; concurrent sends beyond it wait for a free connection.</summary>
    /// <value>The default is 4.</value>
    public int MaxConnections { get; set; } = 4;

    /// <summary>How many messages one connection sends before it is closed with QUIT and replaced (many servers limit this).</summary>
    /// <value>The default is 100.</value>
    public int MaxMessagesPerConnection { get; set; } = 100;

    /// <summary>An idle connection older than this is closed with QUIT rather than reused.</summary>
    /// <value>The default is 60 seconds.</value>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>An idle connection older than this is checked with NOOP before it is reused.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan NoopAfterIdle { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The delivery status notifications (RFC 3461 <c>NOTIFY</c>) to request for every recipient; sent only when the server supports DSN.</summary>
    /// <value>The default is <see cref="SmtpDeliveryNotifications.None"/>.</value>
    public SmtpDeliveryNotifications DeliveryNotifications { get; set; }

    internal int EffectivePort => Port != 0 ? Port : Security switch
    {
        SmtpSecurity.SslOnConnect => 465,
        SmtpSecurity.StartTls => 587,
        _ => 25,
    };

    /// <summary>A description without secrets, safe to log.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
        => $"SmtpOptions {{ Host = {Host}, Port = {EffectivePort}, Security = {Security}, UserName = {UserName}, Password = {(Password is null ? "null" : "***")}, MaxConnections = {MaxConnections} }}";
}
