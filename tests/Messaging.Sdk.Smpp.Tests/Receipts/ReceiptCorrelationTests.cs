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

    // From 1: small numbers read as another message in the wrong base, so early receipts often fit one alone.
    [InlineData(Truth.DecimalBoth, SmppReceiptIdFormat.Auto, 1)]
    [InlineData(Truth.HexSubmitDecimalReceipt, SmppReceiptIdFormat.Auto, 1)]
    [InlineData(Truth.DecimalSubmitHexReceipt, SmppReceiptIdFormat.Auto, 1)]
    public void SequentialIds_ReceiptsShuffledDuplicatedAndSomeEarly_EachLandsOnItsOwnMessage(Truth truth, SmppReceiptIdFormat format, int firstId)
    {
        var tracker = new ReceiptTracker(new FakeTimeProvider(), 100_000, TimeSpan.FromHours(1), format: format);
        var submitIds = Enumerable.Range(firstId, Messages).Select(n => truth == Truth.HexSubmitDecimalReceipt ? n.ToString("x", CultureInfo.InvariantCulture) : n.ToString(CultureInfo.InvariantCulture)).ToArray();
        var receiptIds = Enumerable.Range(firstId, Messages).Select(n => truth == Truth.DecimalSubmitHexReceipt ? n.ToString("X", CultureInfo.InvariantCulture) : n.ToString(CultureInfo.InvariantCulture)).ToArray();
        var reports = new List<DeliveryReport>();

        foreach (var step in Schedule(new Random(13)))
        {
            if (step.Kind == StepKind.Submit)
            {
                tracker.SubmitStarted();
                continue;
            }

            if (step.Kind == StepKind.Register)
            {
                var early = tracker.Register([submitIds[step.Message]], null, null, "Default", endsSubmission: true);
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

        var arrived = reports.Select(r => r.MessageId).Distinct().Count();
        reports.Select(r => r.MessageId).Should().OnlyHaveUniqueItems("a receipt delivered twice is ignored the second time ({0} of {1} messages got a report)", arrived, Messages)
            .And.BeEquivalentTo(submitIds, "every message gets its own receipt, and only that one ({0} of {1} messages got a report)", arrived, Messages);
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

        // Receipts that each fit one message only read as hex (decimal 768 is hex 300, and so on) settle it once there are
        // enough of them; each is applied at once (nothing is being submitted), and the held receipt then goes to "100".
        var released = new List<string>();
        for (var i = 0; i < ReceiptTracker.SettleVotes; i++)
        {
            tracker.Register([(0x300 + i).ToString("x", CultureInfo.InvariantCulture)], null, null, "Default");
            var outcome = tracker.Accept(Delivered((0x300 + i).ToString(CultureInfo.InvariantCulture)));
            outcome.Match!.Report!.MessageId.Should().Be((0x300 + i).ToString("x", CultureInfo.InvariantCulture));
            released.AddRange(outcome.Released?.Select(m => m.Report!.MessageId) ?? []);
            if (i < ReceiptTracker.SettleVotes - 1)
            {
                tracker.Format.Should().Be(SmppReceiptIdFormat.Auto, "one receipt that fits one reading may be early, so few prove nothing");
            }
        }

        tracker.Format.Should().Be(SmppReceiptIdFormat.HexInSubmitDecimalInReceipt);
        released.Should().Equal("100");
        tracker.Accept(Delivered("598")).Match!.Report!.MessageId.Should().Be("256", "0x256 is 598");
    }

    [Fact]
    public void Auto_AnEarlyReceiptMatchingAnotherMessage_DoesNotSettleTheWrongFormat()
    {
        var tracker = new ReceiptTracker(new FakeTimeProvider(), 100, TimeSpan.FromHours(1));
        tracker.Register(["16"], null, null, "Default");
        tracker.SubmitStarted();

        // Receipt "10" overtakes its submit_sm_resp: read as hex it is 16, the only message waiting. One such match proves nothing.
        var early = tracker.Accept(Delivered("10"));
        early.Match.Should().BeNull("the receipt may be early, and it is");
        early.Parked.Should().BeTrue();
        tracker.Format.Should().Be(SmppReceiptIdFormat.Auto);
        var reports = new List<string>();
        reports.AddRange(tracker.Register(["10"], null, null, "Default", endsSubmission: true)?.Select(r => r.Report.MessageId) ?? []);

        // The ids as they are, as the SMSC really writes them: receipts that each fit only their own message settle it.
        for (var id = 100; id < 100 + ReceiptTracker.SettleVotes; id++)
        {
            var key = id.ToString(CultureInfo.InvariantCulture);
            tracker.Register([key], null, null, "Default");
            var outcome = tracker.Accept(Delivered(key));
            reports.AddRange(outcome.Released?.Select(m => m.Report!.MessageId) ?? []);
            reports.AddRange(outcome.Match?.Report is { } report ? [report.MessageId] : []);
        }

        reports.AddRange(tracker.Accept(Delivered("16")).Match?.Report is { } last ? [last.MessageId] : []);

        tracker.Format.Should().Be(SmppReceiptIdFormat.AsIs);
        reports.Should().Equal(["100", "101", "102", "103", "104", "105", "106", "10", "107", "16"],
            "a receipt that fits one message alone while nothing is under way is applied; receipt 10, which fits two, waits for the format");
        tracker.Count.Should().Be(0);
    }

    [Fact]
    public void Auto_TheReceiptsSourceAddress_RulesOutAWaitingMessageToAnotherHandset()
    {
        var tracker = new ReceiptTracker(new FakeTimeProvider(), 100, TimeSpan.FromHours(1));
        var reports = new List<DeliveryReport>();

        // Receipt "256" fits message "256" as is and message "100" read as hex-in-submit: only the handset tells them apart.
        for (var i = 0; i < ReceiptTracker.SettleVotes; i++)
        {
            var number = 256 + i;
            tracker.Register([number.ToString("x", CultureInfo.InvariantCulture)], PhoneNumber.Parse("+46700000001"), null, "Default");
            tracker.Register([number.ToString(CultureInfo.InvariantCulture)], PhoneNumber.Parse("+46700000002"), null, "Default");
            var outcome = tracker.Accept(Delivered(number.ToString(CultureInfo.InvariantCulture)) with { Source = "0700000002" });
            reports.AddRange(outcome.Released?.Select(m => m.Report!) ?? []);
            reports.AddRange(outcome.Match?.Report is { } report ? [report] : []);
        }

        tracker.Format.Should().Be(SmppReceiptIdFormat.AsIs, "each receipt fits one message to its handset (written nationally here)");
        reports.Select(r => r.MessageId).Should().Equal(Enumerable.Range(256, ReceiptTracker.SettleVotes).Select(n => n.ToString(CultureInfo.InvariantCulture)));
        reports.Should().OnlyContain(r => r.Recipient!.Value == "46700000002");
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

    private static DeliveryReceipt Delivered(string id) => new(id, DeliveryState.Delivered, "DELIVRD", 0, null, null);

    /// <summary>
    /// Registrations in order, each submission under way for the 5 steps before; each receipt within 40 steps after its
    /// registration, one in ten up to 5 steps before it (while its submission is under way), one in five twice.
    /// </summary>
    private static IEnumerable<Step> Schedule(Random random)
    {
        var steps = new List<(double At, Step Step)>();
        for (var i = 0; i < Messages; i++)
        {
            steps.Add((i - 5, new Step(i, StepKind.Submit)));
            steps.Add((i, new Step(i, StepKind.Register)));
            var early = random.Next(10) == 0;
            steps.Add((early ? i - 0.5 - random.Next(5) : i + 0.5 + random.Next(40), new Step(i, StepKind.Receipt)));
            if (random.Next(5) == 0)
            {
                steps.Add((i + 41 + random.Next(40), new Step(i, StepKind.Receipt)));
            }
        }

        // A submission starts before anything else of its step (OrderBy is stable), so an early receipt never sees it missing.
        return steps.OrderBy(s => s.At).ThenBy(s => s.Step.Kind == StepKind.Submit ? 0 : 1).ThenBy(_ => random.Next()).Select(s => s.Step).ToList();
    }

    private enum StepKind
    {
        Submit,
        Register,
        Receipt,
    }

    private readonly record struct Step(int Message, StepKind Kind);
}
