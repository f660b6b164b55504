using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;

namespace Messaging.Sdk.Smtp.Tests;

/// <summary>Reply classification and retry decisions, against a fake client at the pool seam.</summary>
public sealed class SmtpEmailSenderTests
{
    private static readonly byte[] EndOfData = "\r\n.\r\n"u8.ToArray();
    private readonly FakeServer _server = new();

    [Fact]
    public async Task Send_WhenServerAccepts_ReturnsAcceptedWithMessageIdAndReply()
    {
        await using var sender = SmtpTestKit.Sender(_server);

        var result = await sender.SendAsync(SmtpTestKit.Message("ann@example.net"));

        result.Status.Should().Be(SendStatus.Accepted);
        result.Transport.Should().Be("smtp");
        result.NativeCode.Should().Be(250);
        result.NativeText.Should().Be("2.0.0 OK queued");
        result.MessageId.Should().EndWith("@example.org");
        _server.Sent.Should().ContainSingle().Which.Message.MessageId.Should().Be(result.MessageId);
    }

    [Fact]
    public async Task Send_WhenServerReplies550_ReturnsRejectedAndDoesNotRetry()
    {
        _server.OnSend = (_, _, _) => throw new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.MailboxUnavailable, "5.1.1 No such user");
        await using var sender = SmtpTestKit.Sender(_server);

        var result = await sender.SendAsync(SmtpTestKit.Message("ann@example.net"));

