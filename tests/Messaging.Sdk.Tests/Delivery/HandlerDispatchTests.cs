using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Messaging.Sdk.Tests.Delivery;

/// <summary>
/// Handlers are resolved the way .NET apps expect: per dispatch from a new scope (ValidateScopes on, as in a
/// Development host), one handler's failure or overrun isolated from the others, and a bound on how many run at once.
/// </summary>
public sealed class HandlerDispatchTests
{
    private static readonly DeliveryReport Report = new() { MessageId = "42", State = DeliveryState.Delivered };
    private static readonly IncomingSms Incoming = new() { From = "+46708251358", Text = "STOP" };

    [Fact]
    public async Task ScopedHandler_WithAScopedDependency_GetsAFreshScopePerDispatch_DisposedAfterIt()
    {
        var seen = new ScopedLedger();
        await using var sp = Build(s => s
            .AddSingleton(seen)
            .AddScoped<FakeDbContext>()
            .AddScoped<IDeliveryReportHandler, ScopedReportHandler>()
            .AddScoped<IIncomingSmsHandler, ScopedIncomingHandler>());
        var dispatcher = sp.GetRequiredService<DeliveryReportDispatcher>();

        (await dispatcher.PublishAsync(Report, null)).Should().BeTrue();
        (await dispatcher.PublishAsync(Report, null)).Should().BeTrue();
        (await dispatcher.PublishAsync(Incoming)).Should().BeTrue();

        seen.Contexts.Should().HaveCount(3);
        seen.Contexts.Distinct().Should().HaveCount(3, "each dispatch resolves its handlers in a new scope");
        seen.Contexts.Should().OnlyContain(c => c.Disposed, "the scope ends with the dispatch");
    }

    [Fact]
    public async Task OneHandlerThrowing_DoesNotStopTheOthers_AndPublishReturnsFalse()
    {
        var seen = new ScopedLedger();
        await using var sp = Build(s => s
            .AddSingleton(seen)
            .AddScoped<FakeDbContext>()
            .AddScoped<IDeliveryReportHandler, ThrowingHandler>()
            .AddScoped<IDeliveryReportHandler, ScopedReportHandler>()
            .AddScoped<IIncomingSmsHandler, ThrowingHandler>()
            .AddScoped<IIncomingSmsHandler, ScopedIncomingHandler>());
        var dispatcher = sp.GetRequiredService<DeliveryReportDispatcher>();

        (await dispatcher.PublishAsync(Report, null)).Should().BeFalse();
        (await dispatcher.PublishAsync(Incoming)).Should().BeFalse();

        seen.Contexts.Should().HaveCount(2, "the handler after the throwing one still ran, for the report and the incoming message");
    }

    [Fact]
    public async Task HandlerWhoseDependencyCannotBeBuilt_MakesPublishReturnFalse_InsteadOfThrowing()
    {
        await using var sp = Build(s => s.AddScoped<IDeliveryReportHandler>(_ => throw new InvalidOperationException("no connection string")));
        var log = sp.GetRequiredService<CapturingLogger<DeliveryReportDispatcher>>();

        (await sp.GetRequiredService<DeliveryReportDispatcher>().PublishAsync(Report, null)).Should().BeFalse();

        log.Messages(DispatcherEvents.HandlersUnresolved).Should().ContainSingle();
    }

    [Fact]
    public async Task Handlers_RunAtMostMaxConcurrentHandlersAtOnce()
    {
        var gate = new GatedHandler();
        await using var sp = Build(s => s.AddSingleton<IDeliveryReportHandler>(gate).AddSingleton<IIncomingSmsHandler>(gate), o => o.MaxConcurrentHandlers = 2);
        var dispatcher = sp.GetRequiredService<DeliveryReportDispatcher>();

        // Each call runs synchronously until its handler waits on the gate, or until it waits for a slot.
        var dispatches = Enumerable.Range(0, 5).Select(i => i % 2 == 0 ? dispatcher.PublishAsync(Report, null).AsTask() : dispatcher.PublishAsync(Incoming).AsTask()).ToList();
        gate.Entered.Should().Be(2, "two slots: the other three dispatches wait for one");
        dispatches.Should().OnlyContain(t => !t.IsCompleted);

        gate.Open();
        (await Task.WhenAll(dispatches).WaitAsync(TimeSpan.FromSeconds(20))).Should().OnlyContain(handled => handled);

        gate.Entered.Should().Be(5);
        gate.MaxConcurrent.Should().Be(2);
    }

