using Messaging.Sdk.Validation;
using Messaging.Sdk.Vendors.Ozeki;

namespace Messaging.Sdk.Tests.Vendors;

public sealed class OzekiMappingTests
{
    [Fact]
    public async Task SendEmail_MapsEveryParameterToTheCanonicalMessage_AndAnswers200WithTheEmailId()
    {
        using var dir = new TempDir();
        var file = dir.Write("receipt.txt", "paid");
        var sender = new ScriptedEmailSender(_ => EmailSendResult.Accepted("6b5c6978-0cd6-4a58-86fc-3d1b279b9208", 250, "OK"))
        {
            Validator = new MessageValidator(new MessageValidationOptions { AttachmentRoot = dir.Path }),
        };
        var request = new SendEmailRequest
        {
            ApiExtension = 9994, Sender = "shop@example.com", Recipient = "ann@example.net", Message = "Thanks", Subject = "Receipt",
            Attachments = [file], Username = "u", Password = "p",
        };

        var result = await sender.SendAsync(request);

        result.Code.Should().Be(OzekiStatusCode.Ok);
        result.EmailId.Should().Be("6b5c6978-0cd6-4a58-86fc-3d1b279b9208");
        var message = sender.Sent.Single();
        message.From!.Address.Should().Be("shop@example.com");
        message.To.Select(a => a.Address).Should().Equal("ann@example.net");
        message.Subject.Should().Be("Receipt");
        message.TextBody.Should().Be("Thanks");
        message.Attachments.Single().FilePath.Should().Be(file);
        message.Attachments.Single().FileName.Should().Be("receipt.txt");
    }

    [Fact]
    public async Task SendEmail_WithoutSender_UsesTheDefaultSender_OrReports302Sender()
    {
        var sender = new ScriptedEmailSender();
        var request = new SendEmailRequest { Recipient = "ann@example.net", Message = "x" };

        (await sender.SendAsync(request, new EmailAddress("noreply@example.com"))).Code.Should().Be(OzekiStatusCode.Ok);
        sender.Sent.Single().From!.Address.Should().Be("noreply@example.com");
        var missing = await sender.SendAsync(request);
        missing.Code.Should().Be(OzekiStatusCode.InvalidParameter);
        missing.Message.Should().Be("Missing or invalid parameter 'Sender' for command 'SendEmail'");
    }

    [Theory]
    [InlineData("", "Recipient")]
    [InlineData("not an address", "Recipient")]
    public async Task SendEmail_WithABadRecipient_Reports302NamingRecipient_WithoutSending(string recipient, string parameter)
    {
        var sender = new ScriptedEmailSender();

        var result = await sender.SendAsync(new SendEmailRequest { Sender = "a@b.example", Recipient = recipient }, CancellationToken.None);

        result.Code.Should().Be(OzekiStatusCode.InvalidParameter);
        result.Message.Should().Be($"Missing or invalid parameter '{parameter}' for command 'SendEmail'");
        sender.Sent.Should().BeEmpty();
    }

    [Fact]
    public async Task SendEmail_WithAMissingOrRelativeAttachment_Reports302NamingAttachments()
    {
        var sender = new ScriptedEmailSender();
        var baseRequest = new SendEmailRequest { Sender = "a@b.example", Recipient = "c@d.example" };

        var relative = await sender.SendAsync(baseRequest with { Attachments = ["relative.txt"] });
        var missing = await sender.SendAsync(baseRequest with { Attachments = [Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "nope.txt")] });

