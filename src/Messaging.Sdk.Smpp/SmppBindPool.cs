using Messaging.Sdk.Smpp.Session;
using Microsoft.Extensions.Logging;

namespace Messaging.Sdk.Smpp;

/// <summary>
/// Several binds behind one sender: each message goes to the bound sending link with the most free window slots (equal
/// links take turns; links that are re-binding are skipped). Receiver binds, when configured, only feed the inbound path and are never handed out for requests.
/// </summary>
internal sealed class SmppBindPool : IAsyncDisposable
{
    private readonly SmppBind[] _binds;
    private readonly SmppBind[] _receivers;
    private int _next = -1;
    private int _receiversStarted;

    public SmppBindPool(SmppOptions options, string senderName, TimeProvider timeProvider, ILogger logger, ISmppInboundHandler inbound)
    {
        // Said once per sender, as the SMTP sender does: a loopback SMSC (a local gateway, a test) is not worth a warning.
        if (!options.UseTls && !IsLoopback(options.Host))
        {
            SmppLog.NoTls(logger, senderName, options.Host, options.Port);
        }

        _binds = new SmppBind[options.BindCount];
        for (var i = 0; i < _binds.Length; i++)
        {
            _binds[i] = new SmppBind(options, senderName, timeProvider, logger, inbound, index: i);
        }

        _receivers = new SmppBind[options.ReceiverBinds];
        for (var i = 0; i < _receivers.Length; i++)
        {
            _receivers[i] = new SmppBind(options, senderName, timeProvider, logger, inbound, SmppBindMode.Receiver);
        }
    }

    /// <summary>The sending binds (transmitter or transceiver).</summary>
    public IReadOnlyList<SmppBind> Binds => _binds;

    /// <summary>The receive-only binds.</summary>
    public IReadOnlyList<SmppBind> Receivers => _receivers;

    public SmppBind Next()
    {
        // Sending binds open on first use; receivers are never used for a request, so the first use opens them too
        // (a receipt for the first message must have a link to arrive on).
        if (_receivers.Length > 0 && Volatile.Read(ref _receiversStarted) == 0)
        {
            StartReceivers();
        }

        if (_binds.Length == 1)
        {
            return _binds[0];
        }

        // Spread by load: the bound link with the most free window slots wins, so a slow, throttled or re-binding link
        // gets fewer messages. The scan starts one further each time, so equal links take turns.
        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)_binds.Length);
        SmppBind? best = null;
        var bestFree = -1;
        for (var i = 0; i < _binds.Length; i++)
        {
            var bind = _binds[(start + i) % _binds.Length];
            if (bind.Current is { } session && session.FreeSlots > bestFree)
            {
                best = bind;
                bestFree = session.FreeSlots;
            }
        }

        return best ?? _binds[start];
    }

    public void StartAll()
    {
        foreach (var bind in _binds)
        {
            bind.EnsureStarted();
        }

        StartReceivers();
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_binds.Concat(_receivers).Select(b => b.DisposeAsync().AsTask())).ConfigureAwait(false);
    }

    private void StartReceivers()
    {
        Volatile.Write(ref _receiversStarted, 1);
        foreach (var receiver in _receivers)
        {
            receiver.EnsureStarted();
        }
    }

    private static bool IsLoopback(string host)
        => string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
           || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));
}
