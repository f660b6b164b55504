using System.Text.RegularExpressions;
using System.Xml.Linq;
using Messaging.Sdk.Vendors.Restcomm;
using Microsoft.Extensions.Time.Testing;

namespace Messaging.Sdk.Tests.Vendors;

public sealed partial class RestcommTests
{
    private const string Seed = "restcomm-email-api.txt";
    private const string AccountSid = "ACae6e420f425248d6a26948c17a9e2acf";

    private static string SeedForm()
    {
        var text = Seeds.Read(Seed);
        var curl = text[text.IndexOf("curl -X POST", StringComparison.Ordinal)..text.IndexOf("const request", StringComparison.Ordinal)];
        return string.Join('&', CurlData().Matches(curl).Select(m => m.Groups[1].Value));
    }

    [Fact]
    public void SeedExampleRequest_ParsesIntoTheDocumentedEmailRequest()
    {
        var request = EmailRequest.Parse(SeedForm(), AccountSid);

        request.Should().Be(new EmailRequest
        {
            AccountSid = AccountSid, To = "john.doe@yourcompany.com", From = "jane.doe@yourcompany.com", Body = "This is a test", Subject = "Test Email",
        });
    }

    [Fact]
    public void SeedJavaExampleBody_ParsesLikeTheCurlExample()
    {
        var text = Seeds.Read(Seed);
        var java = Seeds.Between(text, "os.writeBytes(\"To=", "\");");
        var body = string.Concat(Regex.Matches(java, "\"([^\"]*)\"").Select(m => m.Groups[1].Value));

        EmailRequest.Parse(body).Should().Be(EmailRequest.Parse(SeedForm()));
    }

    [Fact]
    public async Task SeedExampleResponse_IsProducedByteForByteModuloWhitespace_AndParsesBack()
    {
        var seedJson = Seeds.Between(Seeds.Read(Seed), "{\n  \"date_sent\"", "}");
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2016-02-07T23:54:41.293Z", System.Globalization.CultureInfo.InvariantCulture));
        var sender = new ScriptedEmailSender();

        var result = await sender.SendAsync(EmailRequest.Parse(SeedForm(), AccountSid), clock);

        result.HttpStatusCode.Should().Be(200);
        Seeds.SqueezeJson(result.ToJson()).Should().Be(Seeds.SqueezeJson(seedJson));
        EmailMessageResource.ParseJson(seedJson).Should().Be(result.Resource! with { SendResult = null });
        var message = sender.Sent.Single();
        message.From!.Address.Should().Be("jane.doe@yourcompany.com");
        message.To.Single().Address.Should().Be("john.doe@yourcompany.com");
        message.Subject.Should().Be("Test Email");
        message.TextBody.Should().Be("This is a test");
    }

    [Fact]
    public void EmailResource_XmlIsWrappedInRestcommResponse_AndRoundTrips()
    {
        var resource = new EmailMessageResource
        {
            DateSent = new DateTimeOffset(2016, 2, 7, 23, 54, 41, 293, TimeSpan.Zero), AccountSid = AccountSid, From = "a@x.example", To = "b@x.example", Body = "<b>&</b>", Subject = "S",
        };

        var xml = resource.ToXml();

        XDocument.Parse(xml).Root!.Name.LocalName.Should().Be("RestcommResponse");
        XDocument.Parse(xml).Root!.Element("EmailMessage")!.Elements().Select(e => e.Name.LocalName).Should().Equal("DateSent", "AccountSid", "From", "To", "Body", "Subject");
        EmailMessageResource.ParseXml(xml).Should().Be(resource);
        EmailMessageResource.ParseJson(resource.ToJson()).Should().Be(resource);
    }

