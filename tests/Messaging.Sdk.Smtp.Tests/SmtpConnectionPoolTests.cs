using Microsoft.Extensions.Time.Testing;

namespace Messaging.Sdk.Smtp.Tests;

public sealed class SmtpConnectionPoolTests
{
    private readonly FakeServer _server = new();
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Rent_AfterReturn_ReusesTheSameConnection()
    {
        await using var pool = SmtpTestKit.Pool(_server, _time);

        var first = await pool.RentAsync(false, default);
        await pool.ReturnAsync(first, reusable: true);
        var second = await pool.RentAsync(false, default);

        second.Should().BeSameAs(first);
        second.Reused.Should().BeTrue();
        _server.Connects.Should().Be(1);
        await pool.ReturnAsync(second, reusable: true);
    }

    [Fact]
    public async Task Rent_WhenAllConnectionsAreBusy_WaitsForOneToComeBack()
    {
        await using var pool = SmtpTestKit.Pool(_server, _time, o => o.MaxConnections = 2);
        var a = await pool.RentAsync(false, default);
        var b = await pool.RentAsync(false, default);

        var third = pool.RentAsync(false, default);
        third.IsCompleted.Should().BeFalse();
        await pool.ReturnAsync(a, reusable: true);
        var c = await third.WaitAsync(TimeSpan.FromSeconds(5));

        c.Should().BeSameAs(a);
        _server.Connects.Should().Be(2);
        pool.OpenConnections.Should().Be(2);
        await pool.ReturnAsync(b, reusable: true);
        await pool.ReturnAsync(c, reusable: true);
    }

    [Fact]
    public async Task Rent_WhenCancelledWhileWaiting_ThrowsAndKeepsTheSlotCount()
    {
        await using var pool = SmtpTestKit.Pool(_server, _time, o => o.MaxConnections = 1);
        var a = await pool.RentAsync(false, default);
        using var cts = new CancellationTokenSource();

        var waiting = pool.RentAsync(false, cts.Token);
        await cts.CancelAsync();

        await FluentActions.Awaiting(() => waiting).Should().ThrowAsync<OperationCanceledException>();
        await pool.ReturnAsync(a, reusable: true);
        var again = await pool.RentAsync(false, default).WaitAsync(TimeSpan.FromSeconds(5));
        again.Should().BeSameAs(a);
        await pool.ReturnAsync(again, reusable: true);
    }

    [Fact]
    public async Task Rent_AfterNoopAfterIdle_ChecksTheConnectionWithNoop()
    {
        await using var pool = SmtpTestKit.Pool(_server, _time, o => o.NoopAfterIdle = TimeSpan.FromSeconds(10));
        var a = await pool.RentAsync(false, default);
        await pool.ReturnAsync(a, reusable: true);

        _time.Advance(TimeSpan.FromSeconds(5));
        var b = await pool.RentAsync(false, default);
        _server.Noops.Should().Be(0);
        await pool.ReturnAsync(b, reusable: true);
        _time.Advance(TimeSpan.FromSeconds(11));
        var c = await pool.RentAsync(false, default);

        _server.Noops.Should().Be(1);
        c.Should().BeSameAs(a);
        await pool.ReturnAsync(c, reusable: true);
    }

    [Fact]
    public async Task Rent_WhenNoopFails_ReplacesTheConnection()
    {
        _server.OnNoop = () => new IOException("connection reset");
        await using var pool = SmtpTestKit.Pool(_server, _time, o => o.NoopAfterIdle = TimeSpan.FromSeconds(1));
        var a = await pool.RentAsync(false, default);
        await pool.ReturnAsync(a, reusable: true);
        _time.Advance(TimeSpan.FromSeconds(2));

        var b = await pool.RentAsync(false, default);

        b.Should().NotBeSameAs(a);
        b.Reused.Should().BeFalse();
        _server.Connects.Should().Be(2);
        pool.OpenConnections.Should().Be(1);
        await pool.ReturnAsync(b, reusable: true);
    }

    [Fact]
    public async Task Rent_AfterIdleTimeout_ClosesTheOldConnectionWithQuitAndOpensANewOne()
    {
        await using var pool = SmtpTestKit.Pool(_server, _time, o => o.IdleTimeout = TimeSpan.FromSeconds(30));
        var a = await pool.RentAsync(false, default);
        await pool.ReturnAsync(a, reusable: true);
        _time.Advance(TimeSpan.FromSeconds(14)); // below half the timeout: the prune timer has not fired yet
        _server.Quits.Should().Be(0);
        _time.AdjustTime(_time.GetUtcNow() + TimeSpan.FromSeconds(20)); // clock jumps without firing timers

        var b = await pool.RentAsync(false, default);

        b.Should().NotBeSameAs(a);
        _server.Quits.Should().Be(1);
        pool.OpenConnections.Should().Be(1);
        await pool.ReturnAsync(b, reusable: true);
    }

