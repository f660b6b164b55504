using System.Diagnostics.CodeAnalysis;

namespace Messaging.Sdk;

/// <summary>An SMS address: an E.164 international number, a national number, a short code or an alphanumeric sender id.</summary>
/// <remarks>
/// Parsing ignores the usual separators (spaces, <c>-</c>, <c>.</c>, <c>(</c>, <c>)</c>) in numbers.
/// <list type="bullet">
/// <item><c>+</c> followed by 1-15 digits, the first not 0: <see cref="PhoneNumberKind.International"/>.</item>
/// <item>3-6 digits: <see cref="PhoneNumberKind.ShortCode"/>; 7-15 digits: <see cref="PhoneNumberKind.National"/>.</item>
/// <item>1-11 characters from <c>A-Z a-z 0-9</c>, space and <c>. - _ &amp; +</c> with at least one letter: <see cref="PhoneNumberKind.Alphanumeric"/>
/// (the 11-character limit comes from the 23.040 address field: 10 octets of packed 7-bit text).</item>
/// </list>
/// </remarks>
public sealed record PhoneNumber
{
    /// <summary>The longest alphanumeric sender id, in characters.</summary>
    public const int MaxAlphanumericLength = 11;

    /// <summary>The longest E.164 number, in digits.</summary>
    public const int MaxDigits = 15;

    private PhoneNumber(PhoneNumberKind kind, string value)
    {
        Kind = kind;
        Value = value;
    }

    /// <summary>The kind of address.</summary>
    public PhoneNumberKind Kind { get; }

    /// <summary>The normalised address: digits only for numbers (no <c>+</c>, as SMPP and 23.040 carry them), the text for alphanumeric senders.</summary>
    public string Value { get; }

    /// <summary>True for the numeric kinds.</summary>
    public bool IsNumeric => Kind != PhoneNumberKind.Alphanumeric;

    /// <summary>Parses an SMS address.</summary>
    /// <param name="value">The text, for example <c>+46 70 825 13 58</c>, <c>0708251358</c>, <c>72555</c> or <c>MyShop</c>.</param>
    /// <returns>The address.</returns>
    /// <exception cref="FormatException"><paramref name="value"/> is none of the accepted forms; the message says why.</exception>
    public static PhoneNumber Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParse(value, out var result, out var error) ? result : throw new FormatException(error);
    }

    /// <summary>Tries to parse an SMS address.</summary>
    /// <param name="value">The text.</param>
    /// <param name="result">The address, on success.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a valid address.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out PhoneNumber? result)
        => TryParse(value, out result, out _);

    /// <summary>Creates an international number from its digits (country code first, no <c>+</c>).</summary>
    /// <param name="digits">1 to 15 digits.</param>
    /// <returns>The number.</returns>
    /// <exception cref="FormatException"><paramref name="digits"/> is not 1-15 digits.</exception>
    public static PhoneNumber International(string digits) => Parse("+" + digits);

    /// <summary>Parses an SMS address; a shorthand for <see cref="Parse(string)"/>.</summary>
    /// <param name="value">The text.</param>
    /// <exception cref="FormatException"><paramref name="value"/> is not a valid address.</exception>
    [SuppressMessage("Usage", "CA2225:Operator overloads have named alternates", Justification = "Parse is the named alternate.")]
    public static implicit operator PhoneNumber(string value) => Parse(value);

    /// <summary>The address as written by convention: <c>+</c> and digits for international numbers, the value otherwise.</summary>
    /// <returns>The address.</returns>
    public override string ToString() => Kind == PhoneNumberKind.International ? "+" + Value : Value;

    /// <summary>An address as the network gave it (a received message's originator), kept even when it is none of the forms
    /// <see cref="Parse"/> accepts: an alphanumeric sender id with other characters ("Info!", "O2 UK"), more than 11 characters,
    /// a number of 1-2 or 16-20 digits, or digits with <c>*</c> / <c>#</c>. Control characters are removed.</summary>
    /// <remarks>For what comes in only: such an address may not be valid to send to, which is why <see cref="Parse"/> refuses it.</remarks>
    internal static PhoneNumber FromNetwork(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (TryParse(value, out var parsed, out _))
        {
            return parsed;
        }

        var text = new string([.. value.Where(c => !char.IsControl(c))]).Trim();
        var international = text.StartsWith('+');
        var digits = international ? text[1..] : text;
        if (digits.Length > 0 && digits.All(char.IsAsciiDigit))
        {
            return new PhoneNumber(international ? PhoneNumberKind.International : digits.Length is >= 3 and <= 6 ? PhoneNumberKind.ShortCode : PhoneNumberKind.National, digits);
        }

        return new PhoneNumber(PhoneNumberKind.Alphanumeric, text);
    }

    internal static bool TryParse(string? value, [NotNullWhen(true)] out PhoneNumber? result, out string error)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "A phone number or sender id is required.";
            return false;
        }

        if (EmailAddress.ContainsControl(value))
        {
            error = $"'{EmailAddress.Printable(value)}' contains a control character.";
            return false;
        }

        var text = value.Trim();
        var hasLetter = text.Any(char.IsAsciiLetter);
        if (hasLetter)
        {
            if (text.Length > MaxAlphanumericLength)
            {
                error = $"The alphanumeric sender id '{text}' has {text.Length} characters; at most {MaxAlphanumericLength} are allowed.";
                return false;
            }

            foreach (var c in text)
            {
                if (!char.IsAsciiLetterOrDigit(c) && " .-_&+".IndexOf(c, StringComparison.Ordinal) < 0)
                {
                    error = $"The alphanumeric sender id '{text}' contains '{c}'; use A-Z, a-z, 0-9, space and . - _ & +.";
                    return false;
                }
            }

            result = new PhoneNumber(PhoneNumberKind.Alphanumeric, text);
            error = string.Empty;
            return true;
        }

        var international = text[0] == '+';
        Span<char> digits = stackalloc char[text.Length];
        var n = 0;
        for (var i = international ? 1 : 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                digits[n++] = c;
            }
            else if (" -.()".IndexOf(c, StringComparison.Ordinal) < 0)
            {
                error = $"'{text}' is not a phone number: it contains '{c}'.";
                return false;
            }
        }

        var number = new string(digits[..n]);
        if (international)
        {
            if (n is 0 or > MaxDigits || number[0] == '0')
            {
                error = $"'{text}' is not an E.164 number: after '+' it needs 1 to {MaxDigits} digits, the first not 0.";
                return false;
            }

            result = new PhoneNumber(PhoneNumberKind.International, number);
        }
        else if (n is >= 3 and <= 6)
        {
            result = new PhoneNumber(PhoneNumberKind.ShortCode, number);
        }
        else if (n is >= 7 and <= MaxDigits)
        {
            result = new PhoneNumber(PhoneNumberKind.National, number);
        }
        else
        {
            error = $"'{text}' is not a phone number: a national number has 7 to {MaxDigits} digits and a short code 3 to 6.";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
