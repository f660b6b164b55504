using System.Text.Json;
using Messaging.Sdk.Smpp;

namespace Messaging.Sdk.IntegrationTests.Smpp;

/// <summary>The node-smpp SMSC peer started by ./test.sh (tests/peers/smsc), read from the SMPP_PEER_* variables.</summary>
internal static class SmscPeer
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public static string Require(string name)
        => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: the SMSC peer (tests/peers/smsc) is not running. Run ./test.sh, or start it by hand as the brief describes.");

    /// <summary>Options for a bind whose system_id is the peer's prefix plus <paramref name="suffix"/> (which selects fault injection).</summary>
    public static SmppOptions Options(string suffix, Action<SmppOptions>? configure = null)
    {
        var options = new SmppOptions
        {
            Host = Require("SMPP_PEER_HOST"),
            Port = int.Parse(Require("SMPP_PEER_PORT"), System.Globalization.CultureInfo.InvariantCulture),
            SystemId = Require("SMPP_PEER_SYSTEM_ID") + suffix,
            Password = Require("SMPP_PEER_PASSWORD"),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ResponseTimeout = TimeSpan.FromSeconds(10),
            ReconnectDelay = TimeSpan.FromMilliseconds(100),
            ThrottleBackoff = TimeSpan.FromMilliseconds(10),
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>A system_id suffix unique to one test run, so that the shared event log can be filtered.</summary>
    public static string Unique(string faults = "") => "-" + Guid.NewGuid().ToString("N")[..5] + faults;

    public static IReadOnlyList<JsonElement> Events(string systemId)
    {
        var path = Require("SMPP_PEER_LOG");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var events = new List<JsonElement>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                var element = JsonDocument.Parse(line).RootElement;
                if (element.TryGetProperty("system_id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() == systemId)
                {
                    events.Add(element);
                }
            }
            catch (JsonException)
            {
                // A line still being written.
            }
        }

        return events;
    }

    public static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for: " + what);
            }

            await Task.Delay(20);
        }
    }
}
