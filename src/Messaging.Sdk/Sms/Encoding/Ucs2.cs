using System.Buffers.Binary;

namespace Messaging.Sdk.Sms.Encoding;

/// <summary>UCS-2 as SMS carries it: UTF-16 big-endian, two octets per code unit (a character outside the BMP is a surrogate pair, four octets).</summary>
public static class Ucs2
{
    /// <summary>Encodes <paramref name="text"/> as UTF-16 big-endian.</summary>
    /// <param name="text">The text.</param>
    /// <param name="destination">At least twice <paramref name="text"/>'s length.</param>
    /// <returns>The octets written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    public static int Encode(ReadOnlySpan<char> text, Span<byte> destination)
    {
        if (destination.Length < text.Length * 2)
        {
            throw new ArgumentException($"The destination needs {text.Length * 2} octets.", nameof(destination));
        }

        for (var i = 0; i < text.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(2 * i)..], text[i]);
        }

        return text.Length * 2;
    }

    /// <summary>Decodes UTF-16 big-endian. Unpaired surrogates are kept as they are (not replaced), so the halves of a pair that another sender split across two segments join again when the segments' texts are concatenated.</summary>
    /// <param name="data">The octets.</param>
    /// <returns>The text.</returns>
    /// <exception cref="SmsFormatException"><paramref name="data"/> has an odd length.</exception>
    public static string Decode(ReadOnlySpan<byte> data)
    {
        if ((data.Length & 1) != 0)
        {
            throw new SmsFormatException($"UCS-2 data must have an even length; it has {data.Length} octets.", data.Length - 1);
        }

        var buffer = data.Length <= 1024 ? stackalloc char[data.Length / 2] : new char[data.Length / 2];
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = (char)BinaryPrimitives.ReadUInt16BigEndian(data[(2 * i)..]);
        }

        return new string(buffer);
    }
}
