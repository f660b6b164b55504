using System.Text.RegularExpressions;

namespace Messaging.Sdk.Tests.Vendors;

/// <summary>Reads the vendor documentation seeds (copied verbatim from shared/seeds) and compares texts modulo whitespace.</summary>
internal static partial class Seeds
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vendors", "Seeds", name));

    /// <summary>The text between <paramref name="start"/> (inclusive) and <paramref name="end"/> (inclusive) in a seed.</summary>
    public static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        from.Should().BeGreaterThanOrEqualTo(0, $"the seed contains '{start}'");
        var to = text.IndexOf(end, from + start.Length, StringComparison.Ordinal);
        to.Should().BeGreaterThan(from, $"the seed contains '{end}' after '{start}'");
        return text[from..(to + end.Length)];
    }

    /// <summary>Removes whitespace between tokens so that pretty-printing does not matter; whitespace inside text stays.</summary>
    public static string Squeeze(string text) => BetweenTags().Replace(Edges().Replace(text.Trim(), string.Empty), "><");

    /// <summary>Removes all whitespace outside JSON strings.</summary>
    public static string SqueezeJson(string json)
    {
        var builder = new System.Text.StringBuilder();
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (c == '"' && (i == 0 || json[i - 1] != '\\'))
            {
                inString = !inString;
            }

            if (inString || !char.IsWhiteSpace(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Rows of a seed's pipe table that follow <paramref name="header"/>, first cell only, until a line without a pipe.</summary>
    public static IReadOnlyList<string> TableNames(string text, string header, int occurrence = 0, int skip = 0)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var index = -1;
        for (var n = 0; n <= occurrence; n++)
        {
            index = lines.FindIndex(index + 1, l => l.StartsWith(header, StringComparison.Ordinal));
        }

        index.Should().BeGreaterThanOrEqualTo(0, $"the seed has a table starting '{header}'");
        var names = new List<string>();
        foreach (var line in lines.Skip(index + 1 + skip))
        {
            if (!line.Contains('|', StringComparison.Ordinal))
            {
                break;
            }

            var name = line.Split('|')[0].Trim();
            if (name.Length > 0 && !name.StartsWith("---", StringComparison.Ordinal))
            {
                names.Add(name);
            }
        }

        return names;
    }

    [GeneratedRegex(@">\s+<")]
    private static partial Regex BetweenTags();

    [GeneratedRegex(@"^\s+|\s+$")]
    private static partial Regex Edges();
}

/// <summary>An e-mail sender that records messages and answers with a scripted result or exception.</summary>
internal sealed class ScriptedEmailSender(Func<EmailMessage, EmailSendResult>? respond = null) : IEmailSender
{
    public List<EmailMessage> Sent { get; } = [];

    public Func<EmailMessage, Exception?>? Throw { get; set; }

    public Messaging.Sdk.Validation.MessageValidator Validator { get; set; } = Messaging.Sdk.Validation.MessageValidator.Default;

    public Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        Validator.EnsureValid(message);
        if (Throw?.Invoke(message) is { } exception)
        {
            throw exception;
        }

        Sent.Add(message);
        var result = respond?.Invoke(message) ?? EmailSendResult.Accepted($"<{Sent.Count}@test>", 250, "OK");
        return Task.FromResult(result with { Transport = result.Transport ?? "smtp" });
    }
}

/// <summary>An SMS sender that records messages and answers with a scripted result or exception.</summary>
internal sealed class ScriptedSmsSender(Func<SmsMessage, SmsSendResult>? respond = null) : ISmsSender
{
    public List<SmsMessage> Sent { get; } = [];

    public Func<SmsMessage, Exception?>? Throw { get; set; }

    public Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        Messaging.Sdk.Validation.MessageValidator.Default.EnsureValid(message);
        if (Throw?.Invoke(message) is { } exception)
        {
            throw exception;
        }

        Sent.Add(message);
        var result = respond?.Invoke(message) ?? SmsSendResult.Accepted(["msg-" + Sent.Count]);
        return Task.FromResult(result with { Transport = result.Transport ?? "smpp" });
    }

    public static SmsSendResult Smpp(int status, string name, bool transient = false)
        => SmsSendResult.Rejected(status, name, transient) with { Transport = "smpp", SenderName = "Default" };
}
