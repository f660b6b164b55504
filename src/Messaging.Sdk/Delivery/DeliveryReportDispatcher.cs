using System.Buffers;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Messaging.Sdk.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Messaging.Sdk;

/// <summary>
/// Fans delivery reports and incoming messages out to the host: every <see cref="IDeliveryReportHandler"/> /
/// <see cref="IIncomingSmsHandler"/>, every stream reader, and (for reports) the message's callback URL.
/// Transports call <see cref="PublishAsync(DeliveryReport, Uri?, CancellationToken)"/> from their receive path:
/// handlers are awaited, callback POSTs run in the background so a slow web hook never stalls a link.
/// </summary>
/// <remarks>
/// <para>Handlers are resolved per dispatch from a new DI scope (so a scoped <c>DbContext</c> works and is disposed
/// after the dispatch) and run one after the other in registration order, because scoped services are rarely safe
/// to share between threads. At most <see cref="DeliveryReportOptions.MaxConcurrentHandlers"/> dispatches run handlers
/// at once; each handler has <see cref="DeliveryReportOptions.HandlerTimeout"/>.</para>
/// <para>Callback URLs come from whoever sent the message, so they pass <see cref="CallbackAddressGuard"/>: no
/// internal destinations unless allow-listed, no redirects, bounded time and response size.</para>
/// </remarks>
internal sealed partial class DeliveryReportDispatcher : IDeliveryReportSource, IAsyncDisposable, IDisposable
{
    internal const string HttpClientName = "Messaging.Sdk.DeliveryReports";

    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    private static readonly Counter<long> Dropped = MessagingTelemetry.Meter.CreateCounter<long>(
        "messaging.sdk.delivery.dropped", "{item}", "Reports or incoming messages a slow stream reader lost.");

    private static readonly Counter<long> CallbackFailures = MessagingTelemetry.Meter.CreateCounter<long>(
        "messaging.sdk.delivery.callback_failures", "{report}", "Delivery-report callbacks given up after every attempt.");

    private static readonly Counter<long> CallbackRefusals = MessagingTelemetry.Meter.CreateCounter<long>(
        "messaging.sdk.delivery.callback_refused", "{report}", "Delivery-report callbacks not sent because their destination is internal and not allow-listed, or not http(s).");

    private static readonly Counter<long> CallbackDrops = MessagingTelemetry.Meter.CreateCounter<long>(
        "messaging.sdk.delivery.callback_dropped", "{report}", "Delivery-report callbacks not started because MaxPendingCallbacks were already pending.");

    private static readonly Counter<long> HandlerFailures = MessagingTelemetry.Meter.CreateCounter<long>(
        "messaging.sdk.delivery.handler_failures", "{dispatch}", "Handler invocations that threw, timed out or found no free slot.");

    private readonly IServiceScopeFactory _scopeFactory;
    private readonly IHttpClientFactory? _httpClientFactory;
    private readonly TimeProvider _timeProvider;
    private readonly DeliveryReportOptions _options;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly List<Channel<DeliveryReport>> _reportReaders = [];
    private readonly List<Channel<IncomingSms>> _incomingReaders = [];
    private readonly HashSet<Task> _callbacks = [];
    private readonly CancellationTokenSource _shutdown = new();
    private readonly SemaphoreSlim _handlerSlots;
    private readonly CallbackAddressGuard _guard;
    private readonly Lazy<HttpClient> _fallbackClient;
    private readonly SemaphoreSlim _callbackSlots;
    private int _pendingCallbacks;
    private int _callbackSlotWaiters;
    private int _disposed;

