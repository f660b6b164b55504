using System.Buffers.Binary;

namespace Messaging.Sdk.Sms.Encoding;

/// <summary>The concatenation information element of a user data header (3GPP TS 23.040 9.2.3.24.1 and .8).</summary>
/// <param name="Reference">The reference shared by every segment of one message.</param>
/// <param name="Total">How many segments the message has (1-255).</param>
/// <param name="Sequence">This segment's number, 1-based.</param>
/// <param name="IsSixteenBitReference">True for IEI 0x08 (16-bit reference), false for IEI 0x00.</param>
public readonly record struct SmsConcatenation(int Reference, int Total, int Sequence, bool IsSixteenBitReference);

/// <summary>One information element of a user data header.</summary>
/// <param name="Identifier">The IEI, for example 0x00 (concatenation), 0x05 (16-bit ports), 0x24 / 0x25 (national shift tables).</param>
/// <param name="Data">The element's data, without IEI and length.</param>
public sealed record UserDataHeaderElement(byte Identifier, ReadOnlyMemory<byte> Data);

/// <summary>A parsed user data header (3GPP TS 23.040 9.2.3.24): the octets before the text when TP-UDHI / esm_class 0x40 is set.</summary>
public sealed class UserDataHeader
{
    /// <summary>IEI of concatenation with an 8-bit reference.</summary>
    public const byte ConcatenationEightBit = 0x00;

    /// <summary>IEI of application port addressing, 8-bit ports.</summary>
    public const byte PortsEightBit = 0x04;

    /// <summary>IEI of application port addressing, 16-bit ports.</summary>
    public const byte PortsSixteenBit = 0x05;

    /// <summary>IEI of concatenation with a 16-bit reference.</summary>
    public const byte ConcatenationSixteenBit = 0x08;

    /// <summary>IEI of the national language single shift.</summary>
    public const byte NationalSingleShift = 0x24;

    /// <summary>IEI of the national language locking shift.</summary>
    public const byte NationalLockingShift = 0x25;

    private UserDataHeader(int length, IReadOnlyList<UserDataHeaderElement> elements)
    {
        Length = length;
        Elements = elements;
        foreach (var e in elements)
        {
            var d = e.Data.Span;
            switch (e.Identifier)
            {
                case ConcatenationEightBit when d.Length == 3:
                    Concatenation = new SmsConcatenation(d[0], d[1], d[2], false);
                    break;
                case ConcatenationSixteenBit when d.Length == 4:
                    Concatenation = new SmsConcatenation(BinaryPrimitives.ReadUInt16BigEndian(d), d[2], d[3], true);
                    break;
                case PortsEightBit when d.Length == 2:
                    DestinationPort = d[0];
                    SourcePort = d[1];
                    break;
                case PortsSixteenBit when d.Length == 4:
                    DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(d);
                    SourcePort = BinaryPrimitives.ReadUInt16BigEndian(d[2..]);
                    break;
                case NationalSingleShift when d.Length == 1:
                    SingleShift = (NationalLanguage)d[0];
                    break;
                case NationalLockingShift when d.Length == 1:
                    LockingShift = (NationalLanguage)d[0];
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>The header's length in octets, including the UDHL octet.</summary>
    public int Length { get; }

    /// <summary>Every information element, in order.</summary>
    public IReadOnlyList<UserDataHeaderElement> Elements { get; }

    /// <summary>The concatenation element, or <see langword="null"/> for a single-part message.</summary>
    public SmsConcatenation? Concatenation { get; }

    /// <summary>The destination application port (IEI 0x04 / 0x05), or <see langword="null"/>.</summary>
    public int? DestinationPort { get; }

    /// <summary>The source application port (IEI 0x04 / 0x05), or <see langword="null"/>.</summary>
    public int? SourcePort { get; }

    /// <summary>The national single shift table (IEI 0x24), or <see cref="NationalLanguage.None"/>. May hold an identifier this library has no table for.</summary>
    public NationalLanguage SingleShift { get; }

    /// <summary>The national locking shift table (IEI 0x25), or <see cref="NationalLanguage.None"/>. May hold an identifier this library has no table for.</summary>
    public NationalLanguage LockingShift { get; }

    /// <summary>Parses a user data header.</summary>
    /// <param name="userData">The user data, starting with the UDHL octet.</param>
    /// <returns>The header; <see cref="Length"/> says where the text starts.</returns>
    /// <exception cref="SmsFormatException">The header is empty, or its length or an element's length points past the end.</exception>
    public static UserDataHeader Parse(ReadOnlySpan<byte> userData) => Parse(userData, 0);

    internal static UserDataHeader Parse(ReadOnlySpan<byte> userData, int baseOffset)
    {
        if (userData.IsEmpty)
        {
            throw new SmsFormatException("The user data header indicator is set but the user data is empty.", baseOffset);
        }

        var udhl = userData[0];
        if (1 + udhl > userData.Length)
        {
            throw new SmsFormatException($"The user data header length {udhl} exceeds the {userData.Length - 1} octets of user data.", baseOffset);
        }

        var elements = new List<UserDataHeaderElement>();
        var i = 1;
        while (i < 1 + udhl)
        {
            if (i + 2 > 1 + udhl)
            {
                throw new SmsFormatException("A user data header element is truncated (no length octet).", baseOffset + i);
            }

            var iei = userData[i];
            var len = userData[i + 1];
            if (i + 2 + len > 1 + udhl)
            {
                throw new SmsFormatException($"The user data header element 0x{iei:X2} has length {len}, past the end of the header.", baseOffset + i + 1);
            }

            elements.Add(new UserDataHeaderElement(iei, userData.Slice(i + 2, len).ToArray()));
            i += 2 + len;
        }

        return new UserDataHeader(1 + udhl, elements);
    }

    /// <summary>Writes the UDH of one segment; returns its length including UDHL, 0 when no element is needed.</summary>
    internal static int Write(Span<byte> d, bool concatenated, SmsConcatenationReference referenceSize, int reference, int total, int sequence, NationalLanguage locking, NationalLanguage single)
    {
        var i = 1;
        if (concatenated)
        {
            if (referenceSize == SmsConcatenationReference.EightBit)
            {
                d[i++] = ConcatenationEightBit;
                d[i++] = 3;
                d[i++] = (byte)reference;
            }
            else
            {
                d[i++] = ConcatenationSixteenBit;
                d[i++] = 4;
                BinaryPrimitives.WriteUInt16BigEndian(d[i..], (ushort)reference);
                i += 2;
            }

            d[i++] = (byte)total;
            d[i++] = (byte)sequence;
        }

        if (single != NationalLanguage.None)
        {
            d[i++] = NationalSingleShift;
            d[i++] = 1;
            d[i++] = (byte)single;
        }

        if (locking != NationalLanguage.None)
        {
            d[i++] = NationalLockingShift;
            d[i++] = 1;
            d[i++] = (byte)locking;
        }

        if (i == 1)
        {
            return 0;
        }

        d[0] = (byte)(i - 1);
        return i;
    }
}
