using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Messaging.Sdk;

/// <summary>An e-mail mailbox: an address (<c>local@domain</c>) with an optional display name.</summary>
/// <remarks>
/// Parsing accepts <c>addr@example.com</c>, <c>Name &lt;addr@example.com&gt;</c> and
/// <c>"Last, First" &lt;addr@example.com&gt;</c>. Internationalised domain names are kept as written and
/// validated through IDNA. Control characters (including CR and LF) are rejected everywhere, so an address
/// can never inject a header.
/// </remarks>
public sealed record EmailAddress
{
    private const int MaxAddressLength = 254;
    private const int MaxLocalPartLength = 64;
    private const int MaxDomainLength = 253;
    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    /// <summary>Creates a mailbox from an address and an optional display name.</summary>
    /// <param name="address">The address, <c>local@domain</c>.</param>
    /// <param name="displayName">The display name, or <see langword="null"/>.</param>
    /// <exception cref="FormatException"><paramref name="address"/> or <paramref name="displayName"/> is malformed.</exception>
    public EmailAddress(string address, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!IsValidAddress(address, out var error))
        {
            throw new FormatException($"'{Printable(address)}' is not a valid e-mail address: {error}.");
        }

        if (displayName is not null && ContainsControl(displayName))
        {
            throw new FormatException("The display name contains a control character (CR, LF, NUL, ...), which could inject a header.");
        }