    public DeliveryReportDispatcher(
        IServiceProvider services,
        IOptions<DeliveryReportOptions>? options = null,
        IHttpClientFactory? httpClientFactory = null,
        TimeProvider? timeProvider = null,
        ILogger<DeliveryReportDispatcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        _scopeFactory = services.GetRequiredService<IServiceScopeFactory>();
        _httpClientFactory = httpClientFactory;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _options = options?.Value ?? new DeliveryReportOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _handlerSlots = new SemaphoreSlim(_options.MaxConcurrentHandlers, _options.MaxConcurrentHandlers);
        _guard = new CallbackAddressGuard(_options);
        _callbackSlots = new SemaphoreSlim(_options.MaxConcurrentCallbacks, _options.MaxConcurrentCallbacks);

        // Without IHttpClientFactory (a dispatcher built by hand) the same guarded handler is used, so the
        // SSRF rules never depend on how the dispatcher was created.
        _fallbackClient = new(() => CreateClient(CallbackAddressGuard.CreateHandler(_options)));
    }

    /// <summary>Configures a callback client: no client-wide timeout, because each attempt has its own on the <see cref="TimeProvider"/>.</summary>
    internal static HttpClient CreateClient(HttpMessageHandler handler) => ConfigureClient(new HttpClient(handler));

    /// <summary>Applies the callback client settings to the named client of <see cref="IHttpClientFactory"/> too.</summary>
    internal static HttpClient ConfigureClient(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.Timeout = Timeout.InfiniteTimeSpan;
        return client;
    }

    /// <summary>Publishes a delivery report: handlers (awaited), stream readers, and a background POST to <paramref name="callbackUrl"/> when given.</summary>
    /// <returns><see langword="true"/> when every handler completed; <see langword="false"/> when one failed, so a transport that can
    /// ask its peer to deliver again (SMPP: a temporary error in deliver_sm_resp) does so instead of acknowledging.</returns>
    public async ValueTask<bool> PublishAsync(DeliveryReport report, Uri? callbackUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        Broadcast(_reportReaders, report);
        var handled = await DispatchAsync<IDeliveryReportHandler>((h, ct) => h.HandleAsync(report, ct), report.MessageId, cancellationToken).ConfigureAwait(false);
        if (callbackUrl is not null)
        {
            StartCallback(report, callbackUrl);
        }

        return handled;
    }

    /// <summary>Publishes an incoming message to handlers (awaited) and stream readers.</summary>
    /// <returns><see langword="true"/> when every handler completed; <see langword="false"/> when one failed.</returns>
    public async ValueTask<bool> PublishAsync(IncomingSms message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        Broadcast(_incomingReaders, message);
        return await DispatchAsync<IIncomingSmsHandler>((h, ct) => h.HandleAsync(message, ct), null, cancellationToken).ConfigureAwait(false);
    }

    public IAsyncEnumerable<DeliveryReport> ReadReportsAsync(CancellationToken cancellationToken = default)
        => ReadAsync(_reportReaders, cancellationToken);

    public IAsyncEnumerable<IncomingSms> ReadIncomingAsync(CancellationToken cancellationToken = default)
        => ReadAsync(_incomingReaders, cancellationToken);

    /// <summary>Waits for callbacks still in flight (bounded by their own timeouts), then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        // DI may dispose this instance twice: once as itself and once through the IDeliveryReportSource factory.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Task[] pending;
        lock (_gate)
        {
            pending = [.. _callbacks];
            foreach (var reader in _reportReaders)
            {
                reader.Writer.TryComplete();
            }

            foreach (var reader in _incomingReaders)
            {
                reader.Writer.TryComplete();
            }
        }

        try
        {
            // The grace period bounds the host's shutdown, so it runs on the wall clock even when tests fake time:
            // a fake clock that is never advanced must not hang the stop.
            await Task.WhenAll(pending).WaitAsync(ShutdownGrace, TimeProvider.System).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Remaining callbacks are cancelled below; each logs its own failure.
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        _shutdown.Dispose();
        if (_fallbackClient.IsValueCreated)
        {
            _fallbackClient.Value.Dispose();
        }
    }

