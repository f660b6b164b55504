using Messaging.Sdk.Validation;

namespace Messaging.Sdk.Tests.Validation;

public sealed class SmsValidationTests
{
    private static SmsMessage Valid => new() { From = "MyShop", To = "+46708251358", Text = "Your code is 1234" };

    [Fact]
    public void ValidMessage_HasNoErrors()
    {
        MessageValidator.Default.Validate(Valid).Should().BeEmpty();
    }

    [Fact]
    public void MissingRecipient_NamesTo()
    {
        MessageValidator.Default.Validate(Valid with { To = null }).Should().ContainSingle(e => e.Field == "To");
    }

    [Fact]
    public void AlphanumericRecipient_IsRejected()
    {
        MessageValidator.Default.Validate(Valid with { To = "MyShop" })
            .Should().ContainSingle(e => e.Field == "To").Which.Message.Should().Contain("must be a number");
    }

    [Fact]
    public void EmptyText_IsRejected()
    {
        MessageValidator.Default.Validate(Valid with { Text = "" }).Should().ContainSingle(e => e.Field == "Text");
    }

    [Fact]
    public void TextOverLimit_IsRejected()
    {
        var validator = new MessageValidator(new MessageValidationOptions { MaxSmsTextLength = 10 });

        validator.Validate(Valid with { Text = new string('a', 11) }).Should().ContainSingle(e => e.Field == "Text");
    }

    [Theory]
    [InlineData("ftp://example.com/report")]
    [InlineData("/relative/report")]
    public void NonHttpCallback_IsRejected(string url)
    {
        var message = Valid with { DeliveryReportUrl = new Uri(url, UriKind.RelativeOrAbsolute) };

        MessageValidator.Default.Validate(message).Should().ContainSingle(e => e.Field == "DeliveryReportUrl");
    }

    [Fact]
    public void CallbackImpliesDeliveryReport()
    {
        (Valid with { DeliveryReportUrl = new Uri("https://app.example.com/dlr") }).WantsDeliveryReport.Should().BeTrue();
        Valid.WantsDeliveryReport.Should().BeFalse();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(60 * 24 * 442)]
    public void ValidityOutOfRange_IsRejected(int minutes)
    {
        MessageValidator.Default.Validate(Valid with { ValidityPeriod = TimeSpan.FromMinutes(minutes) })
            .Should().ContainSingle(e => e.Field == "ValidityPeriod");
    }

    [Fact]
    public void UndefinedEncoding_IsRejected()
    {
        MessageValidator.Default.Validate(Valid with { Encoding = (SmsEncodingHint)42 }).Should().ContainSingle(e => e.Field == "Encoding");
    }
}
