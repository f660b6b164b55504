namespace Messaging.Sdk.GsmModem;

/// <summary>Opens the byte stream to a modem: a serial port, a TCP bridge, or an in-memory stream in tests.</summary>
/// <remarks>
/// The modem session calls <see cref="OpenAsync"/> once per connection and disposes the returned stream to close it;
/// after a hung modem is detected it disposes the stream and calls <see cref="OpenAsync"/> again, so an implementation
/// must be able to open more than once.
/// </remarks>
public interface IModemChannel
{
    /// <summary>A name for logs and health reports, for example the port name <c>/dev/ttyUSB0</c>.</summary>
    string Name { get; }

    /// <summary>Opens the channel.</summary>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>A readable and writable stream; disposing it closes the channel.</returns>
    /// <exception cref="MessagingTransportException">The channel could not be opened (port missing, busy, no permission).</exception>
    ValueTask<Stream> OpenAsync(CancellationToken cancellationToken = default);
}
