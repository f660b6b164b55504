using System.Globalization;
using Messaging.Sdk;
using QuickStart;

namespace SmppLoad;

/// <summary>The load tool's command line.</summary>
internal sealed record LoadOptions
{
    public const string Usage = """
        SmppLoad: sends N SMS through an SMPP 3.4 SMSC and reports every message's outcome.

        usage: dotnet run --project samples/SmppLoad -- [options]

          --smpp URI           the SMSC: smpp://system_id:password@host:2775 (smpps:// for TLS); without it an
                               in-process SMSC simulator on 127.0.0.1 answers (the output says so)
          --count N            messages to send (default 1000)
          --window W           outstanding submit_sm per bind (default 10); up to W*B sends are in flight
          --binds B            binds (connections) to open (default 1, at most 64)
          --rate R             the most submit_sm per second over all binds (each segment counts; split evenly,
                               rounded up, per bind); default: no limit
          --at-least-once      re-send a segment whose response was lost (duplicates possible) instead of
                               reporting it Unknown
          --outcomes FILE      the CSV written, one line per message after a header (default smppload-outcomes.csv):
                               index,text,outcome,message_ids,native_status,detail
          --to NUMBER          destination of every message; required with --smpp (the simulator uses +46700000000)
          --from SENDER        source address (default SmppLoad)
          --text PREFIX        text prefix; message i gets "PREFIX 000042" so that every text is unique (default load)
          --help               this text

        Exit code: 0 when every message ended Accepted, Rejected or Unknown; 1 when any has no outcome (send error,
        cancelled) or the bind failed; 2 for a bad command line.
        """;

    public SmppUri? Smpp { get; init; }

    public int Count { get; init; } = 1000;

    public int Window { get; init; } = 10;

    public int Binds { get; init; } = 1;

    /// <summary>Submit_sm per second over all binds, or null for no limit.</summary>
    public int? Rate { get; init; }

    public bool AtLeastOnce { get; init; }

    public string OutcomesPath { get; init; } = "smppload-outcomes.csv";

    public PhoneNumber To { get; init; } = PhoneNumber.Parse("+46700000000");

    public PhoneNumber From { get; init; } = PhoneNumber.Parse("SmppLoad");

    public string TextPrefix { get; init; } = "load";

    public bool Help { get; init; }

    /// <summary>The per-bind limit that gives at most <see cref="Rate"/> over all binds (rounded up so that a low rate still sends).</summary>
    public int? RatePerBind => Rate is { } rate ? (rate + Binds - 1) / Binds : null;

    /// <summary>Parses the command line.</summary>
    /// <exception cref="ArgumentException">A bad option; the message names it.</exception>
    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions();
        var toGiven = false;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            options = name switch
            {
                "--help" or "-h" => options with { Help = true },
                "--at-least-once" => options with { AtLeastOnce = true },
                "--smpp" => options with { Smpp = SmppUri.Parse(Value(args, ref i)) },
                "--count" => options with { Count = Number(name, Value(args, ref i), 1, 100_000_000) },
                "--window" => options with { Window = Number(name, Value(args, ref i), 1, 10_000) },
                "--binds" => options with { Binds = Number(name, Value(args, ref i), 1, 64) },
                "--rate" => options with { Rate = Number(name, Value(args, ref i), 1, 1_000_000) },
                "--outcomes" => options with { OutcomesPath = NonEmpty(name, Value(args, ref i)) },
                "--to" => options with { To = Phone(name, Value(args, ref i)) },
                "--from" => options with { From = Phone(name, Value(args, ref i)) },
                "--text" => options with { TextPrefix = NonEmpty(name, Value(args, ref i)) },
                _ => throw new ArgumentException($"{name}: unknown option (see --help)."),
            };
            toGiven |= name == "--to";
        }

        if (options.Smpp is not null && !toGiven)
        {
            // A real SMSC delivers: the tool must not pick a stranger's number for thousands of messages.
            throw new ArgumentException("--to is required with --smpp: the number every load message is sent to.");
        }

        return options;
    }

    /// <summary>The unique text of message <paramref name="index"/>.</summary>
    public string TextOf(int index)
    {
        var width = Math.Max(6, (Count - 1).ToString(CultureInfo.InvariantCulture).Length);
        return TextPrefix + " " + index.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
        => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");

    private static int Number(string name, string value, int min, int max)
        => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name}: '{value}' is not a whole number from {min} to {max}.");

    private static string NonEmpty(string name, string value)
        => string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{name} needs a non-empty value.") : value;

    private static PhoneNumber Phone(string name, string value)
        => PhoneNumber.TryParse(value, out var number) ? number : throw new ArgumentException($"{name}: '{value}' is not a phone number or sender name.");
}
