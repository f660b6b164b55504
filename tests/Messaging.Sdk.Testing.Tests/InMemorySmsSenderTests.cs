using Messaging.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Sdk.Testing.Tests;

public sealed class InMemorySmsSenderTests
{
    private static readonly SmsMessage Message = new() { From = "MyShop", To = "+46708251358", Text = "Your code is 1234" };

    [Fact]
    public async Task Send_ReturnsOneIdPerSegment()
    {
        var sender = new InMemorySmsSender();

        var single = await sender.SendAsync(Message);
        var triple = await sender.SendAsync(Message with { Text = new string('a', 153 * 2 + 1) });
        var unicode = await sender.SendAsync(Message with { Text = new string('Ж', 71) });

        single.SegmentIds.Should().HaveCount(1);
        triple.SegmentIds.Should().HaveCount(3);
        unicode.SegmentIds.Should().HaveCount(2);
        sender.Sent.Should().HaveCount(3);
    }

    [Fact]
    public async Task RejectNext_ReportsNativeStatus()
    {
        var sender = new InMemorySmsSender();
        sender.RejectNext(1, 0x0B, "ESME_RINVDSTADR");

        var result = await sender.SendAsync(Message);

        result.Status.Should().Be(SendStatus.Rejected);
        result.NativeCode.Should().Be(0x0B);
        result.Invoking(r => r.EnsureAccepted()).Should().Throw<MessageNotAcceptedException>().WithMessage("*ESME_RINVDSTADR*");
    }

    [Fact]
    public async Task InvalidNumber_FailsValidation()
    {
        var sender = new InMemorySmsSender();

        await sender.Invoking(s => s.SendAsync(Message with { To = "MyShop" })).Should().ThrowAsync<MessageValidationException>()
            .Where(e => e.Errors.Single().Field == "To");
    }

    [Fact]
    public async Task Registration_ResolvesAsDefaultSmsSender()
    {
        var services = new ServiceCollection();
        services.AddMessaging().AddInMemorySmsSender();
        await using var sp = services.BuildServiceProvider();

        var result = await sp.GetRequiredService<ISmsSender>().SendAsync(Message);

        result.IsAccepted.Should().BeTrue();
        result.SenderName.Should().Be(MessagingBuilder.DefaultSenderName);
        result.Transport.Should().Be("inmemory");
        sp.GetRequiredKeyedService<InMemorySmsSender>(MessagingBuilder.DefaultSenderName).Sent.Should().ContainSingle();
    }
}
