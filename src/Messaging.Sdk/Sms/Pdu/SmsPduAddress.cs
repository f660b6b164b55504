using System.Text;
using Messaging.Sdk.Sms.Encoding;

namespace Messaging.Sdk.Sms.Pdu;

/// <summary>A 3GPP TS 23.040 address (9.1.2.5): the digits or alphanumeric text and the type-of-address octet.</summary>
/// <param name="Value">Digits (0-9, <c>*</c>, <c>#</c>, <c>a</c>-<c>c</c>) without <c>+</c>, or the alphanumeric text.</param>
/// <param name="TypeOfAddress">The type-of-address octet: 0x91 international, 0x81 unknown, 0xA1 national, 0xD0 alphanumeric.</param>
public sealed record SmsPduAddress(string Value, byte TypeOfAddress)
{
    /// <summary>Type of address for an international E.164 number (TON 1, NPI 1).</summary>
    public const byte International = 0x91;

    /// <summary>Type of address for a number of unknown type, ISDN plan (TON 0, NPI 1).</summary>
    public const byte Unknown = 0x81;

    /// <summary>Type of address for a national number (TON 2, NPI 1).</summary>
    public const byte National = 0xA1;

    /// <summary>Type of address for alphanumeric text in GSM 7-bit (TON 5, NPI 0).</summary>
    public const byte Alphanumeric = 0xD0;

    /// <summary>The type of number, bits 6-4: 0 unknown, 1 international, 2 national, 3 network specific, 4 subscriber, 5 alphanumeric, 6 abbreviated.</summary>
    public int TypeOfNumber => (TypeOfAddress >> 4) & 0x07;

    /// <summary>The numbering plan, bits 3-0: 0 unknown, 1 ISDN/E.164, 3 data, 4 telex, 8 national, 9 private, 10 ERMES.</summary>
    public int NumberingPlan => TypeOfAddress & 0x0F;

    /// <summary>True for an alphanumeric address (TON 5).</summary>
    public bool IsAlphanumeric => TypeOfNumber == 5;

    /// <summary>Maps a <see cref="PhoneNumber"/>: international to 0x91, alphanumeric to 0xD0, others to 0x81.</summary>
    /// <param name="number">The number.</param>
    /// <returns>The address.</returns>
    public static SmsPduAddress FromPhoneNumber(PhoneNumber number)
    {
        ArgumentNullException.ThrowIfNull(number);
        return number.Kind switch
        {
            PhoneNumberKind.International => new(number.Value, International),
            PhoneNumberKind.Alphanumeric => new(number.Value, Alphanumeric),
            _ => new(number.Value, Unknown),
        };
    }

    /// <summary>The address as written by convention: <c>+</c> and digits for international numbers.</summary>
    /// <returns>The address.</returns>
    public override string ToString() => TypeOfNumber == 1 ? "+" + Value : Value;

    internal static int Write(SmsPduAddress address, Span<byte> d, bool serviceCenter)
    {
        if (address.IsAlphanumeric)
        {
            if (serviceCenter)
            {
                throw new ArgumentException("A service centre address cannot be alphanumeric.", nameof(address));
            }

            Span<byte> septets = stackalloc byte[24];
            var count = Gsm7.GetSeptetCount(address.Value);
            if (count < 0 || count > 11)
            {
                throw new ArgumentException($"The alphanumeric address '{address.Value}' must be at most 11 GSM 7-bit septets.", nameof(address));
            }

            Gsm7.Encode(address.Value, septets);
            var octets = Gsm7.Pack(septets[..count], d[2..]);
            d[0] = (byte)((count * 7 + 3) / 4); // useful semi-octets
            d[1] = address.TypeOfAddress;
            return 2 + octets;
        }

        var digits = address.Value;
        if (digits.Length == 0 || digits.Length > 20)
        {
            throw new ArgumentException($"The address must have 1-20 digits; '{digits}' has {digits.Length}.", nameof(address));
        }

        var n = 2;
        for (var i = 0; i < digits.Length; i += 2)
        {
            var low = Nibble(digits[i], address.Value);
            var high = i + 1 < digits.Length ? Nibble(digits[i + 1], address.Value) : 0x0F;
            d[n++] = (byte)(low | (high << 4));
        }

        // 9.1.2.5: the address-length of TP-DA/OA counts digits; the SMSC field (24.011) counts octets incl. the type.
        d[0] = (byte)(serviceCenter ? n - 1 : digits.Length);
        d[1] = address.TypeOfAddress;
        return n;
    }

    internal static SmsPduAddress? Read(ref PduReader reader, bool serviceCenter, string field)
    {
        var lengthOffset = reader.Position;
        var length = reader.ReadByte(field);
        if (serviceCenter && length == 0)
        {
            return null;
        }

        var toa = reader.ReadByte(field);
        var octets = serviceCenter ? length - 1 : (length + 1) / 2;
        if (octets < 0 || (!serviceCenter && length > 20) || (serviceCenter && length > 11))
        {
            throw new SmsFormatException($"The {field} length {length} is out of range.", lengthOffset);
        }

        var start = reader.Position;
        var data = reader.ReadBytes(octets, field);
        if (((toa >> 4) & 0x07) == 5)
        {
            var septetCount = Math.Min(length * 4 / 7, data.Length * 8 / 7);
            Span<byte> septets = stackalloc byte[24];
            Gsm7.Unpack(data, septetCount, septets);
            return new SmsPduAddress(Gsm7.Decode(septets[..septetCount]), toa);
        }

        var sb = new StringBuilder(octets * 2);
        var digitsWanted = serviceCenter ? octets * 2 : length;
        for (var i = 0; i < octets * 2 && sb.Length < digitsWanted; i++)
        {
            var nibble = (i & 1) == 0 ? data[i / 2] & 0x0F : data[i / 2] >> 4;
            if (nibble == 0x0F)
            {
                if (i == (octets * 2) - 1)
                {
                    break; // the filler of an odd-length number
                }

                throw new SmsFormatException($"The {field} has a filler nibble inside the number.", start + (i / 2));
            }

            sb.Append("0123456789*#abc"[nibble]);
        }

        return new SmsPduAddress(sb.ToString(), toa);
    }

    private static int Nibble(char c, string value) => c switch
    {
        >= '0' and <= '9' => c - '0',
        '*' => 0x0A,
        '#' => 0x0B,
        'a' or 'A' => 0x0C,
        'b' or 'B' => 0x0D,
        'c' or 'C' => 0x0E,
        _ => throw new ArgumentException($"The address '{value}' contains '{c}', which is not a semi-octet digit.", nameof(value)),
    };
}
