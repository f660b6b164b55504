namespace Messaging.Sdk.GsmModem;

/// <summary>Where a modem of a pool stands.</summary>
public enum ModemState
{
    /// <summary>Not opened yet.</summary>
    Closed,

    /// <summary>Opening the port and running the initialisation sequence.</summary>
    Initializing,

    /// <summary>Initialised and registered: takes messages.</summary>
    Ready,

    /// <summary>Failed (hung, port lost, SIM or network trouble); taken out of the pool and re-initialised in the background.</summary>
    Faulted,
}

/// <summary>A modem's health, for health checks and dashboards.</summary>
/// <param name="Name">The channel name, for example the port.</param>
/// <param name="State">The state.</param>
/// <param name="Rssi">The last signal quality from AT+CSQ: 0-31 (-113 to -51 dBm in 2 dB steps), 99 unknown; <see langword="null"/> before the first reading.</param>
/// <param name="RegistrationStatus">The last network registration status (27.007 +CREG stat: 1 home, 5 roaming, 2 searching, 3 denied), or <see langword="null"/>.</param>
/// <param name="UsesPduMode">True in PDU mode, false when the modem only offered text mode.</param>
/// <param name="SmscAddress">The SMSC address in use, when known.</param>
/// <param name="InFlight">Messages being sent through this modem now.</param>
/// <param name="LastError">The last failure's message, or <see langword="null"/>.</param>
public sealed record ModemHealth(string Name, ModemState State, int? Rssi, int? RegistrationStatus, bool UsesPduMode, string? SmscAddress, int InFlight, string? LastError)
{
    /// <summary>The signal strength in dBm from <see cref="Rssi"/> (27.007 8.5), or <see langword="null"/> when unknown.</summary>
    public int? SignalDbm => Rssi is { } r and >= 0 and <= 31 ? -113 + (2 * r) : null;
}
