using System.Text;
using System.Threading.Channels;
using Messaging.Sdk.GsmModem;
using Messaging.Sdk.Testing.GsmModem;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Messaging.Sdk.GsmModem.Tests;

internal static class TestSupport
{
    public static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);

    /// <summary>Advances fake time in steps until <paramref name="task"/> completes; bounded so a broken test fails instead of hanging.</summary>
    public static async Task AdvanceUntilAsync(this FakeTimeProvider time, Task task, TimeSpan step)
    {
        for (var i = 0; i < 2000 && !task.IsCompleted; i++)
        {
            time.Advance(step);
            await Task.WhenAny(task, Task.Delay(5));
        }

        task.IsCompleted.Should().BeTrue("the operation should complete once fake time passes");
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; bounded, so a condition that never comes fails the test.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string because)
    {
        using var cts = new CancellationTokenSource(Bounded);
        while (!condition())
        {
            cts.IsCancellationRequested.Should().BeFalse(because);
            await Task.Delay(10, CancellationToken.None);
        }
    }

    public static async Task<T> Within<T>(this Task<T> task) => await task.WaitAsync(Bounded);

    public static async Task Within(this Task task) => await task.WaitAsync(Bounded);
}

/// <summary>An AT engine connected to a VirtualModem over an in-memory link.</summary>
internal sealed class EngineOverVirtualModem : IAsyncDisposable
{
    private readonly Channel<AtUnsolicited> _unsolicited = Channel.CreateUnbounded<AtUnsolicited>();

    public EngineOverVirtualModem(FakeTimeProvider? time = null)
    {
        Time = time ?? new FakeTimeProvider();
        Modem = new VirtualModem(Time);
        var (client, modemEnd) = InMemoryDuplexStream.CreatePair();
        _ = Modem.RunAsync(modemEnd);
        Engine = new AtCommandEngine(client, Time, NullLogger.Instance, u => _unsolicited.Writer.TryWrite(u), "test");
        Engine.Start();
    }

    public FakeTimeProvider Time { get; }

    public VirtualModem Modem { get; }

    public AtCommandEngine Engine { get; }

    public Task<AtUnsolicited> NextUnsolicitedAsync() => _unsolicited.Reader.ReadAsync().AsTask().WaitAsync(TestSupport.Bounded);

    public bool TryGetUnsolicited(out AtUnsolicited? u) => _unsolicited.Reader.TryRead(out u);

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await Modem.DisposeAsync();
    }
}

/// <summary>An AT engine whose other end the test drives byte by byte.</summary>
internal sealed class EngineOverRawLink : IAsyncDisposable
{
    private readonly Channel<AtUnsolicited> _unsolicited = Channel.CreateUnbounded<AtUnsolicited>();
    private readonly StringBuilder _received = new();

    public EngineOverRawLink(FakeTimeProvider? time = null)
    {
        Time = time ?? new FakeTimeProvider();
        var (client, modemEnd) = InMemoryDuplexStream.CreatePair();
        ModemEnd = modemEnd;
        Engine = new AtCommandEngine(client, Time, NullLogger.Instance, u => _unsolicited.Writer.TryWrite(u), "raw");
        Engine.Start();
    }

    public FakeTimeProvider Time { get; }

    public InMemoryDuplexStream ModemEnd { get; }

    public AtCommandEngine Engine { get; }

    public Task SendAsync(string text) => ModemEnd.WriteAsync(Encoding.Latin1.GetBytes(text)).AsTask();

    public Task SendAsync(byte[] bytes) => ModemEnd.WriteAsync(bytes).AsTask();

    /// <summary>Reads what the engine wrote until it contains <paramref name="expected"/>; returns everything read so far.</summary>
    public async Task<string> ExpectAsync(string expected)
    {
        var buffer = new byte[256];
        using var cts = new CancellationTokenSource(TestSupport.Bounded);
        while (!_received.ToString().Contains(expected, StringComparison.Ordinal))
        {
            var n = await ModemEnd.ReadAsync(buffer, cts.Token);
            if (n == 0)
            {
                break;
            }

            _received.Append(Encoding.Latin1.GetString(buffer, 0, n));
        }

        var all = _received.ToString();
        all.Should().Contain(expected);
        var at = all.IndexOf(expected, StringComparison.Ordinal) + expected.Length;
        _received.Remove(0, at);
        return all[..at];
    }

    public Task<AtUnsolicited> NextUnsolicitedAsync() => _unsolicited.Reader.ReadAsync().AsTask().WaitAsync(TestSupport.Bounded);

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await ModemEnd.DisposeAsync();
    }
}