        relative.Message.Should().Be("Missing or invalid parameter 'Attachments' for command 'SendEmail'");
        missing.Code.Should().Be(OzekiStatusCode.InvalidParameter);
        missing.Message.Should().Be("Missing or invalid parameter 'Attachments' for command 'SendEmail'");
        missing.Detail.Should().Contain("Attachments[0].FilePath");
    }

    [Fact]
    public async Task SendEmail_WhenTheAttachmentIsOutsideTheAttachmentRoot_Reports302NamingAttachments()
    {
        using var root = new TempDir();
        using var elsewhere = new TempDir();
        var sender = new ScriptedEmailSender { Validator = new MessageValidator(new MessageValidationOptions { AttachmentRoot = root.Path }) };

        var result = await sender.SendAsync(new SendEmailRequest { Sender = "a@b.example", Recipient = "c@d.example", Attachments = [elsewhere.Write("x.txt", "x")] });

        result.Message.Should().Be("Missing or invalid parameter 'Attachments' for command 'SendEmail'");
        result.Detail.Should().Contain("AttachmentRoot");
    }

    [Fact]
    public async Task SendEmail_WhenTheSubjectFailsCoreValidation_Reports302NamingSubject()
    {
        var result = await new ScriptedEmailSender().SendAsync(new SendEmailRequest { Sender = "a@b.example", Recipient = "c@d.example", Subject = "a\r\nBcc: x@y.example" });

        result.Message.Should().Be("Missing or invalid parameter 'Subject' for command 'SendEmail'");
    }

    [Theory]
    [InlineData(550, OzekiStatusCode.InvalidParameter, "Recipient")]
    [InlineData(551, OzekiStatusCode.InvalidParameter, "Recipient")]
    [InlineData(553, OzekiStatusCode.InvalidParameter, "Recipient")]
    [InlineData(552, OzekiStatusCode.InvalidParameter, "Message")]
    [InlineData(554, OzekiStatusCode.ApiExtensionUnavailable, "Default")]
    [InlineData(451, OzekiStatusCode.ApiExtensionUnavailable, "Default")]
    [InlineData(535, OzekiStatusCode.ApiExtensionUnavailable, "Default")]
    public async Task SendEmail_WhenTheSmtpServerRejects_MapsTheReplyCode(int reply, OzekiStatusCode expected, string argument)
    {
        var sender = new ScriptedEmailSender(_ => EmailSendResult.Rejected(reply, "no", reply < 500) with { SenderName = "Default", Transport = "smtp" });

        var result = await sender.SendAsync(new SendEmailRequest { Sender = "a@b.example", Recipient = "c@d.example" });

        result.Code.Should().Be(expected);
        result.Message.Should().Contain($"'{argument}'");
        result.EmailId.Should().BeNull();
        result.SendResult!.NativeCode.Should().Be(reply);
    }

    [Fact]
    public async Task SendSms_MapsEveryParameter_AndAnswers200WithTheSmsId()
    {
        var sender = new ScriptedSmsSender(_ => SmsSendResult.Accepted(["7d678b16"]));

        var result = await sender.SendAsync(SendSmsRequest.Parse(
            "command=SendSms&Username=u&Password=p&Sender=%2B46708251358&Recipient=%2B46708251359&Message=Hello+world&DelivaryReportURL=http://yourapp.com/smsdelivered.php"));

        result.Code.Should().Be(OzekiStatusCode.Ok);
        result.SmsId.Should().Be("7d678b16");
        var sms = sender.Sent.Single();
        sms.From.Should().Be(PhoneNumber.Parse("+46708251358"));
        sms.To.Should().Be(PhoneNumber.Parse("+46708251359"));
        sms.Text.Should().Be("Hello world");
        sms.DeliveryReportUrl.Should().Be(new Uri("http://yourapp.com/smsdelivered.php"));
    }

    [Theory]
    [InlineData("Recipient=&Message=x", "Recipient")]
    [InlineData("Recipient=%2B46708251359", "Message")]
    [InlineData("Recipient=abc%23&Message=x", "Recipient")]
    [InlineData("Recipient=%2B46708251359&Message=x&Sender=not%2Fa%2Fnumber", "Sender")]
    [InlineData("Recipient=%2B46708251359&Message=x&DeliveryReportURL=ftp://x.example/", "DeliveryReportURL")]
    [InlineData("Recipient=%2B46708251359&Message=x&DeliveryReportURL=relative/path", "DeliveryReportURL")]
    public async Task SendSms_WithABadParameter_Reports302NamingIt(string query, string parameter)
    {
        var result = await new ScriptedSmsSender().SendAsync(SendSmsRequest.Parse(query));

        result.Code.Should().Be(OzekiStatusCode.InvalidParameter);
        result.Message.Should().Be($"Missing or invalid parameter '{parameter}' for command 'SendSms'");
    }

    [Fact]
    public async Task SendSms_WhenTheRecipientIsAnAlphanumericId_CoreValidationIsMappedBackToRecipient()
    {
        var result = await new ScriptedSmsSender().SendAsync(new SendSmsRequest { Recipient = "MyShop", Message = "x" });

        result.Message.Should().Be("Missing or invalid parameter 'Recipient' for command 'SendSms'");
        result.Detail.Should().StartWith("To:");
    }

    [Theory]
    [InlineData(0x0B, OzekiStatusCode.SmsDestinationNotFound)]
    [InlineData(0x50, OzekiStatusCode.SmsDestinationNotFound)]
    [InlineData(0x51, OzekiStatusCode.SmsDestinationNotFound)]
    [InlineData(0xFE, OzekiStatusCode.SmsDestinationNotFound)]
    [InlineData(0x0A, OzekiStatusCode.InvalidParameter)]
    [InlineData(0x01, OzekiStatusCode.InvalidParameter)]
    [InlineData(0x14, OzekiStatusCode.ApiExtensionUnavailable)]
    [InlineData(0x58, OzekiStatusCode.ApiExtensionUnavailable)]
    [InlineData(0x45, OzekiStatusCode.ApiExtensionUnavailable)]
    [InlineData(0x08, OzekiStatusCode.ApiExtensionUnavailable)]
    [InlineData(0xFF, OzekiStatusCode.ApiExtensionUnavailable)]
    public async Task SendSms_WhenTheSmscRejects_MapsTheCommandStatus(int status, OzekiStatusCode expected)
    {
        var sender = new ScriptedSmsSender(_ => ScriptedSmsSender.Smpp(status, "ESME"));

        var result = await sender.SendAsync(new SendSmsRequest { Recipient = "+46708251359", Message = "x" });

        result.Code.Should().Be(expected);
        result.SmsId.Should().BeNull();
    }

    [Fact]
    public async Task SendSms_Esme_RInvDstAdr_IsSmsDestinationNotFound_WithTheDocumentedMessage()
    {
        var result = await new ScriptedSmsSender(_ => ScriptedSmsSender.Smpp(0x0B, "ESME_RINVDSTADR")).SendAsync(new SendSmsRequest { Recipient = "+46708251359", Message = "x" });

        result.Code.Should().Be(OzekiStatusCode.SmsDestinationNotFound);
        result.Message.Should().Be("Destination of the SMS is not found");
        result.Detail.Should().Contain("ESME_RINVDSTADR");
    }

    [Theory]
    [InlineData(1, OzekiStatusCode.SmsDestinationNotFound)]
    [InlineData(27, OzekiStatusCode.SmsDestinationNotFound)]
    [InlineData(304, OzekiStatusCode.InvalidParameter)]
    [InlineData(42, OzekiStatusCode.ApiExtensionUnavailable)]
    [InlineData(500, OzekiStatusCode.ApiExtensionUnavailable)]
    public async Task SendSms_WhenTheModemReportsCmsError_MapsIt(int cms, OzekiStatusCode expected)
    {
        var sender = new ScriptedSmsSender(_ => SmsSendResult.Rejected(cms, "+CMS ERROR") with { Transport = "gsmmodem" });

        (await sender.SendAsync(new SendSmsRequest { Recipient = "+46708251359", Message = "x" })).Code.Should().Be(expected);
    }

    [Fact]
    public async Task SendSms_WhenTheOutcomeIsUnknown_Reports401WithTheOutcomeUnknownNotification()
    {
        var sender = new ScriptedSmsSender(_ => new SmsSendResult { Status = SendStatus.Unknown, SenderName = "smsc1" });

        var result = await sender.SendAsync(new SendSmsRequest { Recipient = "+46708251359", Message = "x" });

        result.Code.Should().Be(OzekiStatusCode.ApiExtensionUnavailable);
        result.Message.Should().Be("API extension 'smsc1' unavailable, please check configuration or permissions");
        result.NotificationName.Should().Be(OzekiMessagingExtensions.OutcomeUnknownNotification);
    }

    [Fact]
    public async Task Send_WhenTheTransportFails_Reports401InsteadOfThrowing()
    {
        var sms = new ScriptedSmsSender { Throw = _ => new MessagingTransportException("connection refused") { SenderName = "smsc1" } };
        var email = new ScriptedEmailSender { Throw = _ => new MessagingAuthenticationException("bad login") };

        var smsResult = await sms.SendAsync(new SendSmsRequest { Recipient = "+46708251359", Message = "x" });
        var emailResult = await email.SendAsync(new SendEmailRequest { Sender = "a@b.example", Recipient = "c@d.example" });

        smsResult.Code.Should().Be(OzekiStatusCode.ApiExtensionUnavailable);
        smsResult.Message.Should().Contain("'smsc1'");
        emailResult.Code.Should().Be(OzekiStatusCode.ApiExtensionUnavailable);
        emailResult.Command.Should().Be(OzekiCommands.SendEmail);
    }

    [Fact]
    public async Task Send_WhenCancelled_Throws()
    {
        var sender = new ScriptedSmsSender { Throw = _ => new OperationCanceledException() };

        var act = () => sender.SendAsync(new SendSmsRequest { Recipient = "+46708251359", Message = "x" });

        await act.Should().ThrowAsync<OperationCanceledException>();
    }
}

internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "msdk-vendor-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string name, string content)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, content);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
