using Messaging.Sdk.Sms.Encoding;

namespace Messaging.Sdk.Smpp;

/// <summary>One segment as it goes into short_message: the user data header (with its length octet; empty when none) and the text octets.</summary>
internal readonly record struct SmppSegment(ReadOnlyMemory<byte> Header, ReadOnlyMemory<byte> Payload, int Sequence);

/// <summary>A text encoded for SMPP: data_coding, the segments, the concatenation reference and the whole text for message_payload.</summary>
internal sealed record SmppEncodedText(byte DataCoding, IReadOnlyList<SmppSegment> Segments, int Reference, ReadOnlyMemory<byte> WholePayload);

/// <summary>
/// The one seam between the SMPP client and the SMS text engine (<see cref="SmsSegments"/>, <see cref="SmsUserDataDecoder"/>):
/// the client has no alphabet logic of its own.
/// </summary>
internal static class SmppTextCodec
{
    /// <summary>Encodes the message's text for this SMSC.</summary>
    /// <param name="message">The message.</param>
    /// <param name="options">The sender's options (the default alphabet).</param>
    /// <param name="analysis">The text analysed under <see cref="SmsMessage.Encoding"/>, as validation made it.</param>
    public static SmppEncodedText Encode(SmsMessage message, SmppOptions options, SmsAnalysis analysis)
    {
        var hint = message.Encoding;
        var latin1AsDefault = false;
        if (options.DefaultAlphabet == SmppDefaultAlphabet.Latin1 && hint is SmsEncodingHint.Auto or SmsEncodingHint.Gsm7 or SmsEncodingHint.Transliterate
            && analysis.Alphabet == SmsAlphabet.Gsm7 && IsLatin1(message.Text))
        {
            // This SMSC reads data_coding 0 as Latin-1: what would have gone as GSM goes as Latin-1 octets under data_coding 0.
            hint = SmsEncodingHint.Latin1;
            latin1AsDefault = true;
            analysis = SmsSegments.Analyze(message.Text, SmsEncodingOptions.ForHint(hint));
        }

        SmsEncodedMessage encoded;
        try
        {
            encoded = SmsSegments.EncodeAnalyzed(message.Text, analysis, SmsUserDataFormat.Smpp);
        }
        catch (ArgumentException ex)
        {
            throw new MessageValidationException([new ValidationError(nameof(SmsMessage.Text), ex.Message)]);
        }

        var segments = new SmppSegment[encoded.Segments.Count];
        var total = 0;
        for (var i = 0; i < segments.Length; i++)
        {
            var s = encoded.Segments[i];
            segments[i] = new SmppSegment(s.Header, s.Payload, s.SequenceNumber);
            total += s.Payload.Length;
        }

        ReadOnlyMemory<byte> whole;
        if (segments.Length == 1)
        {
            whole = segments[0].Payload;
        }
        else
        {
            // Unpacked GSM, UCS-2 and Latin-1 payloads concatenate into the whole text, which message_payload carries.
            var buffer = new byte[total];
            var at = 0;
            foreach (var s in segments)
            {
                s.Payload.CopyTo(buffer.AsMemory(at));
                at += s.Payload.Length;
            }

            whole = buffer;
        }

        return new SmppEncodedText(latin1AsDefault ? (byte)0 : encoded.DataCoding, segments, encoded.Reference, whole);
    }

    /// <summary>Decodes a deliver_sm's text; the concatenation comes from its UDH when it has one.</summary>
    /// <exception cref="SmsFormatException">The user data is malformed.</exception>
    public static string Decode(ReadOnlySpan<byte> shortMessage, byte dataCoding, bool hasHeader, SmppDefaultAlphabet defaultAlphabet, out (int Reference, int Total, int Sequence)? concatenation)
    {
        var decoded = SmsUserDataDecoder.DecodeSmpp(shortMessage, dataCoding, hasHeader, defaultAlphabet == SmppDefaultAlphabet.Latin1 ? SmsAlphabet.Latin1 : SmsAlphabet.Gsm7);
        concatenation = decoded.Concatenation is { } c ? (c.Reference, c.Total, c.Sequence) : null;
        return decoded.Text;
    }

    private static bool IsLatin1(string text)
    {
        foreach (var c in text)
        {
            if (c > '\u00FF')
            {
                return false;
            }
        }

        return true;
    }
}
