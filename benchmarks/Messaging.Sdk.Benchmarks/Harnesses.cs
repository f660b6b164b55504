namespace Messaging.Sdk.Benchmarks;

/// <summary>Throughput harnesses (not BenchmarkDotNet): each prints its figures and a ratio against a peer measured in the same run.</summary>
public static class Harnesses
{
    private static readonly Dictionary<string, Func<string[], Task<int>>> Registered = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registers a harness under a command name, e.g. <c>smtp-throughput</c>.</summary>
    public static void Register(string name, Func<string[], Task<int>> run) => Registered[name] = run;

    /// <summary>Runs the harness named by <paramref name="args"/>[0], or returns null to fall through to BenchmarkDotNet.</summary>
    public static async Task<int?> RunAsync(string[] args)
    {
        foreach (var type in typeof(Harnesses).Assembly.GetTypes())
        {
            if (type.GetMethod("RegisterHarness", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static) is { } m
                && m.GetParameters().Length == 0)
            {
                m.Invoke(null, null);
            }
        }

        if (args.Length > 0 && Registered.TryGetValue(args[0], out var run))
        {
            return await run(args[1..]).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] == "list")
        {
            Console.WriteLine("Harnesses: " + string.Join(", ", Registered.Keys.Order()));
            return 0;
        }

        return null;
    }
}
