using System.Net;
using System.Net.Sockets;

namespace Messaging.Sdk.IntegrationTests.Smtp;

/// <summary>Failure injection on the peer (magic recipient local parts, see tests/peers/smtp/server.js): what is
/// retried, what is reported, and that nothing is delivered twice.</summary>
public sealed class SmtpFailureTests
{
    [Fact]
    public async Task Send_WhenRecipientGets450Once_RetriesAndDelivers()
    {
        await using var host = new SmtpTestHost(_ => { });
        var to = SmtpPeer.Unique("fail450-1");

        var result = await host.Sender.SendAsync(SmtpTestHost.Message(to));

        result.Status.Should().Be(SendStatus.Accepted);
        result.Attempts.Should().Be(2);
        (await SmtpPeer.MessagesAsync(to)).Should().ContainSingle();
    }

    [Fact]
    public async Task Send_WhenRecipientAlwaysGets450_ReturnsTransientRejectionAfterBoundedRetries()
    {
        await using var host = new SmtpTestHost(_ => { }, maxRetries: 2);
        var to = SmtpPeer.Unique("fail450");

        var result = await host.Sender.SendAsync(SmtpTestHost.Message(to));

        result.Status.Should().Be(SendStatus.Rejected);
        result.IsTransient.Should().BeTrue();
        result.NativeCode.Should().Be(450);
        result.NativeText.Should().Contain("Mailbox busy");
        result.Attempts.Should().Be(3);
        result.RejectedRecipients.Should().ContainSingle().Which.NativeCode.Should().Be(450);
        (await SmtpPeer.MessagesAsync(to)).Should().BeEmpty();
    }

    [Fact]
    public async Task Send_WhenServerReplies451AfterData_RetriesAndDeliversOnce()
    {
        await using var host = new SmtpTestHost(_ => { });
        var to = SmtpPeer.Unique("fail451data-1");

        var result = await host.Sender.SendAsync(SmtpTestHost.Message(to));

        result.Status.Should().Be(SendStatus.Accepted);
        result.Attempts.Should().Be(2);
        (await SmtpPeer.MessagesAsync(to)).Should().ContainSingle("the 451 attempt was not stored and the retry was");
    }

    [Fact]
    public async Task Send_WhenServerReplies421AndCloses_ReplacesTheConnectionAndDelivers()
    {
        await using var host = new SmtpTestHost(_ => { });
        var to = SmtpPeer.Unique("drop421-1");

        var result = await host.Sender.SendAsync(SmtpTestHost.Message(to));

        result.Status.Should().Be(SendStatus.Accepted);
        result.Attempts.Should().Be(2);
        (await SmtpPeer.MessagesAsync(to)).Should().ContainSingle();
        (await SmtpPeer.StatsAsync(host.Ehlo)).Opened.Should().Be(2, "the closed connection was replaced by a new one");
    }

    [Fact]
    public async Task Send_OnIdleConnectionTheServerClosed_ReplacesItTransparently()
    {
        await using var host = new SmtpTestHost(_ => { });
        (await host.Sender.SendAsync(SmtpTestHost.Message(SmtpPeer.Unique("first")))).Status.Should().Be(SendStatus.Accepted);
        // The pooled connection now gets a 421 and is closed; the next send must not surface that.
        var to = SmtpPeer.Unique("drop421-1");

        var result = await host.Sender.SendAsync(SmtpTestHost.Message(to));

        result.Status.Should().Be(SendStatus.Accepted);
        result.Attempts.Should().Be(1, "a dead pooled connection is replaced within the attempt");
        (await SmtpPeer.MessagesAsync(to)).Should().ContainSingle();
    }

    [Fact]
    public async Task Send_WhenConnectionDropsBeforeData_RetriesAndDelivers()
    {
        await using var host = new SmtpTestHost(_ => { });
        var to = SmtpPeer.Unique("dropbeforedata-1");

        var result = await host.Sender.SendAsync(SmtpTestHost.Message(to));

        result.Status.Should().Be(SendStatus.Accepted);
        result.Attempts.Should().Be(2);
        (await SmtpPeer.MessagesAsync(to)).Should().ContainSingle();
    }

