using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Messaging.Sdk.Vendors.Enswitch;

/// <summary>A file of <c>messages/text/send</c>: <c>filenameX</c> and the base64 content of <c>fileX</c>.</summary>
public sealed record EnswitchFile
{
    /// <summary><c>filenameX</c>: the file name, or <see langword="null"/> when not given.</summary>
    public string? FileName { get; init; }

    /// <summary><c>fileX</c>: the content (base64 on the wire).</summary>
    public ReadOnlyMemory<byte> Content { get; init; }

    /// <summary>Equality compares the content bytes.</summary>
    /// <param name="other">The other file.</param>
    /// <returns><see langword="true"/> when name and content are equal.</returns>
    public bool Equals(EnswitchFile? other) => other is not null && FileName == other.FileName && Content.Span.SequenceEqual(other.Content.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(FileName, Content.Length);
}

/// <summary>The parameters of Enswitch's <c>messages/text/send</c> (send an SMS).</summary>
public sealed record TextSendRequest
{
    /// <summary>The documented parameter names, spelt as on the wire; <c>filenameX</c>/<c>fileX</c> stand for <c>filename1</c>, <c>file1</c>, ...</summary>
    public static IReadOnlyList<string> ParameterNames { get; } =
        ["auth_username", "auth_password", "cnumber", "message", "stype", "snumber", "customer", "filenameX", "fileX"];

    /// <summary><c>auth_username</c>. Carried for the host to check; the SDK's senders do not use it.</summary>
    public string? AuthUsername { get; init; }

    /// <summary><c>auth_password</c>. Never written by <see cref="ToString"/>.</summary>
    public string? AuthPassword { get; init; }

    /// <summary><c>cnumber</c>: the destination number. Required.</summary>
    public string? CNumber { get; init; }

    /// <summary><c>message</c>: the text. Required.</summary>
    public string? Message { get; init; }

    /// <summary><c>stype</c>: <c>phone</c> to send from a telephone line, empty to send from a number. Either way <see cref="SNumber"/> becomes the sender.</summary>
    public string? SType { get; init; }

    /// <summary><c>snumber</c>: the sending number. Required.</summary>
    public string? SNumber { get; init; }

    /// <summary><c>customer</c>: the id of the customer to send as, or <see langword="null"/>.</summary>
    public long? Customer { get; init; }

    /// <summary><c>filename1</c>/<c>file1</c>, <c>filename2</c>/<c>file2</c>, ...: attachments, in index order.</summary>
    public IReadOnlyList<EnswitchFile> Files { get; init; } = [];

    /// <summary>Parses a query string or URL whose parameters are separated by <c>;</c> and/or <c>&amp;</c>.</summary>
    /// <param name="query">The text.</param>
    /// <returns>The request.</returns>
    /// <exception cref="EnswitchRequestException">A parameter is malformed; <see cref="EnswitchRequestException.Response"/> is the 400 with its key.</exception>
    public static TextSendRequest Parse(string query)
        => TryParse(query, out var request, out var error) ? request : throw new EnswitchRequestException(error);

    /// <summary>Parses without throwing. A space in <c>fileX</c> is read as <c>+</c>, since form decoding turns an unescaped base64 <c>+</c> into a space.</summary>
    /// <param name="query">The text.</param>
    /// <param name="request">The request, on success.</param>
    /// <param name="error">The 400 response naming the malformed parameter, on failure.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParse(string? query, [NotNullWhen(true)] out TextSendRequest? request, [NotNullWhen(false)] out Response? error)
    {
        request = null;
        var parameters = VendorParameters.Parse(query, allowSemicolon: true);
        if (!EnswitchParsing.TryParseCustomer(parameters, out var customer, out error))
        {
            return false;
        }

        var names = new SortedDictionary<int, string>();
        var contents = new SortedDictionary<int, byte[]>();
        foreach (var (name, value) in parameters.Items)
        {
            if (TryIndex(name, "filename", out var index))
            {
                names.TryAdd(index, value);
            }
            else if (TryIndex(name, "file", out index))
            {
                var base64 = value.Replace(' ', '+');
                var buffer = new byte[base64.Length];
                if (!Convert.TryFromBase64String(base64, buffer, out var written))
                {
                    error = Response.BadRequest(name, $"{name} is not valid base64.");
                    return false;
                }

                contents.TryAdd(index, buffer[..written]);
            }
        }

        foreach (var index in names.Keys.Where(i => !contents.ContainsKey(i)))
        {
            var key = "file" + index.ToString(CultureInfo.InvariantCulture);
            error = Response.BadRequest(key, $"filename{index.ToString(CultureInfo.InvariantCulture)} is given without {key}.");
            return false;
        }

        request = new TextSendRequest
        {
            AuthUsername = parameters.Get("auth_username"),
            AuthPassword = parameters.Get("auth_password"),
            CNumber = parameters.Get("cnumber"),
            Message = parameters.Get("message"),
            SType = parameters.Get("stype"),
            SNumber = parameters.Get("snumber"),
            Customer = customer,
            Files = [.. contents.Select(c => new EnswitchFile { FileName = names.GetValueOrDefault(c.Key), Content = c.Value })],
        };
        return true;
    }

