using System.Globalization;
using Messaging.Sdk.Smpp.Receipts;
using Microsoft.Extensions.Time.Testing;

namespace Messaging.Sdk.Smpp.Tests.Receipts;

/// <summary>Every receipt lands on its own message, whatever the order, the duplicates and the id format (issue 13, point 4).</summary>
public sealed class ReceiptCorrelationTests
{
    private const int Messages = 1_000;

    public enum Truth
    {
        DecimalBoth,
        HexSubmitDecimalReceipt,
        DecimalSubmitHexReceipt,
    }

    [Theory]
    [InlineData(Truth.DecimalBoth, SmppReceiptIdFormat.AsIs, 1)]
    [InlineData(Truth.HexSubmitDecimalReceipt, SmppReceiptIdFormat.HexInSubmitDecimalInReceipt, 1)]
    [InlineData(Truth.DecimalSubmitHexReceipt, SmppReceiptIdFormat.DecimalInSubmitHexInReceipt, 1)]
    [InlineData(Truth.DecimalBoth, SmppReceiptIdFormat.Auto, 256)]
    [InlineData(Truth.HexSubmitDecimalReceipt, SmppReceiptIdFormat.Auto, 256)]
    [InlineData(Truth.DecimalSubmitHexReceipt, SmppReceiptIdFormat.Auto, 256)]
    public void SequentialIds_ReceiptsShuffledDuplicatedAndSomeEarly_EachLandsOnItsOwnMessage(Truth truth, SmppReceiptIdFormat format, int firstId)
    {
        var tracker = new ReceiptTracker(new FakeTimeProvider(), 100_000, TimeSpan.FromHours(1), format: format);
        var submitIds = Enumerable.Range(firstId, Messages).Select(n => truth == Truth.HexSubmitDecimalReceipt ? n.ToString("x", CultureInfo.InvariantCulture) : n.ToString(CultureInfo.InvariantCulture)).ToArray();
        var receiptIds = Enumerable.Range(firstId, Messages).Select(n => truth == Truth.DecimalSubmitHexReceipt ? n.ToString("X", CultureInfo.InvariantCulture) : n.ToString(CultureInfo.InvariantCulture)).ToArray();
        var reports = new List<DeliveryReport>();

        foreach (var step in Schedule(new Random(13)))
        {
            if (step.Register)
            {
                var early = tracker.Register([submitIds[step.Message]], null, null, "Default");
                reports.AddRange(early?.Select(e => e.Report) ?? []);
                continue;
            }

            var outcome = tracker.Accept(new DeliveryReceipt(receiptIds[step.Message], DeliveryState.Delivered, "DELIVRD", 0, null, null));
            reports.AddRange(outcome.Released?.Select(m => m.Report!) ?? []);
            if (outcome.Match is { Report: { } report } match)
            {
                reports.Add(report);
                tracker.Confirm(match);
            }

            outcome.GivenUp.Should().BeNull("no receipt is given up");
        }

        reports.Select(r => r.MessageId).Should().OnlyHaveUniqueItems("a receipt delivered twice is ignored the second time")
            .And.BeEquivalentTo(submitIds, "every message gets its own receipt, and only that one");
        tracker.Count.Should().Be(0);
        if (format == SmppReceiptIdFormat.Auto)
        {
            tracker.Format.Should().Be(truth switch
            {
                Truth.HexSubmitDecimalReceipt => SmppReceiptIdFormat.HexInSubmitDecimalInReceipt,
                Truth.DecimalSubmitHexReceipt => SmppReceiptIdFormat.DecimalInSubmitHexInReceipt,
                _ => SmppReceiptIdFormat.AsIs,
            });
        }
    }

    [Fact]
    public void DecimalReceiptTen_WithHexSubmitIds_GoesToMessageTenNotSixteen()
    {
        var tracker = new ReceiptTracker(new FakeTimeProvider(), 100, TimeSpan.FromHours(1), format: SmppReceiptIdFormat.HexInSubmitDecimalInReceipt);
        tracker.Register(["a"], null, null, "Default");
        tracker.Register(["10"], null, null, "Default");

        var outcome = tracker.Accept(new DeliveryReceipt("10", DeliveryState.Delivered, "DELIVRD", 0, null, null));

        outcome.Match!.Report!.MessageId.Should().Be("a", "decimal 10 is hex a; hex 10 is message sixteen");
        tracker.Count.Should().Be(1);
    }

