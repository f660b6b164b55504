using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Messaging.Sdk.Sms.Encoding;

/// <summary>Where one segment written by <see cref="SmsSegmentWriter"/> lies.</summary>
/// <param name="SequenceNumber">The segment's number, 1-based.</param>
/// <param name="SegmentCount">How many segments the message has.</param>
/// <param name="Length">The octets written: the UDH (when present) and the encoded text.</param>
/// <param name="HeaderLength">The UDH octets at the start, including the UDHL octet; 0 when there is no UDH.</param>
/// <param name="UserDataLength">The 23.040 TP-UDL: septets (UDH and fill bits included) for packed GSM, otherwise octets (equal to <paramref name="Length"/>).</param>
/// <param name="TextStart">The index in the text of the segment's first character.</param>
/// <param name="TextLength">How many UTF-16 code units of the text the segment carries.</param>
[StructLayout(LayoutKind.Auto)]
public readonly record struct SmsSegmentLayout(int SequenceNumber, int SegmentCount, int Length, int HeaderLength, int UserDataLength, int TextStart, int TextLength);

/// <summary>
/// Writes the segments of an analysed text, one at a time, into caller buffers; allocates nothing. A transport calls
/// <see cref="TryWriteNext"/> until it returns <see langword="false"/>.
/// </summary>
/// <example>
/// <code>
/// var analysis = SmsSegments.Analyze(text, options);
/// var writer = new SmsSegmentWriter(text, analysis, SmsSegments.NextReference(), SmsUserDataFormat.Smpp);
/// Span&lt;byte&gt; buffer = stackalloc byte[SmsSegments.MaxSegmentBytes];
/// while (writer.TryWriteNext(buffer, out var segment)) { Send(buffer[..segment.Length], udhi: segment.HeaderLength &gt; 0); }
/// </code>
/// </example>
[StructLayout(LayoutKind.Auto)]
public ref struct SmsSegmentWriter
{
    private readonly ReadOnlySpan<char> _text;
    private readonly SmsAnalysis _analysis;
    private readonly SmsUserDataFormat _format;
    private int _position;
    private int _next;

    /// <summary>Prepares to write <paramref name="text"/> as <paramref name="analysis"/> decided.</summary>
    /// <param name="text">The text that was analysed.</param>
    /// <param name="analysis">The result of <see cref="SmsSegments.Analyze(ReadOnlySpan{char}, SmsEncodingOptions?)"/> for <paramref name="text"/>.</param>
    /// <param name="reference">The concatenation reference: 0-255 for an 8-bit reference, 0-65535 for 16-bit; an 8-bit reference keeps only the low octet of a larger value. Unused for a single segment.</param>
    /// <param name="format">The layout of the user data.</param>
    /// <exception cref="ArgumentException">The analysis is for another text or cannot be encoded, the text needs more than 255 segments, or Latin-1 was asked for in <see cref="SmsUserDataFormat.Tpdu"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reference"/> is negative or above 65535, or <paramref name="format"/> is undefined.</exception>
    public SmsSegmentWriter(ReadOnlySpan<char> text, SmsAnalysis analysis, int reference, SmsUserDataFormat format)
    {
        if (analysis.TextLength != text.Length || analysis.SegmentCount == 0)
        {
            throw new ArgumentException("The analysis was made for another text; analyse this text first.", nameof(analysis));
        }

        if (!analysis.IsEncodable)
        {
            throw new ArgumentException($"{analysis.Alphabet} cannot encode the character at index {analysis.FirstUnsupportedIndex} (U+{(int)text[analysis.FirstUnsupportedIndex]:X4}); use SmsEncodingHint.Auto or Ucs2.", nameof(analysis));
        }

        if (analysis.SegmentCount > SmsSegments.MaxSegments)
        {
            throw new ArgumentException($"The text needs {analysis.SegmentCount} segments; at most {SmsSegments.MaxSegments} are possible.", nameof(analysis));
        }

        if (!Enum.IsDefined(format))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "Not a defined SmsUserDataFormat.");
        }

        if (format == SmsUserDataFormat.Tpdu && analysis.Alphabet == SmsAlphabet.Latin1)
        {
            throw new ArgumentException("Latin-1 exists only in SMPP (data_coding 3); a 23.040 PDU needs GSM 7-bit or UCS-2 (use SmsEncodingHint.Auto).", nameof(analysis));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(reference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reference, 0xFFFF);

        _text = text;
        _analysis = analysis;
        _format = format;
        Reference = analysis.ConcatenationReference == SmsConcatenationReference.EightBit ? reference & 0xFF : reference;
        _next = 1;
    }

    /// <summary>The concatenation reference written into each segment's UDH.</summary>
    public int Reference { get; }

    /// <summary>Writes the next segment into <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="SmsSegments.MaxSegmentBytes"/> octets (140 are enough for <see cref="SmsUserDataFormat.Tpdu"/>).</param>
    /// <param name="segment">Where the segment lies in <paramref name="destination"/> and in the text.</param>
    /// <returns><see langword="false"/> when every segment has been written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    public bool TryWriteNext(scoped Span<byte> destination, out SmsSegmentLayout segment)
    {
        segment = default;
        var count = _analysis.SegmentCount;
        if (_next > count)
        {
            return false;
        }

        var needed = _format == SmsUserDataFormat.Tpdu ? 140 : SmsSegments.MaxSegmentBytes;
        if (destination.Length < needed)
        {
            throw new ArgumentException($"The destination has {destination.Length} octets; a segment needs up to {needed}.", nameof(destination));
        }

        var header = UserDataHeader.Write(destination, count > 1, _analysis.ConcatenationReference, Reference, count, _next, _analysis.LockingShift, _analysis.SingleShift);
        var start = _position;
        var capacity = _analysis.UnitsPerSegment;
        int length;
        int userDataLength;
        switch (_analysis.Alphabet)
        {
            case SmsAlphabet.Gsm7:
                (length, userDataLength) = WriteGsm(destination, header, capacity);
                break;
            case SmsAlphabet.Ucs2:
                length = WriteUcs2(destination, header, capacity);
                userDataLength = length;
                break;
            default:
                length = WriteLatin1(destination, header, capacity);
                userDataLength = length;
                break;
        }

        segment = new SmsSegmentLayout(_next, count, length, header, userDataLength, start, _position - start);
        _next++;
        return true;
    }

    private (int Length, int UserDataLength) WriteGsm(scoped Span<byte> destination, int header, int capacity)
    {
        var locking = GsmCharset.GetLocking(_analysis.LockingShift);
        var single = GsmCharset.GetSingle(_analysis.SingleShift);
        var transliterate = _analysis.UsesTransliteration;
        Span<byte> codes = stackalloc byte[8];
        var septets = 0;
        var packed = _format == SmsUserDataFormat.Tpdu;

        // 23.040 9.2.3.24: after a UDH the text starts on a septet boundary; the bits in between are fill bits.
        var bit = header * 8;
        bit += (7 - (bit % 7)) % 7;
        var headerSeptets = bit / 7;
        if (packed && header < destination.Length)
        {
            destination[header] = 0;
        }

        while (_position < _text.Length)
        {
            var c = _text[_position];
            var direct = locking.Encode(c);
            if (direct >= 0)
            {
                // Fast path: one septet from the locking (default) table, the common case.
                if (septets + 1 > capacity)
                {
                    break;
                }

                if (packed)
                {
                    PutSeptet(destination, bit, (byte)direct);
                    bit += 7;
                }
                else
                {
                    destination[header + septets] = (byte)direct;
                }

                septets++;
                _position++;
                continue;
            }

            var n = GetCodes(c, locking, single, transliterate, codes);
            if (septets + n > capacity)
            {
                break;
            }

            for (var j = 0; j < n; j++)
            {
                if (packed)
                {
                    PutSeptet(destination, bit, codes[j]);
                    bit += 7;
                }
                else
                {
                    destination[header + septets + j] = codes[j];
                }
            }

            septets += n;
            _position++;
        }

        return packed ? ((bit + 7) / 8, headerSeptets + septets) : (header + septets, header + septets);
    }

    private int WriteUcs2(scoped Span<byte> destination, int header, int capacity)
    {
        var units = 0;
        while (_position < _text.Length)
        {
            var k = char.IsHighSurrogate(_text[_position]) && _position + 1 < _text.Length && char.IsLowSurrogate(_text[_position + 1]) ? 2 : 1;
            if (units + k > capacity)
            {
                break;
            }

            for (var j = 0; j < k; j++)
            {
                BinaryPrimitives.WriteUInt16BigEndian(destination[(header + (2 * units))..], _text[_position]);
                units++;
                _position++;
            }
        }

        return header + (2 * units);
    }

    private int WriteLatin1(scoped Span<byte> destination, int header, int capacity)
    {
        var n = 0;
        while (_position < _text.Length && n < capacity)
        {
            destination[header + n] = (byte)_text[_position];
            n++;
            _position++;
        }

        return header + n;
    }

    private static void PutSeptet(Span<byte> destination, int bit, byte septet)
    {
        var index = bit >> 3;
        var shift = bit & 7;
        if (shift == 0)
        {
            destination[index] = septet;
        }
        else
        {
            destination[index] |= (byte)(septet << shift);
            if (shift > 1)
            {
                destination[index + 1] = (byte)(septet >> (8 - shift));
            }
        }
    }

    private static int GetCodes(char c, GsmCharset locking, GsmCharset single, bool transliterate, Span<byte> codes)
    {
        var code = locking.Encode(c);
        if (code >= 0)
        {
            codes[0] = (byte)code;
            return 1;
        }

        code = single.Encode(c);
        if (code >= 0)
        {
            codes[0] = GsmCharset.Escape;
            codes[1] = (byte)code;
            return 2;
        }

        if (transliterate && Transliteration.Get(c) is { } replacement)
        {
            var n = 0;
            foreach (var r in replacement)
            {
                n += GetCodes(r, locking, single, transliterate: false, codes[n..]);
            }

            return n;
        }

        throw new ArgumentException($"U+{(int)c:X4} is not in the GSM 7-bit tables chosen by the analysis; was it made for another text?");
    }
}