    [Fact]
    public async Task IdleConnections_AreClosedByThePruneTimerAfterIdleTimeout()
    {
        await using var pool = SmtpTestKit.Pool(_server, _time, o => o.IdleTimeout = TimeSpan.FromSeconds(30));
        var a = await pool.RentAsync(false, default);
        await pool.ReturnAsync(a, reusable: true);

        _time.Advance(TimeSpan.FromSeconds(45));

        _server.Quits.Should().Be(1);
        pool.OpenConnections.Should().Be(0);
        pool.IdleConnections.Should().Be(0);
    }

    [Fact]
    public async Task Return_AtMaxMessagesPerConnection_ClosesTheConnectionWithQuit()
    {
        await using var pool = SmtpTestKit.Pool(_server, _time, o => o.MaxMessagesPerConnection = 2);
        var a = await pool.RentAsync(false, default);
        a.Messages = 2;

        await pool.ReturnAsync(a, reusable: true);

        _server.Quits.Should().Be(1);
        pool.OpenConnections.Should().Be(0);
    }

    [Fact]
    public async Task Return_NotReusable_DropsTheConnection()
    {
        await using var pool = SmtpTestKit.Pool(_server, _time);
        var a = await pool.RentAsync(false, default);

        await pool.ReturnAsync(a, reusable: false);

        _server.Disposed.Should().Be(1);
        pool.IdleConnections.Should().Be(0);
        var b = await pool.RentAsync(false, default);
        b.Should().NotBeSameAs(a);
        await pool.ReturnAsync(b, reusable: true);
    }

    [Fact]
    public async Task Rent_WithForceNew_SkipsIdleConnections()
    {
        await using var pool = SmtpTestKit.Pool(_server, _time, o => o.MaxConnections = 2);
        var a = await pool.RentAsync(false, default);
        await pool.ReturnAsync(a, reusable: true);

        var b = await pool.RentAsync(forceNew: true, default);

        b.Should().NotBeSameAs(a);
        await pool.ReturnAsync(b, reusable: true);
    }

    [Fact]
    public async Task DisposeAsync_ClosesIdleConnectionsWithQuit_AndWaitsForTheSendInFlight()
    {
        var pool = SmtpTestKit.Pool(_server, _time, o => o.MaxConnections = 3);
        var a = await pool.RentAsync(false, default);
        var b = await pool.RentAsync(false, default);
        var busy = await pool.RentAsync(false, default);
        await pool.ReturnAsync(a, reusable: true);
        await pool.ReturnAsync(b, reusable: true);

        var dispose = pool.DisposeAsync().AsTask();

        _server.Quits.Should().Be(2, "idle connections are closed at once");
        dispose.IsCompleted.Should().BeFalse("a send is still using a connection");
        await FluentActions.Awaiting(() => pool.RentAsync(false, default)).Should().ThrowAsync<ObjectDisposedException>();
        await pool.ReturnAsync(busy, reusable: true);
        await dispose;
        _server.Quits.Should().Be(3);
        pool.OpenConnections.Should().Be(0);
    }

    [Fact]
    public async Task DisposeAsync_WaitsForASendInFlight_NoLongerThanShutdownTimeout()
    {
        var pool = SmtpTestKit.Pool(_server, _time, o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        var busy = await pool.RentAsync(false, default);

        var dispose = pool.DisposeAsync().AsTask();
        _time.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));
        dispose.IsCompleted.Should().BeFalse();
        _time.Advance(TimeSpan.FromTicks(1));
        await dispose;

        pool.InFlight.Should().Be(1, "the send keeps its connection until it ends");
        await pool.ReturnAsync(busy, reusable: true);
        pool.OpenConnections.Should().Be(0, "the connection is closed when the send gives it back");
    }

    [Fact]
    public async Task Rent_WhenConnectFails_ReleasesTheSlot()
    {
        _server.OnConnect = n => n == 1 ? new System.Net.Sockets.SocketException(111) : null;
        await using var pool = SmtpTestKit.Pool(_server, _time, o => o.MaxConnections = 1);

        await FluentActions.Awaiting(() => pool.RentAsync(false, default)).Should().ThrowAsync<MessagingTransportException>()
            .Where(e => e.IsTransient);
        var a = await pool.RentAsync(false, default).WaitAsync(TimeSpan.FromSeconds(5));

        a.Should().NotBeNull();
        await pool.ReturnAsync(a, reusable: true);
    }
}
