namespace Messaging.Sdk.Tests.Models;

public sealed class ResultTests
{
    [Fact]
    public void EnsureAccepted_ReturnsForAccepted()
    {
        var act = () => SmsSendResult.Accepted(["a1", "a2"]).EnsureAccepted();

        act.Should().NotThrow();
    }

    [Fact]
    public void EnsureAccepted_ThrowsForRejected_WithNativeCode()
    {
        var result = EmailSendResult.Rejected(550, "5.1.1 No such user");

        var ex = result.Invoking(r => r.EnsureAccepted()).Should().Throw<MessageNotAcceptedException>().Which;

        ex.NativeCode.Should().Be(550);
        ex.Message.Should().Contain("550").And.Contain("No such user");
        ex.Result.Should().BeSameAs(result);
        ex.IsTransient.Should().BeFalse();
    }

    [Fact]
    public void EnsureAccepted_ThrowsForUnknown_AsTransient()
    {
        var result = new SmsSendResult { Status = SendStatus.Unknown };

        var ex = result.Invoking(r => r.EnsureAccepted()).Should().Throw<MessageNotAcceptedException>().Which;

        ex.Message.Should().Contain("unknown");
        ex.IsTransient.Should().BeTrue();
    }

    [Fact]
    public void SmsResult_MessageIdIsFirstSegment()
    {
        var result = SmsSendResult.Accepted(["1f", "20", "21"]);

        result.MessageId.Should().Be("1f");
        result.SegmentCount.Should().Be(3);
    }

    [Fact]
    public void MessageToString_DoesNotContainBodies()
    {
        var email = new EmailMessage { From = "a@example.com", To = ["b@example.com"], Subject = "s", TextBody = "secret body" };
        var sms = new SmsMessage { To = "+46708251358", Text = "your code is 123456" };

        email.ToString().Should().NotContain("secret body");
        sms.ToString().Should().NotContain("123456");
    }
}
