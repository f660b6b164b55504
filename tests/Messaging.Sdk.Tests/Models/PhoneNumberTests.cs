namespace Messaging.Sdk.Tests.Models;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("+46708251358", PhoneNumberKind.International, "46708251358")]
    [InlineData("+46 70-825 13 58", PhoneNumberKind.International, "46708251358")]
    [InlineData("+1 (555) 010-9999", PhoneNumberKind.International, "15550109999")]
    [InlineData("+123456789012345", PhoneNumberKind.International, "123456789012345")]
    [InlineData("0708251358", PhoneNumberKind.National, "0708251358")]
    [InlineData("72555", PhoneNumberKind.ShortCode, "72555")]
    [InlineData("123", PhoneNumberKind.ShortCode, "123")]
    [InlineData("MyShop", PhoneNumberKind.Alphanumeric, "MyShop")]
    [InlineData("Shop 24-7", PhoneNumberKind.Alphanumeric, "Shop 24-7")]
    [InlineData("ABCDEFGHIJK", PhoneNumberKind.Alphanumeric, "ABCDEFGHIJK")]
    public void Parse_ClassifiesAndNormalises(string text, PhoneNumberKind kind, string value)
    {
        var number = PhoneNumber.Parse(text);

        number.Kind.Should().Be(kind);
        number.Value.Should().Be(value);
    }

    [Theory]
    [InlineData("+0123456789", "E.164")]
    [InlineData("+1234567890123456", "E.164")]
    [InlineData("+", "E.164")]
    [InlineData("+46 70 825 13 58 #", "contains '#'")]
    [InlineData("12", "short code")]
    [InlineData("1234567890123456", "national")]
    [InlineData("", "required")]
    public void Parse_RejectsBadNumbers_WithReason(string text, string reason)
    {
        var act = () => PhoneNumber.Parse(text);

        act.Should().Throw<FormatException>().WithMessage($"*{reason}*");
    }

    [Fact]
    public void Parse_RejectsTwelveCharacterAlphanumericSender()
    {
        var act = () => PhoneNumber.Parse("ABCDEFGHIJKL");

        act.Should().Throw<FormatException>().WithMessage("*12 characters*at most 11*");
    }

    [Theory]
    [InlineData("Shop!")]
    [InlineData("Shöp")]
    [InlineData("Shop\r\n")]
    public void Parse_RejectsAlphanumericSenderWithUnsupportedCharacter(string text)
    {
        PhoneNumber.TryParse(text, out _).Should().BeFalse();
    }

    [Fact]
    public void ToString_WritesPlusForInternational()
    {
        PhoneNumber.Parse("+46 70 825 13 58").ToString().Should().Be("+46708251358");
        PhoneNumber.Parse("72555").ToString().Should().Be("72555");
        PhoneNumber.International("46708251358").Should().Be(PhoneNumber.Parse("+46708251358"));
    }
}
