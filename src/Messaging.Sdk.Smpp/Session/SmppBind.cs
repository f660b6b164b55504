using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Messaging.Sdk.Smpp.Session;

/// <summary>
/// One logical bind that heals itself: connects (TCP or TLS), binds, and after a drop re-binds with exponential
/// back-off driven by <see cref="TimeProvider"/>. Callers ask for the current <see cref="SmppSession"/>.
/// </summary>
internal sealed class SmppBind : IAsyncDisposable
{
    private readonly SmppOptions _options;
    private readonly string _senderName;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ISmppInboundHandler? _inbound;
    private readonly Func<Socket, CancellationToken, ValueTask>? _connectSocket;
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _gate = new();
    private TaskCompletionSource<SmppSession> _ready = NewReady();
    private SmppSession? _current;
    private Task? _loop;

    public SmppBind(SmppOptions options, string senderName, TimeProvider timeProvider, ILogger logger, ISmppInboundHandler? inbound, SmppBindMode? mode = null, int index = 0,
        Func<Socket, CancellationToken, ValueTask>? connectSocket = null)
    {
        // A seam for tests: connects the socket instead of Socket.ConnectAsync to Host:Port.
        _connectSocket = connectSocket;
        // A sender's extra receiver binds share every option but the mode.
        Mode = mode ?? options.BindMode;
        _options = options;
        _senderName = senderName;
        _time = timeProvider;
        _logger = logger;
        _inbound = inbound;
        Pacer = SubmitPacer.For(options, timeProvider, senderName, index, logger);
    }

    public SubmitPacer Pacer { get; }

    /// <summary>How this link binds.</summary>
    public SmppBindMode Mode { get; }

    /// <summary>The bound session, or <see langword="null"/> while (re)connecting.</summary>
    public SmppSession? Current => Volatile.Read(ref _current) is { IsOpen: true } s ? s : null;

    /// <summary>How many times a bind succeeded; a value above 1 means the bind healed after a drop.</summary>
    public int BindCount { get; private set; }

    /// <summary>Returns the bound session, connecting on first use; waits at most the connect timeout.</summary>
    /// <exception cref="MessagingAuthenticationException">The SMSC refused the credentials.</exception>
    /// <exception cref="MessagingTransportException">No bound link within the connect timeout.</exception>
    public async ValueTask<SmppSession> GetSessionAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        while (true)
        {
            if (Current is { } session)
            {
                return session;
            }

            EnsureStarted();
            Task<SmppSession> ready;
            lock (_gate)
            {
                // A link that closed a moment ago may still be the completed result: wait for the next one instead of spinning on it.
                if (_ready.Task.IsCompletedSuccessfully && !_ready.Task.Result.IsOpen)
                {
                    _ready = NewReady();
                }

                ready = _ready.Task;
            }

            var remaining = _options.ConnectTimeout - _time.GetElapsedTime(started);
            try
            {
                session = await ready.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException ex)
            {
                throw new MessagingTransportException($"No SMPP link to {_options.Host}:{_options.Port} could be bound within {_options.ConnectTimeout}.", ex) { IsTransient = true };
            }

            if (session.IsOpen)
            {
                return session;
            }
        }
    }

    public void EnsureStarted()
    {
        lock (_gate)
        {
            _loop ??= Task.Run(RunAsync);
        }
    }

    private static TaskCompletionSource<SmppSession> NewReady() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task RunAsync()
    {
        var delay = _options.ReconnectDelay;
        var endpoint = $"{_options.Host}:{_options.Port}";
        while (!_stopping.IsCancellationRequested)
        {
            SmppSession? session = null;
            try
            {
                session = await ConnectAsync(_stopping.Token).ConfigureAwait(false);
                Volatile.Write(ref _current, session);
                if (++BindCount > 1)
                {
                    SmppMetrics.Rebinds.Add(1, SmppMetrics.Sender(_senderName));
                }

                SmppLog.Bound(_logger, _senderName, endpoint, Mode, _options.SystemId, session.SmscSystemId);
                lock (_gate)
                {
                    _ready.TrySetResult(session);
                }

                delay = _options.ReconnectDelay;
                await session.Closed.WaitAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Any failure, expected (refused, reset, timed out) or not (a bug, a certificate callback that throws), ends
                // in a back-off and a new attempt: a bind that stopped healing would fail every later send.
                SmppLog.BindFailed(_logger, _senderName, endpoint, delay, ex);

                // Waiters learn about a refused login now rather than after the connect timeout.
                if (ex is MessagingAuthenticationException)
                {
                    TaskCompletionSource<SmppSession> failed;
                    lock (_gate)
                    {
                        failed = _ready;
                        _ready = NewReady();
                    }

                    failed.TrySetException(ex);
                }
            }

            lock (_gate)
            {
                if (_ready.Task.IsCompleted)
                {
                    _ready = NewReady();
                }
            }

            if (session is not null)
            {
                try
                {
                    await session.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    SmppLog.BindFailed(_logger, _senderName, endpoint, delay, ex);
                }
            }

            try
            {
                await Task.Delay(delay, _time, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
        }
    }

    private async Task<SmppSession> ConnectAsync(CancellationToken cancellationToken)
    {
        // The deadline runs on the TimeProvider like every other delay, so that a fake clock drives it in tests.
        using var deadline = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream stream;
        try
        {
            if (_connectSocket is null)
            {
                await socket.ConnectAsync(_options.Host, _options.Port, timeout.Token).ConfigureAwait(false);
            }
            else
            {
                await _connectSocket(socket, timeout.Token).ConfigureAwait(false);
            }

            stream = new NetworkStream(socket, ownsSocket: true);
            if (_options.UseTls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                var tls = TlsOptions(_options, _senderName, _logger);
                await ssl.AuthenticateAsClientAsync(tls, timeout.Token).ConfigureAwait(false);
                stream = ssl;
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var session = new SmppSession(stream, _options, _senderName, _time, _logger, _inbound, $"{_options.Host}:{_options.Port}", Mode);
        session.Start();
        try
        {
            await session.BindAsync(timeout.Token).ConfigureAwait(false);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return session;
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        var session = Volatile.Read(ref _current);
        if (session is not null)
        {
            await session.UnbindAsync().ConfigureAwait(false);
            await session.DisposeAsync().ConfigureAwait(false);
        }

        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        lock (_gate)
        {
            _ready.TrySetException(new ObjectDisposedException(nameof(SmppBind)));
        }

        _stopping.Dispose();
    }

    /// <summary>The TLS handshake settings: the host name checked against the certificate, revocation checked online unless
    /// <see cref="SmppOptions.CheckCertificateRevocation"/> is off, and validation skipped only when code asked for it.</summary>
    internal static SslClientAuthenticationOptions TlsOptions(SmppOptions options, string senderName, ILogger logger)
    {
        var tls = new SslClientAuthenticationOptions
        {
            TargetHost = options.Host,
            CertificateRevocationCheckMode = options.CheckCertificateRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck,
        };
        if (options.AllowUntrustedCertificate)
        {
            SmppLog.CertificateValidationDisabled(logger, senderName);
#pragma warning disable CA5359 // Opt-in in code (DangerouslyAcceptAnyServerCertificate) for test SMSCs with self-signed certificates; logged as a warning above.
            tls.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        return tls;
    }
}