    [Fact]
    public void EveryRequestParameterAndAttributeInTheSeed_IsMapped()
    {
        var text = Seeds.Read(Seed);
        var requestSection = Seeds.Between(text, "Request Parameters\n\nParameter Description", "Examples");
        var parameters = ParameterLine().Matches(requestSection).Select(m => m.Groups[1].Value).Where(n => n != "Examples").ToList();
        var attributeSection = Seeds.Between(text, "Email Attributes", "Platform");
        var attributes = AttributeLine().Matches(attributeSection).Select(m => m.Groups[1].Value).Where(n => n is not ("Attribute" or "Platform")).ToList();

        parameters.Should().Equal("From", "To", "Body", "Subject", "Type", "BCC", "CC");
        attributes.Should().Equal("DateSent", "AccountSid", "From", "To", "Body", "Subject");
        foreach (var name in parameters)
        {
            EmailRequest.ParameterNames.Should().Contain(name);
            EmailRequest.Parse($"{name}=x").Should().NotBe(new EmailRequest(), $"{name} must land in a property");
        }

        var xml = XDocument.Parse(new EmailMessageResource().ToXml()).Root!.Element("EmailMessage")!;
        xml.Elements().Select(e => e.Name.LocalName).Should().Equal(attributes);
        EmailMessageResource.JsonNames.Should().Equal(attributes.Select(Snake));
    }

    [Fact]
    public void EveryReferenceSmsAttribute_IsWrittenInJsonAndXml()
    {
        var documented = new[] { "Sid", "DateCreated", "DateUpdated", "DateSent", "AccountSid", "From", "To", "Body", "Status", "Direction", "Price", "PriceUnit", "ApiVersion", "Uri", "ErrorCode", "ErrorMessage" };
        var resource = FullSms();

        var xml = XDocument.Parse(resource.ToXml()).Root!.Element("SMSMessage")!.Elements().Select(e => e.Name.LocalName);
        var json = System.Text.Json.JsonDocument.Parse(resource.ToJson()).RootElement.EnumerateObject().Select(p => p.Name);

        xml.Should().BeEquivalentTo(documented);
        json.Should().BeEquivalentTo(documented.Select(Snake));
        SmsRequest.ParameterNames.Should().Equal("From", "To", "Body");
        foreach (var name in SmsRequest.ParameterNames)
        {
            SmsRequest.Parse($"{name}=x").Should().NotBe(new SmsRequest());
        }
    }

    [Fact]
    public void SmsResource_RoundTripsThroughJsonAndXml_WithRfc1123Dates()
    {
        var resource = FullSms();

        var json = resource.ToJson();
        var xml = resource.ToXml();

        json.Should().Contain("\"date_created\":\"Thu, 19 Nov 2015 07:21:24 -0500\"").And.Contain("\"uri\":\"/2012-04-24/Accounts/AC1/SMS/Messages/SM0123.json\"")
            .And.Contain("\"error_code\":30003").And.Contain("\"to\":\"+14155550101\"");
        xml.Should().Contain("<DateCreated>Thu, 19 Nov 2015 07:21:24 -0500</DateCreated>").And.Contain("<Uri>/2012-04-24/Accounts/AC1/SMS/Messages/SM0123</Uri>");
        SmsMessageResource.ParseJson(json).Should().Be(resource);
        SmsMessageResource.ParseXml(xml).Should().Be(resource);
        SmsMessageResource.ParseJson(SmsMessageResource.ParseXml(xml).ToJson()).Should().Be(resource);
    }

    [Fact]
    public void SmsResource_WithNullsRoundTrips()
    {
        var resource = new SmsMessageResource { Sid = "SMx", Status = RestcommSmsStatus.Queued };

        SmsMessageResource.ParseJson(resource.ToJson()).Should().Be(resource);
        SmsMessageResource.ParseXml(resource.ToXml()).Should().Be(resource);
    }

    [Theory]
    [InlineData("Thu, 19 Nov 2015 07:21:24 -0500")]
    [InlineData("Mon, 1 Feb 2016 23:05:00 +0000")]
    [InlineData("Sat, 31 Dec 2016 12:00:00 +0530")]
    public void Rfc1123Dates_RoundTripExactly(string text)
    {
        var xml = $"<RestcommResponse><SMSMessage><DateSent>{text}</DateSent><Status>sent</Status></SMSMessage></RestcommResponse>";

        SmsMessageResource.ParseXml(xml).ToXml().Should().Contain($"<DateSent>{text}</DateSent>");
    }

