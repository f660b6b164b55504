using System.Buffers.Binary;
using System.Text;

namespace Messaging.Sdk.Smpp.Pdus;

/// <summary>Writes big-endian SMPP fields into a span sized beforehand from the PDU's length.</summary>
internal ref struct SpanWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public SpanWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly int Position => _position;

    public void WriteByte(byte value) => _buffer[_position++] = value;

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_position..], value);
        _position += 2;
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[_position..], value);
        _position += 4;
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_buffer[_position..]);
        _position += value.Length;
    }

    /// <summary>Writes a C-octet string: Latin-1 text then NUL (characters outside Latin-1 become '?').</summary>
    public void WriteCString(string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _position += Encoding.Latin1.GetBytes(value, _buffer[_position..]);
        }

        _buffer[_position++] = 0;
    }

    public static int CStringLength(string? value) => (value?.Length ?? 0) + 1;
}

/// <summary>Reads big-endian SMPP fields from one PDU body; every read is bounds-checked and reports failure instead of throwing.</summary>
internal ref struct SpanReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public SpanReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly int Remaining => _buffer.Length - _position;

    public readonly ReadOnlySpan<byte> Rest => _buffer[_position..];

    public bool TryReadByte(out byte value)
    {
        if (_position >= _buffer.Length)
        {
            value = 0;
            return false;
        }

        value = _buffer[_position++];
        return true;
    }

    public bool TryReadUInt16(out ushort value)
    {
        if (Remaining < 2)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(_buffer[_position..]);
        _position += 2;
        return true;
    }

    public bool TryReadUInt32(out uint value)
    {
        if (Remaining < 4)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(_buffer[_position..]);
        _position += 4;
        return true;
    }

    public bool TryReadBytes(int length, out ReadOnlySpan<byte> value)
    {
        if (length < 0 || Remaining < length)
        {
            value = default;
            return false;
        }

        value = _buffer.Slice(_position, length);
        _position += length;
        return true;
    }

    /// <summary>Reads a C-octet string whose size including the NUL is at most <paramref name="maxLength"/>; fails when no NUL is found within it.</summary>
    public bool TryReadCString(int maxLength, out string value)
    {
        var window = _buffer.Slice(_position, Math.Min(maxLength, Remaining));
        var nul = window.IndexOf((byte)0);
        if (nul < 0)
        {
            value = string.Empty;
            return false;
        }

        value = nul == 0 ? string.Empty : Encoding.Latin1.GetString(window[..nul]);
        _position += nul + 1;
        return true;
    }
}
