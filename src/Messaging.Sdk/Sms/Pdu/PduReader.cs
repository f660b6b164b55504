using System.Runtime.InteropServices;
using Messaging.Sdk.Sms.Encoding;

namespace Messaging.Sdk.Sms.Pdu;

/// <summary>Reads a PDU with bounds checks that name the field and the offset, so malformed input never surfaces as an index error.</summary>
[StructLayout(LayoutKind.Auto)]
internal ref struct PduReader
{
    private readonly ReadOnlySpan<byte> _data;

    internal PduReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        Position = 0;
    }

    internal int Position { get; private set; }

    internal readonly int Remaining => _data.Length - Position;

    internal byte ReadByte(string field)
    {
        if (Position >= _data.Length)
        {
            throw new SmsFormatException($"The PDU ends before {field}.", Position);
        }

        return _data[Position++];
    }

    internal ReadOnlySpan<byte> ReadBytes(int count, string field)
    {
        if (count < 0 || Position + count > _data.Length)
        {
            throw new SmsFormatException($"The PDU ends inside {field} ({count} octets needed, {_data.Length - Position} left).", Position);
        }

        var span = _data.Slice(Position, count);
        Position += count;
        return span;
    }

    internal ReadOnlySpan<byte> ReadRest()
    {
        var span = _data[Position..];
        Position = _data.Length;
        return span;
    }
}
