using Messaging.Sdk;
using Messaging.Sdk.Smpp;
using Messaging.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmppLoad;

/// <summary>The whole tool: command line in, exit code out; output and errors go to the given writers.</summary>
internal sealed class LoadCommand(TextWriter output, TextWriter error)
{
    /// <summary>Adjusts the SMPP options after the command line set them (tests shorten timeouts).</summary>
    public Action<SmppOptions>? ConfigureSmpp { get; init; }

    /// <summary>Adds logging providers; none by default.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>How often progress is printed.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Runs the tool: 0 when every message has an outcome, 1 when one has none or the bind failed, 2 for a bad command line.</summary>
    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        LoadOptions options;
        try
        {
            options = LoadOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            await error.WriteLineAsync("Run with --help for usage.").ConfigureAwait(false);
            return 2;
        }

        if (options.Help)
        {
            await output.WriteLineAsync(LoadOptions.Usage).ConfigureAwait(false);
            return 0;
        }

        await using var smsc = options.Smpp is null
            ? await SmscSimulator.StartAsync(new SmscSimulatorOptions { RecordSubmissions = false, SendDeliveryReceipts = false }).ConfigureAwait(false)
            : null;
        // Only SmppUri.ToString() is printed: it leaves the password out.
        await output.WriteLineAsync(smsc is null
            ? $"SMSC: {options.Smpp}"
            : $"SMSC: no --smpp given, sending to an in-process SMSC simulator on {smsc.Host}:{smsc.Port}").ConfigureAwait(false);
        await output.WriteLineAsync($"{options.Count} messages, window {options.Window} x {options.Binds} bind(s), rate "
            + (options.Rate is null ? "unlimited" : $"{options.RatePerBind}/s per bind ({options.Rate}/s asked)")
            + (options.AtLeastOnce ? ", at least once" : ", at most once")).ConfigureAwait(false);

        var services = new ServiceCollection();
        services.AddLogging(b => ConfigureLogging?.Invoke(b));
        services.AddMessaging().AddSmpp(o =>
        {
            if (options.Smpp is { } uri)
            {
                uri.Configure(o);
            }
            else
            {
                (o.Host, o.Port, o.SystemId) = (smsc!.Host, smsc.Port, "smppload");
            }

            o.BindCount = options.Binds;
            o.WindowSize = options.Window;
            o.MaxMessagesPerSecond = options.RatePerBind;
            o.AtLeastOnce = options.AtLeastOnce;
            ConfigureSmpp?.Invoke(o);
        });

        await using var provider = services.BuildServiceProvider();
        ISmsSender sender;
        try
        {
            sender = provider.GetRequiredService<ISmsSender>();
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync($"--smpp: {ex.Message}").ConfigureAwait(false);
            return 2;
        }

        if (sender is SmppSmsSender smpp)
        {
            try
            {
                // Binding first keeps connect time out of the throughput figure.
                await smpp.ConnectAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MessagingException or OperationCanceledException)
            {
                await error.WriteLineAsync($"could not bind to {(object?)options.Smpp ?? "the simulator"}: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        }

        var summary = await new LoadRunner(sender, options, output) { ProgressInterval = ProgressInterval }.RunAsync(cancellationToken).ConfigureAwait(false);
        LoadRunner.WriteSummary(summary, output);
        var csv = new StreamWriter(options.OutcomesPath, append: false);
        await using (csv.ConfigureAwait(false))
        {
            await LoadRunner.WriteCsvAsync(summary, csv).ConfigureAwait(false);
        }

        await output.WriteLineAsync($"outcomes: {Path.GetFullPath(options.OutcomesPath)}").ConfigureAwait(false);
        return summary.WithoutOutcome == 0 ? 0 : 1;
    }
}
