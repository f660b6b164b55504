namespace Messaging.Sdk.Sms.Encoding;

/// <summary>
/// The GSM 7-bit alphabet of 3GPP TS 23.038: characters to septets and back (default alphabet, extension table via
/// escape 0x1B, optional national shift tables), and septet packing (6.1.2.1.1) with fill bits.
/// </summary>
public static class Gsm7
{
    /// <summary>The escape septet (0x1B) that selects the extension / single shift table for the next septet.</summary>
    public const byte Escape = GsmCharset.Escape;

    /// <summary>The septets <paramref name="text"/> takes (extension characters count 2), or -1 when a character is not in the tables.</summary>
    /// <param name="text">The text.</param>
    /// <param name="lockingShift">The locking shift table; <see cref="NationalLanguage.None"/> for the default alphabet.</param>
    /// <param name="singleShift">The single shift table; <see cref="NationalLanguage.None"/> for the default extension table.</param>
    /// <returns>The septet count, or -1.</returns>
    public static int GetSeptetCount(ReadOnlySpan<char> text, NationalLanguage lockingShift = NationalLanguage.None, NationalLanguage singleShift = NationalLanguage.None)
    {
        var locking = GsmCharset.GetLocking(Check(lockingShift, nameof(lockingShift)));
        var single = GsmCharset.GetSingle(Check(singleShift, nameof(singleShift)));
        var n = 0;
        foreach (var c in text)
        {
            var k = SmsSegments.GsmCost(c, locking, single, transliterate: false);
            if (k == 0)
            {
                return -1;
            }

            n += k;
        }

        return n;
    }

    /// <summary>Encodes <paramref name="text"/> as unpacked septets, one per octet (the SMPP data_coding 0 form).</summary>
    /// <param name="text">The text.</param>
    /// <param name="destination">Receives the septets; <see cref="GetSeptetCount"/> says how many.</param>
    /// <param name="lockingShift">The locking shift table.</param>
    /// <param name="singleShift">The single shift table.</param>
    /// <returns>The septets written.</returns>
    /// <exception cref="ArgumentException">A character is not in the tables (the message gives its index), or <paramref name="destination"/> is too small.</exception>
    public static int Encode(ReadOnlySpan<char> text, Span<byte> destination, NationalLanguage lockingShift = NationalLanguage.None, NationalLanguage singleShift = NationalLanguage.None)
    {
        var locking = GsmCharset.GetLocking(Check(lockingShift, nameof(lockingShift)));
        var single = GsmCharset.GetSingle(Check(singleShift, nameof(singleShift)));
        var n = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var code = locking.Encode(c);
            var escape = false;
            if (code < 0)
            {
                code = single.Encode(c);
                escape = true;
                if (code < 0)
                {
                    throw new ArgumentException($"The character U+{(int)c:X4} at index {i} is not in the GSM 7-bit alphabet.", nameof(text));
                }
            }

            if (n + (escape ? 2 : 1) > destination.Length)
            {
                throw new ArgumentException("The destination is too small.", nameof(destination));
            }

            if (escape)
            {
                destination[n++] = Escape;
            }

            destination[n++] = (byte)code;
        }