    [Theory]
    [InlineData(RestcommSmsStatus.Queued, "queued")]
    [InlineData(RestcommSmsStatus.Sending, "sending")]
    [InlineData(RestcommSmsStatus.Sent, "sent")]
    [InlineData(RestcommSmsStatus.Failed, "failed")]
    [InlineData(RestcommSmsStatus.Received, "received")]
    [InlineData(RestcommSmsStatus.Delivered, "delivered")]
    [InlineData(RestcommSmsStatus.Undelivered, "undelivered")]
    public void EveryStatus_HasItsWireValue_AndRoundTrips(RestcommSmsStatus status, string wire)
    {
        var resource = FullSms() with { Status = status };

        status.ToWireValue().Should().Be(wire);
        SmsMessageResource.ParseJson(resource.ToJson()).Status.Should().Be(status);
        SmsMessageResource.ParseXml(resource.ToXml()).Status.Should().Be(status);
    }

    [Theory]
    [InlineData(RestcommDirection.Incoming, "incoming")]
    [InlineData(RestcommDirection.OutboundApi, "outbound-api")]
    [InlineData(RestcommDirection.OutboundCall, "outbound-call")]
    public void EveryDirection_HasItsWireValue_AndRoundTrips(RestcommDirection direction, string wire)
    {
        direction.ToWireValue().Should().Be(wire);
        SmsMessageResource.ParseJson((FullSms() with { Direction = direction }).ToJson()).Direction.Should().Be(direction);
    }

    [Theory]
    [InlineData(30001, "Queue overflow")]
    [InlineData(30002, "Account suspended")]
    [InlineData(30003, "Unreachable destination handset")]
    [InlineData(30004, "Message blocked")]
    [InlineData(30005, "Unknown destination handset")]
    [InlineData(30006, "Landline or unreachable carrier")]
    [InlineData(30007, "Carrier violation")]
    [InlineData(30008, "Unknown error")]
    [InlineData(30009, "Missing segment")]
    [InlineData(30010, "Message price exceeds max price")]
    public void EveryErrorCode_IsTypedWithItsMessage_AndRoundTrips(int code, string message)
    {
        var typed = (RestcommErrorCode)code;
        Enum.IsDefined(typed).Should().BeTrue();
        typed.GetMessage().Should().Be(message);
        var resource = FullSms() with { ErrorCode = typed, ErrorMessage = message };

        SmsMessageResource.ParseJson(resource.ToJson()).Should().Be(resource);
        SmsMessageResource.ParseXml(resource.ToXml()).Should().Be(resource);
    }

    [Fact]
    public void ErrorCode300010FromTheDocumentation_IsReadAs30010()
        => SmsMessageResource.ParseJson("{\"status\":\"failed\",\"error_code\":300010}").ErrorCode.Should().Be(RestcommErrorCode.MessagePriceExceedsMaxPrice);

    [Theory]
    [InlineData("{\"status\":\"lost\"}")]
    [InlineData("{\"direction\":\"sideways\"}")]
    [InlineData("{\"date_sent\":\"yesterday\"}")]
    [InlineData("[1]")]
    [InlineData("<xml")]
    public void ParseJson_RejectsInvalidValues(string json)
        => FluentActions.Invoking(() => SmsMessageResource.ParseJson(json)).Should().Throw<FormatException>();

    [Fact]
    public void Error_JsonAndXmlRoundTrip()
    {
        var error = new RestcommError { Status = 502, Code = 550, Message = "refused" };
        var bad = RestcommError.BadRequest("Subject", "too long");

        error.ToJson().Should().Be("{\"status\":502,\"message\":\"refused\",\"code\":550}");
        bad.ToJson().Should().Be("{\"status\":400,\"message\":\"too long\"}");
        RestcommError.ParseJson(error.ToJson()).Should().Be(error);
        RestcommError.ParseXml(error.ToXml()).Should().Be(error);
        XDocument.Parse(bad.ToXml()).Root!.Element("RestException")!.Element("Status")!.Value.Should().Be("400");
    }

    [Fact]
    public void Requests_RoundTripThroughTheirFormBodies()
    {
        var email = new EmailRequest { From = "a@x.example", To = "b@x.example, c@x.example", Body = "Hi & bye", Subject = "S+1", Type = "text/html", Cc = "d@x.example", Bcc = "e@x.example" };
        var sms = new SmsRequest { From = "+14155550100", To = "+14155550101", Body = "50% off + more" };

        EmailRequest.Parse(email.ToFormBody()).Should().Be(email);
        SmsRequest.Parse(sms.ToFormBody()).Should().Be(sms);
        sms.ToFormBody().Should().Contain("To=%2B14155550101");
    }

