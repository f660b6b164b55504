namespace Messaging.Sdk;

/// <summary>A file attached to an <see cref="EmailMessage"/>, read from a path, a stream or bytes.</summary>
/// <remarks>
/// Content is opened only when the message is sent, and may be opened more than once when a send is
/// retried: a stream source must therefore be seekable, or it is buffered on first use.
/// Set <see cref="ContentId"/> to embed the attachment inline (<c>&lt;img src="cid:..."&gt;</c>).
/// </remarks>
public sealed record EmailAttachment
{
    private readonly Func<CancellationToken, ValueTask<Stream>>? _open;

    private EmailAttachment(string fileName, string contentType, string? filePath, Func<CancellationToken, ValueTask<Stream>>? open, long? length)
    {
        FileName = fileName;
        ContentType = contentType;
        FilePath = filePath;
        _open = open;
        Length = length;
    }

    /// <summary>The file name shown to the recipient.</summary>
    public string FileName { get; init; }

    /// <summary>The MIME content type, for example <c>application/pdf</c>.</summary>
    /// <value>The default is inferred from the file extension, else <c>application/octet-stream</c>.</value>
    public string ContentType { get; init; }

    /// <summary>The source file path for attachments created by <see cref="FromFile"/>; otherwise <see langword="null"/>.</summary>
    public string? FilePath { get; }

    /// <summary>The content length in bytes when known before sending; otherwise <see langword="null"/>.</summary>
    public long? Length { get; }

    /// <summary>The content id for an inline attachment (referenced from HTML as <c>cid:</c>), or <see langword="null"/> for a regular one.</summary>
    public string? ContentId { get; init; }

    /// <summary>Attaches the file at <paramref name="path"/>. The file is checked when the message is validated and read when it is sent.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="contentType">The content type, or <see langword="null"/> to infer it from the extension.</param>
    /// <param name="fileName">The name shown to the recipient, or <see langword="null"/> for the file's own name.</param>
    /// <returns>The attachment.</returns>
    public static EmailAttachment FromFile(string path, string? contentType = null, string? fileName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var name = fileName ?? Path.GetFileName(path);
        return new EmailAttachment(name, contentType ?? ContentTypes.FromFileName(name), path, null, null);
    }

    /// <summary>Attaches the content of <paramref name="content"/>. A non-seekable stream is buffered in memory on first use so that retries can read it again.</summary>
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

        long? length = content.CanSeek ? content.Length - content.Position : null;
        var start = content.CanSeek ? content.Position : 0;
        byte[]? buffered = null;
        var gate = new object();
        return new EmailAttachment(fileName, contentType ?? ContentTypes.FromFileName(fileName), null, async ct =>
        {
            if (content.CanSeek)
            {
                content.Position = start;
                return new NonClosingStream(content);
            }

            if (buffered is null)
            {
                var copy = new MemoryStream();
                await content.CopyToAsync(copy, ct).ConfigureAwait(false);
                lock (gate)
                {
                    buffered ??= copy.ToArray();
                }
            }

            return new MemoryStream(buffered, writable: false);
        }, length);
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
        return new EmailAttachment(fileName, contentType ?? ContentTypes.FromFileName(fileName), null,
            _ => ValueTask.FromResult<Stream>(new MemoryStream(bytes, writable: false)), bytes.Length);
    }

    /// <summary>Opens the content for reading. Each call returns a new stream positioned at the start; dispose it after use.</summary>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>A readable stream over the content.</returns>
    public ValueTask<Stream> OpenReadAsync(CancellationToken cancellationToken = default)
    {
        if (_open is not null)
        {
            return _open(cancellationToken);
        }

        return ValueTask.FromResult<Stream>(new FileStream(FilePath!, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true));
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
