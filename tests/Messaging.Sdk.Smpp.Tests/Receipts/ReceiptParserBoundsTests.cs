using System.Text;
using Messaging.Sdk.Smpp.Pdus;
using Messaging.Sdk.Smpp.Receipts;

namespace Messaging.Sdk.Smpp.Tests.Receipts;

/// <summary>The receipt-text parser does bounded work whatever the SMSC sends (issue 13, point 8).</summary>
public sealed class ReceiptParserBoundsTests
{
    [Fact]
    public void Hostile64KbMessagePayload_WithAnEndlessId_IsNoReceipt()
    {
        var pdu = new ShortMessagePdu(CommandId.DeliverSm) { EsmClass = 0x04 };
        pdu.AddTlv(new Tlv(TlvTag.MessagePayload, Encoding.ASCII.GetBytes("id:" + new string('7', 65_000) + " stat:DELIVRD")));

        DeliveryReceiptParser.TryParse(pdu, out _).Should().BeFalse("an id longer than SMPP allows would let the SMSC fill memory with parked receipts");
    }

    [Fact]
    public void Hostile64KbMessagePayload_OnlyItsFirstKilobyteIsExamined()
    {
        var text = "id:42 " + string.Concat(Enumerable.Repeat("sub: dlvrd: submit date: done date: ", 1_750)) + "stat:UNDELIV err:001";
        text.Length.Should().BeInRange(60_000, 65_535, "the stat: field is inside the payload, far beyond its first kilobyte");
        var pdu = new ShortMessagePdu(CommandId.DeliverSm) { EsmClass = 0x04 };
        pdu.AddTlv(new Tlv(TlvTag.MessagePayload, Encoding.ASCII.GetBytes(text)));

        DeliveryReceiptParser.TryParse(pdu, out var receipt).Should().BeTrue();

        receipt.MessageId.Should().Be("42");
        receipt.State.Should().Be(DeliveryState.Unknown, "the stat: field lies beyond the part of the text that is read");
    }

    [Fact]
    public void ReceiptedMessageIdTlv_LongerThanSmppAllows_IsNoReceipt()
    {
        var tlvs = new List<Tlv> { Tlv.FromCString(TlvTag.ReceiptedMessageId, new string('a', 5_000)) };

        DeliveryReceiptParser.TryParse(0x04, "stat:DELIVRD", tlvs, out _).Should().BeFalse();
    }

    [Fact]
    public void ReceiptText_LongerThanTheBound_IsCutBeforeMatching()
    {
        var text = "id:5 " + new string(' ', DeliveryReceiptParser.MaxTextLength) + "stat:EXPIRED";

        DeliveryReceiptParser.TryParse(0x04, text, null, out var receipt).Should().BeTrue();

        receipt.State.Should().Be(DeliveryState.Unknown);
    }
}
