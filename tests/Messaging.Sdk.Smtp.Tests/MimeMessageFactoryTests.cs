using Messaging.Sdk.Validation;
using Messaging.Sdk.Smtp.Mime;
using MimeKit;

namespace Messaging.Sdk.Smtp.Tests;

public sealed class MimeMessageFactoryTests
{
    private static readonly DateTimeOffset Date = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Create_WithTextOnly_IsSingleUtf8TextPart()
    {
        using var built = await Build(Message() with { TextBody = "Grüße" });

        var part = built.Message.Body.Should().BeOfType<TextPart>().Subject;
        part.IsPlain.Should().BeTrue();
        part.ContentType.Charset.Should().Be("utf-8");
        part.Text.Should().Be("Grüße");
    }

    [Fact]
    public async Task Create_WithHtmlOnly_IsSingleHtmlPart()
    {
        using var built = await Build(Message() with { TextBody = null, HtmlBody = "<b>hi</b>" });

        built.Message.Body.Should().BeOfType<TextPart>().Which.IsHtml.Should().BeTrue();
    }

    [Fact]
    public async Task Create_WithTextAndHtml_IsMultipartAlternativeWithTextFirst()
    {
        using var built = await Build(Message() with { TextBody = "plain", HtmlBody = "<b>html</b>" });

        var alternative = built.Message.Body.Should().BeOfType<MultipartAlternative>().Subject;
        alternative.Should().HaveCount(2);
        ((TextPart)alternative[0]).IsPlain.Should().BeTrue();
        ((TextPart)alternative[1]).IsHtml.Should().BeTrue();
    }

    [Fact]
    public async Task Create_WithInlineImageAndAttachment_NestsRelatedInsideAlternativeInsideMixed()
    {
        var message = Message() with
        {
            TextBody = "plain",
            HtmlBody = "<img src=\"cid:logo\">",
            Attachments =
            [
                EmailAttachment.FromBytes(new byte[] { 1, 2, 3 }, "logo.png") with { ContentId = "logo" },
                EmailAttachment.FromBytes("a,b\n"u8.ToArray(), "data.csv"),
            ],
        };

        using var built = await Build(message);

        var mixed = built.Message.Body.Should().BeOfType<Multipart>().Subject;
        mixed.ContentType.MediaSubtype.Should().Be("mixed");
        var alternative = mixed[0].Should().BeOfType<MultipartAlternative>().Subject;
        var related = alternative[1].Should().BeOfType<MultipartRelated>().Subject;
        var logo = related[1].Should().BeOfType<MimePart>().Subject;
        logo.ContentId.Should().Be("logo");
        logo.ContentDisposition!.Disposition.Should().Be(ContentDisposition.Inline);
        var csv = mixed[1].Should().BeOfType<MimePart>().Subject;
        csv.FileName.Should().Be("data.csv");
        csv.ContentType.MimeType.Should().Be("text/csv");
        csv.ContentTransferEncoding.Should().Be(ContentEncoding.Base64, "text attachments keep their exact bytes");
    }

    [Fact]
    public async Task Create_WritesHeadersButNeverBcc()
    {
        var message = Message() with
        {
            Cc = ["cc@example.net"],
            Bcc = ["hidden@example.net"],
            ReplyTo = ["Replies <reply@example.org>"],
            Headers = new Dictionary<string, string> { ["X-Campaign"] = "spring" },
        };

        using var built = await Build(message);
        var text = await Serialize(built.Message);

        text.Should().NotContainEquivalentOf("bcc:").And.NotContain("hidden@");
        text.Should().Contain("Reply-To: Replies <reply@example.org>").And.Contain("X-Campaign: spring").And.Contain("Cc: cc@example.net");
        text.Should().ContainEquivalentOf("Message-Id: <id-1@example.org>");
        built.Recipients.Select(r => r.Address).Should().Equal("ann@example.net", "cc@example.net", "hidden@example.net");
        built.Sender.Address.Should().Be("sender@example.org");
    }

    [Fact]
    public async Task Create_WithUtf8SubjectAndNames_EncodesThemSoTheyRoundTrip()
    {
        var message = Message() with
        {
            From = new EmailAddress("sender@example.org", "Zoë Ünal"),
            Subject = "Café ☕ 日本語",
        };

        using var built = await Build(message);
        var text = await Serialize(built.Message);

        text.Split("\r\n\r\n")[0].Should().MatchRegex("^[\\x00-\\x7F]*$", "headers are 7-bit ASCII after RFC 2047 encoding");
        var reparsed = MimeMessage.Load(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(text)));
        reparsed.Subject.Should().Be("Café ☕ 日本語");
        reparsed.From.Mailboxes.Single().Name.Should().Be("Zoë Ünal");
    }

    [Fact]
    public async Task Create_WithDuplicateRecipients_SendsOneRcptPerAddress()
    {
        using var built = await Build(Message() with { Cc = ["ANN@example.net"], Bcc = ["ann@example.net"] });

        built.Recipients.Should().ContainSingle();
    }

    [Fact]
    public void NewMessageId_UsesLocalDomainThenSenderDomain()
    {
        MimeMessageFactory.NewMessageId("mail.example.com", EmailAddress.Parse("a@example.org")).Should().EndWith("@mail.example.com");
        MimeMessageFactory.NewMessageId(null, EmailAddress.Parse("a@example.org")).Should().EndWith("@example.org");
        MimeMessageFactory.NewMessageId(null, EmailAddress.Parse("a@example.org")).Should().NotBe(MimeMessageFactory.NewMessageId(null, EmailAddress.Parse("a@example.org")));
    }

    private static EmailMessage Message() => new()
    {
        From = "sender@example.org",
        To = ["ann@example.net"],
        Subject = "Hello",
        TextBody = "Hi",
    };

    private static async Task<BuiltMessage> Build(EmailMessage message)
        => MimeMessageFactory.Create(message, await MessageValidator.Default.EnsureValidAndReadAsync(message, default), "id-1@example.org", Date);

    private static async Task<string> Serialize(MimeMessage message)
    {
        using var stream = new MemoryStream();
        await message.WriteToAsync(FormatOptions.Default, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
