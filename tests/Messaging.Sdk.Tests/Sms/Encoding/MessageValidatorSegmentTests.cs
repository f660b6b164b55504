using Messaging.Sdk.Validation;

namespace Messaging.Sdk.Tests.Sms.Encoding;

public sealed class MessageValidatorSegmentTests
{
    [Fact]
    public void Validate_TooManySegments_NamesTextAndLimit()
    {
        var validator = new MessageValidator(new MessageValidationOptions { MaxSmsSegments = 2 });
        var errors = validator.Validate(new SmsMessage { To = "+46708251358", Text = new string('a', 307) });

        errors.Should().ContainSingle(e => e.Field == "Text" && e.Message.Contains("3 Gsm7 segments") && e.Message.Contains("MaxSmsSegments"));
        validator.Validate(new SmsMessage { To = "+46708251358", Text = new string('a', 306) }).Should().BeEmpty();
    }

    [Fact]
    public void Validate_ForcedGsm7WithUnsupportedCharacter_NamesIndex()
    {
        var errors = MessageValidator.Default.Validate(new SmsMessage { To = "+46708251358", Text = "ok Ж", Encoding = SmsEncodingHint.Gsm7 });

        errors.Should().ContainSingle(e => e.Field == "Text" && e.Message.Contains("U+0416 at index 3"));
    }

    [Fact]
    public void Validate_AutoWithAnyCharacter_IsValid()
        => MessageValidator.Default.Validate(new SmsMessage { To = "+46708251358", Text = "ok Ж 😀" }).Should().BeEmpty();
}
