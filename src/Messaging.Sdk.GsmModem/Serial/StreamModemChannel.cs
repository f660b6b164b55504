namespace Messaging.Sdk.GsmModem;

/// <summary>A modem channel over streams supplied by a factory: for tests (with <c>VirtualModem</c>), TCP serial bridges and custom transports.</summary>
public sealed class StreamModemChannel : IModemChannel
{
    private readonly Func<CancellationToken, ValueTask<Stream>> _open;

    /// <summary>Creates a channel whose every open calls <paramref name="open"/>.</summary>
    /// <param name="name">A name for logs.</param>
    /// <param name="open">Returns a fresh readable and writable stream on each call.</param>
    public StreamModemChannel(string name, Func<CancellationToken, ValueTask<Stream>> open)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(open);
        Name = name;
        _open = open;
    }

    /// <summary>Creates a channel over one stream; it can be opened only once (a re-open after a hang fails).</summary>
    /// <param name="name">A name for logs.</param>
    /// <param name="stream">A readable and writable stream.</param>
    public StreamModemChannel(string name, Stream stream)
        : this(name, OnceOnly(stream))
    {
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public ValueTask<Stream> OpenAsync(CancellationToken cancellationToken = default) => _open(cancellationToken);

    private static Func<CancellationToken, ValueTask<Stream>> OnceOnly(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var opened = 0;
        return _ => Interlocked.Exchange(ref opened, 1) == 0
            ? ValueTask.FromResult(stream)
            : ValueTask.FromException<Stream>(new MessagingTransportException("This stream channel was already opened once and cannot be re-opened; give StreamModemChannel a factory to allow re-opening."));
    }
}
