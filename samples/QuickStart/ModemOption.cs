using Messaging.Sdk.GsmModem;
using Microsoft.Extensions.DependencyInjection;

namespace QuickStart;

/// <summary><c>--modem PORT</c>: sends the QuickStart SMS through a GSM modem on that serial port instead of the in-memory sender.</summary>
internal static class ModemOption
{
    public const string Usage = "  --modem PORT         send the SMS through a GSM modem on serial PORT (e.g. /dev/ttyUSB0); PIN from MESSAGING_MODEM_PIN";

    /// <summary>Reads <c>--modem PORT</c> out of <paramref name="args"/>, returning the other arguments.</summary>
    public static string[] Extract(string[] args, out string? port)
    {
        port = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--modem")
            {
                port = i + 1 < args.Length ? args[++i] : throw new ArgumentException("--modem needs a serial port name.");
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        return [.. rest];
    }

    /// <summary>Registers the modem as the SMS sender named <c>modem</c> and makes it the default.</summary>
    public static MessagingBuilder AddModem(this MessagingBuilder builder, string port)
        => builder.AddGsmModem("modem", o =>
        {
            o.AddPort(port);
            o.Pin = Environment.GetEnvironmentVariable("MESSAGING_MODEM_PIN");
        });
}
