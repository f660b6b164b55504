using System.Security.Cryptography;
using System.Text;

namespace Messaging.Sdk;

/// <summary>How a callback URL is shown in logs and <c>ToString()</c>: it may carry a secret anywhere.</summary>
internal static class CallbackUrlRedaction
{
    /// <summary>
    /// Scheme, host and port; the path only as a short hash (web hooks often put their token in the path, e.g.
    /// <c>/services/T00/B00/secret</c>), so two log lines can still be matched to one URL; never user-info, query or fragment.
    /// </summary>
    /// <param name="url">The URL.</param>
    /// <returns>For example <c>https://app.example.com/…(path 3f2a9c1e)</c>, or <c>(relative URL)</c>.</returns>
    public static string Redact(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            return "(relative URL)";
        }

        var server = url.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
        var path = url.AbsolutePath;
        if (path.Length <= 1)
        {
            return server + "/";
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(path), hash);
        return server + "/…(path " + Convert.ToHexStringLower(hash[..4]) + ")";
    }

    /// <summary>The same for a URL held as text.</summary>
    /// <param name="url">The URL, or <see langword="null"/>.</param>
    /// <returns>The redacted form, <c>(not a URL)</c>, or <see langword="null"/>.</returns>
    public static string? Redact(string? url)
        => url is null ? null : Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Redact(uri) : "(not a URL)";
}
