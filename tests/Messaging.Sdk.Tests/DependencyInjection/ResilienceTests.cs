using System.Diagnostics.Metrics;
using Messaging.Sdk.Diagnostics;
using Messaging.Sdk.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Polly;

namespace Messaging.Sdk.Tests.DependencyInjection;

public sealed class ResilienceTests
{
    private static readonly EmailMessage Message = new() { From = "a@example.com", To = ["b@example.com"] };

    private static Func<EmailSendResult> Transient(int code = 451)
        => () => throw new MessagingTransportException("temporary") { IsTransient = true, NativeCode = code };

    [Fact]
    public async Task TransientFailures_AreRetried_ThenAccepted()
    {
        using var sp = Build(b => b.AddScripted("s", Transient(), Transient()));
        var sender = (ScriptedEmailSender)sp.GetRequiredService<IEmailSender>();

        var result = await sender.SendAsync(Message);

        result.Status.Should().Be(SendStatus.Accepted);
        result.Attempts.Should().Be(3);
        result.SenderName.Should().Be("s");
        result.Transport.Should().Be("scripted");
    }

    [Fact]
    public async Task PermanentFailure_IsNotRetried_AndCarriesSenderName()
    {
        using var sp = Build(b => b.AddScripted("s", () => throw new MessagingAuthenticationException("bad credentials") { NativeCode = 535 }));
        var sender = (ScriptedEmailSender)sp.GetRequiredService<IEmailSender>();

        var ex = await sender.Invoking(s => s.SendAsync(Message)).Should().ThrowAsync<MessagingAuthenticationException>();

        sender.Calls.Should().Be(1);
        ex.Which.SenderName.Should().Be("s");
        ex.Which.NativeCode.Should().Be(535);
    }

    [Fact]
    public async Task RetriesRunOut_TransportExceptionSurfaces()
    {
        using var sp = Build(b => b.AddScripted("s", Transient(), Transient(), Transient(), Transient(), Transient()));
        var sender = (ScriptedEmailSender)sp.GetRequiredService<IEmailSender>();

        await sender.Invoking(s => s.SendAsync(Message)).Should().ThrowAsync<MessagingTransportException>();
        sender.Calls.Should().Be(4);
    }

    [Fact]
    public async Task TransientRejection_IsRetried_ThenReturnedAsRejectedResult()
    {
        var rejection = EmailSendResult.Rejected(450, "4.2.1 busy", isTransient: true);
        Func<EmailSendResult> busy = () => throw new RetryableRejectionException(rejection);
        using var sp = Build(b => b.AddScripted("s", busy, busy, busy, busy));
        var sender = (ScriptedEmailSender)sp.GetRequiredService<IEmailSender>();

        var result = await sender.SendAsync(Message);

        result.Status.Should().Be(SendStatus.Rejected);
        result.NativeCode.Should().Be(450);
        result.IsTransient.Should().BeTrue();
        result.Attempts.Should().Be(4);
    }

    [Fact]
    public async Task ConfigureResilience_ReplacesDefault_ForThatSender()
    {
        using var sp = Build(b => b.AddScripted("s", Transient(), Transient())
                                   .ConfigureResilience("s", (pipeline, context) => context.SenderName.Should().Be("s")));
        var sender = (ScriptedEmailSender)sp.GetRequiredService<IEmailSender>();

        await sender.Invoking(s => s.SendAsync(Message)).Should().ThrowAsync<MessagingTransportException>();
        sender.Calls.Should().Be(1);
    }

    [Fact]
    public async Task RetriesOff_WithoutAPipelineOfTheUsers_SendsOnceThroughNoPipeline_AndStillCountsAndNames()
    {
        using var sp = Build(b => b.AddScripted("s", Transient()), retries: 0);
        var sender = (ScriptedEmailSender)sp.GetRequiredService<IEmailSender>();

        MessagingResilience.GetPipeline(sp, SenderKind.Email, "s").Should().BeSameAs(ResiliencePipeline.Empty);
        var ex = await sender.Invoking(s => s.SendAsync(Message)).Should().ThrowAsync<MessagingTransportException>();
        ex.Which.SenderName.Should().Be("s");
        sender.Calls.Should().Be(1);

        var result = await sender.SendAsync(Message);
        result.Status.Should().Be(SendStatus.Accepted);
        result.Attempts.Should().Be(1);
        result.SenderName.Should().Be("s");
    }

    [Fact]
    public async Task RetriesOff_WithAPipelineOfTheUsers_UsesTheirs()
    {
        using var sp = Build(
            b => b.AddScripted("s", Transient()).ConfigureResilience("s", (pipeline, _) => pipeline.AddRetry(new Polly.Retry.RetryStrategyOptions { MaxRetryAttempts = 1, Delay = TimeSpan.Zero })),
            retries: 0);
        var sender = (ScriptedEmailSender)sp.GetRequiredService<IEmailSender>();

        MessagingResilience.GetPipeline(sp, SenderKind.Email, "s").Should().NotBeSameAs(ResiliencePipeline.Empty);
        var result = await sender.SendAsync(Message);

        result.Status.Should().Be(SendStatus.Accepted);
        sender.Calls.Should().Be(2);
    }

    [Fact]
    public void IsTransient_NeverForValidationErrors()
    {
        MessagingResilience.IsTransient(new MessageValidationException("x")).Should().BeFalse();
        MessagingResilience.IsTransient(new MessagingTransportException("x") { IsTransient = true }).Should().BeTrue();
        MessagingResilience.IsTransient(new InvalidOperationException()).Should().BeFalse();
    }

    [Fact]
    public async Task Metrics_CountAcceptedAndRejected_OnTheMessagingSdkMeter()
    {
        var seen = new List<(string Name, long Value, string? Sender)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MessagingTelemetry.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? sender = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "messaging.sender")
                {
                    sender = tag.Value as string;
                }
            }

            lock (seen)
            {
                seen.Add((instrument.Name, value, sender));
            }
        });
        listener.Start();
        var name = "metrics-" + Guid.NewGuid().ToString("N");
        using var sp = Build(b => b.AddScripted(name, () => EmailSendResult.Accepted("<1>"), () => EmailSendResult.Rejected(550, "no")));
        var sender = sp.GetRequiredService<IEmailSender>();

        await sender.SendAsync(Message);
        await sender.SendAsync(Message);

        lock (seen)
        {
            seen.Should().Contain(("messaging.sdk.sent", 1, name)).And.Contain(("messaging.sdk.rejected", 1, name));
        }
    }

    private static ServiceProvider Build(Action<MessagingBuilder> configure, int retries = 3)
    {
        var services = new ServiceCollection();
        var builder = services.AddMessaging(o =>
        {
            o.Resilience.BaseDelay = TimeSpan.Zero;
            o.Resilience.MaxDelay = TimeSpan.Zero;
            o.Resilience.MaxRetryAttempts = retries;
        });
        configure(builder);
        return services.BuildServiceProvider();
    }
}
