using Messaging.Sdk.Validation;

namespace Messaging.Sdk.Tests.Validation;

public sealed class EmailValidationTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("msdk-root-");
    private readonly DirectoryInfo _outside = Directory.CreateTempSubdirectory("msdk-outside-");

    private static EmailMessage Valid => new()
    {
        From = "shop@example.com",
        To = ["ann@example.net"],
        Subject = "Receipt",
        TextBody = "Thanks",
    };

    public void Dispose()
    {
        _root.Delete(recursive: true);
        _outside.Delete(recursive: true);
    }

    [Fact]
    public void ValidMessage_HasNoErrors()
    {
        MessageValidator.Default.Validate(Valid).Should().BeEmpty();
    }

    [Fact]
    public void MissingFrom_NamesFrom()
    {
        Errors(Valid with { From = null }).Should().ContainSingle(e => e.Field == "From");
    }

    [Fact]
    public void NoRecipients_NamesTo()
    {
        var errors = Errors(Valid with { To = [], Cc = [], Bcc = [] });

        errors.Should().ContainSingle(e => e.Field == "To").Which.Message.Should().Contain("At least one recipient");
    }

    [Fact]
    public void OnlyBcc_IsEnough()
    {
        Errors(Valid with { To = [], Bcc = ["hidden@example.org"] }).Should().BeEmpty();
    }

    [Fact]
    public void TooManyRecipients_NamesLimit()
    {
        var validator = new MessageValidator(new MessageValidationOptions { MaxRecipients = 2 });
        var message = Valid with { To = ["a@example.com", "b@example.com"], Cc = ["c@example.com"] };

        validator.Validate(message).Should().ContainSingle(e => e.Field == "To" && e.Message.Contains("MaxRecipients"));
    }

    [Theory]
    [InlineData("Hello\r\nBcc: victim@example.org")]
    [InlineData("Hello\nX-Injected: 1")]
    [InlineData("Hello\r")]
    public void SubjectWithLineBreak_IsHeaderInjection(string subject)
    {
        Errors(Valid with { Subject = subject }).Should().ContainSingle(e => e.Field == "Subject")
            .Which.Message.Should().Contain("inject");
    }

    [Fact]
    public void HeaderValueWithLineBreak_IsHeaderInjection()
    {
        var message = Valid with { Headers = new Dictionary<string, string> { ["X-Campaign"] = "spring\r\nBcc: victim@example.org" } };

        Errors(message).Should().ContainSingle(e => e.Field == "Headers[\"X-Campaign\"]").Which.Message.Should().Contain("injection");
    }

    [Theory]
    [InlineData("X Campaign")]
    [InlineData("X-Campaign:")]
    [InlineData("")]
    [InlineData("X-Ünicode")]
    public void InvalidHeaderName_IsNamed(string name)
    {
        var message = Valid with { Headers = new Dictionary<string, string> { [name] = "v" } };

        Errors(message).Should().Contain(e => e.Field.StartsWith("Headers[", StringComparison.Ordinal) && e.Message.Contains("header name"));
    }

    [Theory]
    [InlineData("Bcc")]
    [InlineData("from")]
    [InlineData("Content-Type")]
    public void ReservedHeader_CannotBeOverridden(string name)
    {
        var message = Valid with { Headers = new Dictionary<string, string> { [name] = "x@example.org" } };

        Errors(message).Should().ContainSingle().Which.Message.Should().Contain("cannot be given as a custom header");
    }

    [Fact]
    public void TabInHeaderValue_IsAllowed()
    {
        var message = Valid with { Headers = new Dictionary<string, string> { ["X-Note"] = "a\tb" } };

        Errors(message).Should().BeEmpty();
    }

    [Fact]
    public void MissingAttachmentFile_NamesAttachmentPath()
    {
        var message = Valid with { Attachments = [EmailAttachment.FromFile(Path.Combine(_root.FullName, "nope.pdf"))] };

        new MessageValidator(new MessageValidationOptions { AttachmentRoot = _root.FullName }).Validate(message).Should().ContainSingle(e => e.Field == "Attachments[0].FilePath").Which.Message.Should().Contain("does not exist");
    }

    [Fact]
    public void AttachmentInsideRoot_IsAccepted()
    {
        var file = Write(_root, "invoice.pdf", 10);
        var validator = new MessageValidator(new MessageValidationOptions { AttachmentRoot = _root.FullName });

        validator.Validate(Valid with { Attachments = [EmailAttachment.FromFile(file)] }).Should().BeEmpty();
    }

    [Fact]
    public void DotDotTraversalOutsideRoot_IsRejected()
    {
        Write(_outside, "secret.txt", 10);
        var traversal = Path.Combine(_root.FullName, "..", _outside.Name, "secret.txt");
        var validator = new MessageValidator(new MessageValidationOptions { AttachmentRoot = _root.FullName });

        validator.Validate(Valid with { Attachments = [EmailAttachment.FromFile(traversal)] })
            .Should().ContainSingle(e => e.Field == "Attachments[0].FilePath").Which.Message.Should().Contain("outside the attachment root");
    }

    [Fact]
    public void SymbolicLinkPointingOutsideRoot_IsRejected()
    {
        var secret = Write(_outside, "secret.txt", 10);
        var link = Path.Combine(_root.FullName, "innocent.txt");
        File.CreateSymbolicLink(link, secret);
        var validator = new MessageValidator(new MessageValidationOptions { AttachmentRoot = _root.FullName });

        validator.Validate(Valid with { Attachments = [EmailAttachment.FromFile(link)] })
            .Should().ContainSingle().Which.Message.Should().Contain("outside the attachment root");
    }

    [Fact]
    public void SiblingDirectoryWithRootAsPrefix_IsRejected()
    {
        var sibling = Directory.CreateDirectory(_root.FullName + "-evil");
        try
        {
            var file = Write(sibling, "x.txt", 1);
            var validator = new MessageValidator(new MessageValidationOptions { AttachmentRoot = _root.FullName });

            validator.Validate(Valid with { Attachments = [EmailAttachment.FromFile(file)] }).Should().ContainSingle();
        }
        finally
        {
            sibling.Delete(recursive: true);
        }
    }

    [Fact]
    public void AttachmentOverSizeLimit_IsRejected()
    {
        var file = Write(_root, "big.bin", 2048);
        var validator = new MessageValidator(new MessageValidationOptions { MaxAttachmentBytes = 1024, AttachmentRoot = _root.FullName });

        validator.Validate(Valid with { Attachments = [EmailAttachment.FromFile(file)] })
            .Should().ContainSingle(e => e.Field == "Attachments[0]").Which.Message.Should().Contain("MaxAttachmentBytes");
    }

    [Fact]
    public void MessageOverTotalLimit_IsRejected()
    {
        var validator = new MessageValidator(new MessageValidationOptions { MaxMessageBytes = 100 });
        var message = Valid with { Attachments = [EmailAttachment.FromBytes(new byte[60], "a.bin"), EmailAttachment.FromBytes(new byte[60], "b.bin")] };

        validator.Validate(message).Should().ContainSingle(e => e.Message.Contains("MaxMessageBytes"));
    }

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("a\r\nContent-Type: text/html")]
    [InlineData(" ")]
    public void BadAttachmentFileName_IsRejected(string name)
    {
        var attachment = EmailAttachment.FromBytes(new byte[1], "ok.bin") with { FileName = name };

        Errors(Valid with { Attachments = [attachment] }).Should().ContainSingle(e => e.Field == "Attachments[0].FileName");
    }

    [Theory]
    [InlineData("text")]
    [InlineData("text/html\r\nX: y")]
    [InlineData("te xt/plain")]
    public void BadContentType_IsRejected(string contentType)
    {
        var attachment = EmailAttachment.FromBytes(new byte[1], "ok.bin", contentType);

        Errors(Valid with { Attachments = [attachment] }).Should().ContainSingle(e => e.Field == "Attachments[0].ContentType");
    }

    [Fact]
    public void EnsureValid_ThrowsWithEveryError()
    {
        var message = Valid with { From = null, To = [], Subject = "a\nb" };

        var ex = MessageValidator.Default.Invoking(v => v.EnsureValid(message)).Should().Throw<MessageValidationException>().Which;

        ex.Errors.Select(e => e.Field).Should().BeEquivalentTo(["From", "To", "Subject"]);
        ex.Message.Should().Contain("From:").And.Contain("To:").And.Contain("Subject:");
    }

    [Fact]
    public void StreamAttachment_CanBeReadTwice_ForRetries()
    {
        var content = new NonSeekableStream([1, 2, 3]);
        var attachment = EmailAttachment.FromStream(content, "data.bin");

        ReadAll(attachment).Should().Equal(1, 2, 3);
        ReadAll(attachment).Should().Equal(1, 2, 3);
        attachment.ContentType.Should().Be("application/octet-stream");
    }

    private static byte[] ReadAll(EmailAttachment attachment)
    {
        using var stream = attachment.OpenReadAsync().AsTask().GetAwaiter().GetResult();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static IReadOnlyList<ValidationError> Errors(EmailMessage message) => MessageValidator.Default.Validate(message);

    private static string Write(DirectoryInfo dir, string name, int bytes)
    {
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllBytes(path, new byte[bytes]);
        return path;
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
