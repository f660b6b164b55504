namespace Messaging.Sdk;

/// <summary>A file attached to an <see cref="EmailMessage"/>, read from a path, a stream or bytes.</summary>
/// <remarks>
/// <para>Content is read when the message is sent, before the transaction with the server starts, into memory and
/// never past <see cref="Validation.MessageValidationOptions.MaxAttachmentBytes"/>: what was checked is what is sent,
/// and a message is never half-sent because an attachment turned out too large or unreadable.</para>
/// <para>A file attached by path is refused unless
/// <see cref="Validation.MessageValidationOptions.AttachmentRoots"/> names the directories it may come from (see
/// <see cref="FromFile"/>). A stream source is read again from its start on each send when it is seekable; a
/// non-seekable one is buffered on first use so that retries can send it again.</para>
/// <para>Set <see cref="ContentId"/> to embed the attachment inline (<c>&lt;img src="cid:..."&gt;</c>).</para>
/// </remarks>
public sealed record EmailAttachment
{
    private readonly byte[]? _bytes;
    private readonly StreamSource? _stream;

    private EmailAttachment(string fileName, string contentType, string? filePath, byte[]? bytes, StreamSource? stream, long? length)
    {
        FileName = fileName;
        ContentType = contentType;
        FilePath = filePath;
        _bytes = bytes;
        _stream = stream;
        Length = length;
    }

    /// <summary>The file name shown to the recipient.</summary>
    public string FileName { get; init; }

    /// <summary>The MIME content type, for example <c>application/pdf</c>.</summary>
    /// <value>The default is inferred from the file extension, else <c>application/octet-stream</c>.</value>
    public string ContentType { get; init; }

    /// <summary>The source file path for attachments created by <see cref="FromFile"/>; otherwise <see langword="null"/>.</summary>
    public string? FilePath { get; }

    /// <summary>The content length in bytes when known before sending (bytes, and seekable streams); otherwise <see langword="null"/>.</summary>
    public long? Length { get; }

    /// <summary>The content id for an inline attachment (referenced from HTML as <c>cid:</c>), or <see langword="null"/> for a regular one.</summary>
    public string? ContentId { get; init; }

    /// <summary>Attaches the file at <paramref name="path"/>, which must be a full path to a regular file inside one of
    /// <see cref="Validation.MessageValidationOptions.AttachmentRoots"/>.</summary>
    /// <remarks>
    /// With no root configured (the default) every file attachment is refused with a
    /// <see cref="MessageValidationException"/> naming <c>Attachments[i].FilePath</c>, whether the path comes from the
    /// application or from a vendor request: a path can name any file the process may read (<c>/proc/self/environ</c>
    /// holds its secrets). When the application reads a file of its own, it can attach the content with
    /// <see cref="FromStream"/> or <see cref="FromBytes"/> instead. The sender opens the file, checks the opened file's
    /// real path against the roots and that it is a regular file, and sends the bytes it read.
    /// </remarks>
    /// <param name="path">The full file path.</param>
    /// <param name="contentType">The content type, or <see langword="null"/> to infer it from the extension.</param>
    /// <param name="fileName">The name shown to the recipient, or <see langword="null"/> for the file's own name.</param>
    /// <returns>The attachment.</returns>
    public static EmailAttachment FromFile(string path, string? contentType = null, string? fileName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var name = fileName ?? Path.GetFileName(path);
        return new EmailAttachment(name, contentType ?? ContentTypes.FromFileName(name), path, null, null, null);
    }

    /// <summary>Attaches the content of <paramref name="content"/>, read from its current position when the message is
    /// sent. A non-seekable stream is buffered on first use so that retries can send it again.</summary>
    /// <param name="content">The content. The caller keeps ownership and must keep it open until the send completes.</param>
    /// <param name="fileName">The name shown to the recipient.</param>
    /// <param name="contentType">The content type, or <see langword="null"/> to infer it from <paramref name="fileName"/>.</param>
    /// <returns>The attachment.</returns>
    public static EmailAttachment FromStream(Stream content, string fileName, string? contentType = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        if (!content.CanRead)
        {
            throw new ArgumentException("The attachment stream must be readable.", nameof(content));
        }

        long? length = content.CanSeek ? Math.Max(0, content.Length - content.Position) : null;
        return new EmailAttachment(fileName, contentType ?? ContentTypes.FromFileName(fileName), null, null, new StreamSource(content), length);
    }

    /// <summary>Attaches <paramref name="content"/>.</summary>
    /// <param name="content">The bytes.</param>
    /// <param name="fileName">The name shown to the recipient.</param>
    /// <param name="contentType">The content type, or <see langword="null"/> to infer it from <paramref name="fileName"/>.</param>
    /// <returns>The attachment.</returns>
    public static EmailAttachment FromBytes(ReadOnlyMemory<byte> content, string fileName, string? contentType = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        var bytes = content.ToArray();
        return new EmailAttachment(fileName, contentType ?? ContentTypes.FromFileName(fileName), null, bytes, null, bytes.Length);
    }