    [Fact]
    public async Task Send_WhenConnectionDropsAfterEndOfData_ReportsUnknownAndNeverResends()
    {
        await using var host = new SmtpTestHost(_ => { });
        var to = SmtpPeer.Unique("disconnectafterdata");

        var result = await host.Sender.SendAsync(SmtpTestHost.Message(to));

        result.Status.Should().Be(SendStatus.Unknown);
        result.Attempts.Should().Be(1);
        result.MessageId.Should().NotBeNullOrEmpty();
        var received = (await SmtpPeer.MessagesAsync(to)).Should().ContainSingle("the server got it once and it was not re-sent").Subject;
        received.RawHeaders.Should().Contain(result.MessageId);
    }

    [Fact]
    public async Task Send_WhenRecipientRejectedWith550_ReturnsRejectedWithoutRetry()
    {
        await using var host = new SmtpTestHost(_ => { });
        var to = SmtpPeer.Unique("reject550");

        var result = await host.Sender.SendAsync(SmtpTestHost.Message(to));

        result.Status.Should().Be(SendStatus.Rejected);
        result.IsTransient.Should().BeFalse();
        result.NativeCode.Should().Be(550);
        result.NativeText.Should().Contain("No such user");
        result.Attempts.Should().Be(1);
        result.RejectedRecipients.Should().ContainSingle().Which.Recipient.Address.Should().Be(to);
    }

    [Fact]
    public async Task Send_WhenServerReplies554AfterData_ReturnsRejectedWithoutRetry()
    {
        await using var host = new SmtpTestHost(_ => { });
        var to = SmtpPeer.Unique("reject554data");

        var result = await host.Sender.SendAsync(SmtpTestHost.Message(to));

        result.Status.Should().Be(SendStatus.Rejected);
        result.NativeCode.Should().Be(554);
        result.NativeText.Should().Contain("spam");
        result.Attempts.Should().Be(1);
    }

    [Fact]
    public async Task Send_WhenSomeRecipientsAreRefused_IsAcceptedAndSaysWhichWereRefused()
    {
        await using var host = new SmtpTestHost(_ => { });
        var good = SmtpPeer.Unique("good");
        var bad = SmtpPeer.Unique("reject550");
        var busy = SmtpPeer.Unique("fail450");

        var result = await host.Sender.SendAsync(SmtpTestHost.Message(good, bad, busy));

        result.Status.Should().Be(SendStatus.Accepted);
        result.Attempts.Should().Be(1);
        result.AcceptedRecipients.Select(r => r.Address).Should().Equal(good);
        result.RejectedRecipients.Should().HaveCount(2);
        result.RejectedRecipients.Should().ContainSingle(r => r.Recipient.Address == bad).Which.NativeCode.Should().Be(550);
        result.RejectedRecipients.Should().ContainSingle(r => r.Recipient.Address == busy).Which.NativeCode.Should().Be(450);
        (await SmtpPeer.MessagesAsync(good)).Should().ContainSingle().Which.RcptTo.Should().Equal(good);
    }

    [Fact]
    public async Task Send_WhenNothingListens_ThrowsTransientTransportExceptionAfterRetries()
    {
        var port = FreePort();
        await using var host = new SmtpTestHost(o => o.Port = port, maxRetries: 1);

        var act = () => host.Sender.SendAsync(SmtpTestHost.Message(SmtpPeer.Unique("nobody")));

        var error = (await act.Should().ThrowAsync<MessagingTransportException>()).Which;
        error.IsTransient.Should().BeTrue();
        error.Message.Should().Contain($"127.0.0.1:{port}");
    }

    [Fact]
    public async Task Send_WhenServerAcceptsButNeverGreets_FailsAfterConnectTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<Socket>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var acceptLoop = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    accepted.Add(await silent.AcceptSocketAsync(stop.Token));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        try
        {
            await using var host = new SmtpTestHost(o =>
            {
                o.Port = ((IPEndPoint)silent.LocalEndpoint).Port;
                o.ConnectTimeout = TimeSpan.FromMilliseconds(300);
            }, maxRetries: 0);

            var act = () => host.Sender.SendAsync(SmtpTestHost.Message(SmtpPeer.Unique("silent")));

            var error = (await act.Should().ThrowAsync<MessagingTransportException>()).Which;
            error.Message.Should().Contain("ConnectTimeout");
            error.IsTransient.Should().BeTrue();
        }
        finally
        {
            await stop.CancelAsync();
            await acceptLoop;
            accepted.ForEach(s => s.Dispose());
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
