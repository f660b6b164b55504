using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Messaging.Sdk.Vendors.Enswitch;

/// <summary>One entry of an Enswitch response's <c>responses</c> array: <c>{"code":"400","key":"emails","message":"..."}</c>.</summary>
public sealed record ResponseStatus
{
    /// <summary>The code.</summary>
    public required EnswitchResponseCode Code { get; init; }

    /// <summary>The offending parameter on a 400, otherwise empty.</summary>
    /// <value>The default is the empty string.</value>
    public string Key { get; init; } = string.Empty;

    /// <summary>The message, for example <c>OK</c>.</summary>
    public required string Message { get; init; }
}

/// <summary>The JSON envelope of every Enswitch API answer: <c>{"responses":[{"code","key","message"}],"data":...}</c>.</summary>
/// <remarks><c>data</c> is left out of the JSON when <see cref="Data"/> is <see langword="null"/> (204 answers carry no data).</remarks>
public sealed record Response
{
    /// <summary>The <c>message</c> of a 200 or 204 entry.</summary>
    public const string OkMessage = "OK";

    /// <summary>The response entries; the first carries the overall outcome.</summary>
    public required IReadOnlyList<ResponseStatus> Responses { get; init; }

    /// <summary>The <c>data</c> member, or <see langword="null"/> for none.</summary>
    public JsonElement? Data { get; init; }

    /// <summary>The canonical results this was mapped from, in recipient order; never written to the JSON.</summary>
    public IReadOnlyList<SendResult> SendResults { get; init; } = [];

    /// <summary>The first entry's code: the overall outcome.</summary>
    public EnswitchResponseCode Code => Responses.Count > 0 ? Responses[0].Code : EnswitchResponseCode.ServerError;

    /// <summary>The first entry's key: the offending parameter of a 400.</summary>
    public string Key => Responses.Count > 0 ? Responses[0].Key : string.Empty;

    /// <summary>True for 200 and 204.</summary>
    public bool IsSuccess => Code is EnswitchResponseCode.Ok or EnswitchResponseCode.NoContent;

    /// <summary><c>data.count</c> (the number of e-mails <c>emails/send</c> submitted), or <see langword="null"/>.</summary>
    public int? Count => Data is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty("count", out var count) && count.TryGetInt32(out var n) ? n : null;

    /// <summary>A 200 answer with <paramref name="data"/>.</summary>
    /// <param name="data">The data, or <see langword="null"/>.</param>
    /// <returns>The response.</returns>
    public static Response Ok(JsonElement? data) => new() { Responses = [new() { Code = EnswitchResponseCode.Ok, Message = OkMessage }], Data = data };

    /// <summary>The 200 answer of <c>emails/send</c>: <c>"data":{"count":N}</c>.</summary>
    /// <param name="count">How many e-mails were submitted.</param>
    /// <returns>The response.</returns>
    public static Response EmailsSent(int count)
        => Ok(JsonSerializer.SerializeToElement(new Dictionary<string, int> { ["count"] = count }));

    /// <summary>A 204 answer: OK without data (the answer of <c>messages/text/send</c>).</summary>
    /// <returns>The response.</returns>
    public static Response NoContent() => new() { Responses = [new() { Code = EnswitchResponseCode.NoContent, Message = OkMessage }] };

    /// <summary>A 400 answer naming the offending parameter in <c>key</c>.</summary>
    /// <param name="key">The parameter, spelt as on the wire (for example <c>destination</c>).</param>
    /// <param name="message">What is wrong.</param>
    /// <returns>The response.</returns>
    public static Response BadRequest(string key, string message)
        => new() { Responses = [new() { Code = EnswitchResponseCode.BadRequest, Key = key, Message = message }] };

    /// <summary>A failure answer with another code (401, 402, 403 or 500), with the documented description as message unless one is given.</summary>
    /// <param name="code">The code.</param>
    /// <param name="message">The message, or <see langword="null"/> for the documented one.</param>
    /// <returns>The response.</returns>
    public static Response Error(EnswitchResponseCode code, string? message = null)
        => new() { Responses = [new() { Code = code, Message = message ?? DefaultMessage(code) }] };

    /// <summary>The description the vendor documents for <paramref name="code"/>.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The description.</returns>
    public static string DefaultMessage(EnswitchResponseCode code) => code switch
    {
        EnswitchResponseCode.Ok or EnswitchResponseCode.NoContent => OkMessage,
        EnswitchResponseCode.BadRequest => "Invalid input parameters specified.",
        EnswitchResponseCode.Unauthorized => "The authentication details provided are invalid.",
        EnswitchResponseCode.RoleDenied => "Your role does not allow this.",
        EnswitchResponseCode.RatePlanDenied => "Your rate plan does not allow this.",
        _ => "The message could not be sent.",
    };

    /// <summary>Writes the JSON envelope (compact, codes as strings).</summary>
    /// <returns>The JSON.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("responses");
            foreach (var entry in Responses)
            {
                writer.WriteStartObject();
                writer.WriteString("code", ((int)entry.Code).ToString(CultureInfo.InvariantCulture));
                writer.WriteString("key", entry.Key);
                writer.WriteString("message", entry.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (Data is { } data)
            {
                writer.WritePropertyName("data");
                data.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads an Enswitch JSON response; <c>code</c> may be a string or a number.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The response.</returns>
    /// <exception cref="FormatException">The JSON is malformed or has no <c>responses</c> array.</exception>
    public static Response ParseJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("responses", out var responses) || responses.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("An Enswitch response must be an object with a \"responses\" array.");
            }

            var entries = new List<ResponseStatus>();
            foreach (var entry in responses.EnumerateArray())
            {
                var code = entry.GetProperty("code");
                var value = code.ValueKind == JsonValueKind.Number ? code.GetInt32() : int.Parse(code.GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture);
                entries.Add(new()
                {
                    Code = (EnswitchResponseCode)value,
                    Key = entry.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String ? key.GetString()! : string.Empty,
                    Message = entry.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString()! : string.Empty,
                });
            }

            JsonElement? data = root.TryGetProperty("data", out var d) && d.ValueKind != JsonValueKind.Null ? d.Clone() : null;
            return new Response { Responses = entries, Data = data };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or OverflowException or ArgumentNullException)
        {
            throw new FormatException($"Not an Enswitch response: {ex.Message}", ex);
        }
    }

    /// <summary>A short description, safe to log.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"Response {{ Code = {(int)Code}, Key = {Key}, Entries = {Responses.Count}, Count = {Count} }}";
}
