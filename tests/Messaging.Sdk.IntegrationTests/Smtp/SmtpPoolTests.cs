namespace Messaging.Sdk.IntegrationTests.Smtp;

/// <summary>The connection pool against the real peer, which counts connections by their EHLO name.</summary>
public sealed class SmtpPoolTests
{
    [Fact]
    public async Task Send_200ConcurrentWithMaxConnections4_OpensAtMost4ConnectionsAndDeliversEachMessageOnce()
    {
        await using var host = new SmtpTestHost(o =>
        {
            o.MaxConnections = 4;
            o.UserName = SmtpPeer.User;
            o.Password = SmtpPeer.Password;
        });
        var to = SmtpPeer.Unique("bulk");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            host.Sender.SendAsync(SmtpTestHost.Message(to) with { Subject = $"bulk {i}" }, timeout.Token)));

        results.Should().OnlyContain(r => r.Status == SendStatus.Accepted);
        var stats = await SmtpPeer.StatsAsync(host.Ehlo);
        stats.MaxOpen.Should().BeLessThanOrEqualTo(4);
        stats.Opened.Should().BeLessThanOrEqualTo(4, "connections are reused, not reopened");
        stats.Messages.Should().Be(200);
        var received = await SmtpPeer.MessagesAsync(to);
        received.Should().HaveCount(200);
        received.Select(m => m.Parsed!.Subject).Should().OnlyHaveUniqueItems().And.BeEquivalentTo(Enumerable.Range(0, 200).Select(i => $"bulk {i}"));
        host.Sender.Pool.OpenConnections.Should().BeLessThanOrEqualTo(4);
    }

    [Fact]
    public async Task Send_PastMaxMessagesPerConnection_ReplacesTheConnection()
    {
        await using var host = new SmtpTestHost(o =>
        {
            o.MaxConnections = 1;
            o.MaxMessagesPerConnection = 3;
        });
        var to = SmtpPeer.Unique("rotate");

        for (var i = 0; i < 7; i++)
        {
            (await host.Sender.SendAsync(SmtpTestHost.Message(to))).Status.Should().Be(SendStatus.Accepted);
        }

        var stats = await SmtpPeer.StatsAsync(host.Ehlo);
        stats.Opened.Should().Be(3, "7 messages at 3 per connection need 3 connections");
        stats.MaxOpen.Should().Be(1);
    }

    [Fact]
    public async Task Dispose_ClosesEveryPooledConnectionWithQuit()
    {
        var host = new SmtpTestHost(o => o.MaxConnections = 3);
        var ehlo = host.Ehlo;
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => host.Sender.SendAsync(SmtpTestHost.Message(SmtpPeer.Unique("dispose")))));
        (await SmtpPeer.StatsAsync(ehlo)).Open.Should().BeGreaterThan(0);

        await host.DisposeAsync();

        host.Sender.Pool.OpenConnections.Should().Be(0);
        // The server notices the close asynchronously: poll, bounded.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        PeerStats stats;
        while ((stats = await SmtpPeer.StatsAsync(ehlo)).Open > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        stats.Open.Should().Be(0);
    }
}
