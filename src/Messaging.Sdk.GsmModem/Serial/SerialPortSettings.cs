using System.ComponentModel.DataAnnotations;
using System.IO.Ports;

namespace Messaging.Sdk.GsmModem;

/// <summary>How to open a serial port (<c>Messaging:GsmModem:Port</c>).</summary>
public sealed class SerialPortSettings
{
    /// <summary>The port name, for example <c>/dev/ttyUSB0</c> or <c>COM3</c>. Required unless a custom <see cref="IModemChannel"/> is used.</summary>
    public string? PortName { get; set; }

    /// <summary>The baud rate in bits per second.</summary>
    /// <value>The default is 115200.</value>
    [Range(300, 4_000_000)]
    public int BaudRate { get; set; } = 115_200;

    /// <summary>The parity bit.</summary>
    /// <value>The default is <see cref="System.IO.Ports.Parity.None"/>.</value>
    public Parity Parity { get; set; } = Parity.None;

    /// <summary>Data bits per character.</summary>
    /// <value>The default is 8.</value>
    [Range(5, 8)]
    public int DataBits { get; set; } = 8;

    /// <summary>Stop bits.</summary>
    /// <value>The default is <see cref="System.IO.Ports.StopBits.One"/>.</value>
    public StopBits StopBits { get; set; } = StopBits.One;

    /// <summary>Flow control: <see cref="System.IO.Ports.Handshake.RequestToSend"/> (RTS/CTS), <see cref="System.IO.Ports.Handshake.XOnXOff"/>, both, or none.</summary>
    /// <value>The default is <see cref="System.IO.Ports.Handshake.None"/>.</value>
    public Handshake Handshake { get; set; } = Handshake.None;

    /// <summary>Whether to raise DTR when the port opens; many modems ignore commands while DTR is low. Set it to false for
    /// devices without modem-control lines (pseudo-terminals), where the ioctl fails.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool DtrEnable { get; set; } = true;

    /// <summary>Whether to raise RTS when the port opens (ignored when <see cref="Handshake"/> drives RTS).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool RtsEnable { get; set; } = true;
}