    [Fact]
    public async Task Email_MapsCcBccAndHtmlType()
    {
        var sender = new ScriptedEmailSender();

        await sender.SendAsync(EmailRequest.Parse("From=a%40x.example&To=b%40x.example,c%40x.example&CC=d%40x.example&BCC=e%40x.example&Subject=S&Body=%3Cb%3Ehi%3C%2Fb%3E&Type=text%2Fhtml"));

        var message = sender.Sent.Single();
        message.To.Select(a => a.Address).Should().Equal("b@x.example", "c@x.example");
        message.Cc.Single().Address.Should().Be("d@x.example");
        message.Bcc.Single().Address.Should().Be("e@x.example");
        message.HtmlBody.Should().Be("<b>hi</b>");
        message.TextBody.Should().BeNull();
    }

    [Theory]
    [InlineData("To=b%40x.example&Subject=S&Body=B", "From")]
    [InlineData("From=a%40x.example&Subject=S&Body=B", "To")]
    [InlineData("From=a%40x.example&To=b%40x.example&Subject=S", "Body")]
    [InlineData("From=a%40x.example&To=b%40x.example&Body=B", "Subject")]
    [InlineData("From=a%40x.example&To=nope&Subject=S&Body=B", "To")]
    [InlineData("From=a%40x.example&To=b%40x.example&CC=nope&Subject=S&Body=B", "CC")]
    [InlineData("From=a%40x.example&To=b%40x.example&Subject=S&Body=B&Type=image%2Fpng", "Type")]
    [InlineData("From=a%40x.example&To=b%40x.example&Subject=S%0D%0AX%3A%201&Body=B", "Subject")]
    public async Task Email_InvalidInput_IsHttp400NamingTheParameter(string form, string parameter)
    {
        var result = await new ScriptedEmailSender().SendAsync(EmailRequest.Parse(form));

        result.HttpStatusCode.Should().Be(400);
        result.Error!.Parameter.Should().Be(parameter);
        result.Error.Message.Should().Contain(parameter);
        result.ToJson().Should().StartWith("{\"status\":400,");
    }

    [Fact]
    public async Task Email_SubjectOfExactly160CharactersIsAccepted_161IsHttp400()
    {
        var sender = new ScriptedEmailSender();
        var request = new EmailRequest { From = "a@x.example", To = "b@x.example", Body = "B" };

        (await sender.SendAsync(request with { Subject = new string('s', 160) })).HttpStatusCode.Should().Be(200);
        var tooLong = await sender.SendAsync(request with { Subject = new string('s', 161) });
        tooLong.HttpStatusCode.Should().Be(400);
        tooLong.Error!.Parameter.Should().Be("Subject");
        FluentActions.Invoking(() => (request with { Subject = new string('s', 161) }).ToEmailMessage()).Should().Throw<RestcommRequestException>().Which.Status.Should().Be(400);
    }

    [Fact]
    public async Task Email_RejectedUnknownAndUnreachable_Are502_504_503()
    {
        var request = new EmailRequest { From = "a@x.example", To = "b@x.example", Body = "B", Subject = "S" };

        var rejected = await new ScriptedEmailSender(_ => EmailSendResult.Rejected(550, "5.1.1 no such user")).SendAsync(request);
        var unknown = await new ScriptedEmailSender(_ => new EmailSendResult { Status = SendStatus.Unknown }).SendAsync(request);
        var down = await new ScriptedEmailSender { Throw = _ => new MessagingTransportException("connect failed") }.SendAsync(request);

        rejected.HttpStatusCode.Should().Be(502);
        rejected.Error!.Code.Should().Be(550);
        unknown.HttpStatusCode.Should().Be(504);
        down.HttpStatusCode.Should().Be(503);
    }

