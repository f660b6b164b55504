using Messaging.Sdk.Validation;
using MimeKit;

namespace Messaging.Sdk.Smtp.Tests;

/// <summary>What is sent is what was checked, and an attachment refused at send time stops the message before any connection.</summary>
public sealed class SmtpAttachmentTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("msdk-smtp-attach-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task FileThatGrowsAfterValidation_SendsTheBytesThatWereChecked()
    {
        var file = Path.Combine(_root.FullName, "report.txt");
        var original = Enumerable.Repeat((byte)'a', 500).ToArray();
        await File.WriteAllBytesAsync(file, original);
        // The file grows once the connection is open: after validation, before DATA.
        byte[]? sent = null;
        var server = new FakeServer
        {
            OnConnect = _ =>
            {
                File.AppendAllText(file, new string('b', 5000));
                return null;
            },
            OnSend = (_, mime, _) =>
            {
                sent = Attachment(mime);
                return "2.0.0 OK";
            },
        };
        await using var sender = SmtpTestKit.Sender(server, validator: Validator(maxAttachmentBytes: 1000));

        var result = await sender.SendAsync(SmtpTestKit.Message("ann@example.net") with { Attachments = [EmailAttachment.FromFile(file)] });

        result.Status.Should().Be(SendStatus.Accepted);
        sent.Should().Equal(original, "the checked 500 bytes are sent, not the 5,500 the file has by the time of DATA");
    }

    [Fact]
    public async Task NonSeekableStreamOverMaxAttachmentBytes_IsRefusedBeforeAnyConnection()
    {
        var server = new FakeServer();
        await using var sender = SmtpTestKit.Sender(server, validator: Validator(maxAttachmentBytes: 1000));
        using var stream = new NonSeekableStream(new byte[5000]);
        var message = SmtpTestKit.Message("ann@example.net") with
        {
            Attachments = [EmailAttachment.FromBytes(new byte[10], "small.bin"), EmailAttachment.FromStream(stream, "big.bin")],
        };

        var act = () => sender.SendAsync(message);

        (await act.Should().ThrowAsync<MessageValidationException>()).Which.Errors.Should().ContainSingle(e => e.Field == "Attachments[1]" && e.Message.Contains("MaxAttachmentBytes"));
        server.Connects.Should().Be(0, "nothing is half-sent: every attachment is read before the SMTP transaction starts");
        stream.Position.Should().BeLessThanOrEqualTo(1001, "the stream is read no further than one byte past the limit");
    }

    [Fact]
    public async Task SeekableStreamThatGrewAfterAttaching_IsRefusedBeforeAnyConnection()
    {
        var server = new FakeServer();
        await using var sender = SmtpTestKit.Sender(server, validator: Validator(maxAttachmentBytes: 1000));
        using var stream = new MemoryStream();
        stream.Write(new byte[10]);
        stream.Position = 0;
        var attachment = EmailAttachment.FromStream(stream, "grows.bin");
        stream.Seek(0, SeekOrigin.End);
        stream.Write(new byte[5000]);

        var act = () => sender.SendAsync(SmtpTestKit.Message("ann@example.net") with { Attachments = [attachment] });

        await act.Should().ThrowAsync<MessageValidationException>();
        server.Connects.Should().Be(0);
    }

    [Fact]
    public async Task NonSeekableStream_IsSentWhole_AndAgainOnARetry()
    {
        var data = Enumerable.Range(0, 3000).Select(i => (byte)i).ToArray();
        var sent = new List<byte[]>();
        var server = new FakeServer
        {
            OnSend = (_, mime, call) =>
            {
                sent.Add(Attachment(mime));
                return call == 1 ? throw new IOException("reset before DATA") : "2.0.0 OK";
            },
        };
        await using var sender = SmtpTestKit.Sender(server, validator: Validator(maxAttachmentBytes: 4000));
        using var stream = new NonSeekableStream(data);

        var result = await sender.SendAsync(SmtpTestKit.Message("ann@example.net") with { Attachments = [EmailAttachment.FromStream(stream, "data.bin")] });

        result.Status.Should().Be(SendStatus.Accepted);
        sent.Should().HaveCount(2).And.AllSatisfy(bytes => bytes.Should().Equal(data));
    }

    [Fact]
    public async Task FileAttachment_WithTheDefaultValidator_IsRefusedBeforeAnyConnection()
    {
        var server = new FakeServer();
        await using var sender = SmtpTestKit.Sender(server);

        var act = () => sender.SendAsync(SmtpTestKit.Message("ann@example.net") with { Attachments = [EmailAttachment.FromFile("/proc/self/environ")] });

        (await act.Should().ThrowAsync<MessageValidationException>()).Which.Errors.Should().ContainSingle(e => e.Field == "Attachments[0].FilePath");
        server.Connects.Should().Be(0);
    }

    [Fact]
    public async Task FileSwappedForALinkOutOfTheRootAfterValidation_IsRefusedAtSendBeforeAnyConnection()
    {
        var file = Path.Combine(_root.FullName, "report.txt");
        await File.WriteAllTextAsync(file, "fine");
        var validator = Validator(maxAttachmentBytes: 1000);
        var message = SmtpTestKit.Message("ann@example.net") with { Attachments = [EmailAttachment.FromFile(file)] };
        validator.Validate(message).Should().BeEmpty();
        File.Delete(file);
        File.CreateSymbolicLink(file, "/etc/passwd");
        var server = new FakeServer();
        await using var sender = SmtpTestKit.Sender(server, validator: validator);

        var act = () => sender.SendAsync(message);

        (await act.Should().ThrowAsync<MessageValidationException>()).Which.Errors.Should().ContainSingle(e => e.Field == "Attachments[0].FilePath");
        server.Connects.Should().Be(0);
    }

    [Fact]
    public async Task SenderBuiltWithoutDependencyInjection_AttachesFilesFromTheRootsOfTheValidatorItIsGiven()
    {
        var file = Path.Combine(_root.FullName, "invoice.txt");
        await File.WriteAllTextAsync(file, "amount due: 10");
        var pickup = Path.Combine(_root.FullName, "pickup");
        var sender = new PickupDirectoryEmailSender(new PickupDirectoryOptions { Directory = pickup }, validator: Validator(maxAttachmentBytes: 1000));
        var message = SmtpTestKit.Message("ann@example.net") with { Attachments = [EmailAttachment.FromFile(file)] };

        var result = await sender.SendAsync(message);
        var refused = () => new PickupDirectoryEmailSender(new PickupDirectoryOptions { Directory = pickup }).SendAsync(message);

        using var written = await MimeMessage.LoadAsync(result.NativeText!);
        var part = written.Attachments.OfType<MimePart>().Single();
        using var copy = new MemoryStream();
        await part.Content!.DecodeToAsync(copy);
        System.Text.Encoding.UTF8.GetString(copy.ToArray()).Should().Be("amount due: 10");
        await refused.Should().ThrowAsync<MessageValidationException>("the default validator has no attachment root");
    }

    private MessageValidator Validator(long maxAttachmentBytes)
        => new(new MessageValidationOptions { AttachmentRoot = _root.FullName, MaxAttachmentBytes = maxAttachmentBytes });

    private static byte[] Attachment(MimeMessage message)
    {
        var part = message.Attachments.OfType<MimePart>().Single();
        using var copy = new MemoryStream();
        part.Content!.DecodeTo(copy);
        return copy.ToArray();
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