        Address = address;
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim();
    }

    /// <summary>The address, <c>local@domain</c>.</summary>
    public string Address { get; }

    /// <summary>The display name, or <see langword="null"/> when there is none.</summary>
    public string? DisplayName { get; }

    /// <summary>The part after the last <c>@</c>.</summary>
    public string Domain => Address[(Address.LastIndexOf('@') + 1)..];

    /// <summary>Parses <c>addr</c>, <c>Name &lt;addr&gt;</c> or <c>"Quoted Name" &lt;addr&gt;</c>.</summary>
    /// <param name="value">The text to parse.</param>
    /// <returns>The mailbox.</returns>
    /// <exception cref="FormatException"><paramref name="value"/> is not a mailbox.</exception>
    public static EmailAddress Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!TryParse(value, out var result, out var error))
        {
            throw new FormatException(error);
        }

        return result;
    }

    /// <summary>Tries to parse <c>addr</c>, <c>Name &lt;addr&gt;</c> or <c>"Quoted Name" &lt;addr&gt;</c>.</summary>
    /// <param name="value">The text to parse.</param>
    /// <param name="result">The mailbox, when the text is one.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a valid mailbox.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out EmailAddress? result)
        => TryParse(value, out result, out _);

    /// <summary>Parses a mailbox; a shorthand for <see cref="Parse(string)"/> so that lists can be written as strings.</summary>
    /// <param name="value">The text to parse.</param>
    /// <exception cref="FormatException"><paramref name="value"/> is not a mailbox.</exception>
    [SuppressMessage("Usage", "CA2225:Operator overloads have named alternates", Justification = "Parse is the named alternate.")]
    public static implicit operator EmailAddress(string value) => Parse(value);

    /// <summary>Formats the mailbox as <c>"Name" &lt;addr&gt;</c>, or the bare address when there is no display name.</summary>
    /// <returns>The formatted mailbox.</returns>
    public override string ToString()
        => DisplayName is null ? Address : $"\"{DisplayName.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\" <{Address}>";

    /// <summary>Equality is on the address (case-insensitive domain, case-sensitive local part) and the display name.</summary>
    /// <param name="other">The other mailbox.</param>
    /// <returns><see langword="true"/> when both are the same mailbox.</returns>
    public bool Equals(EmailAddress? other)
        => other is not null
           && string.Equals(LocalPart(Address), LocalPart(other.Address), StringComparison.Ordinal)
           && string.Equals(Domain, other.Domain, StringComparison.OrdinalIgnoreCase)
           && string.Equals(DisplayName, other.DisplayName, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode()
        => HashCode.Combine(
            StringComparer.Ordinal.GetHashCode(LocalPart(Address)),
            StringComparer.OrdinalIgnoreCase.GetHashCode(Domain),
            DisplayName is null ? 0 : StringComparer.Ordinal.GetHashCode(DisplayName));

    internal static bool TryParse(string? value, [NotNullWhen(true)] out EmailAddress? result, out string error)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "An e-mail address is required.";
            return false;
        }

        if (ContainsControl(value))
        {
            error = $"'{Printable(value)}' contains a control character (CR, LF, NUL, ...), which could inject a header.";
            return false;
        }

        var text = value.Trim();
        string? name = null;
        string address = text;
        if (text.EndsWith('>'))
        {
            var open = text.LastIndexOf('<');
            if (open < 0)
            {
                error = $"'{text}' has a '>' without a matching '<'.";
                return false;
            }

            address = text[(open + 1)..^1].Trim();
            name = text[..open].Trim();
            if (name.Length >= 2 && name[0] == '"' && name[^1] == '"')
            {
                name = name[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
            }
        }

        if (!IsValidAddress(address, out var reason))
        {
            error = $"'{text}' is not a valid e-mail address: {reason}.";
            return false;
        }

        result = new EmailAddress(address, name);
        error = string.Empty;
        return true;
    }

    internal static bool IsValidAddress(string address, out string error)
    {
        if (address.Length == 0)
        {
            error = "it is empty";
            return false;
        }

        if (address.Length > MaxAddressLength)
        {
            error = $"it is longer than {MaxAddressLength} characters";
            return false;
        }

        if (ContainsControl(address))
        {
            error = "it contains a control character";
            return false;
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            error = "it needs a local part and a domain separated by '@'";
            return false;
        }

        var local = address[..at];
        var domain = address[(at + 1)..];
        if (!IsValidLocalPart(local, out error) || !IsValidDomain(domain, out error))
        {
            return false;
        }

        error = string.Empty;
        return true;
    }

    private static bool IsValidLocalPart(string local, out string error)
    {
        if (local.Length > MaxLocalPartLength)
        {
            error = $"the local part is longer than {MaxLocalPartLength} characters";
            return false;
        }

        if (local.Length >= 2 && local[0] == '"' && local[^1] == '"')
        {
            // RFC 5321 quoted-string: printable characters, with backslash escapes.
            for (var i = 1; i < local.Length - 1; i++)
            {
                var c = local[i];
                if (c == '\\')
                {
                    i++;
                    continue;
                }

                if (c == '"')
                {
                    error = "the quoted local part has an unescaped quote";
                    return false;
                }
            }

            error = string.Empty;
            return true;
        }

        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            error = "the local part starts or ends with a dot, or has two dots in a row";
            return false;
        }

        foreach (var c in local)
        {
            // RFC 5322 atext plus '.', and any non-ASCII letter (RFC 6531, SMTPUTF8).
            var ok = char.IsAsciiLetterOrDigit(c) || c == '.' || "!#$%&'*+-/=?^_`{|}~".Contains(c, StringComparison.Ordinal) || (c > 127 && !char.IsWhiteSpace(c));
            if (!ok)
            {
                error = $"the local part contains '{c}'";
                return false;
            }
        }

        error = string.Empty;
        return true;
    }

    private static bool IsValidDomain(string domain, out string error)
    {
        if (domain[0] == '[' && domain[^1] == ']')
        {
            var literal = domain[1..^1];
            if (literal.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
            {
                literal = literal[5..];
            }

            if (System.Net.IPAddress.TryParse(literal, out _))
            {
                error = string.Empty;
                return true;
            }

            error = "the address literal is not an IP address";
            return false;
        }

        string ascii;
        try
        {
            ascii = Idn.GetAscii(domain);
        }
        catch (ArgumentException)
        {
            error = $"the domain '{domain}' is not a valid host name";
            return false;
        }

        if (ascii.Length > MaxDomainLength)
        {
            error = $"the domain is longer than {MaxDomainLength} characters";
            return false;
        }

        var labels = ascii.Split('.');
        if (labels.Length < 2 && !string.Equals(ascii, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            error = $"the domain '{domain}' has no dot";
            return false;
        }

        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                error = $"the domain '{domain}' has an empty, over-long or hyphen-edged label";
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    error = $"the domain '{domain}' contains '{c}'";
                    return false;
                }
            }
        }

        error = string.Empty;
        return true;
    }

    private static string LocalPart(string address) => address[..address.LastIndexOf('@')];

    internal static bool ContainsControl(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c) || c == '\u2028' || c == '\u2029')
            {
                return true;
            }
        }

        return false;
    }

    internal static string Printable(string value)
    {
        var sb = new System.Text.StringBuilder(value.Length);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\r': sb.Append("\\r"); break;
                case '\n': sb.Append("\\n"); break;
                case var _ when char.IsControl(c): sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString();
    }
}
