namespace QuickStart;

/// <summary>The command line of the QuickStart sample. These options are stable; transports add theirs.</summary>
internal sealed record QuickStartOptions
{
    public const string Usage = """
        Usage: dotnet run --project samples/QuickStart -- [options]

        Sends one e-mail and one SMS and prints what happened. With no options it runs on embedded
        defaults and needs no external server.

        Options:
          --email-to ADDRESS   recipient of the e-mail   (default: ann@example.net)
          --sms-to NUMBER      recipient of the SMS      (default: +46708251358)
          --text TEXT          text of both messages     (default: a greeting)
          --smtp URI           send the e-mail through an SMTP server, e.g.
                               smtp://user:pass@127.0.0.1:2525?tls=starttls (tls=none|starttls|auto|ssl,
                               smtps:// for implicit TLS); default: write an .eml file to a pickup directory
          --help               show this help

        Exit code: 0 when every send was accepted, 1 when one was not, 2 for a bad command line.
        """;

    public string EmailTo { get; init; } = "ann@example.net";

    public string SmsTo { get; init; } = "+46708251358";

    public string Text { get; init; } = "Hello from Messaging.Sdk QuickStart!";

    public bool Help { get; init; }

    public string? Smtp { get; init; }

    public static QuickStartOptions Parse(IReadOnlyList<string> args)
    {
        var options = new QuickStartOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
            options = arg switch
            {
                "--email-to" => options with { EmailTo = Value() },
                "--sms-to" => options with { SmsTo = Value() },
                "--text" => options with { Text = Value() },
                "--smtp" => options with { Smtp = SmtpUri.Validate(Value()) },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"Unknown option '{arg}'. Use --help."),
            };
        }

        return options;
    }
}
