using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Messaging.Sdk.Tests.Delivery;

/// <summary>Records what the dispatcher logs, so a test asserts a refusal or a failure through its log event instead of waiting to see that nothing happened.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly List<(int EventId, LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(int EventId, LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public IEnumerable<string> Messages(int eventId) => Entries.Where(e => e.EventId == eventId).Select(e => e.Message);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
        {
            _entries.Add((eventId.Id, logLevel, formatter(state, exception)));
        }
    }
}

/// <summary>The dispatcher's log event ids, as the tests read them.</summary>
internal static class DispatcherEvents
{
    public const int HandlerFailed = 20;
    public const int CallbackAttemptFailed = 22;
    public const int CallbackGaveUp = 23;
    public const int CallbackRefused = 24;
    public const int RedirectNotFollowed = 25;
    public const int CallbackDelivered = 26;
    public const int HandlerTimedOut = 27;
    public const int NoHandlerSlot = 28;
    public const int HandlersUnresolved = 29;
    public const int CallbackDropped = 31;
}

/// <summary>One HTTP request as a <see cref="LoopbackHttpServer"/> read it.</summary>
internal sealed record ReceivedRequest(string Method, string Target, string Body);

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 (the only address tests may use), written on a TcpListener so that a test
/// controls the answer byte by byte: a status with headers, a body that never ends, or no answer at all.
/// </summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<ReceivedRequest, NetworkStream, CancellationToken, Task> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ReceivedRequest> _requests = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly Task _loop;

    public LoopbackHttpServer(Func<ReceivedRequest, NetworkStream, CancellationToken, Task> respond)
    {
        _respond = respond;
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri Url(string path = "/dlr") => new($"http://127.0.0.1:{Port}{path}");

    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Completes when the next request has been read; bounded so a broken test fails instead of hanging.</summary>
    public async Task WaitForRequestAsync() => (await _arrived.WaitAsync(TimeSpan.FromSeconds(20))).Should().BeTrue("the request should arrive");

    public static Task Answer(NetworkStream stream, string statusLine, string headers = "", string body = "")
    {
        var bytes = Encoding.ASCII.GetBytes($"HTTP/1.1 {statusLine}\r\n{headers}Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}");
        return stream.WriteAsync(bytes).AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                connections.Add(ServeAsync(client));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        await Task.WhenAll(connections).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream, _stop.Token);
                lock (_requests)
                {
                    _requests.Add(request);
                }

                _arrived.Release();
                await _respond(request, stream, _stop.Token);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    private static async Task<ReceivedRequest> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new IOException("The client closed before the request ended.");
            }

            head.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n");
        var start = lines[0].Split(' ');
        var length = lines.Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, cancellationToken);
        return new ReceivedRequest(start[0], start[1], Encoding.UTF8.GetString(body));
    }
}

/// <summary>A listening socket that never accepts: a connection attempt would complete into its backlog, so
/// <see cref="TcpListener.Pending"/> tells afterwards whether anybody connected, without waiting.</summary>
internal sealed class SilentListener : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public SilentListener() => _listener.Start();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public bool SomebodyConnected => _listener.Pending();

    public void Dispose() => _listener.Stop();
}

/// <summary>A FakeTimeProvider that tells when a timer with a given due time is created, so a test advances the clock
/// exactly when the code under test is waiting (a back-off, a timeout) instead of polling on the wall clock.</summary>
internal sealed class TimerWatchingTimeProvider : Microsoft.Extensions.Time.Testing.FakeTimeProvider
{
    private readonly List<(TimeSpan DueTime, TaskCompletionSource Created)> _watches = [];

    /// <summary>Completes when the next timer due in <paramref name="dueTime"/> has been created.</summary>
    public Task WhenTimerCreated(TimeSpan dueTime)
    {
        var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_watches)
        {
            _watches.Add((dueTime, created));
        }

        return created.Task;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_watches)
        {
            var index = _watches.FindIndex(w => w.DueTime == dueTime);
            if (index >= 0)
            {
                _watches[index].Created.TrySetResult();
                _watches.RemoveAt(index);
            }
        }

        return timer;
    }
}
