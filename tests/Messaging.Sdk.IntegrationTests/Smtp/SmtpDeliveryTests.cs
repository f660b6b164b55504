using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Messaging.Sdk.Smtp;

namespace Messaging.Sdk.IntegrationTests.Smtp;

/// <summary>MIME, TLS and AUTH against the real smtp-server peer; each test reads back the raw MIME the server received.</summary>
public sealed class SmtpDeliveryTests
{
    [Fact]
    public async Task Send_WithBccAndUtf8Subject_PutsBccInEnvelopeOnlyAndEncodesSubject()
    {
        await using var host = new SmtpTestHost(_ => { });
        var to = SmtpPeer.Unique("ann");
        var bcc = SmtpPeer.Unique("hidden");
        var message = SmtpTestHost.Message(to) with
        {
            Bcc = [EmailAddress.Parse(bcc)],
            Cc = [new EmailAddress(SmtpPeer.Unique("carl"), "Çarl Ødegård")],
            Subject = "Grüße from Zürich: 日本語 ✓ and a long line that must be folded across more than seventy-eight characters",
        };

        var result = await host.Sender.SendAsync(message);

        result.Status.Should().Be(SendStatus.Accepted);
        result.Transport.Should().Be("smtp");
        var received = (await SmtpPeer.MessagesAsync(to)).Should().ContainSingle().Subject;
        received.RcptTo.Should().Contain(bcc, "Bcc recipients belong in the envelope");
        received.RawHeaders.Should().NotContainEquivalentOf("bcc").And.NotContain("hidden.");
        received.Parsed!.Subject.Should().Be(message.Subject);
        received.Parsed.To.Should().Contain(to);
        received.RawHeaders.Should().Contain("=?utf-8?", "non-ASCII header text is RFC 2047 encoded");
        received.RawHeaders.Should().ContainEquivalentOf($"Message-ID: <{result.MessageId}>");
        received.RawText.Split("\r\n").Should().OnlyContain(line => line.Length <= 998);
    }

