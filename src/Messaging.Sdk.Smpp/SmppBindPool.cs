using Messaging.Sdk.Smpp.Session;
using Microsoft.Extensions.Logging;

namespace Messaging.Sdk.Smpp;

/// <summary>Several binds behind one sender: each message goes to the next bound link (round robin, skipping links that are re-binding).</summary>
internal sealed class SmppBindPool : IAsyncDisposable
{
    private readonly SmppBind[] _binds;
    private int _next = -1;

    public SmppBindPool(SmppOptions options, string senderName, TimeProvider timeProvider, ILogger logger, ISmppInboundHandler inbound)
    {
        _binds = new SmppBind[options.BindCount];
        for (var i = 0; i < _binds.Length; i++)
        {
            _binds[i] = new SmppBind(options, senderName, timeProvider, logger, inbound);
        }
    }

    public IReadOnlyList<SmppBind> Binds => _binds;

    public SmppBind Next()
    {
        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)_binds.Length);
        for (var i = 0; i < _binds.Length; i++)
        {
            var bind = _binds[(start + i) % _binds.Length];
            if (bind.Current is not null)
            {
                return bind;
            }
        }

        return _binds[start];
    }

    public void StartAll()
    {
        foreach (var bind in _binds)
        {
            bind.EnsureStarted();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_binds.Select(b => b.DisposeAsync().AsTask())).ConfigureAwait(false);
    }
}
