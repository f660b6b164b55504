using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;

namespace Messaging.Sdk.IntegrationTests.Smtp;

/// <summary>The SMTP peer started by ./test.sh (tests/peers/smtp): its ports, test user, certificate and HTTP read-back API.</summary>
internal static class SmtpPeer
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static string Host => Env("SMTP_PEER_HOST");

    public static int PlainPort => Port("SMTP_PEER_PORT");

    public static int StartTlsPort => Port("SMTP_PEER_STARTTLS_PORT");

    public static int TlsPort => Port("SMTP_PEER_TLS_PORT");

    public static int LoginOnlyPort => Port("SMTP_PEER_LOGIN_PORT");

    public static string User => Env("SMTP_PEER_USER");

    public static string Password => Env("SMTP_PEER_PASSWORD");

    public static X509Certificate2 Certificate => X509CertificateLoader.LoadCertificateFromFile(Env("SMTP_PEER_CERT"));

    private static Uri Api => new($"http://127.0.0.1:{Port("SMTP_PEER_HTTP_PORT")}/");

    /// <summary>A recipient address no other test uses: <c>{local}.{nonce}@example.com</c>.</summary>
    public static string Unique(string local) => $"{local}.{Guid.NewGuid():N}@example.com";

    public static async Task<IReadOnlyList<PeerMessage>> MessagesAsync(string recipient)
        => await Http.GetFromJsonAsync<List<PeerMessage>>(new Uri(Api, $"messages?rcpt={Uri.EscapeDataString(recipient)}")) ?? [];

    public static async Task<PeerStats> StatsAsync(string ehlo)
        => await Http.GetFromJsonAsync<PeerStats>(new Uri(Api, $"stats?ehlo={Uri.EscapeDataString(ehlo)}")) ?? new PeerStats();

    private static int Port(string name) => int.Parse(Env(name), CultureInfo.InvariantCulture);

    private static string Env(string name)
        => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set: the SMTP peer is not running. Run ./test.sh, or start tests/peers/smtp/start.sh and load tests/peers/.run/smtp.env (see the brief).");
}

internal sealed record PeerMessage
{
    public string Id { get; init; } = "";
    public string? From { get; init; }
    public List<string> RcptTo { get; init; } = [];
    public List<string?> RcptDsn { get; init; } = [];
    public string? Ehlo { get; init; }
    public PeerUser? User { get; init; }
    public bool Secure { get; init; }
    public string Raw { get; init; } = "";
    public PeerParsed? Parsed { get; init; }

    public byte[] RawBytes => Convert.FromBase64String(Raw);

    public string RawText => System.Text.Encoding.UTF8.GetString(RawBytes);

    /// <summary>The header block of the raw message (up to the first empty line).</summary>
    public string RawHeaders => RawText[..Math.Max(0, RawText.IndexOf("\r\n\r\n", StringComparison.Ordinal))];
}

internal sealed record PeerUser(string Name, string Method);

internal sealed record PeerParsed
{
    public string? Subject { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    public string? ReplyTo { get; init; }
    public string? Text { get; init; }
    [JsonConverter(typeof(FalseOrStringConverter))]
    public string? Html { get; init; }
    public List<PeerAttachment> Attachments { get; init; } = [];
    public string? Error { get; init; }
}

internal sealed record PeerAttachment(string? Filename, string ContentType, string? ContentId, bool Related, long Size, string Sha256);

internal sealed record PeerStats
{
    public int Opened { get; init; }
    public int Open { get; init; }
    public int MaxOpen { get; init; }
    public int Messages { get; init; }
}

/// <summary>mailparser gives <c>html: false</c> when there is no HTML part.</summary>
internal sealed class FalseOrStringConverter : JsonConverter<string?>
{
    public override string? Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
        => reader.TokenType == System.Text.Json.JsonTokenType.String ? reader.GetString() : null;

    public override void Write(System.Text.Json.Utf8JsonWriter writer, string? value, System.Text.Json.JsonSerializerOptions options)
        => writer.WriteStringValue(value);
}
