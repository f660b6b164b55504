namespace Messaging.Sdk.Smpp;

/// <summary>One segment as it goes into short_message: the user data header (with its length octet; empty when none) and the text octets.</summary>
internal readonly record struct SmppSegment(ReadOnlyMemory<byte> Header, ReadOnlyMemory<byte> Payload, int Sequence);

/// <summary>A text encoded for SMPP: data_coding, the segments, the concatenation reference and the whole text for message_payload.</summary>
internal sealed record SmppEncodedText(byte DataCoding, IReadOnlyList<SmppSegment> Segments, int Reference, ReadOnlyMemory<byte> WholePayload);

/// <summary>
/// The one seam between the SMPP client and the SMS text engine (Messaging.Sdk.Sms.Encoding): every encode and decode
/// goes through here, so the client has no alphabet logic of its own.
/// </summary>
internal static class SmppTextCodec
{
    public static SmppEncodedText Encode(SmsMessage message, SmppOptions options)
    {
        // Until the text engine lands only single-segment text whose characters have the same code in GSM 03.38 and ASCII is accepted.
        var text = message.Text;
        if (text.Length > 160 || !text.All(IsSharedWithGsm))
        {
            throw new MessageValidationException([new ValidationError(nameof(SmsMessage.Text), "This build sends only single-segment basic ASCII text over SMPP.")]);
        }

        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        var dataCoding = options.DefaultAlphabet == SmppDefaultAlphabet.Latin1 ? (byte)3 : (byte)0;
        return new SmppEncodedText(dataCoding, [new SmppSegment(ReadOnlyMemory<byte>.Empty, bytes, 1)], 0, bytes);
    }

    public static string Decode(ReadOnlySpan<byte> shortMessage, byte dataCoding, bool hasHeader, SmppDefaultAlphabet defaultAlphabet, out (int Reference, int Total, int Sequence)? concatenation)
    {
        concatenation = null;
        if (hasHeader && shortMessage.Length > 0)
        {
            shortMessage = shortMessage[Math.Min(shortMessage.Length, shortMessage[0] + 1)..];
        }

        return dataCoding == 8 ? System.Text.Encoding.BigEndianUnicode.GetString(shortMessage) : System.Text.Encoding.Latin1.GetString(shortMessage);
    }

    private static bool IsSharedWithGsm(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or ' ' or '!' or '"' or '#'
        or '%' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or '-' or '.' or '/' or ':' or ';' or '<' or '=' or '>' or '?' or '\n' or '\r';
}
