using System.Diagnostics;
using Messaging.Sdk.Validation;
using Messaging.Sdk.Vendors.Ozeki;

namespace Messaging.Sdk.Tests.Validation;

/// <summary>What a hostile or careless path can make the validator read: every case must end in a refusal naming the field.</summary>
public sealed class AttachmentSafetyTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("msdk-attach-root-");
    private readonly DirectoryInfo _outside = Directory.CreateTempSubdirectory("msdk-attach-outside-");

    private static EmailMessage Message(string path) => new()
    {
        From = "shop@example.com",
        To = ["ann@example.net"],
        TextBody = "See attached",
        Attachments = [EmailAttachment.FromFile(path)],
    };

    public void Dispose()
    {
        _root.Delete(recursive: true);
        _outside.Delete(recursive: true);
    }

    [Theory]
    [InlineData("/proc/self/environ")]
    [InlineData("/etc/passwd")]
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    public void SystemFile_WithTheDefaultConfiguration_IsRefusedSayingHowToConfigureARoot(string path)
    {
        var errors = MessageValidator.Default.Validate(Message(path));

        var error = errors.Should().ContainSingle().Which;
        error.Field.Should().Be("Attachments[0].FilePath");
        error.Message.Should().Contain("AttachmentRoots").And.Contain("FromStream");
    }

    [Fact]
    public void OwnFile_WithTheDefaultConfiguration_IsRefusedToo()
    {
        var file = Write(_root, "report.pdf", 10);

        var act = () => MessageValidator.Default.EnsureValid(Message(file));

        act.Should().Throw<MessageValidationException>()
            .Which.Errors.Should().ContainSingle(e => e.Field == "Attachments[0].FilePath" && e.Message.Contains("AttachmentRoots"));
    }

    [Fact]
    public async Task OzekiAttachmentPath_WithTheDefaultConfiguration_Is302NamingAttachments()
    {
        var sender = new Vendors.ScriptedEmailSender();

        var result = await sender.SendAsync(new SendEmailRequest { Sender = "a@b.example", Recipient = "c@d.example", Attachments = ["/etc/passwd"] });

        result.Code.Should().Be(OzekiStatusCode.InvalidParameter);
        result.Message.Should().Be("Missing or invalid parameter 'Attachments' for command 'SendEmail'");
        sender.Sent.Should().BeEmpty();
    }

    [Fact]
    public void DotDotThroughALinkedDirectory_IsRefusedAsOutsideTheRoot_NotAsAMissingDirectory()
    {
        // d -> /etc: the kernel reads root/d/../etc/passwd as /etc/passwd, while a lexical '..' collapse sees root/etc/passwd.
        Directory.CreateSymbolicLink(Path.Combine(_root.FullName, "d"), "/etc");
        var path = Path.Combine(_root.FullName, "d", "..", "etc", "passwd");

        var errors = Root().Validate(Message(path));

        errors.Should().ContainSingle(e => e.Field == "Attachments[0].FilePath").Which.Message.Should().Contain("outside the attachment roots");
    }

    [Fact]
    public void DotDotThroughALinkedDirectory_DoesNotReachADecoyInsideTheRoot()
    {
        // With a decoy at root/etc/passwd the lexical reading would pass; the file that would really be opened is /etc/passwd.
        Directory.CreateSymbolicLink(Path.Combine(_root.FullName, "d"), "/etc");
        Directory.CreateDirectory(Path.Combine(_root.FullName, "etc"));
        File.WriteAllText(Path.Combine(_root.FullName, "etc", "passwd"), "decoy");
        var path = Path.Combine(_root.FullName, "d", "..", "etc", "passwd");

        var errors = Root().Validate(Message(path));

        errors.Should().ContainSingle(e => e.Field == "Attachments[0].FilePath").Which.Message.Should().Contain("outside the attachment roots");
    }

    [Fact]
    public void LinkInsideTheRootToADevice_IsRefused()
    {
        var link = Path.Combine(_root.FullName, "zero.bin");
        File.CreateSymbolicLink(link, "/dev/zero");

        Root().Validate(Message(link)).Should().ContainSingle(e => e.Field == "Attachments[0].FilePath");
    }

    [Theory]
    [InlineData("/dev", "/dev/zero")]
    [InlineData("/dev", "/dev/urandom")]
    [InlineData("/proc/self", "/proc/self/environ")]
    [InlineData("/proc", "/proc/self/environ")]
    public void DeviceOrProcFile_IsRefusedEvenWhenItsDirectoryIsARoot(string root, string path)
    {
        var validator = new MessageValidator(new MessageValidationOptions { AttachmentRoot = root });

        validator.Validate(Message(path)).Should().ContainSingle(e => e.Field == "Attachments[0].FilePath");
    }

    [Fact]
    public async Task Fifo_InsideTheRoot_IsRefusedWithoutWaitingForAWriter()
    {
        var fifo = Path.Combine(_root.FullName, "pipe.txt");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync();
            mkfifo.ExitCode.Should().Be(0);
        }

        var validation = Task.Run(() => Root().Validate(Message(fifo)));
        try
        {
            // Not a timing window: a correct validator returns at once; the bound only turns a hang into a failure.
            var errors = await validation.WaitAsync(TimeSpan.FromSeconds(30));

            errors.Should().ContainSingle(e => e.Field == "Attachments[0].FilePath").Which.Message.Should().Contain("not a regular file");
        }
        finally
        {
            if (!validation.IsCompleted)
            {
                // Release a validator blocked in open() so the test run can end.
                using var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            }
        }
    }

    [Fact]
    public void Directory_IsRefused()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root.FullName, "sub"));

        Root().Validate(Message(dir.FullName)).Should().ContainSingle(e => e.Field == "Attachments[0].FilePath");
    }

    [Fact]
    public void RelativePath_IsRefused_EvenWhenItLeadsIntoTheRoot()
    {
        var file = Write(_root, "a.txt", 3);
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, file);

        Root().Validate(Message(relative))
            .Should().ContainSingle(e => e.Field == "Attachments[0].FilePath").Which.Message.Should().Contain("relative");
    }

    [Theory]
    [InlineData("a\0b.txt")]
    [InlineData("a\nb.txt")]
    [InlineData("a\rb.txt")]
    public void PathWithAControlCharacter_IsRefused(string name)
    {
        Root().Validate(Message(Path.Combine(_root.FullName, name))).Should().ContainSingle(e => e.Field == "Attachments[0].FilePath");
    }

    [Fact]
    public void PathWithUnusualButLegalCharacters_InsideTheRoot_IsAccepted()
    {
        var file = Write(_root, "Grüße; $(x) 'q' #1.txt", 4);

        Root().Validate(Message(file)).Should().BeEmpty();
    }

    [Fact]
    public void NonexistentFile_IsRefusedNamingThePath()
    {
        Root().Validate(Message(Path.Combine(_root.FullName, "missing.pdf")))
            .Should().ContainSingle(e => e.Field == "Attachments[0].FilePath").Which.Message.Should().Contain("does not exist");
    }

    [Fact]
    public void SymbolicLinkOutOfTheRoot_IsRefused()
    {
        var secret = Write(_outside, "secret.txt", 5);
        var link = Path.Combine(_root.FullName, "innocent.txt");
        File.CreateSymbolicLink(link, secret);

        Root().Validate(Message(link)).Should().ContainSingle(e => e.Field == "Attachments[0].FilePath");
    }

    [Fact]
    public void SymbolicLinkToAFileInsideTheRoot_IsAccepted()
    {
        var file = Write(_root, "real.txt", 5);
        var link = Path.Combine(_root.FullName, "alias.txt");
        File.CreateSymbolicLink(link, file);

        Root().Validate(Message(link)).Should().BeEmpty();
    }

    [Fact]
    public void RootReachedThroughALink_AcceptsItsFiles()
    {
        var file = Write(_outside, "doc.txt", 5);
        var linkedRoot = Path.Combine(_root.FullName, "linked");
        Directory.CreateSymbolicLink(linkedRoot, _outside.FullName);
        var validator = new MessageValidator(new MessageValidationOptions { AttachmentRoot = linkedRoot });

        validator.Validate(Message(Path.Combine(linkedRoot, "doc.txt"))).Should().BeEmpty();
        validator.Validate(Message(file)).Should().BeEmpty("the root's real path is the linked directory");
    }

    [Fact]
    public void FileOverMaxAttachmentBytes_IsRefusedNamingTheLimit()
    {
        var file = Write(_root, "big.bin", 2049);
        var validator = new MessageValidator(new MessageValidationOptions { AttachmentRoot = _root.FullName, MaxAttachmentBytes = 2048 });

        validator.Validate(Message(file)).Should().ContainSingle(e => e.Field == "Attachments[0]").Which.Message.Should().Contain("MaxAttachmentBytes");
    }

    [Fact]
    public void NonSeekableStream_IsNotReadByValidate()
    {
        // Validate cannot know the length of a stream that cannot seek without consuming it; the sender reads it (bounded).
        using var stream = new NonSeekableStream(new byte[10]);
        var message = Message(Write(_root, "x.txt", 1)) with { Attachments = [EmailAttachment.FromStream(stream, "a.bin")] };

        MessageValidator.Default.Validate(message).Should().BeEmpty();
        stream.Position.Should().Be(0);
    }

    private MessageValidator Root() => new(new MessageValidationOptions { AttachmentRoot = _root.FullName });

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
