using System.Xml.Linq;
using Messaging.Sdk.Vendors.Ozeki;

namespace Messaging.Sdk.Tests.Vendors;

public sealed class OzekiModelTests
{
    private const string EmailSeed = "ozeki-SendEmail-command.txt";
    private const string SmsSeed = "ozeki-SendSms-command.txt";

    [Fact]
    public void SendEmail_SeedExampleUrl_ParsesIntoTheDocumentedRequest()
    {
        var url = Seeds.Between(Seeds.Read(EmailSeed), "http://127.0.0.1:9509/api?command=SendEmail", "Password=qwe123");

        var request = SendEmailRequest.Parse(url);

        request.Should().Be(new SendEmailRequest
        {
            Sender = "test@domain.com",
            Recipient = "abc@anotherdomain.com",
            Message = "Hello world",
            Subject = "TestSubject",
            Username = "HTTP_User_1",
            Password = "qwe123",
        });
    }

    [Fact]
    public void SendSms_SeedExampleUrl_ParsesIntoTheDocumentedRequest()
    {
        var url = Seeds.Between(Seeds.Read(SmsSeed), "http://127.0.0.1:9509/api?command=SendSms", "smsdelivered.php");

        var request = SendSmsRequest.Parse(url);

        request.Should().Be(new SendSmsRequest
        {
            Username = "HTTP_User_1",
            Password = "qwe123",
            Sender = "+0615546669",
            Recipient = "+0615546670",
            Message = "Hello world",
            DeliveryReportUrl = "http://yourapp.com/smsdelivered.php",
        });
    }

    [Fact]
    public void SendEmail_SeedExampleResponse_IsWrittenByteForByteModuloWhitespaceAndTheSeedsTypo()
    {
        // The seed closes EmailId with a second opening tag ("...9208<EmailId>"), which is not XML; we write "</EmailId>".
        var seed = Seeds.Between(Seeds.Read(EmailSeed), "<?xml version=\"1.0\"?> <Response", "</Response>")
            .Replace("9208<EmailId>", "9208</EmailId>", StringComparison.Ordinal);
        var result = CommandResult.Create(OzekiCommands.SendEmail, OzekiStatusCode.Ok) with { EmailId = "6b5c6978-0cd6-4a58-86fc-3d1b279b9208" };

        var xml = result.ToXml();

        Seeds.Squeeze(xml).Should().Be(Seeds.Squeeze(seed));
        CommandResult.ParseXml(seed).Should().Be(result);
    }

    [Fact]
    public void SendSms_SeedExampleResponse_IsWrittenByteForByteModuloWhitespaceAndTheSeedsTypo()
    {
        // The seed closes the root as "OzApi_CommandResult_SencdSms", a typo for the opening "OzApi_CommandResult_SendSms".
        var seed = Seeds.Between(Seeds.Read(SmsSeed), "<?xml version=\"1.0\"?> <OzApi_CommandResult_SendSms", "</OzApi_CommandResult_SencdSms>")
            .Replace("SencdSms", "SendSms", StringComparison.Ordinal);
        var result = CommandResult.Create(OzekiCommands.SendSms, OzekiStatusCode.Ok) with { SmsId = "7d678b16-0e81-4a05-805b-851e4794495e" };

        Seeds.Squeeze(result.ToXml()).Should().Be(Seeds.Squeeze(seed));
        CommandResult.ParseXml(seed).Should().Be(result);
    }

    [Fact]
    public void SeedTypos_AreTheOnlyDifference_TheRawSeedXmlIsNotWellFormed()
    {
        var email = Seeds.Between(Seeds.Read(EmailSeed), "<?xml version=\"1.0\"?> <Response", "</Response>");
        var sms = Seeds.Between(Seeds.Read(SmsSeed), "<?xml version=\"1.0\"?> <OzApi_CommandResult_SendSms", "</OzApi_CommandResult_SencdSms>");

        FluentActions.Invoking(() => CommandResult.ParseXml(email)).Should().Throw<FormatException>();
        FluentActions.Invoking(() => CommandResult.ParseXml(sms)).Should().Throw<FormatException>();
    }

    [Fact]
    public void ToXml_UsesTheDocumentedRootsAndNamespaceDeclarationOrder()
    {
        var email = XDocument.Parse(CommandResult.Create(OzekiCommands.SendEmail, OzekiStatusCode.Ok).ToXml()).Root!;
        var sms = XDocument.Parse(CommandResult.Create(OzekiCommands.SendSms, OzekiStatusCode.Ok).ToXml()).Root!;

        email.Name.LocalName.Should().Be("Response");
        email.Attributes().Select(a => a.Name.LocalName).Should().Equal("xsi", "xsd");
        sms.Name.LocalName.Should().Be("OzApi_CommandResult_SendSms");
        sms.Attributes().Select(a => a.Name.LocalName).Should().Equal("xsd", "xsi");
        sms.Attribute(XNamespace.Xmlns + "xsi")!.Value.Should().Be("http://www.w3.org/2001/XMLSchema-instance");
        sms.Attribute(XNamespace.Xmlns + "xsd")!.Value.Should().Be("http://www.w3.org/2001/XMLSchema");
    }

