using BenchmarkDotNet.Running;

// BenchmarkDotNet micro-benchmarks: dotnet run -c Release --project benchmarks/Messaging.Sdk.Benchmarks -- --filter '*'
// Throughput harnesses that compare with a peer in the same run are selected by their first argument
// (see docs/performance.md); everything else goes to BenchmarkDotNet.
return await Messaging.Sdk.Benchmarks.Harnesses.RunAsync(args).ConfigureAwait(false) is { } code
    ? code
    : RunBenchmarkDotNet(args);

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Messaging.Sdk.Benchmarks.Harnesses).Assembly).Run(args);
    return 0;
}
