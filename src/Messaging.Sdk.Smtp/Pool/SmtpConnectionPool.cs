using Microsoft.Extensions.Logging;

namespace Messaging.Sdk.Smtp.Pool;

/// <summary>Up to <see cref="SmtpOptions.MaxConnections"/> authenticated connections, each used by one send at a time.</summary>
/// <remarks>
/// MailKit's SmtpClient is not thread-safe and has no pool. A slot semaphore bounds the connections in use,
/// and a connection is opened only when no idle one is left, so idle plus in-use never exceeds the maximum.
/// Idle connections are reused last-in-first-out (hot ones stay hot, the rest age out); one idle longer than
/// <see cref="SmtpOptions.NoopAfterIdle"/> is checked with NOOP, one older than <see cref="SmtpOptions.IdleTimeout"/>
/// or past <see cref="SmtpOptions.MaxMessagesPerConnection"/> is closed with QUIT. A timer closes idle connections
/// nobody came back for.
/// </remarks>
internal sealed class SmtpConnectionPool : IAsyncDisposable
{
    private readonly SmtpOptions _options;
    private readonly SmtpConnector _connector;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly Stack<SmtpConnection> _idle = new();
    private readonly Lock _gate = new();
    private readonly ITimer _pruneTimer;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _open;
    private int _opened;
    private int _inFlight;
    private volatile bool _disposed;

    public SmtpConnectionPool(SmtpOptions options, SmtpConnector connector, TimeProvider timeProvider, ILogger logger)
    {
        _options = options;
        _connector = connector;
        _timeProvider = timeProvider;
        _logger = logger;
        _slots = new SemaphoreSlim(options.MaxConnections, options.MaxConnections);
        var period = options.IdleTimeout / 2;
        _pruneTimer = timeProvider.CreateTimer(_ => _ = PruneAsync(), null, period, period);
    }

    /// <summary>Connections open now (idle or in use).</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>Connections opened since the pool was created.</summary>
    public int ConnectionsOpened => Volatile.Read(ref _opened);

    /// <summary>Connections waiting in the pool.</summary>
    public int IdleConnections
    {
        get
        {
            lock (_gate)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>Takes a connection: an idle one that is still good, or a new one. Return it with <see cref="ReturnAsync"/>.</summary>
    /// <param name="forceNew">Skip idle connections (used after a reused one turned out to be dead).</param>
    /// <param name="cancellationToken">Cancels the wait and the connect.</param>
    public async Task<SmtpConnection> RentAsync(bool forceNew, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // Counted from here, so that disposing waits for a send that is still waiting for its connection too.
        Interlocked.Increment(ref _inFlight);
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            EndInFlight();
            throw;
        }

        try
        {
            while (!forceNew && TryPopIdle(out var connection))
            {
                if (await IsReusableAsync(connection, cancellationToken).ConfigureAwait(false))
                {
                    connection.Reused = true;
                    return connection;
                }
            }

            var fresh = await _connector.ConnectAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _open);
            Interlocked.Increment(ref _opened);
            SmtpLog.ConnectionOpened(_logger, _options.Host, _options.EffectivePort, OpenConnections);
            return fresh;
        }
        catch
        {
            _slots.Release();
            EndInFlight();
            throw;
        }
    }

    /// <summary>Gives a connection back; it goes back to the idle list when <paramref name="reusable"/> and still good, else it is closed.</summary>
    public async Task ReturnAsync(SmtpConnection connection, bool reusable)
    {
        try
        {
            connection.LastUsedTimestamp = _timeProvider.GetTimestamp();
            if (reusable && !_disposed && connection.Client.IsConnected && connection.Messages < _options.MaxMessagesPerConnection)
            {
                lock (_gate)
                {
                    if (!_disposed)
                    {
                        _idle.Push(connection);
                        return;
                    }
                }
            }

            await CloseAsync(connection, quit: connection.Client.IsConnected).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
            EndInFlight();
        }
    }