    [Fact]
    public async Task Sms_Accepted_IsSentWithADeterministicSid()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2015, 11, 19, 12, 21, 24, TimeSpan.Zero));
        var sender = new ScriptedSmsSender(_ => SmsSendResult.Accepted(["abc123"]));

        var result = await sender.SendAsync(SmsRequest.Parse("From=%2B14155550100&To=%2B14155550101&Body=Hello", "AC1"), clock);

        var resource = result.Resource!;
        resource.Status.Should().Be(RestcommSmsStatus.Sent);
        resource.Sid.Should().MatchRegex("^SM[0-9a-f]{32}$").And.Be(RestcommMessagingExtensions.SmsSid("abc123"));
        resource.DateSent.Should().Be(clock.GetUtcNow());
        resource.Uri.Should().Be($"/2012-04-24/Accounts/AC1/SMS/Messages/{resource.Sid}");
        resource.ErrorCode.Should().BeNull();
        sender.Sent.Single().Should().Be(new SmsMessage { From = PhoneNumber.Parse("+14155550100"), To = PhoneNumber.Parse("+14155550101"), Text = "Hello" });
    }

    [Theory]
    [InlineData(0x0B, RestcommErrorCode.UnreachableDestinationHandset)]
    [InlineData(0x50, RestcommErrorCode.UnreachableDestinationHandset)]
    [InlineData(0xFE, RestcommErrorCode.UnreachableDestinationHandset)]
    [InlineData(0x0A, RestcommErrorCode.CarrierViolation)]
    [InlineData(0x14, RestcommErrorCode.QueueOverflow)]
    [InlineData(0x58, RestcommErrorCode.QueueOverflow)]
    [InlineData(0x66, RestcommErrorCode.MessageBlocked)]
    [InlineData(0x0E, RestcommErrorCode.AccountSuspended)]
    [InlineData(0x08, RestcommErrorCode.UnknownError)]
    [InlineData(0x45, RestcommErrorCode.UnknownError)]
    [InlineData(0xFF, RestcommErrorCode.UnknownError)]
    public async Task Sms_RejectedBySmsc_IsFailedWithTheMappedErrorCode(int status, RestcommErrorCode expected)
    {
        var result = await new ScriptedSmsSender(_ => ScriptedSmsSender.Smpp(status, "ESME")).SendAsync(new SmsRequest { From = "MyShop", To = "+14155550101", Body = "x" });

        result.HttpStatusCode.Should().Be(200);
        result.Resource!.Status.Should().Be(RestcommSmsStatus.Failed);
        result.Resource.ErrorCode.Should().Be(expected);
        result.Resource.ErrorMessage.Should().Be(expected.GetMessage());
        result.Resource.DateSent.Should().BeNull();
    }

    [Theory]
    [InlineData(1, RestcommErrorCode.UnknownDestinationHandset)]
    [InlineData(30, RestcommErrorCode.UnknownDestinationHandset)]
    [InlineData(27, RestcommErrorCode.UnreachableDestinationHandset)]
    [InlineData(10, RestcommErrorCode.MessageBlocked)]
    [InlineData(42, RestcommErrorCode.QueueOverflow)]
    [InlineData(311, RestcommErrorCode.AccountSuspended)]
    [InlineData(500, RestcommErrorCode.UnknownError)]
    public void Sms_RejectedByModem_MapsCmsErrors(int cms, RestcommErrorCode expected)
        => (SmsSendResult.Rejected(cms, "+CMS ERROR") with { Transport = "gsmmodem" }).ToRestcommErrorCode().Should().Be(expected);

    [Fact]
    public async Task Sms_UnknownOutcome_IsSending_AndTransportFailureIs503()
    {
        var request = new SmsRequest { From = "+14155550100", To = "+14155550101", Body = "x" };

        var unknown = await new ScriptedSmsSender(_ => new SmsSendResult { Status = SendStatus.Unknown }).SendAsync(request);
        var down = await new ScriptedSmsSender { Throw = _ => new MessagingTransportException("bind failed") }.SendAsync(request);

        unknown.Resource!.Status.Should().Be(RestcommSmsStatus.Sending);
        unknown.Resource.ErrorCode.Should().BeNull();
        down.HttpStatusCode.Should().Be(503);
        down.ToXml().Should().Contain("<RestException>");
    }

    [Theory]
    [InlineData("To=%2B14155550101&Body=x", "From")]
    [InlineData("From=%2B14155550100&Body=x", "To")]
    [InlineData("From=%2B14155550100&To=%2B14155550101", "Body")]
    [InlineData("From=%2B14155550100&To=4155550101&Body=x", "To")]
    [InlineData("From=%2B14155550100&To=+14155550101&Body=x", "To")]
    [InlineData("From=Way+Too+Long+Sender&To=%2B14155550101&Body=x", "From")]
    public async Task Sms_InvalidInput_IsHttp400NamingTheParameter(string form, string parameter)
    {
        var result = await new ScriptedSmsSender().SendAsync(SmsRequest.Parse(form));

        result.HttpStatusCode.Should().Be(400);
        result.Error!.Parameter.Should().Be(parameter);
    }

    [Fact]
    public async Task Sms_CoreValidationFailure_IsHttp400NamingTheRestcommParameter()
    {
        var result = await new ScriptedSmsSender().SendAsync(new SmsRequest { From = "+14155550100", To = "+14155550101", Body = new string('x', 2000) });

        result.HttpStatusCode.Should().Be(400);
        result.Error!.Parameter.Should().Be("Body");
    }

    [Theory]
    [InlineData(DeliveryState.Delivered, "DELIVRD", RestcommSmsStatus.Delivered, null)]
    [InlineData(DeliveryState.Undeliverable, "UNDELIV", RestcommSmsStatus.Undelivered, RestcommErrorCode.UnreachableDestinationHandset)]
    [InlineData(DeliveryState.Expired, "EXPIRED", RestcommSmsStatus.Undelivered, RestcommErrorCode.UnreachableDestinationHandset)]
    [InlineData(DeliveryState.Rejected, "REJECTD", RestcommSmsStatus.Undelivered, RestcommErrorCode.CarrierViolation)]
    [InlineData(DeliveryState.Deleted, "DELETED", RestcommSmsStatus.Undelivered, RestcommErrorCode.UnknownError)]
    [InlineData(DeliveryState.Enroute, "ENROUTE", RestcommSmsStatus.Sent, null)]
    [InlineData(DeliveryState.Accepted, "ACCEPTD", RestcommSmsStatus.Sent, null)]
    [InlineData(DeliveryState.Unknown, "UNKNOWN", RestcommSmsStatus.Sent, null)]
    public void DeliveryReport_MapsToRestcommStatus(DeliveryState state, string native, RestcommSmsStatus status, RestcommErrorCode? error)
    {
        var done = new DateTimeOffset(2015, 11, 19, 12, 30, 0, TimeSpan.Zero);
        var report = new DeliveryReport { MessageId = "abc123", State = state, NativeStatus = native, DoneAt = done };
        var sent = new SmsMessageResource { Sid = RestcommMessagingExtensions.SmsSid(report.MessageId), Status = RestcommSmsStatus.Sent };

        var updated = sent.WithDeliveryReport(report, DateTimeOffset.UnixEpoch);

        report.ToRestcommStatus().Should().Be(status);
        updated.Status.Should().Be(status);
        updated.ErrorCode.Should().Be(error);
        updated.DateUpdated.Should().Be(done);
        updated.Sid.Should().Be(sent.Sid);
    }

    private static SmsMessageResource FullSms() => new()
    {
        Sid = "SM0123",
        DateCreated = new DateTimeOffset(2015, 11, 19, 7, 21, 24, TimeSpan.FromHours(-5)),
        DateUpdated = new DateTimeOffset(2015, 11, 19, 7, 21, 25, TimeSpan.FromHours(-5)),
        DateSent = new DateTimeOffset(2015, 11, 19, 12, 21, 26, TimeSpan.Zero),
        AccountSid = "AC1",
        From = "+14155550100",
        To = "+14155550101",
        Body = "Hello <&> \"world\" é",
        Status = RestcommSmsStatus.Failed,
        Direction = RestcommDirection.OutboundApi,
        Price = "-0.00750",
        PriceUnit = "USD",
        ApiVersion = "2012-04-24",
        Uri = "/2012-04-24/Accounts/AC1/SMS/Messages/SM0123",
        ErrorCode = RestcommErrorCode.UnreachableDestinationHandset,
        ErrorMessage = "Unreachable destination handset",
    };

    private static string Snake(string pascal) => SnakeBoundary().Replace(pascal, "$1_$2").ToLowerInvariant();

    [GeneratedRegex(@"-d '([^']*)'")]
    private static partial Regex CurlData();

    [GeneratedRegex(@"^(\w+)(?:\(Required\))?\s*$", RegexOptions.Multiline)]
    private static partial Regex ParameterLine();

    [GeneratedRegex(@"^([A-Z][A-Za-z]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex AttributeLine();

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex SnakeBoundary();
}