    /// <summary>Writes the request as a query string in documented order, files numbered from 1.</summary>
    /// <param name="separator"><c>;</c> or <c>&amp;</c>.</param>
    /// <returns>The query string, without a leading <c>?</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="separator"/> is neither.</exception>
    public string ToQueryString(char separator = ';')
    {
        var pairs = new List<KeyValuePair<string, string?>>
        {
            new("auth_username", AuthUsername),
            new("auth_password", AuthPassword),
            new("cnumber", CNumber),
            new("message", Message),
            new("stype", SType),
            new("snumber", SNumber),
            new("customer", Customer?.ToString(CultureInfo.InvariantCulture)),
        };
        for (var i = 0; i < Files.Count; i++)
        {
            var n = (i + 1).ToString(CultureInfo.InvariantCulture);
            pairs.Add(new("filename" + n, Files[i].FileName));
            pairs.Add(new("file" + n, Convert.ToBase64String(Files[i].Content.Span)));
        }

        return VendorParameters.Write(pairs, EnswitchParsing.CheckSeparator(separator));
    }

    /// <summary>Checks the required parameters as Enswitch would.</summary>
    /// <returns><see langword="null"/> when valid, otherwise the 400 with <c>key</c>.</returns>
    public Response? Validate()
    {
        if (string.IsNullOrWhiteSpace(CNumber))
        {
            return Response.BadRequest("cnumber", "The destination number (cnumber) is required.");
        }

        if (string.IsNullOrEmpty(Message))
        {
            return Response.BadRequest("message", "The message is required.");
        }

        if (string.IsNullOrWhiteSpace(SNumber))
        {
            return Response.BadRequest("snumber", "The sending number (snumber) is required.");
        }

        if (!string.IsNullOrEmpty(SType) && !string.Equals(SType, "phone", StringComparison.OrdinalIgnoreCase))
        {
            return Response.BadRequest("stype", $"'{SType}' is not a source type: use \"phone\" or an empty string.");
        }

        return null;
    }

    /// <summary>Maps the request to the canonical message: cnumber to To, snumber to From, message to Text.</summary>
    /// <returns>The message.</returns>
    /// <exception cref="EnswitchRequestException">The request is invalid, or has files (SMS transports cannot carry them: 400 with key <c>file1</c>).</exception>
    public SmsMessage ToSmsMessage()
        => TryToSmsMessage(out var message, out var error) ? message : throw new EnswitchRequestException(error);

    /// <summary>Maps the request to the canonical message without throwing.</summary>
    /// <param name="message">The message, on success.</param>
    /// <param name="error">The 400 with <c>key</c>, on failure.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public bool TryToSmsMessage([NotNullWhen(true)] out SmsMessage? message, [NotNullWhen(false)] out Response? error)
    {
        message = null;
        error = Validate();
        if (error is not null)
        {
            return false;
        }

        if (Files.Count > 0)
        {
            error = Response.BadRequest("file1", "Attachments need MMS, which the SDK's SMS transports (SMPP, GSM modem) do not send.");
            return false;
        }

        if (!PhoneNumber.TryParse(CNumber, out var to, out var toError))
        {
            error = Response.BadRequest("cnumber", toError);
            return false;
        }

        if (!PhoneNumber.TryParse(SNumber, out var from, out var fromError))
        {
            error = Response.BadRequest("snumber", fromError);
            return false;
        }

        message = new SmsMessage { From = from, To = to, Text = Message! };
        return true;
    }

    /// <summary>A description without the password or text, safe to log.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
        => $"TextSendRequest {{ AuthUsername = {AuthUsername}, CNumber = {CNumber}, SNumber = {SNumber}, SType = {SType}, Length = {Message?.Length ?? 0}, Files = {Files.Count} }}";

    /// <summary>Equality compares the files by value.</summary>
    /// <param name="other">The other request.</param>
    /// <returns><see langword="true"/> when every parameter is equal.</returns>
    public bool Equals(TextSendRequest? other)
        => other is not null && AuthUsername == other.AuthUsername && AuthPassword == other.AuthPassword && CNumber == other.CNumber
           && Message == other.Message && SType == other.SType && SNumber == other.SNumber && Customer == other.Customer && Files.SequenceEqual(other.Files);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(AuthUsername, CNumber, Message, SType, SNumber, Customer, Files.Count);

    private static bool TryIndex(string name, string prefix, out int index)
    {
        index = 0;
        return name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
               && name[prefix.Length..].All(char.IsAsciiDigit)
               && int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out index) && index >= 1;
    }
}