    [Fact]
    public async Task HandlerThatNeverReturns_IsAbandonedAfterHandlerTimeout_AndTheNextHandlerStillRuns()
    {
        var time = new FakeTimeProvider();
        var stuck = new StuckHandler();
        var seen = new ScopedLedger();
        await using var sp = Build(
            s => s.AddSingleton<TimeProvider>(time)
                  .AddSingleton(seen)
                  .AddSingleton(stuck)
                  .AddScoped<FakeDbContext>()
                  .AddScoped<IDeliveryReportHandler, StuckScopedHandler>()
                  .AddScoped<IDeliveryReportHandler, ScopedReportHandler>(),
            o => o.HandlerTimeout = TimeSpan.FromSeconds(30));
        var log = sp.GetRequiredService<CapturingLogger<DeliveryReportDispatcher>>();

        var publish = sp.GetRequiredService<DeliveryReportDispatcher>().PublishAsync(Report, null).AsTask();
        publish.IsCompleted.Should().BeFalse("the first handler has not returned");
        time.Advance(TimeSpan.FromSeconds(29));
        publish.IsCompleted.Should().BeFalse("the timeout has not passed yet");
        time.Advance(TimeSpan.FromSeconds(1));

        (await publish.WaitAsync(TimeSpan.FromSeconds(20))).Should().BeFalse();
        stuck.Token.IsCancellationRequested.Should().BeTrue("the overrunning handler is told to stop");
        log.Messages(DispatcherEvents.HandlerTimedOut).Should().ContainSingle().Which.Should().Contain("StuckScopedHandler");

        // The next handler ran in a scope of its own; the stuck one's scope lives until it really ends.
        var stuckContext = stuck.Context!;
        seen.Contexts.Should().ContainSingle().Which.Should().NotBeSameAs(stuckContext);
        stuckContext.Disposed.Should().BeFalse("its handler still runs and may still use it");
        await stuck.ReleaseAsync();
        await stuckContext.WhenDisposed.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task EverySlotHeldByAnOverrunningHandler_DispatchGivesUpAfterHandlerTimeout_AndRecoversWhenItEnds()
    {
        var time = new FakeTimeProvider();
        var gate = new GatedHandler();
        await using var sp = Build(
            s => s.AddSingleton<TimeProvider>(time).AddSingleton<IDeliveryReportHandler>(gate),
            o =>
            {
                o.MaxConcurrentHandlers = 1;
                o.HandlerTimeout = TimeSpan.FromSeconds(30);
            });
        var dispatcher = sp.GetRequiredService<DeliveryReportDispatcher>();
        var log = sp.GetRequiredService<CapturingLogger<DeliveryReportDispatcher>>();

        var first = dispatcher.PublishAsync(Report, null).AsTask();
        var second = dispatcher.PublishAsync(Report, null).AsTask();
        gate.Entered.Should().Be(1);
        time.Advance(TimeSpan.FromSeconds(30));

        (await first.WaitAsync(TimeSpan.FromSeconds(20))).Should().BeFalse();
        (await second.WaitAsync(TimeSpan.FromSeconds(20))).Should().BeFalse();
        gate.Entered.Should().Be(1, "the overrunning handler still holds the only slot");
        log.Messages(DispatcherEvents.NoHandlerSlot).Should().ContainSingle();

        // GatedHandler ignores cancellation: once it really ends, its slot is free again.
        gate.Open();
        await gate.WhenAllLeftAsync(1).WaitAsync(TimeSpan.FromSeconds(20));
        var third = await dispatcher.PublishAsync(Report, null).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        third.Should().BeTrue();
    }

    [Fact]
    public async Task ScopeThatCannotBeCreated_MakesPublishReturnFalse_AndDoesNotLoseTheHandlerSlot()
    {
        var sp = Build(s => s.AddScoped<IDeliveryReportHandler, ThrowingHandler>(), o => o.MaxConcurrentHandlers = 1);
        var dispatcher = sp.GetRequiredService<DeliveryReportDispatcher>();
        var scopes = sp.GetRequiredService<IServiceScopeFactory>();
        await sp.DisposeAsync();
        var act = () => scopes.CreateAsyncScope();
        act.Should().Throw<ObjectDisposedException>("a disposed root provider cannot create scopes");

        // With one slot, a slot lost by the first dispatch would make the second wait for it until HandlerTimeout (30 s).
        (await dispatcher.PublishAsync(Report, null).AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Should().BeFalse();
        (await dispatcher.PublishAsync(Report, null).AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Should().BeFalse();
    }

    private static ServiceProvider Build(Action<IServiceCollection> configure, Action<DeliveryReportOptions>? options = null)
    {
        var log = new CapturingLogger<DeliveryReportDispatcher>();
        var services = new ServiceCollection();
        services.AddMessaging();
        services.AddSingleton(log).AddSingleton<ILogger<DeliveryReportDispatcher>>(log);
        if (options is not null)
        {
            services.Configure(options);
        }

        configure(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    private sealed class ScopedLedger
    {
        private readonly List<FakeDbContext> _contexts = [];

        public IReadOnlyList<FakeDbContext> Contexts
        {
            get
            {
                lock (_contexts)
                {
                    return [.. _contexts];
                }
            }
        }

        public void Add(FakeDbContext context)
        {
            lock (_contexts)
            {
                _contexts.Add(context);
            }
        }
    }

    /// <summary>Stands in for a DbContext: scoped, disposable, and unusable after disposal.</summary>
    private sealed class FakeDbContext : IAsyncDisposable
    {
        private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Disposed => _disposed.Task.IsCompleted;

        public Task WhenDisposed => _disposed.Task;

        public void Use() => ObjectDisposedException.ThrowIf(Disposed, this);

        public ValueTask DisposeAsync()
        {
            _disposed.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class ScopedReportHandler(FakeDbContext db, ScopedLedger ledger) : IDeliveryReportHandler
    {
        public ValueTask HandleAsync(DeliveryReport report, CancellationToken cancellationToken)
        {
            db.Use();
            ledger.Add(db);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class ScopedIncomingHandler(FakeDbContext db, ScopedLedger ledger) : IIncomingSmsHandler
    {
        public ValueTask HandleAsync(IncomingSms message, CancellationToken cancellationToken)
        {
            db.Use();
            ledger.Add(db);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class ThrowingHandler : IDeliveryReportHandler, IIncomingSmsHandler
    {
        public ValueTask HandleAsync(DeliveryReport report, CancellationToken cancellationToken) => throw new InvalidOperationException("handler bug");

        public ValueTask HandleAsync(IncomingSms message, CancellationToken cancellationToken) => throw new InvalidOperationException("handler bug");
    }

    /// <summary>Blocks every caller on one gate (ignoring cancellation) and counts how many are inside at once.</summary>
    private sealed class GatedHandler : IDeliveryReportHandler, IIncomingSmsHandler
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly SemaphoreSlim _left = new(0);
        private int _inside;
        private int _entered;
        private int _max;

        public int Entered => Volatile.Read(ref _entered);

        public int MaxConcurrent => Volatile.Read(ref _max);

        public void Open() => _gate.TrySetResult();

        public async Task WhenAllLeftAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                await _left.WaitAsync();
            }
        }

        public ValueTask HandleAsync(DeliveryReport report, CancellationToken cancellationToken) => new(RunAsync());

        public ValueTask HandleAsync(IncomingSms message, CancellationToken cancellationToken) => new(RunAsync());

        private async Task RunAsync()
        {
            Interlocked.Increment(ref _entered);
            var inside = Interlocked.Increment(ref _inside);
            int max;
            while (inside > (max = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, inside, max) != max)
            {
            }

            try
            {
                await _gate.Task;
            }
            finally
            {
                Interlocked.Decrement(ref _inside);
                _left.Release();
            }
        }
    }

    /// <summary>Shared state of <see cref="StuckScopedHandler"/>: the token it got, its scoped context, and the switch that lets it end.</summary>
    private sealed class StuckHandler
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken Token { get; set; }

        public FakeDbContext? Context { get; set; }

        public Task Released => _release.Task;

        public Task ReleaseAsync()
        {
            _release.TrySetResult();
            return Task.CompletedTask;
        }
    }

    private sealed class StuckScopedHandler(FakeDbContext db, StuckHandler state) : IDeliveryReportHandler
    {
        public async ValueTask HandleAsync(DeliveryReport report, CancellationToken cancellationToken)
        {
            state.Token = cancellationToken;
            state.Context = db;

            // Ignores its token, as a buggy handler would; still uses its context when it finally goes on.
            await state.Released;
            db.Use();
        }
    }
}
