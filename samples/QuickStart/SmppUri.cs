using Messaging.Sdk.Smpp;
using Messaging.Sdk.Testing;

namespace QuickStart;

/// <summary>The QuickStart's SMPP part: <c>--smpp smpp://system_id:password@host:2775</c> targets a real SMSC; without it an in-process <see cref="SmscSimulator"/> answers.</summary>
internal sealed record SmppUri(string Host, int Port, string SystemId, string Password, bool UseTls)
{
    public const string Usage = """
          --smpp URI           send the SMS over SMPP to a real SMSC: smpp://system_id:password@host:2775
                               (smpps:// for TLS); without it an in-process SMSC simulator answers
          --receipt-wait SECS  how long to wait for the delivery receipt (default: 30 with --smpp, 5 otherwise)
        """;

    /// <summary>Parses <c>smpp://system_id:password@host[:port]</c> (or <c>smpps://</c> for TLS); user info is URL-decoded.</summary>
    public static SmppUri Parse(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != "smpp" && uri.Scheme != "smpps") || string.IsNullOrEmpty(uri.Host))
        {
            // The value is not echoed: it may hold the password.
            throw new ArgumentException("--smpp: the value is not smpp://system_id:password@host:port (or smpps:// for TLS).");
        }

        var user = uri.UserInfo.Split(':', 2);
        if (user[0].Length == 0)
        {
            throw new ArgumentException("--smpp: the URI needs a system_id before '@'.");
        }

        return new SmppUri(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 2775 : uri.Port, Uri.UnescapeDataString(user[0]),
            user.Length > 1 ? Uri.UnescapeDataString(user[1]) : string.Empty, uri.Scheme == "smpps");
    }

    /// <summary>Removes <c>--smpp URI</c> and <c>--receipt-wait SECS</c> from the command line, leaving the rest to <see cref="QuickStartOptions"/>.</summary>
    public static (SmppUri? Uri, TimeSpan? ReceiptWait, string[] Remaining) Extract(string[] args)
    {
        SmppUri? smpp = null;
        TimeSpan? wait = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--smpp" or "--receipt-wait")
            {
                if (i + 1 >= args.Length)
                {
                    throw new ArgumentException($"{args[i]} needs a value.");
                }

                if (args[i] == "--smpp")
                {
                    smpp = Parse(args[++i]);
                }
                else
                {
                    wait = int.TryParse(args[++i], out var seconds) && seconds >= 0 ? TimeSpan.FromSeconds(seconds) : throw new ArgumentException("--receipt-wait needs a number of seconds.");
                }
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        return (smpp, wait, [.. rest]);
    }

    public void Configure(SmppOptions options)
    {
        options.Host = Host;
        options.Port = Port;
        options.SystemId = SystemId;
        options.Password = Password;
        options.UseTls = UseTls;
    }

    public override string ToString() => $"smpp://{SystemId}@{Host}:{Port}";
}