    /// <summary>Closes every idle connection with QUIT, then waits up to <see cref="SmtpOptions.ShutdownTimeout"/> for the
    /// sends in flight: each connection is closed when its send gives it back, so a message in the middle of DATA is not
    /// cut off. New rents are refused from the start.</summary>
    public async ValueTask DisposeAsync()
    {
        List<SmtpConnection> idle;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }

        await _pruneTimer.DisposeAsync().ConfigureAwait(false);
        await Task.WhenAll(idle.Select(c => CloseAsync(c, quit: true))).ConfigureAwait(false);

        // Interlocked read: a full fence after _disposed was set, so a send ending now either sees _disposed or is counted here.
        if (Interlocked.CompareExchange(ref _inFlight, 0, 0) == 0)
        {
            _drained.TrySetResult();
        }

        try
        {
            await _drained.Task.WaitAsync(_options.ShutdownTimeout, _timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            SmtpLog.ShutdownWithSendsInFlight(_logger, _options.Host, Volatile.Read(ref _inFlight), _options.ShutdownTimeout);
        }
    }

    /// <summary>Sends (rented or waiting for a connection) that have not ended; for tests.</summary>
    internal int InFlight => Volatile.Read(ref _inFlight);

    private void EndInFlight()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && _disposed)
        {
            _drained.TrySetResult();
        }
    }

    private bool TryPopIdle(out SmtpConnection connection)
    {
        lock (_gate)
        {
            return _idle.TryPop(out connection!);
        }
    }

    private async Task<bool> IsReusableAsync(SmtpConnection connection, CancellationToken cancellationToken)
    {
        var idle = _timeProvider.GetElapsedTime(connection.LastUsedTimestamp);
        if (!connection.Client.IsConnected || idle >= _options.IdleTimeout || connection.Messages >= _options.MaxMessagesPerConnection)
        {
            await CloseAsync(connection, quit: connection.Client.IsConnected).ConfigureAwait(false);
            return false;
        }

        if (idle < _options.NoopAfterIdle)
        {
            return true;
        }

        try
        {
            using var deadline = new CancellationTokenSource(_options.CommandTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            await connection.Client.NoOpAsync(linked.Token).ConfigureAwait(false);
            return true;
        }
#pragma warning disable CA1031 // Whatever the probe hit, this connection is done: it is dropped, and only a caller's cancellation propagates.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            SmtpLog.StaleConnection(_logger, _options.Host, ex.GetType().Name);
            await CloseAsync(connection, quit: false).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return false;
        }
    }

    private async Task CloseAsync(SmtpConnection connection, bool quit)
    {
        try
        {
            if (quit && connection.Client.IsConnected)
            {
                using var deadline = new CancellationTokenSource(_options.CommandTimeout, _timeProvider);
                await connection.Client.DisconnectAsync(quit: true, deadline.Token).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // QUIT is a courtesy: whatever goes wrong, the connection is dropped below.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            SmtpLog.QuitFailed(_logger, _options.Host, ex.GetType().Name);
        }
        finally
        {
            connection.Client.Dispose();
            var open = Interlocked.Decrement(ref _open);
            SmtpLog.ConnectionClosed(_logger, _options.Host, _options.EffectivePort, open);
        }
    }

    private async Task PruneAsync()
    {
        var expired = new List<SmtpConnection>();
        lock (_gate)
        {
            if (_disposed || _idle.Count == 0)
            {
                return;
            }

            var keep = new List<SmtpConnection>();
            while (_idle.TryPop(out var c))
            {
                // Take a slot for each connection closed so that a renter cannot open a new one past the limit meanwhile.
                if (_timeProvider.GetElapsedTime(c.LastUsedTimestamp) >= _options.IdleTimeout && _slots.Wait(0))
                {
                    expired.Add(c);
                }
                else
                {
                    keep.Add(c);
                }
            }

            for (var i = keep.Count - 1; i >= 0; i--)
            {
                _idle.Push(keep[i]);
            }
        }

        foreach (var connection in expired)
        {
            try
            {
                await CloseAsync(connection, quit: true).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }
        }
    }
}
