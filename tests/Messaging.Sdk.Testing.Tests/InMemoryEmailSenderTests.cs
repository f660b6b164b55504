using Messaging.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Sdk.Testing.Tests;

public sealed class InMemoryEmailSenderTests
{
    private static EmailMessage Message(string to = "ann@example.net") => new() { From = "shop@example.com", To = [to], Subject = "Hi", TextBody = "Body" };

    [Fact]
    public async Task Send_RecordsAcceptedMessage_WithId()
    {
        var sender = new InMemoryEmailSender();

        var result = await sender.SendAsync(Message());

        result.Status.Should().Be(SendStatus.Accepted);
        result.MessageId.Should().NotBeNullOrEmpty();
        sender.Sent.Should().ContainSingle().Which.To[0].Address.Should().Be("ann@example.net");
    }

    [Fact]
    public async Task RejectNext_RejectsExactlyThatManySends()
    {
        var sender = new InMemoryEmailSender();
        sender.RejectNext(2, 550, "5.1.1 Unknown user");

        var results = new List<EmailSendResult>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await sender.SendAsync(Message()));
        }

        results.Select(r => r.Status).Should().Equal(SendStatus.Rejected, SendStatus.Rejected, SendStatus.Accepted);
        results[0].NativeCode.Should().Be(550);
        results[0].NativeText.Should().Be("5.1.1 Unknown user");
        sender.Sent.Should().HaveCount(1);
        sender.Records.Should().HaveCount(3);
    }

    [Fact]
    public async Task ThrowNext_ThrowsTransientTransportException_ByDefault()
    {
        var sender = new InMemoryEmailSender();
        sender.ThrowNext(1);

        var ex = await sender.Invoking(s => s.SendAsync(Message())).Should().ThrowAsync<MessagingTransportException>();

        ex.Which.IsTransient.Should().BeTrue();
        (await sender.SendAsync(Message())).IsAccepted.Should().BeTrue();
        sender.Records[0].Exception.Should().BeSameAs(ex.Which);
    }

    [Fact]
    public async Task ThrowWhen_UsesGivenException_ForMatchingMessagesOnly()
    {
        var sender = new InMemoryEmailSender();
        sender.ThrowWhen(m => m.Subject == "boom", () => new TimeoutException("slow"));

        await sender.Invoking(s => s.SendAsync(Message() with { Subject = "boom" })).Should().ThrowAsync<TimeoutException>();
        (await sender.SendAsync(Message())).IsAccepted.Should().BeTrue();
        await sender.Invoking(s => s.SendAsync(Message() with { Subject = "boom" })).Should().ThrowAsync<TimeoutException>();
    }

    [Fact]
    public async Task RejectWhen_MatchesRecipients()
    {
        var sender = new InMemoryEmailSender();
        sender.RejectWhen(m => m.To.Any(t => t.Domain == "blocked.example"), 554, "5.7.1 Blocked");

        (await sender.SendAsync(Message("x@blocked.example"))).NativeCode.Should().Be(554);
        (await sender.SendAsync(Message("x@fine.example"))).IsAccepted.Should().BeTrue();
    }

    [Fact]
    public async Task RejectRecipient_ReportsPartialAcceptance()
    {
        var sender = new InMemoryEmailSender();
        sender.RejectRecipient("bad@example.net");

        var result = await sender.SendAsync(Message() with { To = ["good@example.net", "bad@example.net"] });

        result.IsAccepted.Should().BeTrue();
        result.AcceptedRecipients.Select(a => a.Address).Should().Equal("good@example.net");
        result.RejectedRecipients.Should().ContainSingle().Which.NativeCode.Should().Be(550);
    }

    [Fact]
    public async Task ReportUnknownNext_ReturnsUnknown()
    {
        var sender = new InMemoryEmailSender();
        sender.ReportUnknownNext(1);

        (await sender.SendAsync(Message())).Status.Should().Be(SendStatus.Unknown);
        sender.Sent.Should().BeEmpty();
    }

    [Fact]
    public async Task InvalidMessage_FailsValidation_LikeARealSender()
    {
        var sender = new InMemoryEmailSender();

        await sender.Invoking(s => s.SendAsync(Message() with { Subject = "a\r\nBcc: x@example.org" })).Should().ThrowAsync<MessageValidationException>();
        sender.Sent.Should().BeEmpty();
        sender.Records.Should().ContainSingle().Which.Exception.Should().BeOfType<MessageValidationException>();
    }

    [Fact]
    public async Task ConcurrentSends_AreAllRecorded_AndFailureCountIsExact()
    {
        var sender = new InMemoryEmailSender();
        sender.RejectNext(100);

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => Task.Run(() => sender.SendAsync(Message($"u{i}@example.net")))));

        results.Count(r => r.Status == SendStatus.Rejected).Should().Be(100);
        sender.Sent.Should().HaveCount(900);
        sender.Records.Should().HaveCount(1000);
        results.Where(r => r.IsAccepted).Select(r => r.MessageId).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Reset_ForgetsRecordsAndRules()
    {
        var sender = new InMemoryEmailSender();
        sender.RejectNext(5);
        await sender.SendAsync(Message());

        sender.Reset();

        sender.Records.Should().BeEmpty();
        (await sender.SendAsync(Message())).IsAccepted.Should().BeTrue();
    }

    [Fact]
    public async Task Registration_ExposesTheDoubleAsKeyedService_AndAsTheDefaultSender()
    {
        var services = new ServiceCollection();
        services.AddMessaging().AddInMemoryEmailSender().AddInMemoryEmailSender("audit");
        await using var sp = services.BuildServiceProvider();

        await sp.GetRequiredService<IEmailSender>().SendAsync(Message());
        await sp.GetRequiredKeyedService<IEmailSender>("audit").SendAsync(Message());
        await sp.GetRequiredKeyedService<IEmailSender>("audit").SendAsync(Message());

        sp.GetRequiredKeyedService<InMemoryEmailSender>(MessagingBuilder.DefaultSenderName).Sent.Should().HaveCount(1);
        sp.GetRequiredKeyedService<InMemoryEmailSender>("audit").Sent.Should().HaveCount(2);
    }

    [Fact]
    public async Task Registration_UsesConfiguredValidationLimits()
    {
        var services = new ServiceCollection();
        services.AddMessaging(o => o.Validation.MaxRecipients = 1).AddInMemoryEmailSender();
        await using var sp = services.BuildServiceProvider();

        await sp.GetRequiredService<IEmailSender>().Invoking(s => s.SendAsync(Message() with { To = ["a@example.net", "b@example.net"] }))
            .Should().ThrowAsync<MessageValidationException>().WithMessage("*MaxRecipients*");
    }

    [Theory]
    [InlineData("/proc/self/environ")]
    [InlineData("/etc/passwd")]
    public async Task FileAttachment_WithTheDefaultValidator_IsRefusedAndRecorded(string path)
    {
        var sender = new InMemoryEmailSender();

        var act = () => sender.SendAsync(Message() with { Attachments = [EmailAttachment.FromFile(path)] });

        (await act.Should().ThrowAsync<MessageValidationException>()).Which.Errors.Should().ContainSingle(e => e.Field == "Attachments[0].FilePath");
        sender.Sent.Should().BeEmpty();
        sender.Records.Should().ContainSingle().Which.Exception.Should().BeOfType<MessageValidationException>();
    }

    [Fact]
    public async Task NonSeekableStreamOverMaxAttachmentBytes_IsRefused()
    {
        var sender = new InMemoryEmailSender(new Validation.MessageValidator(new Validation.MessageValidationOptions { MaxAttachmentBytes = 100 }));
        using var stream = new NonSeekableStream(new byte[1000]);

        var act = () => sender.SendAsync(Message() with { Attachments = [EmailAttachment.FromStream(stream, "big.bin")] });

        (await act.Should().ThrowAsync<MessageValidationException>()).Which.Errors.Should().ContainSingle(e => e.Field == "Attachments[0]" && e.Message.Contains("MaxAttachmentBytes"));
        sender.Sent.Should().BeEmpty();
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
