using Messaging.Sdk.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Messaging.Sdk.Tests.Validation;

public sealed class AttachmentRootsTests : IDisposable
{
    private readonly DirectoryInfo _a = Directory.CreateTempSubdirectory("msdk-roots-a-");
    private readonly DirectoryInfo _b = Directory.CreateTempSubdirectory("msdk-roots-b-");

    public void Dispose()
    {
        _a.Delete(recursive: true);
        _b.Delete(recursive: true);
    }

    [Fact]
    public void SeveralRoots_AcceptAFileFromEach_AndRefuseOneFromNeither()
    {
        var inA = Write(_a, "a.txt");
        var inB = Write(_b, "b.txt");
        var validator = new MessageValidator(new MessageValidationOptions { AttachmentRoots = { _a.FullName, _b.FullName } });

        validator.Validate(Message(inA, inB)).Should().BeEmpty();
        validator.Validate(Message("/etc/hostname")).Should().ContainSingle(e => e.Field == "Attachments[0].FilePath");
    }

    [Fact]
    public void AttachmentRootsFromConfiguration_AreTheDirectoriesFilesMayComeFrom()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Messaging:Validation:AttachmentRoots:0"] = _a.FullName,
        }).Build();
        using var provider = new ServiceCollection().AddMessaging(configuration.GetSection("Messaging")).Services.BuildServiceProvider();
        var validator = provider.GetRequiredService<MessageValidator>();

        validator.Validate(Message(Write(_a, "ok.txt"))).Should().BeEmpty();
        validator.Validate(Message(Write(_b, "no.txt"))).Should().ContainSingle(e => e.Field == "Attachments[0].FilePath");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("relative/dir")]
    public void UnsafeOrRelativeRoot_FailsAtStartNamingTheSetting(string root)
    {
        using var provider = new ServiceCollection().AddMessaging(o => o.Validation.AttachmentRoots.Add(root)).Services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptions<MessagingOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage("*Messaging:Validation:AttachmentRoots*");
    }

    [Fact]
    public async Task FileAttachment_CannotBeOpenedAroundTheValidator()
    {
        var attachment = EmailAttachment.FromFile("/etc/passwd");

        var act = async () => await attachment.OpenReadAsync();

        (await act.Should().ThrowAsync<MessageValidationException>()).Which.Errors.Should().ContainSingle(e => e.Field == "FilePath" && e.Message.Contains("AttachmentRoots"));
    }

    [Fact]
    public async Task ReadForSending_ReturnsTheBytesThatWereChecked_EvenIfTheFileChangesLater()
    {
        var file = Write(_a, "doc.txt");
        var validator = new MessageValidator(new MessageValidationOptions { AttachmentRoots = { _a.FullName } });

        var contents = await validator.EnsureValidAndReadAsync(Message(file), default);
        await File.WriteAllTextAsync(file, "changed after the check");

        contents.Should().ContainSingle().Which.ToArray().Should().Equal("content of doc.txt"u8.ToArray());
    }

    private static EmailMessage Message(params string[] paths) => new()
    {
        From = "shop@example.com",
        To = ["ann@example.net"],
        TextBody = "x",
        Attachments = [.. paths.Select(p => EmailAttachment.FromFile(p))],
    };

    private static string Write(DirectoryInfo dir, string name)
    {
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, "content of " + name);
        return path;
    }
}
