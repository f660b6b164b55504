using System.Text;

namespace Messaging.Sdk.Vendors;

/// <summary>The name/value pairs of a query string or an <c>application/x-www-form-urlencoded</c> body, as the vendor APIs send them.</summary>
/// <remarks>
/// Names are matched case-insensitively (migrated clients are not always consistent about case) and the first
/// occurrence of a name wins. A full URL is accepted too: only the part after <c>?</c> is read.
/// </remarks>
internal sealed class VendorParameters
{
    private readonly List<KeyValuePair<string, string>> _items;

    private VendorParameters(List<KeyValuePair<string, string>> items) => _items = items;

    public IReadOnlyList<KeyValuePair<string, string>> Items => _items;

    /// <summary>Parses a query string, a URL or a form body.</summary>
    /// <param name="input">The text.</param>
    /// <param name="allowSemicolon">True for APIs (Enswitch) that separate parameters with <c>;</c> as well as <c>&amp;</c>.</param>
    public static VendorParameters Parse(string? input, bool allowSemicolon)
    {
        var items = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(input))
        {
            return new VendorParameters(items);
        }

        var text = input.Trim();
        var question = text.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            text = text[(question + 1)..];
            var hash = text.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                text = text[..hash];
            }
        }

        var separators = allowSemicolon ? new[] { '&', ';' } : ['&'];
        foreach (var part in text.Split(separators, StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(eq < 0 ? part : part[..eq]);
            var value = eq < 0 ? string.Empty : Decode(part[(eq + 1)..]);
            if (name.Length > 0)
            {
                items.Add(new(name, value));
            }
        }

        return new VendorParameters(items);
    }

    public bool TryGet(string name, out string value)
    {
        foreach (var (key, v) in _items)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                return true;
            }
        }

        value = string.Empty;
        return false;
    }

    public string? Get(string name) => TryGet(name, out var value) ? value : null;

    /// <summary>Form decoding: <c>+</c> is a space, then percent-decoding (invalid escapes are kept as written).</summary>
    internal static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    /// <summary>Writes name/value pairs, skipping <see langword="null"/> values, percent-encoding both (RFC 3986 unreserved characters stay).</summary>
    internal static string Write(IEnumerable<KeyValuePair<string, string?>> pairs, char separator)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in pairs)
        {
            if (value is null)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(separator);
            }

            builder.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }
}
