using MailKit;
using MimeKit;

namespace Messaging.Sdk.Smtp.Delivery;

/// <summary>What happened during one SMTP transaction on a connection: which recipients were refused, and whether
/// the end-of-data marker was written (after which a lost reply means the outcome is unknown).</summary>
/// <remarks>
/// It watches the client's outgoing bytes as MailKit's protocol logger: the DATA terminator <c>CRLF.CRLF</c> can
/// never appear inside dot-stuffed message data, so seeing it means the message was handed over. (With BDAT the
/// last chunk's command is watched instead.) It only keeps the last four bytes and searches each write with a vectorized IndexOf.
/// </remarks>
internal sealed class SmtpTransaction : IProtocolLogger
{
    private readonly List<(MailboxAddress Mailbox, int Code, string Text)> _refused = [];
    private uint _tail;

    /// <summary>True once the end of the message data has been written to the connection.</summary>
    public bool DataEnded { get; set; }

    /// <summary>The recipients refused at RCPT TO in this transaction.</summary>
    public IReadOnlyList<(MailboxAddress Mailbox, int Code, string Text)> Refused => _refused;

    /// <inheritdoc />
    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    /// <summary>Starts a new transaction on the same connection.</summary>
    public void Begin()
    {
        DataEnded = false;
        _refused.Clear();
        _tail = 0;
    }

    public void AddRefused(MailboxAddress mailbox, int code, string text) => _refused.Add((mailbox, code, text));

    public void LogConnect(Uri uri)
    {
    }

    public void LogClient(byte[] buffer, int offset, int count)
    {
        if (DataEnded)
        {
            return;
        }

        var span = buffer.AsSpan(offset, count);
        // A terminator split across two writes ends within this write's first three bytes: feed those through the
        // tail of the previous writes one by one; one wholly inside this write is found by a vectorized search,
        // which made this hook cost nothing measurable per message (the byte loop took ~1 us per kB).
        var head = Math.Min(count, 3);
        for (var i = 0; i < head; i++)
        {
            _tail = (_tail << 8) | span[i];
            // "\r\n.\r\n" ends in ".\r\n" preceded by "\n": the last four bytes are "\n.\r\n".
            if (_tail == 0x0A2E0D0A)
            {
                DataEnded = true;
                return;
            }
        }

        if (count > 3)
        {
            if (span.IndexOf("\n.\r\n"u8) >= 0)
            {
                DataEnded = true;
                return;
            }

            _tail = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(span[^4..]);
        }

        if (count >= 5 && span.StartsWith("BDAT "u8) && span.IndexOf(" LAST"u8) > 0)
        {
            DataEnded = true;
        }
    }

    public void LogServer(byte[] buffer, int offset, int count)
    {
    }

    public void Dispose()
    {
    }
}
