namespace Messaging.Sdk.Vendors;

/// <summary>Helpers to turn canonical validation field names (<c>To[0]</c>, <c>Attachments[1].FilePath</c>) back into vendor parameter names.</summary>
internal static class VendorFields
{
    /// <summary>The first segment of a field path: <c>Attachments[1].FilePath</c> gives <c>Attachments</c>.</summary>
    public static string Root(string field)
    {
        var end = field.IndexOfAny(['[', '.']);
        return end < 0 ? field : field[..end];
    }

    public static string Map(MessageValidationException exception, IReadOnlyDictionary<string, string> map, out string detail)
    {
        var first = exception.Errors.Count > 0 ? exception.Errors[0] : new ValidationError(string.Empty, exception.Message);
        detail = first.ToString();
        return map.TryGetValue(Root(first.Field), out var name) ? name : first.Field;
    }
}