    /// <summary>Opens the content of a stream or bytes attachment for reading. Each call returns a new stream positioned at
    /// the start; dispose it after use.</summary>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>A readable stream over the content.</returns>
    /// <exception cref="MessageValidationException">The attachment is a file (<see cref="FromFile"/>), which only a sender
    /// reads, through its validator's attachment roots (the error names <c>FilePath</c>).</exception>
    /// <exception cref="InvalidOperationException">A non-seekable stream that a send already stopped reading at the size limit.</exception>
    public async ValueTask<Stream> OpenReadAsync(CancellationToken cancellationToken = default)
    {
        if (_bytes is not null)
        {
            return new MemoryStream(_bytes, writable: false);
        }

        if (_stream is null)
        {
            // A refusal like the validator's: there are no roots here to check the path against.
            throw new MessageValidationException([new ValidationError(nameof(FilePath),
                "A file attachment is read only by the sender that sends it, which checks it against its AttachmentRoots; open the file yourself, or attach its content with FromStream or FromBytes.")]);
        }

        return await _stream.OpenAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the content is a stream, read by <see cref="ReadStreamAsync"/> at send time.</summary>
    internal bool IsStream => _stream is not null;

    /// <summary>The bytes of a <see cref="FromBytes"/> attachment, without a copy.</summary>
    internal byte[]? Bytes => _bytes;

    /// <summary>Reads a stream attachment for one send, never more than <paramref name="maxBytes"/> + 1 bytes.</summary>
    /// <returns>The content, or <see langword="null"/> with the reason when it was refused.</returns>
    internal ValueTask<(byte[]? Content, string? Error)> ReadStreamAsync(long maxBytes, CancellationToken cancellationToken)
        => _stream!.ReadBoundedAsync(FileName, maxBytes, cancellationToken);

    /// <summary>The caller's stream and, when it cannot seek, what was buffered from it.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The semaphore never creates its wait handle (only WaitAsync is used), so there is nothing to dispose; the attachment has no lifetime to hang a Dispose on.")]
    private sealed class StreamSource
    {
        private readonly Stream _content;
        private readonly long _start;
        private readonly SemaphoreSlim _gate = new(1, 1);
        private byte[]? _buffered;
        private bool _readInPart;

        public StreamSource(Stream content)
        {
            _content = content;
            _start = content.CanSeek ? content.Position : 0;
        }

        public async ValueTask<Stream> OpenAsync(CancellationToken cancellationToken)
        {
            if (_content.CanSeek)
            {
                _content.Position = _start;
                return new NonClosingStream(_content);
            }

            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_buffered is null)
                {
                    if (_readInPart)
                    {
                        throw new InvalidOperationException("The non-seekable attachment stream was read in part only (it was over the size limit) and cannot be read again.");
                    }

                    var copy = new MemoryStream();
                    await _content.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
                    _buffered = copy.ToArray();
                }

                return new MemoryStream(_buffered, writable: false);
            }
            finally
            {
                _gate.Release();
            }
        }

        public async ValueTask<(byte[]? Content, string? Error)> ReadBoundedAsync(string fileName, long maxBytes, CancellationToken cancellationToken)
        {
            var what = EmailAddress.Printable(fileName);
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_content.CanSeek)
                {
                    _content.Position = _start;
                }
                else if (_buffered is not null)
                {
                    return _buffered.LongLength > maxBytes
                        ? (null, AttachmentFile.SizeError(what, _buffered.LongLength.ToString(System.Globalization.CultureInfo.InvariantCulture), maxBytes))
                        : (_buffered, null);
                }
                else if (_readInPart)
                {
                    return (null, $"The stream of '{what}' cannot seek and was already read past the size limit (MaxAttachmentBytes) by an earlier send.");
                }

                var limit = (int)Math.Min(maxBytes + 1, Array.MaxLength);
                var hint = _content.CanSeek ? Math.Min(Math.Max(0, _content.Length - _start), limit) : 0;
                using var copy = new MemoryStream((int)Math.Min(hint, 1024 * 1024));
                var chunk = new byte[81920];
                while (copy.Length < limit)
                {
                    var n = await _content.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - copy.Length)), cancellationToken).ConfigureAwait(false);
                    if (n == 0)
                    {
                        break;
                    }

                    copy.Write(chunk, 0, n);
                }

                if (copy.Length > maxBytes)
                {
                    _readInPart = !_content.CanSeek;
                    return (null, AttachmentFile.SizeError(what, "more than " + maxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), maxBytes));
                }

                var content = copy.ToArray();
                if (!_content.CanSeek)
                {
                    _buffered = content;
                }

                return (content, null);
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>A stream wrapper that leaves the caller's stream open when disposed.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
