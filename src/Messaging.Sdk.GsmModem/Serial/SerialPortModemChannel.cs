using System.IO.Ports;

namespace Messaging.Sdk.GsmModem;

/// <summary>A modem channel on a serial port through <see cref="SerialPort"/>.</summary>
public sealed class SerialPortModemChannel : IModemChannel
{
    private readonly SerialPortSettings _settings;

    /// <summary>Creates the channel.</summary>
    /// <param name="settings">The port settings; <see cref="SerialPortSettings.PortName"/> is required.</param>
    /// <exception cref="ArgumentException">The port name is missing.</exception>
    public SerialPortModemChannel(SerialPortSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(settings.PortName))
        {
            throw new ArgumentException("SerialPortSettings.PortName is required.", nameof(settings));
        }

        _settings = settings;
    }

    /// <inheritdoc />
    public string Name => _settings.PortName!;

    /// <inheritdoc />
    public ValueTask<Stream> OpenAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var port = new SerialPort(_settings.PortName!, _settings.BaudRate, _settings.Parity, _settings.DataBits, _settings.StopBits)
        {
            Handshake = _settings.Handshake,
            ReadTimeout = SerialPort.InfiniteTimeout,
            WriteTimeout = SerialPort.InfiniteTimeout,
        };
        try
        {
            port.Open();
            // Only touch the modem-control lines when asked: the ioctl fails on devices without them (pseudo-terminals, some bridges).
            if (_settings.DtrEnable)
            {
                port.DtrEnable = true;
            }

            if (_settings.RtsEnable && _settings.Handshake is not (Handshake.RequestToSend or Handshake.RequestToSendXOnXOff))
            {
                port.RtsEnable = true;
            }

            port.DiscardInBuffer();
            return ValueTask.FromResult<Stream>(new OwningStream(port.BaseStream, port));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            port.Dispose();
            throw new MessagingTransportException($"Cannot open serial port '{_settings.PortName}': {ex.Message}", ex) { IsTransient = true };
        }
    }

    /// <summary>Closes the port together with its stream, so the session only has one thing to dispose.</summary>
    private sealed class OwningStream(Stream inner, SerialPort port) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                try
                {
                    port.Close();
                }
                catch (IOException)
                {
                    // The device may already be gone (USB modem unplugged); closing is best effort.
                }

                port.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
