using System.Globalization;
using System.Text;
using Messaging.Sdk;

namespace SmppLoad;

/// <summary>One message's fate. <see cref="Outcome"/> is Accepted, Rejected or Unknown, or <c>NoOutcome</c> when the send threw or never ran.</summary>
internal sealed record LoadOutcome(int Index, string Text, string Outcome, IReadOnlyList<string> MessageIds, int? NativeCode, string? Detail)
{
    public const string NoOutcome = "NoOutcome";

    public const string CsvHeader = "index,text,outcome,message_ids,native_status,detail";

    public bool HasOutcome => Outcome != NoOutcome;

    public string NativeStatus => NativeCode is { } code ? "0x" + code.ToString("X8", CultureInfo.InvariantCulture) : string.Empty;

    public string ToCsv()
        => string.Join(',', Index.ToString(CultureInfo.InvariantCulture), Csv(Text), Outcome, Csv(string.Join(' ', MessageIds)), NativeStatus, Csv(Detail ?? string.Empty));

    private static string Csv(string field)
        => field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>What a run did.</summary>
internal sealed record LoadSummary(IReadOnlyList<LoadOutcome> Outcomes, TimeSpan Elapsed)
{
    public int Accepted => Outcomes.Count(o => o.Outcome == nameof(SendStatus.Accepted));

    public int Rejected => Outcomes.Count(o => o.Outcome == nameof(SendStatus.Rejected));

    public int Unknown => Outcomes.Count(o => o.Outcome == nameof(SendStatus.Unknown));

    public int WithoutOutcome => Outcomes.Count(o => !o.HasOutcome);

    public double MessagesPerSecond => Elapsed > TimeSpan.Zero ? Outcomes.Count(o => o.HasOutcome) / Elapsed.TotalSeconds : 0;
}

/// <summary>Sends <see cref="LoadOptions.Count"/> messages with at most window x binds in flight, printing progress once a second.</summary>
internal sealed class LoadRunner(ISmsSender sender, LoadOptions options, TextWriter progress, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private long _sent;
    private long _accepted;
    private long _rejected;
    private long _unknown;
    private long _failed;

    /// <summary>How often progress is printed.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Runs the load; every index from 0 to Count - 1 gets exactly one <see cref="LoadOutcome"/>, in index order.</summary>
    public async Task<LoadSummary> RunAsync(CancellationToken cancellationToken = default)
    {
        var outcomes = new LoadOutcome?[options.Count];
        // The client queues sends beyond its windows itself; this gate keeps the queue (and memory) to what can be in flight.
        using var gate = new SemaphoreSlim(options.Window * options.Binds);
        using var stopProgress = new CancellationTokenSource();
        var started = _time.GetTimestamp();
        var progressLoop = ReportProgressAsync(started, stopProgress.Token);
        var sends = new List<Task>(options.Count);
        for (var i = 0; i < options.Count; i++)
        {
            try
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            sends.Add(SendOneAsync(i, outcomes, gate, cancellationToken));
        }

        await Task.WhenAll(sends).ConfigureAwait(false);
        var elapsed = _time.GetElapsedTime(started);
        await stopProgress.CancelAsync().ConfigureAwait(false);
        await progressLoop.ConfigureAwait(false);

        for (var i = 0; i < outcomes.Length; i++)
        {
            outcomes[i] ??= new LoadOutcome(i, options.TextOf(i), LoadOutcome.NoOutcome, [], null, "not sent: cancelled");
        }

        return new LoadSummary(outcomes!, elapsed);
    }

    /// <summary>Writes the header and one line per message.</summary>
    public static async Task WriteCsvAsync(LoadSummary summary, TextWriter csv)
    {
        await csv.WriteLineAsync(LoadOutcome.CsvHeader).ConfigureAwait(false);
        foreach (var outcome in summary.Outcomes)
        {
            await csv.WriteLineAsync(outcome.ToCsv()).ConfigureAwait(false);
        }

        await csv.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Writes the totals, with the rejections grouped by native status.</summary>
    public static void WriteSummary(LoadSummary summary, TextWriter output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"done: {summary.Outcomes.Count} messages in {summary.Elapsed.TotalSeconds:0.00} s, {summary.MessagesPerSecond:0} messages/s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Accepted {summary.Accepted}, Rejected {summary.Rejected}, Unknown {summary.Unknown}, no outcome {summary.WithoutOutcome}"));
        foreach (var group in summary.Outcomes.Where(o => o.Outcome == nameof(SendStatus.Rejected)).GroupBy(o => (o.NativeStatus, o.Detail)).OrderByDescending(g => g.Count()))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  rejected {group.Key.NativeStatus} {group.Key.Detail}: {group.Count()}"));
        }

        foreach (var group in summary.Outcomes.Where(o => !o.HasOutcome).GroupBy(o => o.Detail).OrderByDescending(g => g.Count()).Take(5))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  no outcome: {group.Key}: {group.Count()}"));
        }
    }

    private async Task SendOneAsync(int index, LoadOutcome?[] outcomes, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        var text = options.TextOf(index);
        try
        {
            Interlocked.Increment(ref _sent);
            var result = await sender.SendAsync(new SmsMessage { From = options.From, To = options.To, Text = text }, cancellationToken).ConfigureAwait(false);
            switch (result.Status)
            {
                case SendStatus.Accepted: Interlocked.Increment(ref _accepted); break;
                case SendStatus.Rejected: Interlocked.Increment(ref _rejected); break;
                default: Interlocked.Increment(ref _unknown); break;
            }

            outcomes[index] = new LoadOutcome(index, text, result.Status.ToString(), result.SegmentIds, result.NativeCode, result.NativeText);
        }
        catch (Exception ex)
        {
            // A throw means the SDK could not account for the message (no bind, cancelled before writing): it has no outcome.
            Interlocked.Increment(ref _failed);
            outcomes[index] = new LoadOutcome(index, text, LoadOutcome.NoOutcome, [], null, ex.GetType().Name + ": " + ex.Message);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task ReportProgressAsync(long started, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ProgressInterval, _time);
        long lastDone = 0;
        var last = started;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var (accepted, rejected, unknown, failed) = (Interlocked.Read(ref _accepted), Interlocked.Read(ref _rejected), Interlocked.Read(ref _unknown), Interlocked.Read(ref _failed));
                var done = accepted + rejected + unknown + failed;
                var now = _time.GetTimestamp();
                var seconds = _time.GetElapsedTime(last, now).TotalSeconds;
                var line = new StringBuilder();
                line.Append(CultureInfo.InvariantCulture,
                    $"[{_time.GetElapsedTime(started, now).TotalSeconds,6:0.0} s] sent {Interlocked.Read(ref _sent)}, accepted {accepted}, rejected {rejected}, unknown {unknown}");
                if (failed > 0)
                {
                    line.Append(CultureInfo.InvariantCulture, $", no outcome {failed}");
                }

                line.Append(CultureInfo.InvariantCulture, $", {(seconds > 0 ? (done - lastDone) / seconds : 0):0} messages/s");
                progress.WriteLine(line.ToString());
                (lastDone, last) = (done, now);
            }
        }
        catch (OperationCanceledException)
        {
            // The run finished.
        }
    }
}
