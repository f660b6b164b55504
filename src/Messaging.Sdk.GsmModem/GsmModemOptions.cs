using System.ComponentModel.DataAnnotations;

namespace Messaging.Sdk.GsmModem;

/// <summary>Options of one GSM modem sender (<c>Messaging:GsmModem</c>, or <c>Messaging:GsmModem:{name}</c> for a named one).</summary>
public sealed class GsmModemOptions
{
    /// <summary>The modems behind this sender: one entry per serial port. Sends are spread over the ready ones by load.</summary>
    /// <value>The default is empty; at least one port (or a <see cref="ChannelFactory"/> with <see cref="ChannelCount"/>) is required.</value>
    public IList<SerialPortSettings> Modems { get; } = [];

    /// <summary>Creates the channels instead of serial ports (TCP bridges, tests with <c>VirtualModem</c>); receives the 0-based modem index.</summary>
    /// <value>The default is <see langword="null"/>: a <see cref="SerialPortModemChannel"/> per entry of <see cref="Modems"/>.</value>
    public Func<int, IModemChannel>? ChannelFactory { get; set; }

    /// <summary>How many channels <see cref="ChannelFactory"/> creates.</summary>
    /// <value>The default is 1.</value>
    [Range(1, 64)]
    public int ChannelCount { get; set; } = 1;

    /// <summary>The SIM PIN, entered when the SIM asks for it. A secret: never logged.</summary>
    /// <value>The default is <see langword="null"/> (no PIN).</value>
    public string? Pin { get; set; }

    /// <summary>The SMSC address to set with AT+CSCA, in international format; <see langword="null"/> keeps the one stored on the SIM.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? SmscAddress { get; set; }

    /// <summary>How long one AT command may take to answer.</summary>
    /// <value>The default is 10 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long AT+CMGS may take after the PDU is written (the network round trip) before the outcome is Unknown.</summary>
    /// <value>The default is 60 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long initialisation waits for the SIM to be ready and the modem to register with the network.</summary>
    /// <value>The default is 60 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RegistrationTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often AT+CPIN? / AT+CREG? are polled while waiting.</summary>
    /// <value>The default is 2 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The AT+CNMI parameters: how new messages and status reports are indicated (27.005 3.4.1).</summary>
    /// <value>The default is <c>2,1,0,1,0</c>: new messages as <c>+CMTI</c> (stored), status reports as <c>+CDS</c> (direct).
    /// Use <c>2,1,0,2,0</c> for modems that store status reports (<c>+CDSI</c>).</value>
    [Required]
    [RegularExpression(@"^\d(,\d){0,4}$")]
    public string NewMessageIndication { get; set; } = "2,1,0,1,0";

    /// <summary>Whether to use PDU mode (AT+CMGF=0); when the modem refuses it, text mode is used regardless.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool PreferPduMode { get; set; } = true;

    /// <summary>Whether incoming messages and stored status reports are deleted from the modem once they were taken care of. When
    /// false nothing is deleted, and each start hands over again what this sender has not handed over successfully (after a
    /// process restart: everything stored), so a message the handlers failed on is not lost.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool DeleteAfterReading { get; set; } = true;

    /// <summary>The first delay before a failed modem is re-initialised in the background; later attempts double it up to <see cref="MaxReinitializeDelay"/>.</summary>
    /// <value>The default is 5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ReinitializeDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest delay between two re-initialisation attempts.</summary>
    /// <value>The default is 5 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxReinitializeDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a sent message's references are kept to correlate status reports.</summary>
    /// <value>The default is 3 days.</value>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan DeliveryReportWindow { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How long the parts of an incoming concatenated message are held waiting for the others; then the held parts are given up
    /// (kept with their raw PDUs in <see cref="GsmModemSmsSender.UnhandledPdus"/>, logged and counted).</summary>
    /// <value>The default is 1 day.</value>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan IncomingPartsTimeout { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How many incomplete incoming concatenated messages are held at once; one more gives up the oldest, so a sender that
    /// never finishes its messages cannot grow memory without bound.</summary>
    /// <value>The default is 100.</value>
    [Range(1, 10000)]
    public int MaxIncomingPartials { get; set; } = 100;

    /// <summary>Adds a modem on <paramref name="portName"/> with the default serial settings (115200 8N1, no flow control, DTR on).</summary>
    /// <param name="portName">The port, for example <c>/dev/ttyUSB0</c>.</param>
    /// <returns>The settings added, to adjust.</returns>
    public SerialPortSettings AddPort(string portName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(portName);
        var settings = new SerialPortSettings { PortName = portName };
        Modems.Add(settings);
        return settings;
    }

    internal IReadOnlyList<IModemChannel> CreateChannels()
        => ChannelFactory is { } factory
            ? [.. Enumerable.Range(0, ChannelCount).Select(factory)]
            : [.. Modems.Select(m => (IModemChannel)new SerialPortModemChannel(m))];

    /// <summary>A description without the PIN, safe to log.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
        => $"GsmModemOptions {{ Modems = [{string.Join(", ", Modems.Select(m => m.PortName))}], Pin = {(Pin is null ? "none" : "***")}, SmscAddress = {SmscAddress} }}";
}