    [Fact]
    public void Auto_WhileTwoReadingsFitAReceipt_HoldsItAndAppliesItOnceTheFormatIsSettled()
    {
        var tracker = new ReceiptTracker(new FakeTimeProvider(), 100, TimeSpan.FromHours(1));
        tracker.Register(["100"], null, null, "Default");
        tracker.Register(["256"], null, null, "Default");

        // Receipt "256": message "256" as is, or message "100" read as hex-in-submit / decimal-in-receipt. Neither is guessed.
        var first = tracker.Accept(new DeliveryReceipt("256", DeliveryState.Delivered, "DELIVRD", 0, null, null));
        first.Match.Should().BeNull();
        first.Parked.Should().BeTrue();
        tracker.Format.Should().Be(SmppReceiptIdFormat.Auto);

        // Receipt "598" fits only message "256" read as hex (0x256 = 598): that settles it, and the held receipt goes to "100".
        tracker.Register(["257"], null, null, "Default");
        var second = tracker.Accept(new DeliveryReceipt("598", DeliveryState.Delivered, "DELIVRD", 0, null, null));

        tracker.Format.Should().Be(SmppReceiptIdFormat.HexInSubmitDecimalInReceipt);
        second.Released.Should().ContainSingle().Which.Report!.MessageId.Should().Be("100");
        second.Match!.Report!.MessageId.Should().Be("256");
    }

    [Fact]
    public void Auto_IdsThatAreNoNumbers_SettleAsIsAtOnce()
    {
        var tracker = new ReceiptTracker(new FakeTimeProvider(), 100, TimeSpan.FromHours(1));

        tracker.Register(["3f2a-99x"], null, null, "Default");

        tracker.Format.Should().Be(SmppReceiptIdFormat.AsIs);
    }

    [Fact]
    public void DuplicateReceipt_WhoseHandlersFailed_IsPublishedAgain_OnceConfirmedItIsIgnored()
    {
        var tracker = new ReceiptTracker(new FakeTimeProvider(), 100, TimeSpan.FromHours(1), format: SmppReceiptIdFormat.AsIs);
        tracker.Register(["42"], null, new Uri("https://example.com/r"), "Default");
        var receipt = new DeliveryReceipt("42", DeliveryState.Delivered, "DELIVRD", 0, null, null);

        var first = tracker.Accept(receipt);
        var again = tracker.Accept(receipt);
        tracker.Confirm(again.Match!);
        var third = tracker.Accept(receipt);

        first.Match!.Report!.MessageId.Should().Be("42");
        again.Duplicate.Should().BeTrue();
        again.Match!.Report.Should().BeSameAs(first.Match.Report, "the handlers failed the first time (not confirmed): the re-delivery publishes it again");
        again.Match.CallbackUrl.Should().Be(new Uri("https://example.com/r"));
        third.Duplicate.Should().BeTrue();
        third.Match.Should().BeNull("a confirmed report is not published twice");
        third.Parked.Should().BeFalse("a duplicate is not parked as an early receipt (it would later be logged as lost)");
    }

    [Fact]
    public void Tracker_WhenEveryMessageGetsItsReceipt_KeepsOnlyWhatIsPendingPlusABoundedTail()
    {
        var tracker = new ReceiptTracker(new FakeTimeProvider(), 1_000_000, TimeSpan.FromHours(1), format: SmppReceiptIdFormat.AsIs);

        for (var i = 0; i < 50_000; i++)
        {
            var id = i.ToString(CultureInfo.InvariantCulture);
            tracker.Register([id], null, null, "Default");
            tracker.Accept(new DeliveryReceipt(id, DeliveryState.Delivered, "DELIVRD", 0, null, null)).Match.Should().NotBeNull();
        }

        tracker.Count.Should().Be(0);
        tracker.FootprintForTests.Should().BeLessThanOrEqualTo(ReceiptTracker.RecentCapacity + 128, "finished segments leave; only a bounded tail of them is remembered for duplicates");
    }

    /// <summary>Registrations in order; each receipt within 40 steps after its registration, one in ten up to 5 steps before it, one in five twice.</summary>
    private static IEnumerable<Step> Schedule(Random random)
    {
        var steps = new List<(double At, Step Step)>();
        for (var i = 0; i < Messages; i++)
        {
            steps.Add((i, new Step(i, Register: true)));
            var early = random.Next(10) == 0;
            steps.Add((early ? i - 0.5 - random.Next(5) : i + 0.5 + random.Next(40), new Step(i, Register: false)));
            if (random.Next(5) == 0)
            {
                steps.Add((i + 41 + random.Next(40), new Step(i, Register: false)));
            }
        }

        return steps.OrderBy(s => s.At).ThenBy(_ => random.Next()).Select(s => s.Step).ToList();
    }

    private readonly record struct Step(int Message, bool Register);
}
