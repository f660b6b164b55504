using System.Globalization;

namespace Messaging.Sdk.GsmModem;

/// <summary>What a modem in text mode (AT+CMGF=1) can send: 27.005 text mode has no way to pass a user data header or choose
/// the data coding, so only one GSM 7-bit segment, typed as IRA (ASCII) characters the modem converts itself.</summary>
internal static class TextModeLimits
{
    /// <summary>At most one segment: 160 septets.</summary>
    public const int MaxSeptets = 160;

    /// <summary>Why <paramref name="message"/> cannot be sent in text mode, or <see langword="null"/> when it can.</summary>
    public static string? Problem(SmsMessage message)
    {
        if (message.Encoding is SmsEncodingHint.Ucs2 or SmsEncodingHint.Latin1)
        {
            return $"it asks for Encoding = {message.Encoding}, and text mode cannot choose the data coding";
        }

        var septets = 0;
        var text = message.Text;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            // Ctrl-Z ends the input and ESC cancels it: a control character would cut the message short, not be sent.
            if (c != '\n' && (c < 0x20 || c > 0x7E))
            {
                return string.Create(CultureInfo.InvariantCulture, $"the character U+{(int)c:X4} at index {i} is not printable ASCII");
            }

            if (c == '`')
            {
                return string.Create(CultureInfo.InvariantCulture, $"the character '`' at index {i} has no GSM 7-bit equivalent");
            }

            septets += c is '[' or '\\' or ']' or '^' or '{' or '|' or '}' or '~' ? 2 : 1;
        }

        return septets > MaxSeptets
            ? string.Create(CultureInfo.InvariantCulture, $"the text needs {septets} GSM 7-bit septets (more than one segment; [\\]^{{|}}~ count two), and text mode cannot send the concatenation header a multipart message needs")
            : null;
    }
}
