using System.Text;
using Microsoft.Extensions.Logging;

namespace Messaging.Sdk.GsmModem;

/// <summary>Runs AT commands one at a time over a stream: frames lines, separates echo, intermediate lines, final result codes and
/// unsolicited result codes (even inside a response), handles the <c>&gt; </c> prompt, and enforces per-command timeouts.</summary>
/// <remarks>
/// After a timeout the modem may still answer the abandoned command, so before the next command the engine resynchronises:
/// it sends ESC (leaving a pending message prompt) and <c>AT+CMEE?</c>, and takes only the OK that follows a <c>+CMEE:</c> line,
/// which a late answer to another command cannot be. If that fails too the modem is hung (<see cref="GsmModemErrorKind.Hung"/>).
/// </remarks>
internal sealed partial class AtCommandEngine : IAsyncDisposable
{
    private const byte CtrlZ = 0x1A;
    private const byte Escape = 0x1B;
    private const string ResyncCommand = "AT+CMEE?";

    /// <summary>The longest line kept. The longest a modem sends is a PDU in hex (at most 176 octets with the SMSC field, 352
    /// characters) or a text-mode message: a stream without CR/LF beyond this is noise, and must not grow memory without bound.</summary>
    internal const int MaxLineLength = 4096;

    private readonly Stream _stream;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Action<AtUnsolicited> _onUnsolicited;
    private readonly SemaphoreSlim _commandLock = new(1, 1);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly StringBuilder _line = new();
    private Pending? _pending;
    private string? _twoLineHeader;
    private Task _readLoop = Task.CompletedTask;
    private Exception? _fault;
    private volatile bool _needsResync;
    private long _garbageBytes;
    private bool _discardingLine;

    public AtCommandEngine(Stream stream, TimeProvider timeProvider, ILogger logger, Action<AtUnsolicited> onUnsolicited, string name = "modem")
    {
        _stream = stream;
        _timeProvider = timeProvider;
        _logger = logger;
        _onUnsolicited = onUnsolicited;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Set when the read loop ended (the port closed or failed); every later command fails with it.</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>Bytes dropped as line noise (control characters, NULs, lines longer than <see cref="MaxLineLength"/>) since the engine started.</summary>
    public long GarbageBytes => Interlocked.Read(ref _garbageBytes);

    public void Start() => _readLoop = Task.Run(ReadLoopAsync);

    /// <summary>Runs one command and returns its response, whatever its final result code.</summary>
    /// <exception cref="GsmModemException">Timeout, hung modem, or the port closed.</exception>
    public Task<AtResponse> ExecuteAsync(string command, TimeSpan timeout, CancellationToken cancellationToken = default)
        => RunExclusiveAsync(command, input: null, timeout, timeout, displayCommand: null, cancellationToken);

    /// <summary>Runs a command that takes message input after the <c>&gt; </c> prompt (AT+CMGS, AT+CMGW), ending it with Ctrl-Z.</summary>
    public Task<AtResponse> ExecuteWithInputAsync(string command, string input, TimeSpan promptTimeout, TimeSpan timeout, CancellationToken cancellationToken = default)
        => RunExclusiveAsync(command, input, promptTimeout, timeout, displayCommand: null, cancellationToken);

    /// <summary>Runs a command whose text must not be logged or shown (AT+CPIN="1234"); <paramref name="displayCommand"/> is used instead.</summary>
    public Task<AtResponse> ExecuteSecretAsync(string command, string displayCommand, TimeSpan timeout, CancellationToken cancellationToken = default)
        => RunExclusiveAsync(command, input: null, timeout, timeout, displayCommand, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation when we stop it.
        }

        Fail(new GsmModemException($"The connection to modem '{Name}' was closed.") { Kind = GsmModemErrorKind.ChannelClosed, IsTransient = true });
        _stop.Dispose();
        _commandLock.Dispose();
    }

    private async Task<AtResponse> RunExclusiveAsync(string command, string? input, TimeSpan promptTimeout, TimeSpan timeout, string? displayCommand, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        await _commandLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfFaulted();
            if (_needsResync)
            {
                await ResyncAsync(timeout, cancellationToken).ConfigureAwait(false);
            }

            return await RunAsync(command, input, promptTimeout, timeout, displayCommand, accept: null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _commandLock.Release();
        }
    }

