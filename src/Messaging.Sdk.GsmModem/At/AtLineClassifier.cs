using System.Globalization;

namespace Messaging.Sdk.GsmModem;

/// <summary>Recognises final result codes and unsolicited result codes (27.007 5.x, 27.005 3.4 and the common vendor ones).</summary>
internal static class AtLineClassifier
{
    // Codes that carry a second line (the PDU in PDU mode, the text in text mode) (27.005 3.4.1).
    private static readonly string[] TwoLinePrefixes = ["+CMT:", "+CDS:", "+CBM:"];

    private static readonly string[] UnsolicitedPrefixes =
    [
        "+CMTI:", "+CDSI:", "+CBMI:", "+CREG:", "+CEREG:", "+CGREG:", "+C5GREG:", "+CUSD:", "+CLIP:", "+CRING:",
        "+CCWA:", "+CIEV:", "+CMGS:", "+CPIN:", "+CSQN:", "^RSSI:", "^BOOT:", "^MODE:", "^SRVST:", "^SIMST:", "^HCSQ:",
        "+QIND:", "+PACSP", "+STIN:", "+CGEV:", "+CTZV:", "+CTZE:", "+NITZ:", "RING", "RDY", "SMS DONE", "Call Ready",
        "+CFUN:",
    ];

    public static bool IsTwoLine(string line)
    {
        foreach (var prefix in TwoLinePrefixes)
        {
            if (line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsUnsolicited(string line)
    {
        foreach (var prefix in UnsolicitedPrefixes)
        {
            if (line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public static bool TryParseFinal(string line, out AtFinal final, out int? code)
    {
        code = null;
        switch (line)
        {
            case "OK":
                final = AtFinal.Ok;
                return true;
            case "ERROR":
                final = AtFinal.Error;
                return true;
            case "NO CARRIER":
                final = AtFinal.NoCarrier;
                return true;
            case "BUSY":
                final = AtFinal.Busy;
                return true;
            case "NO ANSWER":
                final = AtFinal.NoAnswer;
                return true;
            case "NO DIALTONE":
                final = AtFinal.NoDialtone;
                return true;
        }

        if (line.StartsWith("+CMS ERROR:", StringComparison.OrdinalIgnoreCase))
        {
            final = AtFinal.CmsError;
            code = ParseCode(line.AsSpan(11));
            return true;
        }

        if (line.StartsWith("+CME ERROR:", StringComparison.OrdinalIgnoreCase))
        {
            final = AtFinal.CmeError;
            code = ParseCode(line.AsSpan(11));
            return true;
        }

        final = default;
        return false;
    }

    /// <summary>The prefix a command's own information lines start with: <c>AT+CREG?</c> -> <c>+CREG:</c>; <see langword="null"/> for basic commands.</summary>
    public static string? ResponsePrefix(string command)
    {
        if (command.Length < 4 || !command.StartsWith("AT", StringComparison.OrdinalIgnoreCase) || command[2] is not ('+' or '^' or '$' or '%' or '*' or '#'))
        {
            return null;
        }

        var end = command.AsSpan(2).IndexOfAny("=?");
        var name = end < 0 ? command[2..] : command.Substring(2, end);
        return name.ToUpperInvariant() + ":";
    }

    private static int? ParseCode(ReadOnlySpan<char> text)
        => int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : null;
}
