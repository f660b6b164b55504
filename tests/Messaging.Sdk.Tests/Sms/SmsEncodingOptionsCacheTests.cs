using Messaging.Sdk.Sms.Encoding;

namespace Messaging.Sdk.Tests.Sms;

public sealed class SmsEncodingOptionsCacheTests
{
    [Fact]
    public void ForHint_ReturnsOneSharedInstancePerHint_WithDefaultsOtherwise()
    {
        foreach (var hint in Enum.GetValues<SmsEncodingHint>())
        {
            var options = SmsEncodingOptions.ForHint(hint);

            options.Should().Be(new SmsEncodingOptions { Hint = hint });
            SmsEncodingOptions.ForHint(hint).Should().BeSameAs(options);
        }
    }

    [Fact]
    public void ForHint_OutOfRange_StillCarriesTheHint()
        => SmsEncodingOptions.ForHint((SmsEncodingHint)99).Hint.Should().Be((SmsEncodingHint)99);
}
