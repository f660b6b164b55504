using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace Messaging.Sdk.Vendors.Restcomm;

/// <summary>Dates, sids and the JSON/XML plumbing shared by the Restcomm resources.</summary>
internal static class RestcommFormat
{
    public const string Root = "RestcommResponse";

    public static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    private static readonly string[] Rfc1123Formats = ["ddd, d MMM yyyy HH:mm:ss zzz", "ddd, dd MMM yyyy HH:mm:ss zzz", "ddd, d MMM yyyy HH:mm:ss 'GMT'"];

    /// <summary>Restcomm's <c>EEE, d MMM yyyy HH:mm:ss Z</c>: <c>Thu, 19 Nov 2015 07:21:24 -0500</c>.</summary>
    public static string FormatRfc1123(DateTimeOffset value)
    {
        var offset = value.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        return value.ToString("ddd, d MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture)
               + sign + abs.Hours.ToString("00", CultureInfo.InvariantCulture) + abs.Minutes.ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>ISO 8601 in UTC with milliseconds, as the e-mail resource's <c>date_sent</c> is documented: <c>2016-02-07T23:54:41.293Z</c>.</summary>
    public static string FormatIso(DateTimeOffset value)
        => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads either form (RFC 1123 with a <c>-0500</c> or <c>-05:00</c> offset, or ISO 8601).</summary>
    public static DateTimeOffset? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Trim();
        if (value.Length > 5 && value[^5] is '+' or '-' && value[^4..].All(char.IsAsciiDigit))
        {
            value = value[..^2] + ":" + value[^2..];
        }

        if (DateTimeOffset.TryParseExact(value, Rfc1123Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var rfc)
            || DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out rfc))
        {
            return rfc;
        }

        throw new FormatException($"'{text}' is not an RFC 1123 or ISO 8601 date.");
    }

    /// <summary>An SMS sid, "SM" and 32 hex digits, derived from the transport's message id so that a delivery report finds the same resource.</summary>
    public static string SidFor(string prefix, string? messageId)
    {
        Span<byte> bytes = stackalloc byte[32];
        if (messageId is null)
        {
            RandomNumberGenerator.Fill(bytes);
        }
        else
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(messageId), bytes);
        }

        return prefix + Convert.ToHexStringLower(bytes[..16]);
    }

    public static string WriteJson(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, JsonOptions))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void String(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    public static string WriteXml(string element, IEnumerable<(string Name, string? Value)> children)
        => new XElement(Root, new XElement(element, children.Select(c => new XElement(c.Name, c.Value ?? string.Empty)))).ToString();

    public static JsonElement ParseJsonObject(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw new FormatException("A Restcomm JSON response must be an object.");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Not JSON: {ex.Message}", ex);
        }
    }

    public static string? GetString(JsonElement obj, string name)
        => obj.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => v.GetRawText(),
        } : null;

    /// <summary>Finds <paramref name="element"/> under the <c>RestcommResponse</c> wrapper (or as the root itself).</summary>
    public static XElement ParseXmlElement(string xml, string element)
    {
        ArgumentNullException.ThrowIfNull(xml);
        XElement root;
        try
        {
            root = XDocument.Parse(xml).Root!;
        }
        catch (XmlException ex)
        {
            throw new FormatException($"Not well-formed XML: {ex.Message}", ex);
        }

        return root.Name.LocalName == element ? root
            : root.Name.LocalName == Root && root.Element(element) is { } child ? child
            : throw new FormatException($"Expected <{Root}><{element}>, found <{root.Name.LocalName}>.");
    }

    public static string? Text(XElement parent, string name)
        => parent.Element(name) is { } e && e.Value.Length > 0 ? e.Value : null;

    public static int? ParseInt(string? text)
        => string.IsNullOrWhiteSpace(text) ? null
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
            : throw new FormatException($"'{text}' is not an integer.");
}
