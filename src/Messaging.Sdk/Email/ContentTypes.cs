namespace Messaging.Sdk;

/// <summary>Infers a MIME content type from a file name; enough for common attachments, not a full registry.</summary>
internal static class ContentTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".txt"] = "text/plain",
        [".csv"] = "text/csv",
        [".htm"] = "text/html",
        [".html"] = "text/html",
        [".xml"] = "application/xml",
        [".json"] = "application/json",
        [".pdf"] = "application/pdf",
        [".zip"] = "application/zip",
        [".gz"] = "application/gzip",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".svg"] = "image/svg+xml",
        [".webp"] = "image/webp",
        [".ics"] = "text/calendar",
        [".eml"] = "message/rfc822",
        [".doc"] = "application/msword",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xls"] = "application/vnd.ms-excel",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".wav"] = "audio/wav",
        [".mp3"] = "audio/mpeg",
    };

    public static string FromFileName(string fileName)
        => ByExtension.TryGetValue(Path.GetExtension(fileName), out var type) ? type : "application/octet-stream";

    /// <summary>True for <c>type/subtype</c> made of RFC 2045 token characters, optionally followed by parameters.</summary>
    public static bool IsValid(string contentType)
    {
        var main = contentType.Split(';', 2)[0].Trim();
        var slash = main.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < main.Length - 1 && main.IndexOf('/', slash + 1) < 0
               && main.All(c => c == '/' || IsTokenChar(c))
               && !EmailAddress.ContainsControl(contentType);
    }

    private static bool IsTokenChar(char c) => c > 32 && c < 127 && "()<>@,;:\\\"/[]?=".IndexOf(c, StringComparison.Ordinal) < 0;
}
