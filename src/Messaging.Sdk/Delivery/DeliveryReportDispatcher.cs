using System.Diagnostics.Metrics;
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
internal sealed partial class DeliveryReportDispatcher : IDeliveryReportSource, IAsyncDisposable, IDisposable
{
    internal const string HttpClientName = "Messaging.Sdk.DeliveryReports";

    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    private static readonly Counter<long> Dropped = MessagingTelemetry.Meter.CreateCounter<long>(
        "messaging.sdk.delivery.dropped", "{item}", "Reports or incoming messages a slow stream reader lost.");

    private static readonly Counter<long> CallbackFailures = MessagingTelemetry.Meter.CreateCounter<long>(
        "messaging.sdk.delivery.callback_failures", "{report}", "Delivery-report callbacks given up after every attempt.");

    private readonly IServiceProvider _services;
    private readonly IHttpClientFactory? _httpClientFactory;
    private readonly TimeProvider _timeProvider;
    private readonly DeliveryReportOptions _options;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly List<Channel<DeliveryReport>> _reportReaders = [];
    private readonly List<Channel<IncomingSms>> _incomingReaders = [];
    private readonly HashSet<Task> _callbacks = [];
    private readonly CancellationTokenSource _shutdown = new();
    private int _disposed;

    public DeliveryReportDispatcher(
        IServiceProvider services,
        IOptions<DeliveryReportOptions>? options = null,
        IHttpClientFactory? httpClientFactory = null,
        TimeProvider? timeProvider = null,
        ILogger<DeliveryReportDispatcher>? logger = null)
    {
        _services = services;
        _httpClientFactory = httpClientFactory;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _options = options?.Value ?? new DeliveryReportOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Publishes a delivery report: handlers (awaited), stream readers, and a background POST to <paramref name="callbackUrl"/> when given.</summary>
    /// <returns><see langword="true"/> when every handler completed; <see langword="false"/> when one failed, so a transport that can
    /// ask its peer to deliver again (SMPP: a temporary error in deliver_sm_resp) does so instead of acknowledging.</returns>
    public async ValueTask<bool> PublishAsync(DeliveryReport report, Uri? callbackUrl, CancellationToken cancellationToken = default)
    {
        var handled = true;
        ArgumentNullException.ThrowIfNull(report);
        Broadcast(_reportReaders, report);
        foreach (var handler in _services.GetServices<IDeliveryReportHandler>())
        {
            try
            {
                await handler.HandleAsync(report, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogHandlerFailed(_logger, handler.GetType().Name, report.MessageId, ex);
                handled = false;
            }
        }

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
        var handled = true;
        ArgumentNullException.ThrowIfNull(message);
        Broadcast(_incomingReaders, message);
        foreach (var handler in _services.GetServices<IIncomingSmsHandler>())
        {
            try
            {
                await handler.HandleAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogIncomingHandlerFailed(_logger, handler.GetType().Name, ex);
                handled = false;
            }
        }

        return handled;
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
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task PostWithRetriesAsync(DeliveryReport report, Uri callbackUrl)
    {
        await Task.Yield();
        var body = DeliveryReportJson.Serialize(report);
        var delay = _options.CallbackRetryDelay;
        for (var attempt = 1; attempt <= _options.CallbackAttempts; attempt++)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
                timeout.CancelAfter(_options.CallbackTimeout);
                var client = _httpClientFactory?.CreateClient(HttpClientName) ?? SharedClient.Value;
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                using var response = await client.PostAsync(callbackUrl, content, timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                LogCallbackAttemptFailed(_logger, Redact(callbackUrl), attempt, $"HTTP {(int)response.StatusCode}", null);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                if (_shutdown.IsCancellationRequested)
                {
                    break;
                }

                LogCallbackAttemptFailed(_logger, Redact(callbackUrl), attempt, ex.GetType().Name, ex);
            }

            if (attempt < _options.CallbackAttempts)
            {
                try
                {
                    await Task.Delay(delay, _timeProvider, _shutdown.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                delay += delay;
            }
        }

        CallbackFailures.Add(1);
        LogCallbackGaveUp(_logger, Redact(callbackUrl), report.MessageId);
    }

    /// <summary>Callback URLs may carry credentials in user-info or the query; log only scheme, host and path.</summary>
    private static string Redact(Uri url) => url.GetLeftPart(UriPartial.Path).Replace(url.UserInfo + "@", string.Empty, StringComparison.Ordinal);

    private static readonly Lazy<HttpClient> SharedClient = new(() => new HttpClient());

    [LoggerMessage(20, LogLevel.Error, "Delivery report handler {Handler} failed for message {MessageId}")]
    private static partial void LogHandlerFailed(ILogger logger, string handler, string messageId, Exception exception);

    [LoggerMessage(21, LogLevel.Error, "Incoming SMS handler {Handler} failed")]
    private static partial void LogIncomingHandlerFailed(ILogger logger, string handler, Exception exception);

    [LoggerMessage(22, LogLevel.Warning, "Delivery report callback to {Url} failed (attempt {Attempt}): {Reason}")]
    private static partial void LogCallbackAttemptFailed(ILogger logger, string url, int attempt, string reason, Exception? exception);

    [LoggerMessage(23, LogLevel.Error, "Delivery report callback to {Url} for message {MessageId} given up after every attempt")]
    private static partial void LogCallbackGaveUp(ILogger logger, string url, string messageId);
}