    public static TheoryData<int, string, string> StatusCodes() => new()
    {
        { 200, "Ok", "Command successfully executed" },
        { 300, "ParseError", "Error occured during parsing message: 'a'" },
        { 301, "NotImplementedCommand", "Not implemented command: 'a'" },
        { 302, "InvalidParameter", "Missing or invalid parameter 'a' for command 'b'" },
        { 303, "InappropriateCommand", "Command 'a' cannot be used here" },
        { 304, "AuthenticationRequired", "Authentication required" },
        { 305, "AuthenticationFailed", "Authentication failed, bad username or password" },
        { 306, "ForbiddenUser", "User is not allowed to use API in ACL" },
        { 307, "ForbiddenAddress", "Use API from this address is forbidden" },
        { 401, "ApiExtensionUnavailable", "API extension 'a' unavailable, please check configuration or permissions" },
        { 402, "CallConnectFailed", "Call connect to 'a' failed with result state 'b'" },
        { 501, "SmsDestinationNotFound", "Destination of the SMS is not found" },
        { 601, "CallNotFound", "Call not found with ID 'a'" },
        { 701, "ConfigNotFound", "Configuration for type 'a' not found" },
        { 702, "InvalidConfig", "Invalid configuration for type 'a'" },
        { 703, "ConfigAlreadyExists", "Extension configuration already exists" },
    };

    [Theory]
    [MemberData(nameof(StatusCodes))]
    public void EveryStatusCode_IsTypedWithItsMessage_AndRoundTripsThroughXml(int code, string name, string message)
    {
        var typed = (OzekiStatusCode)code;
        typed.ToString().Should().Be(name);
        OzekiStatusCodes.All.Should().Contain(typed);

        foreach (var command in new[] { OzekiCommands.SendEmail, OzekiCommands.SendSms })
        {
            var result = CommandResult.Create(command, typed, "a", "b") with { NotificationName = "CallConnected" };
            result.Message.Should().Be(message);
            CommandResult.ParseXml(result.ToXml()).Should().Be(result);
        }
    }

    [Fact]
    public void StatusCodeTable_HasExactlyTheSixteenDocumentedCodes()
        => OzekiStatusCodes.All.Select(c => (int)c).Should().Equal(200, 300, 301, 302, 303, 304, 305, 306, 307, 401, 402, 501, 601, 701, 702, 703);

    [Theory]
    [InlineData("DeliveryReportURL")]
    [InlineData("DelivaryReportURL")]
    [InlineData("deliveryreporturl")]
    public void SendSms_AcceptsBothSpellingsOfTheDeliveryReportParameter_AndWritesTheCorrectOne(string name)
    {
        var request = SendSmsRequest.Parse($"command=SendSms&Recipient=%2B46708251358&Message=Hi&{name}=https%3A%2F%2Fapp.example%2Fdr");

        request.DeliveryReportUrl.Should().Be("https://app.example/dr");
        request.ToQueryString().Should().Contain("DeliveryReportURL=https%3A%2F%2Fapp.example%2Fdr").And.NotContain("Delivary");
    }

    [Fact]
    public void SendSms_WhenBothSpellingsArePresent_TheCorrectSpellingWins()
        => SendSmsRequest.Parse("DelivaryReportURL=http://old.example/&DeliveryReportURL=http://new.example/").DeliveryReportUrl.Should().Be("http://new.example/");

    [Fact]
    public void SendEmail_RoundTripsEveryParameter()
    {
        var request = new SendEmailRequest
        {
            ApiExtension = 9994,
            Sender = "Shop <shop@example.com>",
            Recipient = "ann@example.net",
            Message = "Hello & welcome; 100% sure + more",
            Subject = "Grüße = ünïcode",
            Attachments = ["/srv/files/a.pdf", "/srv/files/b c.txt"],
            Username = "user1000",
            Password = "p&ss=word;",
        };

        var query = request.ToQueryString();

        query.Should().StartWith("command=SendEmail&");
        SendEmailRequest.Parse(query).Should().Be(request);
        SendEmailRequest.Parse(SendEmailRequest.Parse(query).ToQueryString()).Should().Be(request);
    }

    [Fact]
    public void SendSms_RoundTripsEveryParameter()
    {
        var request = new SendSmsRequest
        {
            Sender = "+46708251358", Recipient = "+46708251359", Message = "Hi + bye & 50%", DeliveryReportUrl = "http://a.example/dr?x=1&y=2",
            Username = "u", Password = "secret",
        };

        SendSmsRequest.Parse(request.ToQueryString()).Should().Be(request);
    }

    [Fact]
    public void Parse_AcceptsAFormBodyAsWellAsAUrl()
        => SendEmailRequest.Parse("Recipient=a%40b.example&Message=Hi+there").Should().Be(new SendEmailRequest { Recipient = "a@b.example", Message = "Hi there" });

