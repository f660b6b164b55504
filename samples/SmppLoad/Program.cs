using Microsoft.Extensions.Logging;
using SmppLoad;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C stops launching new sends and lets the ones in flight finish; a second one kills the process.
    e.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
};

var command = new LoadCommand(Console.Out, Console.Error)
{
    ConfigureLogging = b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning),
};
return await command.RunAsync(args, stop.Token);
