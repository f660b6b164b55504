using System.Globalization;

namespace Messaging.Sdk.GsmModem;

/// <summary>The final result code that ends a command's response.</summary>
internal enum AtFinal
{
    Ok,
    Error,
    CmeError,
    CmsError,
    NoCarrier,
    Busy,
    NoAnswer,
    NoDialtone,
}

/// <summary>A command's complete response: its intermediate lines (echo and unsolicited lines removed) and its final result.</summary>
internal sealed record AtResponse(string Command, AtFinal Final, int? ErrorCode, string FinalLine, IReadOnlyList<string> Lines)
{
    public bool IsOk => Final == AtFinal.Ok;

    /// <summary>The text after <paramref name="prefix"/> (e.g. <c>+CSQ:</c>) on the first line that starts with it, trimmed.</summary>
    public string? ValueOf(string prefix)
    {
        foreach (var line in Lines)
        {
            if (line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return line[prefix.Length..].Trim();
            }
        }

        return null;
    }

    public string ErrorName => Final switch
    {
        AtFinal.CmsError when ErrorCode is { } c => ModemErrors.CmsErrorName(c),
        AtFinal.CmeError when ErrorCode is { } c => ModemErrors.CmeErrorName(c),
        _ => FinalLine,
    };

    public bool IsTransientError => Final switch
    {
        AtFinal.CmsError => ErrorCode is { } c && ModemErrors.IsTransientCms(c),
        AtFinal.CmeError => ErrorCode is { } c && ModemErrors.IsTransientCme(c),
        _ => false,
    };

    public AtResponse EnsureOk(string? displayCommand = null)
    {
        if (IsOk)
        {
            return this;
        }

        throw ToException(displayCommand);
    }

    public GsmModemException ToException(string? displayCommand = null)
    {
        var shown = displayCommand ?? Command;
        var code = ErrorCode is { } n ? " " + n.ToString(CultureInfo.InvariantCulture) : string.Empty;
        return new GsmModemException($"The modem answered {shown} with {FinalLine.Split(':')[0]}{code} ({ErrorName}).")
        {
            Command = shown,
            NativeCode = ErrorCode,
            IsTransient = IsTransientError,
            RequestWritten = true,
            Kind = Final switch
            {
                AtFinal.CmsError => GsmModemErrorKind.CmsError,
                AtFinal.CmeError => GsmModemErrorKind.CmeError,
                _ => GsmModemErrorKind.Error,
            },
        };
    }
}

/// <summary>A line the modem sent on its own (+CMTI, +CDS with its PDU, RING, ...), or an unrecognised line outside any command.</summary>
/// <param name="Line">The line, for example <c>+CMTI: "SM",3</c>.</param>
/// <param name="Data">The second line of a two-line code (+CDS, +CMT, +CBM), for example the PDU in hex.</param>
internal sealed record AtUnsolicited(string Line, string? Data = null)
{
    /// <summary>The code name with its leading character, for example <c>+CMTI</c>; the whole line when it has no colon.</summary>
    public string Name => Line.IndexOf(':', StringComparison.Ordinal) is var i and > 0 ? Line[..i].Trim() : Line.Trim();

    /// <summary>The text after the colon, trimmed.</summary>
    public string Value => Line.IndexOf(':', StringComparison.Ordinal) is var i and > 0 ? Line[(i + 1)..].Trim() : string.Empty;
}