    [Fact]
    public void Attachments_AreASemicolonSeparatedListOfAbsolutePaths()
    {
        var request = SendEmailRequest.Parse(@"Recipient=a%40b.example&Attachments=C:\example.txt;/srv/b.pdf");

        request.Attachments.Should().Equal(@"C:\example.txt", "/srv/b.pdf");
        request.ToQueryString().Should().Contain("Attachments=C%3A%5Cexample.txt%3B%2Fsrv%2Fb.pdf");
    }

    [Fact]
    public void Parse_WhenApiExtensionIsNotAnInteger_Reports302NamingApiExtension()
    {
        SendEmailRequest.TryParse("command=SendEmail&ApiExtension=abc&Recipient=a%40b.example", out _, out var error).Should().BeFalse();

        error!.Code.Should().Be(OzekiStatusCode.InvalidParameter);
        error.Message.Should().Be("Missing or invalid parameter 'ApiExtension' for command 'SendEmail'");
    }

    [Fact]
    public void Parse_WhenTheCommandIsAnotherOne_Reports303()
    {
        var act = () => SendSmsRequest.Parse("command=SendEmail&Recipient=1");

        act.Should().Throw<OzekiRequestException>().Which.Result!.Should().Match<CommandResult>(r =>
            r.Code == OzekiStatusCode.InappropriateCommand && r.Message == "Command 'SendEmail' cannot be used here");
    }

    [Fact]
    public void EveryParameterInTheSeedsAndTheReference_IsMappedToAProperty()
    {
        var emailNames = Seeds.TableNames(Seeds.Read(EmailSeed), "Parameter name | Example value").Append("ApiExtension").ToList();
        var smsNames = Seeds.TableNames(Seeds.Read(SmsSeed), "Parameter name | Example value").Append("DeliveryReportURL").ToList();
        emailNames.Should().Contain(["Attachments", "Message", "Recipient", "Sender", "Subject", "Username", "Password"]);
        smsNames.Should().Contain("DelivaryReportURL");

        foreach (var name in emailNames)
        {
            SendEmailRequest.ParameterNames.Should().Contain(name);
            SendEmailRequest.Parse($"{name}=7").Should().NotBe(new SendEmailRequest(), $"parameter {name} must land in a property");
        }

        foreach (var name in smsNames)
        {
            SendSmsRequest.ParameterNames.Should().Contain(name);
            SendSmsRequest.Parse($"{name}=7").Should().NotBe(new SendSmsRequest(), $"parameter {name} must land in a property");
        }
    }

    [Fact]
    public void EveryParameterOfThePhoneSystemSeed_IsMapped()
    {
        // This generation of the docs lists parameters as "Name <type> value" lines rather than a pipe table.
        var text = Seeds.Read("ozeki-phone-system-SendEmail.txt");
        var section = Seeds.Between(text, "Request parameters", "Response parameters");
        var names = System.Text.RegularExpressions.Regex.Matches(section, @"^(\w+) (?:string|int) value", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToList();
        var auth = System.Text.RegularExpressions.Regex.Count(section, @"^(Username|Password) string value", System.Text.RegularExpressions.RegexOptions.Multiline);

        names.Should().Equal("command", "ApiExtension", "Sender", "Recipient", "Message", "Subject", "Username", "Password");
        auth.Should().Be(2);
        SendEmailRequest.Parse("command=SendEmail&ApiExtension=9994").ApiExtension.Should().Be(9994);
        foreach (var name in names.Where(n => n != "command"))
        {
            SendEmailRequest.ParameterNames.Should().Contain(name);
        }
    }

    [Fact]
    public void EveryResponseParameterInTheSeeds_IsWrittenAsAnElement()
    {
        var emailNames = Seeds.TableNames(Seeds.Read(EmailSeed), "Parameter name | Example value", occurrence: 1);
        var smsNames = Seeds.TableNames(Seeds.Read(SmsSeed), "Parameter name | Example value", occurrence: 1);
        var email = XDocument.Parse((CommandResult.Create(OzekiCommands.SendEmail, OzekiStatusCode.Ok) with { EmailId = "e", NotificationName = "n" }).ToXml());
        var sms = XDocument.Parse((CommandResult.Create(OzekiCommands.SendSms, OzekiStatusCode.Ok) with { SmsId = "s", NotificationName = "n" }).ToXml());

        emailNames.Should().BeEquivalentTo(["Code", "Message", "EmailId", "NotificationName"]);
        smsNames.Should().BeEquivalentTo(["Code", "Message", "NotificationName", "SmsId"]);
        email.Root!.Elements().Select(e => e.Name.LocalName).Should().BeEquivalentTo(emailNames);
        sms.Root!.Elements().Select(e => e.Name.LocalName).Should().BeEquivalentTo(smsNames);
    }

    [Fact]
    public void ToString_NeverShowsThePassword()
    {
        new SendEmailRequest { Password = "hunter2-secret" }.ToString().Should().NotContain("hunter2-secret");
        new SendSmsRequest { Password = "hunter2-secret" }.ToString().Should().NotContain("hunter2-secret");
    }
}
