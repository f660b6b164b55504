using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Messaging.Sdk.Tests.DependencyInjection;

public sealed class AddMessagingTests
{
    [Fact]
    public void UnnamedSender_ResolvesFirstRegistered_AndNamedOnesByKey()
    {
        var services = new ServiceCollection();
        services.AddMessaging()
                .AddSmsSender("primary", "fake", (_, n) => new NamedSmsSender(n))
                .AddSmsSender("backup", "fake", (_, n) => new NamedSmsSender(n));
        using var sp = services.BuildServiceProvider();

        ((NamedSmsSender)sp.GetRequiredService<ISmsSender>()).Name.Should().Be("primary");
        ((NamedSmsSender)sp.GetRequiredKeyedService<ISmsSender>("backup")).Name.Should().Be("backup");
        sp.GetRequiredService<MessagingSenderRegistry>().SmsSenders.Should().Equal("primary", "backup");
    }

    [Fact]
    public void DefaultSenderFromConfiguration_Wins()
    {
        var configuration = Config(new() { ["Messaging:DefaultSmsSender"] = "backup" });
        var services = new ServiceCollection();
        services.AddMessaging(configuration.GetSection("Messaging"))
                .AddSmsSender("primary", "fake", (_, n) => new NamedSmsSender(n))
                .AddSmsSender("backup", "fake", (_, n) => new NamedSmsSender(n));
        using var sp = services.BuildServiceProvider();

        ((NamedSmsSender)sp.GetRequiredService<ISmsSender>()).Name.Should().Be("backup");
    }

    [Fact]
    public void DefaultSenderNamingNothing_FailsAtStart_WithClearMessage()
    {
        var configuration = Config(new() { ["Messaging:DefaultSmsSender"] = "typo" });
        var services = new ServiceCollection();
        services.AddMessaging(configuration.GetSection("Messaging")).AddSmsSender("primary", "fake", (_, n) => new NamedSmsSender(n));
        using var sp = services.BuildServiceProvider();

        var act = () => sp.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>()
           .WithMessage("*Messaging:DefaultSmsSender names 'typo'*registered: primary*");
    }

    [Fact]
    public void BadValidationLimits_FailAtStart_NamingEveryProperty()
    {
        var configuration = Config(new()
        {
            ["Messaging:Validation:MaxRecipients"] = "0",
            ["Messaging:Resilience:MaxRetryAttempts"] = "-1",
            ["Messaging:DeliveryReports:CallbackAttempts"] = "0",
        });
        var services = new ServiceCollection();
        services.AddMessaging(configuration.GetSection("Messaging"));
        using var sp = services.BuildServiceProvider();

        var ex = sp.GetRequiredService<IStartupValidator>().Invoking(v => v.Validate()).Should().Throw<AggregateException>().Which;

        string.Join(" ", ex.InnerExceptions.Select(e => e.Message)).Should().Contain("Messaging:Validation:MaxRecipients").And.Contain("Messaging:Resilience:MaxRetryAttempts").And.Contain("CallbackAttempts");
    }

    [Fact]
    public void ValidConfiguration_PassesStartValidation_AndBindsLimits()
    {
        var configuration = Config(new() { ["Messaging:Validation:MaxRecipients"] = "7" });
        var services = new ServiceCollection();
        services.AddMessaging(configuration.GetSection("Messaging")).AddSmsSender("primary", "fake", (_, n) => new NamedSmsSender(n));
        using var sp = services.BuildServiceProvider();

        sp.GetRequiredService<IStartupValidator>().Validate();
        sp.GetRequiredService<IOptions<MessagingOptions>>().Value.Validation.MaxRecipients.Should().Be(7);
    }

    [Fact]
    public void NoSenderRegistered_ResolvingTheAbstraction_SaysWhatToAdd()
    {
        var services = new ServiceCollection();
        services.AddMessaging();
        using var sp = services.BuildServiceProvider();

        sp.Invoking(s => s.GetRequiredService<IEmailSender>()).Should().Throw<InvalidOperationException>().WithMessage("*AddSmtp()*");
    }

    [Fact]
    public void DuplicateSenderName_IsRefused()
    {
        var builder = new ServiceCollection().AddMessaging().AddSmsSender("a", "fake", (_, n) => new NamedSmsSender(n));

        builder.Invoking(b => b.AddSmsSender("a", "fake", (_, n) => new NamedSmsSender(n)))
               .Should().Throw<InvalidOperationException>().WithMessage("*'a' is already registered*");
    }

    [Fact]
    public void AddMessagingTwice_SharesOneRegistry()
    {
        var services = new ServiceCollection();
        services.AddMessaging().AddSmsSender("a", "fake", (_, n) => new NamedSmsSender(n));
        services.AddMessaging().AddSmsSender("b", "fake", (_, n) => new NamedSmsSender(n));
        using var sp = services.BuildServiceProvider();

        sp.GetRequiredService<MessagingSenderRegistry>().SmsSenders.Should().Equal("a", "b");
    }

    [Fact]
    public void GetSenderSection_UsesTransportSectionForDefault_AndSubsectionForNamed()
    {
        var configuration = Config(new() { ["Messaging:Smtp:Host"] = "a", ["Messaging:Smtp:backup:Host"] = "b" });
        var builder = new ServiceCollection().AddMessaging(configuration.GetSection("Messaging"));

        builder.GetSenderSection("Smtp", MessagingBuilder.DefaultSenderName)!["Host"].Should().Be("a");
        builder.GetSenderSection("Smtp", "backup")!["Host"].Should().Be("b");
    }

    private static IConfigurationRoot Config(Dictionary<string, string?> values)
        => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
