namespace Messaging.Sdk.Tests.Models;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("ann@example.net", "ann@example.net", null)]
    [InlineData("Ann Smith <ann@example.net>", "ann@example.net", "Ann Smith")]
    [InlineData("\"Smith, Ann\" <ann@example.net>", "ann@example.net", "Smith, Ann")]
    [InlineData("  <ann@example.net>  ", "ann@example.net", null)]
    [InlineData("first.last+tag@sub.example.co.uk", "first.last+tag@sub.example.co.uk", null)]
    [InlineData("user@[127.0.0.1]", "user@[127.0.0.1]", null)]
    [InlineData("jörg@bücher.example", "jörg@bücher.example", null)]
    public void Parse_AcceptsCommonForms(string text, string address, string? name)
    {
        var parsed = EmailAddress.Parse(text);

        parsed.Address.Should().Be(address);
        parsed.DisplayName.Should().Be(name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plainaddress")]
    [InlineData("@example.com")]
    [InlineData("ann@")]
    [InlineData("ann@@example.com")]
    [InlineData(".ann@example.com")]
    [InlineData("ann.@example.com")]
    [InlineData("an..n@example.com")]
    [InlineData("ann@example")]
    [InlineData("ann@-example.com")]
    [InlineData("ann@exa_mple.com")]
    [InlineData("ann smith@example.com")]
    [InlineData("Ann <ann@example.com")]
    [InlineData("ann@example.com>")]
    public void TryParse_RejectsMalformedAddresses(string text)
    {
        EmailAddress.TryParse(text, out var result).Should().BeFalse();
        result.Should().BeNull();
    }

    [Theory]
    [InlineData("ann@example.com\r\nBcc: victim@example.org")]
    [InlineData("Ann\r\nBcc: victim@example.org <ann@example.com>")]
    [InlineData("ann@example.com\n")]
    [InlineData("ann\0@example.com")]
    public void Parse_RejectsControlCharacters_SoNoHeaderCanBeInjected(string text)
    {
        var act = () => EmailAddress.Parse(text);

        act.Should().Throw<FormatException>().WithMessage("*control character*");
    }

    [Fact]
    public void Constructor_RejectsDisplayNameWithLineBreak()
    {
        var act = () => new EmailAddress("ann@example.com", "Ann\r\nBcc: x@example.org");

        act.Should().Throw<FormatException>().WithMessage("*display name*");
    }

    [Fact]
    public void Parse_RejectsOverlongLocalPart()
    {
        EmailAddress.TryParse(new string('a', 65) + "@example.com", out _).Should().BeFalse();
        EmailAddress.TryParse(new string('a', 64) + "@example.com", out _).Should().BeTrue();
    }

    [Fact]
    public void Equality_IgnoresDomainCase_ButNotLocalPartCase()
    {
        EmailAddress.Parse("ann@EXAMPLE.com").Should().Be(EmailAddress.Parse("ann@example.com"));
        EmailAddress.Parse("Ann@example.com").Should().NotBe(EmailAddress.Parse("ann@example.com"));
        EmailAddress.Parse("ann@EXAMPLE.com").GetHashCode().Should().Be(EmailAddress.Parse("ann@example.com").GetHashCode());
    }

    [Fact]
    public void ToString_QuotesDisplayName()
    {
        new EmailAddress("ann@example.com", "Smith, \"Ann\"").ToString().Should().Be("\"Smith, \\\"Ann\\\"\" <ann@example.com>");
        EmailAddress.Parse(new EmailAddress("ann@example.com", "Smith, \"Ann\"").ToString()).DisplayName.Should().Be("Smith, \"Ann\"");
    }

    [Fact]
    public void ImplicitConversion_ParsesString()
    {
        EmailAddress address = "Ann <ann@example.com>";

        address.DisplayName.Should().Be("Ann");
    }
}