    [Fact]
    public async Task Send_WithTextHtmlAttachmentsInlineImageReplyToAndHeaders_ArrivesIntact()
    {
        var root = Directory.CreateTempSubdirectory("msdk-mime-");
        await using var host = new SmtpTestHost(_ => { }, attachmentRoot: root.FullName);
        var to = SmtpPeer.Unique("mime");
        var pdf = RandomNumberGenerator.GetBytes(70_000);
        var csv = "a,b\r\n1,2\n3,4\r\nno final newline"u8.ToArray();
        var png = RandomNumberGenerator.GetBytes(2_000);
        var file = Path.Combine(root.FullName, $"report-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            using var csvStream = new MemoryStream(csv);
            var message = SmtpTestHost.Message(to) with
            {
                TextBody = "Plain text body",
                HtmlBody = "<p>HTML body <img src=\"cid:logo123\"></p>",
                ReplyTo = [new EmailAddress("replies@example.org", "Replies")],
                Headers = new Dictionary<string, string> { ["X-Campaign"] = "spring-2026" },
                Attachments =
                [
                    EmailAttachment.FromFile(file, fileName: "report.pdf"),
                    EmailAttachment.FromStream(csvStream, "data.csv", "text/csv"),
                    EmailAttachment.FromBytes(png, "logo.png", "image/png") with { ContentId = "logo123" },
                ],
            };

            var result = await host.Sender.SendAsync(message);

            result.Status.Should().Be(SendStatus.Accepted);
            var received = (await SmtpPeer.MessagesAsync(to)).Should().ContainSingle().Subject;
            var parsed = received.Parsed!;
            parsed.Text!.Trim().Should().Be("Plain text body");
            parsed.Html.Should().Contain("HTML body");
            parsed.ReplyTo.Should().Contain("replies@example.org");
            received.RawHeaders.Should().Contain("X-Campaign: spring-2026");
            received.RawText.Should().Contain("multipart/alternative").And.Contain("multipart/related").And.Contain("multipart/mixed");
            parsed.Attachments.Should().HaveCount(3);
            Attachment(parsed, "report.pdf").Sha256.Should().Be(Sha(pdf));
            Attachment(parsed, "report.pdf").ContentType.Should().Be("application/pdf");
            Attachment(parsed, "data.csv").Sha256.Should().Be(Sha(csv), "attachment bytes, line endings included, arrive unchanged");
            var logo = Attachment(parsed, "logo.png");
            logo.Sha256.Should().Be(Sha(png));
            logo.ContentId.Should().Be("<logo123>");
            logo.Related.Should().BeTrue("the inline image sits in multipart/related with the HTML");
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Send_WithStartTlsAndPinnedCertificate_DeliversOverTlsWithAuthPlain()
    {
        using var pinned = SmtpPeer.Certificate;
        await using var host = new SmtpTestHost(o =>
        {
            o.Port = SmtpPeer.StartTlsPort;
            o.Security = SmtpSecurity.StartTls;
            o.UserName = SmtpPeer.User;
            o.Password = SmtpPeer.Password;
            o.CheckCertificateRevocation = false;
            o.ServerCertificateValidationCallback = (_, cert, _, _) => cert is not null && new X509Certificate2(cert).Thumbprint == pinned.Thumbprint;
        });
        var to = SmtpPeer.Unique("tls");

        var result = await host.Sender.SendAsync(SmtpTestHost.Message(to));

        result.Status.Should().Be(SendStatus.Accepted);
        var received = (await SmtpPeer.MessagesAsync(to)).Should().ContainSingle().Subject;
        received.Secure.Should().BeTrue();
        received.User!.Method.Should().Be("PLAIN");
        received.User.Name.Should().Be(SmtpPeer.User);
    }

    [Fact]
    public async Task Send_WithImplicitTls_DeliversOverTls()
    {
        using var pinned = SmtpPeer.Certificate;
        await using var host = new SmtpTestHost(o =>
        {
            o.Port = SmtpPeer.TlsPort;
            o.Security = SmtpSecurity.SslOnConnect;
            o.UserName = SmtpPeer.User;
            o.Password = SmtpPeer.Password;
            o.CheckCertificateRevocation = false;
            o.ServerCertificateValidationCallback = (_, cert, _, _) => cert is not null && new X509Certificate2(cert).Thumbprint == pinned.Thumbprint;
        });
        var to = SmtpPeer.Unique("implicit");

        var result = await host.Sender.SendAsync(SmtpTestHost.Message(to));

        result.Status.Should().Be(SendStatus.Accepted);
        (await SmtpPeer.MessagesAsync(to)).Should().ContainSingle().Which.Secure.Should().BeTrue();
    }

    [Fact]
    public async Task Send_WithDangerousAcceptAnyCertificate_DeliversOverTls()
    {
        await using var host = new SmtpTestHost(o =>
        {
            o.Port = SmtpPeer.StartTlsPort;
            o.Security = SmtpSecurity.StartTls;
            o.CheckCertificateRevocation = false;
            o.DangerouslyAcceptAnyServerCertificate();
        });
        var to = SmtpPeer.Unique("anycert");

        (await host.Sender.SendAsync(SmtpTestHost.Message(to))).Status.Should().Be(SendStatus.Accepted);
        (await SmtpPeer.MessagesAsync(to)).Should().ContainSingle().Which.Secure.Should().BeTrue();
    }

    [Fact]
    public async Task Send_WithSelfSignedCertificateAndDefaultValidation_FailsPermanentlyWithoutSending()
    {
        await using var host = new SmtpTestHost(o =>
        {
            o.Port = SmtpPeer.TlsPort;
            o.Security = SmtpSecurity.SslOnConnect;
            o.CheckCertificateRevocation = false;
        });
        var to = SmtpPeer.Unique("untrusted");

        var act = () => host.Sender.SendAsync(SmtpTestHost.Message(to));

        var error = (await act.Should().ThrowAsync<MessagingTransportException>()).Which;
        error.IsTransient.Should().BeFalse("an untrusted certificate does not fix itself");
        error.Message.Should().Contain("TLS");
        (await SmtpPeer.MessagesAsync(to)).Should().BeEmpty();
    }

    [Fact]
    public async Task Send_WhenServerOffersOnlyAuthLogin_AuthenticatesWithLogin()
    {
        await using var host = new SmtpTestHost(o =>
        {
            o.Port = SmtpPeer.LoginOnlyPort;
            o.UserName = SmtpPeer.User;
            o.Password = SmtpPeer.Password;
        });
        var to = SmtpPeer.Unique("login");

        (await host.Sender.SendAsync(SmtpTestHost.Message(to))).Status.Should().Be(SendStatus.Accepted);
        (await SmtpPeer.MessagesAsync(to)).Should().ContainSingle().Which.User!.Method.Should().Be("LOGIN");
    }

    [Fact]
    public async Task Send_WithWrongPassword_ThrowsAuthenticationExceptionThatDoesNotContainThePassword()
    {
        const string wrong = "wrong-password-4711";
        await using var host = new SmtpTestHost(o =>
        {
            o.UserName = SmtpPeer.User;
            o.Password = wrong;
        });
        var to = SmtpPeer.Unique("badauth");

        var act = () => host.Sender.SendAsync(SmtpTestHost.Message(to));

        var error = (await act.Should().ThrowAsync<MessagingAuthenticationException>()).Which;
        error.IsTransient.Should().BeFalse();
        error.SenderName.Should().Be(Microsoft.Extensions.DependencyInjection.MessagingBuilder.DefaultSenderName);
        error.ToString().Should().NotContain(wrong);
        host.Options.ToString().Should().NotContain(wrong);
        (await SmtpPeer.MessagesAsync(to)).Should().BeEmpty();
    }

    [Fact]
    public async Task Send_WithDeliveryNotifications_RequestsNotifyPerRecipient()
    {
        await using var host = new SmtpTestHost(o => o.DeliveryNotifications = SmtpDeliveryNotifications.Success | SmtpDeliveryNotifications.Failure);
        var to = SmtpPeer.Unique("dsn");

        (await host.Sender.SendAsync(SmtpTestHost.Message(to))).Status.Should().Be(SendStatus.Accepted);

        var received = (await SmtpPeer.MessagesAsync(to)).Should().ContainSingle().Subject;
        received.RcptDsn.Should().ContainSingle().Which.Should().Contain("SUCCESS").And.Contain("FAILURE");
    }

    private static PeerAttachment Attachment(PeerParsed parsed, string name)
        => parsed.Attachments.Should().ContainSingle(a => a.Filename == name).Subject;

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