    private async Task ResyncAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        LogResync(_logger, Name);
        try
        {
            await WriteAsync(new byte[] { Escape }, cancellationToken).ConfigureAwait(false);
            var response = await RunAsync(
                ResyncCommand,
                input: null,
                timeout,
                timeout,
                displayCommand: null,
                accept: r => r.ValueOf("+CMEE:") is not null,
                cancellationToken).ConfigureAwait(false);
            _needsResync = !response.IsOk;
        }
        catch (GsmModemException ex) when (ex.Kind == GsmModemErrorKind.Timeout)
        {
            throw new GsmModemException($"Modem '{Name}' stopped answering: even {ResyncCommand} timed out after {timeout.TotalSeconds:0.###} s.", ex)
            {
                Kind = GsmModemErrorKind.Hung,
                IsTransient = true,
                Command = ResyncCommand,
            };
        }

        if (_needsResync)
        {
            throw new GsmModemException($"Modem '{Name}' could not be resynchronised.") { Kind = GsmModemErrorKind.Hung, IsTransient = true, Command = ResyncCommand };
        }
    }

    private async Task<AtResponse> RunAsync(
        string command,
        string? input,
        TimeSpan promptTimeout,
        TimeSpan timeout,
        string? displayCommand,
        Func<AtResponse, bool>? accept,
        CancellationToken cancellationToken)
    {
        var shown = displayCommand ?? command;
        var pending = new Pending(command, AtLineClassifier.ResponsePrefix(command), input is not null, accept);
        lock (_gate)
        {
            _pending = pending;
        }

        var requestWritten = false;
        try
        {
            LogCommand(_logger, Name, shown);
            await WriteAsync(Encoding.ASCII.GetBytes(command + "\r"), cancellationToken).ConfigureAwait(false);
            if (input is not null)
            {
                var first = await WaitAsync(Task.WhenAny(pending.Prompt.Task, pending.Response.Task), promptTimeout, shown, false, cancellationToken).ConfigureAwait(false);
                if (first == pending.Response.Task)
                {
                    return await pending.Response.Task.ConfigureAwait(false);
                }

                // The prompt may have come before the caller cancelled was noticed (WaitAsync returns a completed task as is):
                // a cancelled send must not write its message now.
                cancellationToken.ThrowIfCancellationRequested();
                var payload = new byte[input.Length + 1];
                Encoding.ASCII.GetBytes(input, payload);
                payload[^1] = CtrlZ;
                requestWritten = true;
                await WriteAsync(payload, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                requestWritten = true;
            }

            await WaitAsync(pending.Response.Task, timeout, shown, requestWritten, cancellationToken).ConfigureAwait(false);
            return await pending.Response.Task.ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (requestWritten && input is not null && !pending.Response.Task.IsCompleted)
        {
            // The message input is out: the modem may be sending it now. The caller gave up waiting, but what happened to
            // the message is unknown, which a bare OperationCanceledException would hide (and a retry would re-send it).
            Abandon(pending);
            throw new GsmModemException($"Waiting for the answer to {shown} was cancelled after the message was written to modem '{Name}'; it may have been sent.", ex)
            {
                Kind = GsmModemErrorKind.Cancelled,
                Command = shown,
                RequestWritten = true,
            };
        }
        catch (GsmModemException ex) when (requestWritten && input is not null && !ex.RequestWritten)
        {
            // Writing the message input failed part-way (the port went): the modem may have read it all, Ctrl-Z included.
            Abandon(pending);
            throw new GsmModemException(ex.Message, ex)
            {
                Kind = ex.Kind,
                IsTransient = ex.IsTransient,
                Command = shown,
                NativeCode = ex.NativeCode,
                RequestWritten = true,
            };
        }
        catch (Exception ex) when (ex is OperationCanceledException or GsmModemException)
        {
            lock (_gate)
            {
                if (_pending == pending)
                {
                    _pending = null;
                }
            }

            if (!pending.Response.Task.IsCompleted)
            {
                _needsResync = true;
                if (input is not null && !requestWritten)
                {
                    // Leave the message prompt so the modem does not take the next command as message text.
                    await TryWriteAsync(new byte[] { Escape }).ConfigureAwait(false);
                }
            }

            throw;
        }
    }

    private void Abandon(Pending pending)
    {
        lock (_gate)
        {
            if (_pending == pending)
            {
                _pending = null;
            }
        }

        // The late answer (+CMGS or an error) must not be taken for the next command's.
        _needsResync = true;
    }

    private async Task<Task> WaitAsync(Task task, TimeSpan timeout, string shown, bool requestWritten, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(timeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            ThrowIfFaulted();
            LogTimeout(_logger, Name, shown, timeout.TotalSeconds);
            throw new GsmModemException($"Modem '{Name}' did not answer {shown} within {timeout.TotalSeconds:0.###} s.")
            {
                Kind = GsmModemErrorKind.Timeout,
                IsTransient = true,
                Command = shown,
                RequestWritten = requestWritten,
            };
        }

        return task is Task<Task> whenAny ? await whenAny.ConfigureAwait(false) : task;
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        ThrowIfFaulted();
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            var fault = new GsmModemException($"Writing to modem '{Name}' failed: {ex.Message}", ex) { Kind = GsmModemErrorKind.ChannelClosed, IsTransient = true };
            Fail(fault);
            throw fault;
        }
    }

    private async Task TryWriteAsync(byte[] bytes)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1), _timeProvider);
            await _stream.WriteAsync(bytes, cts.Token).ConfigureAwait(false);
            await _stream.FlushAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // Best effort: if the port is gone the resync before the next command reports it.
        }
    }

    private void ThrowIfFaulted()
    {
        if (Fault is { } fault)
        {
            throw fault as GsmModemException
                ?? new GsmModemException($"Modem '{Name}' is disconnected: {fault.Message}", fault) { Kind = GsmModemErrorKind.ChannelClosed, IsTransient = true };
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[1024];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var read = await _stream.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    Fail(new GsmModemException($"Modem '{Name}' closed the connection.") { Kind = GsmModemErrorKind.ChannelClosed, IsTransient = true });
                    return;
                }

                Process(buffer.AsSpan(0, read));
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped by DisposeAsync.
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            Fail(new GsmModemException($"Reading from modem '{Name}' failed: {ex.Message}", ex) { Kind = GsmModemErrorKind.ChannelClosed, IsTransient = true });
        }
    }

    /// <summary>Feeds received bytes through the line framer; internal so framing can be tested byte by byte.</summary>
    internal void Process(ReadOnlySpan<byte> bytes)
    {
        List<AtUnsolicited>? unsolicited = null;
        foreach (var b in bytes)
        {
            if (b is (byte)'\r' or (byte)'\n')
            {
                if (_discardingLine)
                {
                    // The end of an overlong line: what follows is framed again.
                    _discardingLine = false;
                    continue;
                }

                if (_line.Length > 0)
                {
                    var line = _line.ToString().Trim();
                    _line.Clear();
                    if (line.Length > 0)
                    {
                        HandleLine(line, ref unsolicited);
                    }
                }

                continue;
            }

            if (b < 0x20 || b == 0x7F)
            {
                // NULs, stray Ctrl-Z and other control bytes are line noise (modem power-up, baud mismatch); drop them.
                Interlocked.Increment(ref _garbageBytes);
                continue;
            }

            if (_discardingLine)
            {
                Interlocked.Increment(ref _garbageBytes);
                continue;
            }

            if (_line.Length >= MaxLineLength)
            {
                // Dropped whole, up to the next CR/LF: a truncated line could be mistaken for a response or a PDU.
                Interlocked.Add(ref _garbageBytes, _line.Length + 1);
                _line.Clear();
                _discardingLine = true;
                LogLineTooLong(_logger, Name, MaxLineLength);
                continue;
            }

            _line.Append((char)b);
        }

        if (_line.Length is 1 or 2 && _line[0] == '>' && (_line.Length == 1 || _line[1] == ' '))
        {
            lock (_gate)
            {
                if (_pending is { ExpectsPrompt: true } p && p.Prompt.TrySetResult())
                {
                    _line.Clear();
                }
            }
        }

        if (unsolicited is not null)
        {
            foreach (var u in unsolicited)
            {
                LogUnsolicited(_logger, Name, u.Name);
                try
                {
                    _onUnsolicited(u);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    LogUnsolicitedHandlerFailed(_logger, Name, u.Name, ex);
                }
            }
        }
    }

    private void HandleLine(string line, ref List<AtUnsolicited>? unsolicited)
    {
        lock (_gate)
        {
            if (_twoLineHeader is { } header)
            {
                _twoLineHeader = null;
                (unsolicited ??= []).Add(new AtUnsolicited(header, line));
                return;
            }

            var p = _pending;
            if (p is not null && string.Equals(line, p.Command, StringComparison.OrdinalIgnoreCase))
            {
                return; // echo (ATE1, or the ATE0 command itself)
            }

            if (AtLineClassifier.TryParseFinal(line, out var final, out var code))
            {
                if (p is null)
                {
                    LogStrayFinal(_logger, Name, line);
                    return;
                }

                var response = new AtResponse(p.Command, final, code, line, [.. p.Lines]);
                if (p.Accept is not null && !p.Accept(response))
                {
                    p.Lines.Clear();
                    return;
                }

                _pending = null;
                p.Response.TrySetResult(response);
                return;
            }

            if (p?.ResponsePrefix is { } prefix && line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                p.Lines.Add(line);
                return;
            }

            if (AtLineClassifier.IsTwoLine(line))
            {
                _twoLineHeader = line;
                return;
            }

            if (AtLineClassifier.IsUnsolicited(line) || p is null)
            {
                (unsolicited ??= []).Add(new AtUnsolicited(line));
                return;
            }

            p.Lines.Add(line);
        }
    }

    private void Fail(Exception fault)
    {
        Pending? pending;
        lock (_gate)
        {
            _fault ??= fault;
            pending = _pending;
            _pending = null;
        }

        if (pending is not null)
        {
            pending.Response.TrySetException(fault);
            pending.Prompt.TrySetException(fault);
            _ = pending.Prompt.Task.Exception; // observed: the prompt task is only awaited by commands that take input
        }
    }

    [LoggerMessage(100, LogLevel.Trace, "Modem '{Modem}' <- {Command}")]
    private static partial void LogCommand(ILogger logger, string modem, string command);

    [LoggerMessage(101, LogLevel.Warning, "Modem '{Modem}' did not answer {Command} within {Seconds} s")]
    private static partial void LogTimeout(ILogger logger, string modem, string command, double seconds);

    [LoggerMessage(102, LogLevel.Debug, "Modem '{Modem}': final result '{Line}' outside any command (late answer to an abandoned one) ignored")]
    private static partial void LogStrayFinal(ILogger logger, string modem, string line);

    [LoggerMessage(103, LogLevel.Debug, "Modem '{Modem}' -> unsolicited {Name}")]
    private static partial void LogUnsolicited(ILogger logger, string modem, string name);

    [LoggerMessage(104, LogLevel.Error, "Modem '{Modem}': the handler of unsolicited {Name} failed")]
    private static partial void LogUnsolicitedHandlerFailed(ILogger logger, string modem, string name, Exception exception);

    [LoggerMessage(106, LogLevel.Warning, "Modem '{Modem}' sent a line longer than {Max} characters; it is dropped up to the next line end")]
    private static partial void LogLineTooLong(ILogger logger, string modem, int max);

    [LoggerMessage(105, LogLevel.Information, "Modem '{Modem}': resynchronising after a timeout")]
    private static partial void LogResync(ILogger logger, string modem);

    private sealed class Pending(string command, string? responsePrefix, bool expectsPrompt, Func<AtResponse, bool>? accept)
    {
        public string Command { get; } = command;

        public string? ResponsePrefix { get; } = responsePrefix;

        public bool ExpectsPrompt { get; } = expectsPrompt;

        public Func<AtResponse, bool>? Accept { get; } = accept;

        public List<string> Lines { get; } = [];

        public TaskCompletionSource<AtResponse> Response { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Prompt { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
