using Messaging.Sdk.Smpp;
using Messaging.Sdk.Smpp.Receipts;
using Microsoft.Extensions.Time.Testing;

namespace Messaging.Sdk.Smpp.Tests.Receipts;

public sealed class ReceiptTrackerBoundsTests
{
    private static DeliveryReceipt Receipt(string id) => new(id, DeliveryState.Delivered, "DELIVRD", 0, null, null);

    [Fact]
    public void Tracker_UnderManyUnreceiptedMessages_StaysWithinCapacityAndCountsWhatItForgets()
    {
        var name = MetricsRecorder.UniqueSender();
        using var metrics = new MetricsRecorder(name);
        var tracker = new ReceiptTracker(new FakeTimeProvider(), 100, TimeSpan.FromHours(1));

        for (var i = 0; i < 10_000; i++)
        {
            tracker.Register([i.ToString(System.Globalization.CultureInfo.InvariantCulture)], null, null, name);
            tracker.Count.Should().BeLessThanOrEqualTo(100);
        }

        metrics.Sum("messaging.sdk.smpp.receipts.expired", "smpp.reason", "capacity").Should().Be(9_900);
        tracker.TryResolve(Receipt("9999"), out var report, out _).Should().BeTrue("the newest are kept");
        report!.State.Should().Be(DeliveryState.Delivered);
        tracker.TryResolve(Receipt("0"), out _, out _).Should().BeFalse("the oldest were forgotten");
    }

    [Fact]
    public void Tracker_WhenManyReceiptsAreResolved_KeepsItsBookkeepingBoundedWithoutCountingThemAsExpired()
    {
        var name = MetricsRecorder.UniqueSender();
        using var metrics = new MetricsRecorder(name);
        var tracker = new ReceiptTracker(new FakeTimeProvider(), 10, TimeSpan.FromHours(1));

        for (var i = 0; i < 1_000; i++)
        {
            var id = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            tracker.Register([id], null, null, name);
            tracker.TryResolve(Receipt(id), out _, out _).Should().BeTrue();
        }

        tracker.Count.Should().Be(0);
        metrics.Sum("messaging.sdk.smpp.receipts.expired").Should().Be(0);
        metrics.Of("messaging.sdk.smpp.receipt.latency").Should().HaveCount(1_000);
    }

    [Fact]
    public void Tracker_AfterTheTrackingDuration_ForgetsEntriesCountsThemAndParksTheirLateReceiptUntilItIsGivenUp()
    {
        var name = MetricsRecorder.UniqueSender();
        using var metrics = new MetricsRecorder(name);
        var time = new FakeTimeProvider();
        var tracker = new ReceiptTracker(time, 100, TimeSpan.FromMinutes(10), orphanCapacity: 100, orphanRetention: TimeSpan.FromSeconds(30));
        tracker.Register(["1"], null, null, name);
        tracker.Register(["2", "3"], null, null, name);

        time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        tracker.TryResolveOrPark(Receipt("1"), out var report, out _, out var expired).Should().BeFalse("the message was forgotten");

        report.Should().BeNull();
        expired.Should().BeNull();
        tracker.Count.Should().Be(0);
        metrics.Sum("messaging.sdk.smpp.receipts.expired", "smpp.reason", "age").Should().Be(3);

        time.Advance(TimeSpan.FromSeconds(31));
        tracker.TryResolveOrPark(Receipt("4"), out _, out _, out expired).Should().BeFalse();
        expired.Should().ContainSingle("the late receipt is given up as uncorrelated").Which.MessageId.Should().Be("1");
    }

    [Fact]
    public void Tracker_LatencyIsTheTimeFromRegistrationToTheFinalReceipt()
    {
        var name = MetricsRecorder.UniqueSender();
        using var metrics = new MetricsRecorder(name);
        var time = new FakeTimeProvider();
        var tracker = new ReceiptTracker(time, 100, TimeSpan.FromHours(1));
        tracker.Register(["a1", "a2"], null, null, name);

        time.Advance(TimeSpan.FromSeconds(3));
        tracker.TryResolve(Receipt("a1"), out _, out _);
        time.Advance(TimeSpan.FromSeconds(4));
        tracker.TryResolve(Receipt("a2"), out var report, out _);

        report!.State.Should().Be(DeliveryState.Delivered);
        metrics.Of("messaging.sdk.smpp.receipt.latency").Should().ContainSingle().Which.Value.Should().Be(7);
    }

    [Fact]
    public void EarlyReceipts_BeyondTheirCapacity_AreGivenUpOldestFirst()
    {
        var tracker = new ReceiptTracker(new FakeTimeProvider(), 100, TimeSpan.FromHours(1), orphanCapacity: 10);
        var givenUp = new List<string>();

        for (var i = 0; i < 100; i++)
        {
            tracker.TryResolveOrPark(Receipt("e" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)), out _, out _, out var expired).Should().BeFalse();
            givenUp.AddRange(expired?.Select(r => r.MessageId) ?? []);
        }

        givenUp.Should().HaveCount(90);
        givenUp[0].Should().Be("e0");
        tracker.Register(["e99"], null, null, "Default").Should().ContainSingle("the newest early receipts are kept");
        tracker.Register(["e5"], null, null, "Default").Should().BeNull();
    }

    [Fact]
    public void EarlyReceipt_AppliedOnRegistration_IsNotLaterReportedAsLost()
    {
        var time = new FakeTimeProvider();
        var tracker = new ReceiptTracker(time, 100, TimeSpan.FromHours(1));
        tracker.TryResolveOrPark(Receipt("255"), out _, out _, out _).Should().BeFalse();
        tracker.Register(["ff"], null, null, "Default").Should().ContainSingle();

        time.Advance(ReceiptTracker.OrphanRetention + TimeSpan.FromSeconds(1));
        tracker.TryResolveOrPark(Receipt("300"), out _, out _, out var expired);

        expired.Should().BeNull("the receipt parked under both spellings of its id was applied");
    }

    [Theory]
    [InlineData(nameof(SmppOptions.ReceiptTrackingDuration))]
    [InlineData(nameof(SmppOptions.EarlyReceiptRetention))]
    public void Options_WithANonPositiveRetention_FailValidationNamingTheProperty(string property)
    {
        var options = new SmppOptions { Host = "127.0.0.1", SystemId = "esme" };
        typeof(SmppOptions).GetProperty(property)!.SetValue(options, TimeSpan.Zero);

        var result = new Microsoft.Extensions.DependencyInjection.SmppOptionsValidator().Validate("Default", options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("Messaging:Smpp:" + property);
    }

    [Fact]
    public void Options_WithNoInboundQueueOrAnUnknownReceiptIdFormat_FailValidationNamingTheProperty()
    {
        var options = new SmppOptions { Host = "127.0.0.1", SystemId = "esme", InboundQueueCapacity = 0, ReceiptIdFormat = (SmppReceiptIdFormat)42 };

        var result = new Microsoft.Extensions.DependencyInjection.SmppOptionsValidator().Validate("Default", options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain(nameof(SmppOptions.InboundQueueCapacity)).And.Contain(nameof(SmppOptions.ReceiptIdFormat));
    }

    [Fact]
    public void Options_WithANegativeEarlyReceiptCapacity_FailValidationNamingTheProperty()
    {
        var options = new SmppOptions { Host = "127.0.0.1", SystemId = "esme", EarlyReceiptCapacity = -1 };

        var result = new Microsoft.Extensions.DependencyInjection.SmppOptionsValidator().Validate("Default", options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain(nameof(SmppOptions.EarlyReceiptCapacity));
    }
}