    /// <summary>Ends the streams and waits (bounded) for callbacks, blocking: a host's synchronous <c>ServiceProvider.Dispose()</c> calls this.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Callbacks still running; for tests.</summary>
    internal Task WhenCallbacksIdleAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll([.. _callbacks]);
        }
    }

    /// <summary>Runs every handler of <typeparamref name="THandler"/> in a new scope, holding one handler slot.</summary>
    /// <returns>Whether every handler completed.</returns>
    private async ValueTask<bool> DispatchAsync<THandler>(Func<THandler, CancellationToken, ValueTask> invoke, string? messageId, CancellationToken cancellationToken)
        where THandler : class
    {
        var handled = true;
        var next = 0;
        while (true)
        {
            if (!await TryEnterSlotAsync(cancellationToken).ConfigureAwait(false))
            {
                HandlerFailures.Add(1);
                LogNoHandlerSlot(_logger, typeof(THandler).Name, _options.HandlerTimeout);
                return false;
            }

            AsyncServiceScope scope;
            try
            {
                scope = _scopeFactory.CreateAsyncScope();
            }
            catch (Exception ex)
            {
                // A disposed root provider (a host shutting down): nothing handled, and the slot is not lost.
                _handlerSlots.Release();
                HandlerFailures.Add(1);
                LogHandlersUnresolved(_logger, typeof(THandler).Name, ex);
                return false;
            }

            Task? abandoned = null;
            try
            {
                THandler[] handlers;
                try
                {
                    handlers = [.. scope.ServiceProvider.GetServices<THandler>()];
                }
                catch (Exception ex)
                {
                    // A handler whose dependencies cannot be built handles nothing; the transport must not acknowledge.
                    HandlerFailures.Add(1);
                    LogHandlersUnresolved(_logger, typeof(THandler).Name, ex);
                    return false;
                }

                while (next < handlers.Length && abandoned is null)
                {
                    var handler = handlers[next++];
                    (var completed, abandoned) = await RunHandlerAsync(handler, invoke, messageId, cancellationToken).ConfigureAwait(false);
                    handled &= completed;
                }

                if (abandoned is not null)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (next >= handlers.Length)
                {
                    return handled;
                }
            }
            finally
            {
                if (abandoned is null)
                {
                    await EndScopeAsync(scope).ConfigureAwait(false);
                }
                else
                {
                    // The overrunning handler may still use its scoped services: they (and its slot, so the bound
                    // counts handlers that really run) are released when it ends, and the next handlers get a new scope.
                    _ = ReleaseWhenDoneAsync(abandoned, scope);
                }
            }
        }
    }

    /// <summary>Runs one handler under <see cref="DeliveryReportOptions.HandlerTimeout"/>.</summary>
    /// <returns>Whether it completed, and the handler's task when it overran and is no longer awaited.</returns>
    private async ValueTask<(bool Completed, Task? Abandoned)> RunHandlerAsync<THandler>(
        THandler handler, Func<THandler, CancellationToken, ValueTask> invoke, string? messageId, CancellationToken cancellationToken)
        where THandler : class
    {
        var name = handler.GetType().Name;
        using var timeout = new CancellationTokenSource(_options.HandlerTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        Task task;
        try
        {
            task = invoke(handler, linked.Token).AsTask();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            HandlerFailures.Add(1);
            LogHandlerFailed(_logger, name, messageId ?? "(incoming)", ex);
            return (false, null);
        }

        try
        {
            await task.WaitAsync(linked.Token).ConfigureAwait(false);
            return (true, null);
        }
        catch (OperationCanceledException) when (!task.IsCompleted)
        {
            // Cancelled by the caller or past its timeout, and still running: the caller takes over its scope and
            // rethrows the caller's cancellation once the scope is handed on.
            HandlerFailures.Add(1);
            if (!cancellationToken.IsCancellationRequested)
            {
                LogHandlerTimedOut(_logger, name, messageId ?? "(incoming)", _options.HandlerTimeout);
            }

            return (false, task);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            HandlerFailures.Add(1);
            if (timeout.IsCancellationRequested)
            {
                LogHandlerTimedOut(_logger, name, messageId ?? "(incoming)", _options.HandlerTimeout);
            }
            else
            {
                LogHandlerFailed(_logger, name, messageId ?? "(incoming)", ex);
            }

            return (false, null);
        }
    }

    private async ValueTask<bool> TryEnterSlotAsync(CancellationToken cancellationToken)
    {
        if (_handlerSlots.Wait(0, CancellationToken.None))
        {
            return true;
        }

        using var timeout = new CancellationTokenSource(_options.HandlerTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await _handlerSlots.WaitAsync(linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Waits for a handler that is no longer awaited, then releases its scope and slot.</summary>
    private async Task ReleaseWhenDoneAsync(Task handler, AsyncServiceScope scope)
    {
        try
        {
            await handler.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Already reported as timed out or cancelled; its late end is only worth a trace.
            LogAbandonedHandlerEnded(_logger, ex.GetType().Name);
        }
        finally
        {
            await EndScopeAsync(scope).ConfigureAwait(false);
        }
    }

    /// <summary>Disposes a dispatch's scope and frees its slot; a scoped service that throws on disposal is logged, never rethrown into a transport.</summary>
    private async ValueTask EndScopeAsync(AsyncServiceScope scope)
    {
        try
        {
            await scope.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogScopeDisposeFailed(_logger, ex);
        }
        finally
        {
            _handlerSlots.Release();
        }
    }

    private void Broadcast<T>(List<Channel<T>> readers, T item)
    {
        lock (_gate)
        {
            foreach (var reader in readers)
            {
                if (reader.Reader.Count >= _options.StreamCapacity)
                {
                    Dropped.Add(1);
                }

                reader.Writer.TryWrite(item);
            }
        }
    }

    private async IAsyncEnumerable<T> ReadAsync<T>(List<Channel<T>> readers, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(_options.StreamCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            readers.Add(channel);
        }

        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var item))
                {
                    yield return item;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                readers.Remove(channel);
            }
        }
    }

    private void StartCallback(DeliveryReport report, Uri callbackUrl)
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            LogCallbackAfterDispose(_logger, Redact(callbackUrl), report.MessageId);
            return;
        }

        // Every pending callback holds its report and may live for all its attempts: a sender that points its
        // messages at a server that never answers must not make that set grow without bound.
        if (Interlocked.Increment(ref _pendingCallbacks) > _options.MaxPendingCallbacks)
        {
            Interlocked.Decrement(ref _pendingCallbacks);
            CallbackDrops.Add(1);
            LogCallbackDropped(_logger, Redact(callbackUrl), report.MessageId, _options.MaxPendingCallbacks);
            return;
        }

        var task = PostWithRetriesAsync(report, callbackUrl);
        lock (_gate)
        {
            _callbacks.Add(task);
        }

        _ = task.ContinueWith(
            t =>
            {
                lock (_gate)
                {
                    _callbacks.Remove(t);
                }

                Interlocked.Decrement(ref _pendingCallbacks);
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Callbacks parked until a <see cref="DeliveryReportOptions.MaxConcurrentCallbacks"/> slot is free; for tests.</summary>
    internal int CallbacksWaitingForASlot => Volatile.Read(ref _callbackSlotWaiters);

    private async Task PostWithRetriesAsync(DeliveryReport report, Uri callbackUrl)
    {
        var url = Redact(callbackUrl);

        // The URL check runs even when the host replaced the primary handler (and with it the connect-time guard).
        if (_guard.CheckUrl(callbackUrl) is { } refusal)
        {
            Refuse(url, report.MessageId, refusal);
            return;
        }

        // The first slot is taken on the publisher's thread when one is free, so a callback is either running or
        // visibly parked when PublishAsync returns; the work itself then moves off the transport's thread.
        if (!await EnterCallbackSlotAsync().ConfigureAwait(false))
        {
            return;
        }

        var holdsSlot = true;
        try
        {
            await Task.Yield();
            var body = DeliveryReportJson.Serialize(report);
            var delay = _options.CallbackRetryDelay;
            for (var attempt = 1; attempt <= _options.CallbackAttempts; attempt++)
            {
                var outcome = await PostOnceAsync(report, callbackUrl, url, body, attempt).ConfigureAwait(false);
                if (outcome == AttemptOutcome.Done)
                {
                    return;
                }

                if (outcome == AttemptOutcome.GiveUp || attempt == _options.CallbackAttempts)
                {
                    break;
                }

                // A callback waiting out its back-off does not hold a slot another callback could use.
                _callbackSlots.Release();
                holdsSlot = false;
                try
                {
                    await Task.Delay(delay, _timeProvider, _shutdown.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                if (!await EnterCallbackSlotAsync().ConfigureAwait(false))
                {
                    break;
                }

                holdsSlot = true;
                delay += delay;
            }

            CallbackFailures.Add(1);
            LogCallbackGaveUp(_logger, url, report.MessageId);
        }
        finally
        {
            if (holdsSlot)
            {
                _callbackSlots.Release();
            }
        }
    }

    private async ValueTask<bool> EnterCallbackSlotAsync()
    {
        if (_callbackSlots.Wait(0, CancellationToken.None))
        {
            return true;
        }

        Interlocked.Increment(ref _callbackSlotWaiters);
        try
        {
            await _callbackSlots.WaitAsync(_shutdown.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        finally
        {
            Interlocked.Decrement(ref _callbackSlotWaiters);
        }
    }

    private enum AttemptOutcome
    {
        /// <summary>Delivered, or refused by the guard (logged): nothing more to do.</summary>
        Done,

        /// <summary>Failed in a way another attempt could fix.</summary>
        Retry,

        /// <summary>Failed in a way another attempt cannot fix (a redirect, shutdown): give up now.</summary>
        GiveUp,
    }

    private async Task<AttemptOutcome> PostOnceAsync(DeliveryReport report, Uri callbackUrl, string url, byte[] body, int attempt)
    {
        try
        {
            // The attempt's timeout runs on the TimeProvider and covers connecting, the headers and the bounded body.
            using var timeout = new CancellationTokenSource(_options.CallbackTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token, timeout.Token);
            var client = _httpClientFactory is null ? _fallbackClient.Value : ConfigureClient(_httpClientFactory.CreateClient(HttpClientName));
            // HTTP/1.1 or 2 only: HTTP/3 runs over QUIC, which does not go through the guard's ConnectCallback.
            using var request = new HttpRequestMessage(HttpMethod.Post, callbackUrl)
            {
                Content = new ByteArrayContent(body),
                Version = HttpVersion.Version11,
                VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            await ReadBoundedAsync(response, _options.MaxCallbackResponseBytes, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                LogCallbackDelivered(_logger, url, report.MessageId, status);
                return AttemptOutcome.Done;
            }

            if (status is >= 300 and < 400)
            {
                // Following it would reach a destination nobody vetted; asking again gets the same answer.
                LogCallbackRedirectNotFollowed(_logger, url, status);
                return AttemptOutcome.GiveUp;
            }

            LogCallbackAttemptFailed(_logger, url, attempt, $"HTTP {status}", null);
            return AttemptOutcome.Retry;
        }
        catch (Exception ex) when (CallbackAddressGuard.IsRefusal(ex, out var reason))
        {
            Refuse(url, report.MessageId, reason);
            return AttemptOutcome.Done;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            if (_shutdown.IsCancellationRequested)
            {
                return AttemptOutcome.GiveUp;
            }

            LogCallbackAttemptFailed(_logger, url, attempt, ex is OperationCanceledException ? "timed out" : ex.GetType().Name, ex);
            return AttemptOutcome.Retry;
        }
    }

    private void Refuse(string url, string messageId, string reason)
    {
        CallbackRefusals.Add(1);
        LogCallbackRefused(_logger, url, messageId, reason);
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes of the body: a callback server cannot make the dispatcher hold
    /// or wait for more. The rest stays unread, and disposing the response then closes the connection.</summary>
    private static async Task ReadBoundedAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        if (limit == 0)
        {
            return;
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(limit, 4096));
            try
            {
                var total = 0;
                while (total < limit)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, limit - total)), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    total += read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Callback URLs may carry credentials in user-info or the query; log only scheme, host and path.</summary>
    internal static string Redact(Uri url) => CallbackUrlRedaction.Redact(url);

    [LoggerMessage(20, LogLevel.Error, "Delivery report handler {Handler} failed for message {MessageId}")]
    private static partial void LogHandlerFailed(ILogger logger, string handler, string messageId, Exception exception);

    [LoggerMessage(22, LogLevel.Warning, "Delivery report callback to {Url} failed (attempt {Attempt}): {Reason}")]
    private static partial void LogCallbackAttemptFailed(ILogger logger, string url, int attempt, string reason, Exception? exception);

    [LoggerMessage(23, LogLevel.Error, "Delivery report callback to {Url} for message {MessageId} given up after every attempt")]
    private static partial void LogCallbackGaveUp(ILogger logger, string url, string messageId);

    [LoggerMessage(24, LogLevel.Warning, "Delivery report callback to {Url} for message {MessageId} refused: {Reason}; allow-list it in Messaging:DeliveryReports if it is meant")]
    private static partial void LogCallbackRefused(ILogger logger, string url, string messageId, string reason);

    [LoggerMessage(25, LogLevel.Warning, "Delivery report callback to {Url} answered HTTP {Status}; redirects are not followed, the callback is given up")]
    private static partial void LogCallbackRedirectNotFollowed(ILogger logger, string url, int status);

    [LoggerMessage(26, LogLevel.Debug, "Delivery report callback to {Url} for message {MessageId} answered HTTP {Status}")]
    private static partial void LogCallbackDelivered(ILogger logger, string url, string messageId, int status);

    [LoggerMessage(27, LogLevel.Error, "{Handler} for message {MessageId} did not finish within {Timeout}; it is no longer awaited and the dispatch counts as not handled")]
    private static partial void LogHandlerTimedOut(ILogger logger, string handler, string messageId, TimeSpan timeout);

    [LoggerMessage(28, LogLevel.Error, "No {HandlerType} slot became free within {Timeout} (MaxConcurrentHandlers are busy); the dispatch counts as not handled")]
    private static partial void LogNoHandlerSlot(ILogger logger, string handlerType, TimeSpan timeout);

    [LoggerMessage(29, LogLevel.Error, "The {HandlerType} handlers could not be resolved from a new scope; the dispatch counts as not handled")]
    private static partial void LogHandlersUnresolved(ILogger logger, string handlerType, Exception exception);

    [LoggerMessage(31, LogLevel.Error, "Delivery report callback to {Url} for message {MessageId} not sent: {Max} callbacks are already pending (MaxPendingCallbacks)")]
    private static partial void LogCallbackDropped(ILogger logger, string url, string messageId, int max);

    [LoggerMessage(32, LogLevel.Warning, "Delivery report callback to {Url} for message {MessageId} not sent: the dispatcher is stopping")]
    private static partial void LogCallbackAfterDispose(ILogger logger, string url, string messageId);

    [LoggerMessage(33, LogLevel.Warning, "Disposing a handler scope failed")]
    private static partial void LogScopeDisposeFailed(ILogger logger, Exception exception);

    [LoggerMessage(30, LogLevel.Debug, "A handler that was no longer awaited ended with {Exception}")]
    private static partial void LogAbandonedHandlerEnded(ILogger logger, string exception);
}