        return n;
    }

    /// <summary>Decodes unpacked septets (one per octet; the high bit is ignored) to text.</summary>
    /// <param name="septets">The septets.</param>
    /// <param name="lockingShift">The locking shift table.</param>
    /// <param name="singleShift">The single shift table.</param>
    /// <returns>The text. An escape before a code the single shift table lacks yields the locking table's character, and escape-escape a space, as 23.038 6.2.1.1 tells receivers to do.</returns>
    public static string Decode(ReadOnlySpan<byte> septets, NationalLanguage lockingShift = NationalLanguage.None, NationalLanguage singleShift = NationalLanguage.None)
    {
        // Unknown national identifiers (tables this library lacks) decode with the default tables rather than fail.
        var locking = GsmCharset.GetLocking(GsmCharset.IsKnown(lockingShift) ? lockingShift : NationalLanguage.None);
        var single = GsmCharset.GetSingle(GsmCharset.IsKnown(singleShift) ? singleShift : NationalLanguage.None);
        var buffer = septets.Length <= 512 ? stackalloc char[septets.Length] : new char[septets.Length];
        var n = 0;
        for (var i = 0; i < septets.Length; i++)
        {
            var code = septets[i] & 0x7F;
            if (code == Escape)
            {
                if (i + 1 >= septets.Length)
                {
                    break; // a dangling escape carries no character
                }

                var next = septets[++i] & 0x7F;
                var c = single.Decode(next);
                buffer[n++] = c != GsmCharset.None ? c : next == Escape ? ' ' : locking.Decode(next);
            }
            else
            {
                buffer[n++] = locking.Decode(code);
            }
        }

        return new string(buffer[..n]);
    }

    /// <summary>The octets that <paramref name="septetCount"/> septets take when packed after <paramref name="fillBits"/> fill bits.</summary>
    /// <param name="septetCount">The septets.</param>
    /// <param name="fillBits">Fill bits before the first septet, 0-6.</param>
    /// <returns>The octet count.</returns>
    public static int GetPackedLength(int septetCount, int fillBits = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(septetCount);
        ArgumentOutOfRangeException.ThrowIfNegative(fillBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fillBits, 6);
        return ((septetCount * 7) + fillBits + 7) / 8;
    }

    /// <summary>Packs septets, least significant bit first (23.038 6.1.2.1.1), after <paramref name="fillBits"/> zero bits.</summary>
    /// <param name="septets">The septets (the high bit of each octet is ignored).</param>
    /// <param name="destination">Receives <see cref="GetPackedLength"/> octets.</param>
    /// <param name="fillBits">Zero bits before the first septet, 0-6 (after a UDH, to reach a septet boundary).</param>
    /// <returns>The octets written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    public static int Pack(ReadOnlySpan<byte> septets, Span<byte> destination, int fillBits = 0)
    {
        var length = GetPackedLength(septets.Length, fillBits);
        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination needs {length} octets.", nameof(destination));
        }

        destination[..length].Clear();
        var bit = fillBits;
        foreach (var s in septets)
        {
            var value = s & 0x7F;
            var index = bit >> 3;
            var shift = bit & 7;
            destination[index] |= (byte)(value << shift);
            if (shift > 1)
            {
                destination[index + 1] |= (byte)(value >> (8 - shift));
            }

            bit += 7;
        }

        return length;
    }

    /// <summary>Unpacks <paramref name="septetCount"/> septets that start after <paramref name="fillBits"/> bits of <paramref name="packed"/>.</summary>
    /// <param name="packed">The packed octets.</param>
    /// <param name="septetCount">How many septets to read.</param>
    /// <param name="destination">Receives the septets, one per octet.</param>
    /// <param name="fillBits">Bits to skip before the first septet, 0-6.</param>
    /// <returns>The septets written (<paramref name="septetCount"/>).</returns>
    /// <exception cref="SmsFormatException"><paramref name="packed"/> is too short for <paramref name="septetCount"/> septets.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    public static int Unpack(ReadOnlySpan<byte> packed, int septetCount, Span<byte> destination, int fillBits = 0)
    {
        var length = GetPackedLength(septetCount, fillBits);
        if (packed.Length < length)
        {
            throw new SmsFormatException($"{septetCount} packed septets need {length} octets but only {packed.Length} are present.", packed.Length);
        }

        if (destination.Length < septetCount)
        {
            throw new ArgumentException($"The destination needs {septetCount} octets.", nameof(destination));
        }

        var bit = fillBits;
        for (var i = 0; i < septetCount; i++)
        {
            var index = bit >> 3;
            var shift = bit & 7;
            var value = packed[index] >> shift;
            if (shift > 1)
            {
                value |= packed[index + 1] << (8 - shift);
            }

            destination[i] = (byte)(value & 0x7F);
            bit += 7;
        }

        return septetCount;
    }

    private static NationalLanguage Check(NationalLanguage language, string name)
        => GsmCharset.IsKnown(language) ? language : throw new ArgumentOutOfRangeException(name, language, "No table for this national language.");
}
