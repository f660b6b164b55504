using Messaging.Sdk.Tests.Vendors;
using Messaging.Sdk.Validation;
using Messaging.Sdk.Vendors.Ozeki;

namespace Messaging.Sdk.Tests.Delivery;

/// <summary>A callback URL is refused where it enters (the canonical message, the Ozeki request), before anything is sent.</summary>
public sealed class DeliveryReportUrlValidationTests
{
    private static SmsMessage Valid => new() { To = "+46708251358", Text = "Your code is 1234" };

    [Theory]
    [InlineData("https://user:pa55@app.example.com/dlr")]
    [InlineData("https://t0k3nXYZ@app.example.com/dlr")]
    public void DeliveryReportUrlWithUserInfo_IsRefused_NamingTheField_WithoutEchoingTheSecret(string url)
    {
        var errors = MessageValidator.Default.Validate(Valid with { DeliveryReportUrl = new Uri(url) });

        var error = errors.Should().ContainSingle(e => e.Field == "DeliveryReportUrl").Which;
        error.Message.Should().NotContain("pa55").And.NotContain("t0k3nXYZ");
    }

    [Fact]
    public void DeliveryReportUrlLongerThan2048Characters_IsRefused()
        => MessageValidator.Default.Validate(Valid with { DeliveryReportUrl = new Uri("https://app.example.com/" + new string('a', 2100)) })
            .Should().ContainSingle(e => e.Field == "DeliveryReportUrl");

    [Fact]
    public void DeliveryReportUrlWithAQueryToken_IsAccepted()
        => MessageValidator.Default.Validate(Valid with { DeliveryReportUrl = new Uri("https://app.example.com/dlr?token=abc") }).Should().BeEmpty();

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://files.example.com/dlr")]
    [InlineData("gopher://app.example.com/")]
    [InlineData("https://user:pw@app.example.com/dlr")]
    public async Task OzekiDeliveryReportUrl_ThatIsNotAPlainHttpUrl_Is302NamingDeliveryReportURL_AndNothingIsSent(string url)
    {
        var sender = new ScriptedSmsSender();
        var request = SendSmsRequest.Parse($"Recipient=%2B46708251358&Message=hi&DeliveryReportURL={Uri.EscapeDataString(url)}");

        var result = await sender.SendAsync(request);

        result.Code.Should().Be(OzekiStatusCode.InvalidParameter);
        result.Message.Should().Be("Missing or invalid parameter 'DeliveryReportURL' for command 'SendSms'");
        sender.Sent.Should().BeEmpty();
    }

    [Fact]
    public void OzekiRequestToString_DoesNotShowTheCallbacksQueryOrUserInfo()
    {
        var request = new SendSmsRequest { Recipient = "+46708251358", DeliveryReportUrl = "https://u:pw@app.example.com:8443/dlr?token=s3cret" };

        var text = request.ToString();

        text.Should().Contain("https://app.example.com:8443/…(path ").And.NotContain("s3cret").And.NotContain("pw@");
    }
}
