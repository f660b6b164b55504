using Messaging.Sdk.Smpp.Pdus;
using Messaging.Sdk.Smpp.Receipts;
using Microsoft.Extensions.Time.Testing;

namespace Messaging.Sdk.Smpp.Tests.Receipts;

public sealed class DeliveryReceiptTests
{
    [Fact]
    public void Parse_StandardText_ReadsEveryField()
    {
        const string text = "id:0123456789 sub:001 dlvrd:001 submit date:2601021504 done date:2601021506 stat:DELIVRD err:000 text:Hello";

        DeliveryReceiptParser.TryParse(0x04, text, null, out var receipt).Should().BeTrue();

        receipt.MessageId.Should().Be("0123456789");
        receipt.State.Should().Be(DeliveryState.Delivered);
        receipt.ErrorCode.Should().Be(0);
        receipt.SubmittedAt.Should().Be(new DateTimeOffset(2026, 1, 2, 15, 4, 0, TimeSpan.Zero));
        receipt.DoneAt.Should().Be(new DateTimeOffset(2026, 1, 2, 15, 6, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("ID:ab12 STAT:UNDELIV ERR:0B1", "ab12", DeliveryState.Undeliverable)]
    [InlineData("id:77 submit date:260102150455 done date:260102150612 stat:EXPIRED", "77", DeliveryState.Expired)]
    [InlineData("id:5 stat:REJECTD", "5", DeliveryState.Rejected)]
    [InlineData("id:5 dlvrd:000", "5", DeliveryState.Unknown)]
    [InlineData("id:x1 sub:001 dlvrd:000 submit_date:2601021504 done_date:2601021506 stat:ENROUTE err:000 text:", "x1", DeliveryState.Enroute)]
    public void Parse_VendorVariations_AreTolerated(string text, string id, DeliveryState state)
    {
        DeliveryReceiptParser.TryParse(0x04, text, null, out var receipt).Should().BeTrue();

        receipt.MessageId.Should().Be(id);
        receipt.State.Should().Be(state);
    }

    [Fact]
    public void Parse_PrefersTlvsOverText()
    {
        var tlvs = new List<Tlv>
        {
            Tlv.FromCString(TlvTag.ReceiptedMessageId, "ABC"),
            Tlv.FromByte(TlvTag.MessageState, 5),
            new(TlvTag.NetworkErrorCode, new byte[] { 3, 0x01, 0x02 }),
        };

        DeliveryReceiptParser.TryParse(0x04, "id:999 stat:DELIVRD", tlvs, out var receipt).Should().BeTrue();

        receipt.MessageId.Should().Be("ABC");
        receipt.State.Should().Be(DeliveryState.Undeliverable);
        receipt.ErrorCode.Should().Be(0x0102);
    }

    [Fact]
    public void Parse_FromMessagePayloadWhenShortMessageIsEmpty()
    {
        var pdu = new ShortMessagePdu(CommandId.DeliverSm) { EsmClass = 0x04 };
        pdu.AddTlv(new Tlv(TlvTag.MessagePayload, "id:42 stat:DELIVRD err:000"u8.ToArray()));

        DeliveryReceiptParser.TryParse(pdu, out var receipt).Should().BeTrue();

        receipt.MessageId.Should().Be("42");
    }

    [Fact]
    public void Parse_KeepsTheSourceAddress_TheHandsetThatHelpsLearnTheIdFormat()
    {
        var pdu = new ShortMessagePdu(CommandId.DeliverSm) { EsmClass = 0x04, SourceAddr = "46708251358", ShortMessage = "id:42 stat:DELIVRD"u8.ToArray() };
        var anonymous = new ShortMessagePdu(CommandId.DeliverSm) { EsmClass = 0x04, ShortMessage = "id:42 stat:DELIVRD"u8.ToArray() };

        DeliveryReceiptParser.TryParse(pdu, out var receipt).Should().BeTrue();
        DeliveryReceiptParser.TryParse(anonymous, out var withoutSource).Should().BeTrue();

        receipt.Source.Should().Be("46708251358");
        withoutSource.Source.Should().BeNull("an empty source_addr says nothing");
    }

    [Fact]
    public void Parse_OrdinaryText_IsNotAReceipt()
        => DeliveryReceiptParser.TryParse(0x00, "see you at 5", null, out _).Should().BeFalse();

    [Theory]
    [InlineData("00ff", "255", SmppReceiptIdFormat.HexInSubmitDecimalInReceipt)]
    [InlineData("255", "FF", SmppReceiptIdFormat.DecimalInSubmitHexInReceipt)]
    [InlineData(" 000123 ", "123", SmppReceiptIdFormat.AsIs)]
    [InlineData("AbC", "abc", SmppReceiptIdFormat.AsIs)]
    public void MessageIdKey_MatchesAcrossBaseCaseAndPadding_InTheFormatGiven(string sent, string inReceipt, SmppReceiptIdFormat format)
    {
        MessageIdKey.SubmitKeyOf(MessageIdKey.Normalize(inReceipt), format).Should().Be(MessageIdKey.Normalize(sent));
        MessageIdKey.ReceiptKeyOf(MessageIdKey.Normalize(sent), format).Should().Be(MessageIdKey.Normalize(inReceipt));
    }

    [Theory]
    [InlineData("10", SmppReceiptIdFormat.AsIs, "10")]
    [InlineData("10", SmppReceiptIdFormat.HexInSubmitDecimalInReceipt, "a")]
    [InlineData("10", SmppReceiptIdFormat.DecimalInSubmitHexInReceipt, "16")]
    [InlineData("zz", SmppReceiptIdFormat.HexInSubmitDecimalInReceipt, null)]
    public void MessageIdKey_ReadsAReceiptIdOneWayOnly(string inReceipt, SmppReceiptIdFormat format, string? expected)
        => MessageIdKey.SubmitKeyOf(inReceipt, format).Should().Be(expected);

    [Fact]
    public void Tracker_MergesSegmentReports_DeliveredWhenAllAre()
    {
        var tracker = new ReceiptTracker(new FakeTimeProvider(), 100, TimeSpan.FromHours(1));
        tracker.Register(["a1", "a2", "a3"], PhoneNumber.Parse("+46708251358"), null, "Default");

        Resolve(tracker, "a1", DeliveryState.Delivered).Should().BeNull();
        Resolve(tracker, "a3", DeliveryState.Delivered).Should().BeNull();
        var report = Resolve(tracker, "A2", DeliveryState.Delivered)!;

        report.MessageId.Should().Be("a1");
        report.State.Should().Be(DeliveryState.Delivered);
        report.Segments.Should().HaveCount(3).And.OnlyContain(s => s.IsDelivered);
        tracker.Count.Should().Be(0);
    }

    [Fact]
    public void Tracker_MergesSegmentReports_FailedAsSoonAsOneFails()
    {
        var tracker = new ReceiptTracker(new FakeTimeProvider(), 100, TimeSpan.FromHours(1));
        tracker.Register(["b1", "b2"], null, new Uri("https://example.com/cb"), "Default");

        var report = Resolve(tracker, "b2", DeliveryState.Undeliverable)!;

        report.State.Should().Be(DeliveryState.Undeliverable);
        report.Segments[0].State.Should().Be(DeliveryState.Unknown);
        Resolve(tracker, "b1", DeliveryState.Delivered).Should().BeNull("the merged outcome was already published");
    }

    [Fact]
    public void Tracker_ForgetsTheOldestBeyondCapacityAndAge()
    {
        var time = new FakeTimeProvider();
        var tracker = new ReceiptTracker(time, 2, TimeSpan.FromHours(1));
        tracker.Register(["1"], null, null, "Default");
        tracker.Register(["2"], null, null, "Default");
        tracker.Register(["3"], null, null, "Default");
        tracker.Count.Should().Be(2);
        time.Advance(TimeSpan.FromHours(2));
        tracker.Register(["4"], null, null, "Default");

        tracker.Count.Should().Be(1);
        tracker.TryResolve(new DeliveryReceipt("1", DeliveryState.Delivered, null, null, null, null), out _, out _).Should().BeFalse();
    }

    private static DeliveryReport? Resolve(ReceiptTracker tracker, string id, DeliveryState state)
    {
        tracker.TryResolve(new DeliveryReceipt(id, state, null, null, null, null), out var report, out _).Should().BeTrue();
        return report;
    }
}

public sealed class EarlyReceiptTests
{
    [Fact]
    public void ReceiptBeforeRegistration_IsAppliedWhenTheMessageIsRegistered()
    {
        var tracker = new ReceiptTracker(new FakeTimeProvider(), 100, TimeSpan.FromHours(1));

        tracker.TryResolveOrPark(new DeliveryReceipt("ff", DeliveryState.Delivered, "DELIVRD", 0, null, null), out _, out _, out _).Should().BeFalse();
        var early = tracker.Register(["255"], null, new Uri("https://example.com/r"), "Default");

        early.Should().ContainSingle().Which.Report.MessageId.Should().Be("255");
        early![0].CallbackUrl.Should().Be(new Uri("https://example.com/r"));
    }

    [Fact]
    public void ParkedReceipts_ExpireAndAreReportedAsLost()
    {
        var time = new FakeTimeProvider();
        var tracker = new ReceiptTracker(time, 100, TimeSpan.FromHours(1));
        tracker.TryResolveOrPark(new DeliveryReceipt("1", DeliveryState.Delivered, null, null, null, null), out _, out _, out _);
        time.Advance(ReceiptTracker.OrphanRetention + TimeSpan.FromSeconds(1));

        tracker.TryResolveOrPark(new DeliveryReceipt("2", DeliveryState.Delivered, null, null, null, null), out _, out _, out var expired);

        expired.Should().ContainSingle().Which.MessageId.Should().Be("1");
        tracker.Register(["1"], null, null, "Default").Should().BeNull();
    }
}
