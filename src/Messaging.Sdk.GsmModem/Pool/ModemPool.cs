using Microsoft.Extensions.Logging;

namespace Messaging.Sdk.GsmModem;

/// <summary>Several modems behind one sender: sends go to the ready modem with the fewest messages in flight; a modem that hangs or
/// loses its port is taken out and re-initialised in the background with exponential back-off until it comes back.</summary>
internal sealed partial class ModemPool : IAsyncDisposable
{
    private readonly IReadOnlyList<ModemConnection> _modems;
    private readonly GsmModemOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<ModemConnection, Task> _recovering = [];
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private bool _started;
    private int _roundRobin;
    private int _disposed;

    public ModemPool(IReadOnlyList<ModemConnection> modems, GsmModemOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _modems = modems;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public IReadOnlyList<ModemConnection> Modems => _modems;

    public IReadOnlyList<ModemHealth> Health => [.. _modems.Select(m => m.Health)];

    /// <summary>Initialises every modem once (in parallel); those that fail are re-initialised in the background.</summary>
    /// <exception cref="GsmModemException">No modem could be initialised.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _startLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_started)
            {
                return;
            }

            var results = await Task.WhenAll(_modems.Select(async m =>
            {
                try
                {
                    await m.InitializeAsync(cancellationToken).ConfigureAwait(false);
                    return null;
                }
                catch (MessagingException ex)
                {
                    TakeOut(m, ex);
                    return ex;
                }
            })).ConfigureAwait(false);
            _started = true;

            if (results.All(r => r is not null))
            {
                var first = results[0]!;
                throw new GsmModemException(
                    $"No modem could be initialised: {string.Join(" ", results.Select(r => r!.Message))}", first)
                {
                    Kind = GsmModemErrorKind.NotReady,
                    IsTransient = results.Any(r => r!.IsTransient),
                    NativeCode = first.NativeCode,
                };
            }
        }
        finally
        {
            _startLock.Release();
        }
    }

    /// <summary>Picks the ready modem with the fewest messages in flight and counts one more on it; dispose the lease when done.</summary>
    /// <param name="needsPduMode">The message cannot go in text mode: prefer a ready modem in PDU mode over a less busy one in
    /// text mode (if none is, a text-mode modem is still returned so that the caller can reject the message with the reason).</param>
    /// <exception cref="GsmModemException">No modem is ready (transient: a background re-initialisation may bring one back).</exception>
    public Lease Acquire(bool needsPduMode = false)
    {
        lock (_gate)
        {
            ModemConnection? best = null;
            var start = _roundRobin++;
            for (var i = 0; i < _modems.Count; i++)
            {
                var candidate = _modems[(int)((uint)(start + i) % (uint)_modems.Count)];
                if (candidate.State == ModemState.Ready && (best is null || IsBetter(candidate, best, needsPduMode)))
                {
                    best = candidate;
                }
            }

            if (best is null)
            {
                throw new GsmModemException($"No modem is ready ({string.Join(", ", _modems.Select(m => $"{m.Name}: {m.State}{(m.LastError is null ? string.Empty : " - " + m.LastError)}"))}).")
                {
                    Kind = GsmModemErrorKind.NotReady,
                    IsTransient = true,
                };
            }

            best.Enter();
            return new Lease(best);
        }
    }

    private static bool IsBetter(ModemConnection candidate, ModemConnection best, bool needsPduMode)
        => needsPduMode && candidate.UsesPduMode != best.UsesPduMode
            ? candidate.UsesPduMode
            : candidate.InFlight < best.InFlight;

    /// <summary>Reports a failure seen while using a modem: a hang or a lost port takes it out for background re-initialisation.</summary>
    public void ReportFailure(ModemConnection modem, GsmModemException failure)
    {
        if (failure.Kind is GsmModemErrorKind.Hung or GsmModemErrorKind.ChannelClosed)
        {
            TakeOut(modem, failure);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // DI disposes the sender once as itself and once as the keyed ISmsSender that resolves to it.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        Task[] recovering;
        lock (_gate)
        {
            recovering = [.. _recovering.Values];
        }

        await Task.WhenAll(recovering).ConfigureAwait(false);
        foreach (var modem in _modems)
        {
            await modem.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
        _startLock.Dispose();
    }

    private void TakeOut(ModemConnection modem, Exception reason)
    {
        modem.MarkFaulted(reason);
        lock (_gate)
        {
            if (_stop.IsCancellationRequested || _recovering.ContainsKey(modem))
            {
                return;
            }

            LogTakenOut(_logger, modem.Name, reason.Message);
            _recovering[modem] = Task.Run(() => RecoverAsync(modem, _stop.Token), CancellationToken.None);
        }
    }

    private async Task RecoverAsync(ModemConnection modem, CancellationToken cancellationToken)
    {
        var delay = _options.ReinitializeDelay;
        try
        {
            for (var attempt = 1; !cancellationToken.IsCancellationRequested; attempt++)
            {
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                try
                {
                    await modem.InitializeAsync(cancellationToken).ConfigureAwait(false);
                    LogBack(_logger, modem.Name, attempt);
                    return;
                }
                catch (MessagingException ex)
                {
                    LogRecoveryFailed(_logger, modem.Name, attempt, ex.Message);
                }

                var doubled = delay + delay;
                delay = doubled > _options.MaxReinitializeDelay ? _options.MaxReinitializeDelay : doubled;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The pool is shutting down.
        }
        finally
        {
            lock (_gate)
            {
                _recovering.Remove(modem);
            }
        }
    }

    [LoggerMessage(140, LogLevel.Warning, "Modem '{Modem}' taken out of the pool: {Reason}")]
    private static partial void LogTakenOut(ILogger logger, string modem, string reason);

    [LoggerMessage(141, LogLevel.Information, "Modem '{Modem}' is back in the pool after {Attempts} re-initialisation attempt(s)")]
    private static partial void LogBack(ILogger logger, string modem, int attempts);

    [LoggerMessage(142, LogLevel.Warning, "Modem '{Modem}': re-initialisation attempt {Attempt} failed: {Reason}")]
    private static partial void LogRecoveryFailed(ILogger logger, string modem, int attempt, string reason);

    /// <summary>One send's hold on a modem.</summary>
    internal readonly struct Lease(ModemConnection modem) : IDisposable
    {
        public ModemConnection Modem { get; } = modem;

        public void Dispose() => Modem.Leave();
    }
}
