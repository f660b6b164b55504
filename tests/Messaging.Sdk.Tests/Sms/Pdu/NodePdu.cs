using System.Diagnostics;
using System.Text.Json;

namespace Messaging.Sdk.Tests.Sms.Pdu;

/// <summary>Runs the node-pdu peer scripts in tests/peers/pdu (node-pdu 2.1.1, installed by ./test.sh with npm ci).</summary>
internal static class NodePdu
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    internal static JsonElement Decode(string hex) => Run("decode.js", hex);

    internal static IReadOnlyList<string> Encode(object request)
        => Run("encode.js", JsonSerializer.Serialize(request)).EnumerateArray().Select(e => e.GetString()!).ToList();

    private static JsonElement Run(string script, string argument)
    {
        var peers = FindPeersDir();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Path.Combine(peers, "pdu"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(peers, "pdu", script));
        start.ArgumentList.Add(argument);
        start.Environment["NODE_PATH"] = Path.Combine(peers, "node_modules");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} did not finish within {Timeout}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node {script} failed ({process.ExitCode}): {stderr.Result}");
        }

        using var doc = JsonDocument.Parse(stdout.Result);
        return doc.RootElement.Clone();
    }

    private static string FindPeersDir()
    {
        var fromEnv = Environment.GetEnvironmentVariable("PEERS_DIR");
        var dir = !string.IsNullOrEmpty(fromEnv) ? fromEnv : WalkUp();
        if (dir is null || !Directory.Exists(Path.Combine(dir, "node_modules", "node-pdu")))
        {
            throw new InvalidOperationException(
                "node-pdu is not installed in tests/peers/node_modules: run ./test.sh (it runs `npm ci` in tests/peers), "
                + "or `cd tests/peers && npm ci`, and set PEERS_DIR if the tests run outside the repository.");
        }

        return dir;
    }

    private static string? WalkUp()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "tests", "peers");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        return null;
    }
}