        result.Status.Should().Be(SendStatus.Rejected);
        result.NativeCode.Should().Be(550);
        result.NativeText.Should().Be("5.1.1 No such user");
        result.IsTransient.Should().BeFalse();
        result.Attempts.Should().Be(1);
        _server.SendCalls.Should().Be(1);
    }

    [Fact]
    public async Task Send_WhenServerReplies451_RetriesThenReturnsTransientRejection()
    {
        _server.OnSend = (_, _, _) => throw new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, (SmtpStatusCode)451, "4.3.0 Try later");
        await using var sender = SmtpTestKit.Sender(_server, retries: 2);

        var result = await sender.SendAsync(SmtpTestKit.Message("ann@example.net"));

        result.Status.Should().Be(SendStatus.Rejected);
        result.NativeCode.Should().Be(451);
        result.IsTransient.Should().BeTrue();
        result.Attempts.Should().Be(3);
        _server.SendCalls.Should().Be(3);
    }

    [Fact]
    public async Task Send_WhenConnectionDropsAfterEndOfData_ReturnsUnknownWithoutRetry()
    {
        _server.OnSend = (transaction, _, _) =>
        {
            transaction.LogClient(EndOfData, 0, EndOfData.Length);
            throw new IOException("connection reset by peer");
        };
        await using var sender = SmtpTestKit.Sender(_server, retries: 3);

        var result = await sender.SendAsync(SmtpTestKit.Message("ann@example.net"));

        result.Status.Should().Be(SendStatus.Unknown);
        result.Attempts.Should().Be(1);
        _server.SendCalls.Should().Be(1, "a retry could deliver the message twice");
    }

    [Fact]
    public async Task Send_WhenConnectionDropsBeforeEndOfData_RetriesAndThenThrowsTransientTransportException()
    {
        _server.OnSend = (transaction, _, _) =>
        {
            transaction.LogClient("DATA\r\n"u8.ToArray(), 0, 6);
            throw new IOException("connection reset by peer");
        };
        await using var sender = SmtpTestKit.Sender(_server, retries: 1);

        var act = () => sender.SendAsync(SmtpTestKit.Message("ann@example.net"));

        (await act.Should().ThrowAsync<MessagingTransportException>()).Which.IsTransient.Should().BeTrue();
        _server.SendCalls.Should().Be(2);
    }

    [Fact]
    public async Task Send_OnAReusedConnectionThatDied_RetriesOnANewConnectionWithinTheAttempt()
    {
        _server.OnSend = (_, _, call) => call == 2 ? throw new IOException("broken pipe") : "OK";
        await using var sender = SmtpTestKit.Sender(_server, retries: 0);
        (await sender.SendAsync(SmtpTestKit.Message("ann@example.net"))).IsAccepted.Should().BeTrue();

        var result = await sender.SendAsync(SmtpTestKit.Message("ann@example.net"));

        result.Status.Should().Be(SendStatus.Accepted);
        result.Attempts.Should().Be(1);
        _server.Connects.Should().Be(2);
    }

    [Fact]
    public async Task Send_WhenServerReplies421_DropsTheConnectionAndRetries()
    {
        _server.OnSend = (_, _, call) => call == 1 ? throw new SmtpCommandException(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.ServiceNotAvailable, "4.4.2 closing") : "OK";
        await using var sender = SmtpTestKit.Sender(_server);

        var result = await sender.SendAsync(SmtpTestKit.Message("ann@example.net"));

        result.Status.Should().Be(SendStatus.Accepted);
        result.Attempts.Should().Be(2);
        _server.Connects.Should().Be(2);
    }

    [Fact]
    public async Task Send_WhenSomeRecipientsAreRefused_ListsThem()
    {
        _server.OnSend = (transaction, message, _) =>
        {
            transaction.AddRefused(new MimeKit.MailboxAddress("", "bad@example.net"), 550, "No such user");
            return "OK";
        };
        await using var sender = SmtpTestKit.Sender(_server);

        var result = await sender.SendAsync(SmtpTestKit.Message("ann@example.net", "bad@example.net"));

        result.Status.Should().Be(SendStatus.Accepted);
        result.AcceptedRecipients.Select(a => a.Address).Should().Equal("ann@example.net");
        result.RejectedRecipients.Should().ContainSingle().Which.Should().Be(new RecipientRejection(EmailAddress.Parse("bad@example.net"), 550, "No such user"));
    }

    [Fact]
    public async Task Send_WhenEveryRecipientIsRefusedAndOneTransiently_RetriesWithTheRecipientsReply()
    {
        _server.OnSend = (transaction, _, _) =>
        {
            transaction.AddRefused(new MimeKit.MailboxAddress("", "bad@example.net"), 550, "No such user");
            transaction.AddRefused(new MimeKit.MailboxAddress("", "busy@example.net"), 450, "Mailbox busy");
            throw new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.TransactionFailed, "No recipients were accepted.");
        };
        await using var sender = SmtpTestKit.Sender(_server, retries: 1);

        var result = await sender.SendAsync(SmtpTestKit.Message("bad@example.net", "busy@example.net"));

        result.Status.Should().Be(SendStatus.Rejected);
        result.NativeCode.Should().Be(450);
        result.NativeText.Should().Be("Mailbox busy");
        result.IsTransient.Should().BeTrue();
        result.Attempts.Should().Be(2);
        result.RejectedRecipients.Should().HaveCount(2);
    }

    [Fact]
    public async Task Send_WithBcc_PutsBccInTheEnvelopeOnly()
    {
        await using var sender = SmtpTestKit.Sender(_server);

        await sender.SendAsync(SmtpTestKit.Message("ann@example.net") with { Bcc = [EmailAddress.Parse("secret@example.net")] });

        var (message, recipients) = _server.Sent.Should().ContainSingle().Subject;
        recipients.Select(r => r.Address).Should().Equal("ann@example.net", "secret@example.net");
        message.Bcc.Count.Should().Be(0);
        message.Headers.Contains(MimeKit.HeaderId.Bcc).Should().BeFalse();
    }

    [Fact]
    public async Task Send_WithInvalidMessage_ThrowsValidationExceptionBeforeAnyConnection()
    {
        await using var sender = SmtpTestKit.Sender(_server);

        var act = () => sender.SendAsync(new EmailMessage { From = "a@example.org", Subject = "no recipients" });

        (await act.Should().ThrowAsync<MessageValidationException>()).Which.Errors.Should().Contain(e => e.Field == "To");
        _server.Connects.Should().Be(0);
    }

    [Fact]
    public async Task Send_WhenCancelledAfterEndOfData_ReturnsUnknown()
    {
        using var cts = new CancellationTokenSource();
        _server.OnSend = (transaction, _, _) =>
        {
            transaction.LogClient(EndOfData, 0, EndOfData.Length);
            cts.Cancel();
            throw new OperationCanceledException(cts.Token);
        };
        await using var sender = SmtpTestKit.Sender(_server);

        var result = await sender.SendAsync(SmtpTestKit.Message("ann@example.net"), cts.Token);

        result.Status.Should().Be(SendStatus.Unknown);
    }

    [Fact]
    public void Create_WithInvalidOptions_ThrowsNamingEachProperty()
    {
        var act = () => SmtpTestKit.Sender(_server, configure: o =>
        {
            o.Host = "";
            o.MaxConnections = 0;
        });

        act.Should().Throw<OptionsValidationException>().Which.Failures
            .Should().Contain(f => f.Contains("Messaging:Smtp:Host")).And.Contain(f => f.Contains("Messaging:Smtp:MaxConnections"));
    }
}
