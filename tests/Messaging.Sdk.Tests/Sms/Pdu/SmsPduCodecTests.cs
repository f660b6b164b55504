using Messaging.Sdk.Sms.Encoding;
using Messaging.Sdk.Sms.Pdu;

namespace Messaging.Sdk.Tests.Sms.Pdu;

public sealed class SmsPduCodecTests
{
    private static readonly SmsSubmitPdu ToSweden = new() { DestinationAddress = SmsPduAddress.FromPhoneNumber("+46708251358") };

    [Fact]
    public void EncodeSubmit_MatchesGammuCheckedVector()
    {
        // /work/shared/reference/sms-protocols.md (checked with Gammu's DecodePDU): SMS-SUBMIT, VPF relative 0xAA = 4 days.
        var pdus = SmsPduEncoder.EncodeText("hellohello", ToSweden with { ValidityPeriod = TimeSpan.FromDays(4) });

        pdus.Should().ContainSingle();
        pdus[0].Hex.Should().Be("0011000B916407281553F80000AA0AE8329BFD4697D9EC37");
        pdus[0].TpduLength.Should().Be(23, "AT+CMGS takes the TPDU length without the SMSC field");
    }

    [Fact]
    public void EncodeSubmit_MatchesNodePduReadmeVector()
    {
        // node-pdu README (github.com/JulianWowra/node-pdu): new Submit('+999999999999', 'Hello everyone!').
        var template = new SmsSubmitPdu { DestinationAddress = new SmsPduAddress("999999999999", SmsPduAddress.International) };
        SmsPduEncoder.EncodeText("Hello everyone!", template).Single().Hex
            .Should().Be("0001000C9199999999999900000FC8329BFD0695ED6579FEED2E8700");
    }

    [Fact]
    public void EncodeSubmit_SetsFlagsAndServiceCenter()
    {
        var submit = ToSweden with
        {
            ServiceCenterAddress = new SmsPduAddress("27381000015", SmsPduAddress.International),
            StatusReportRequest = true,
            RejectDuplicates = true,
            MessageReference = 0x2A,
            ProtocolIdentifier = 0x00,
        };
        var pdu = SmsPduEncoder.EncodeText("hi", submit).Single();

        // SMSC 07 91 7283010010F5, first octet 0x25 = MTI 01 | RD 0x04 | SRR 0x20, MR 2A.
        pdu.Hex.Should().StartWith("07917283010010F5252A0B91");
        pdu.TpduLength.Should().Be(pdu.Pdu.Length - 8);

        var decoded = (SmsSubmitPdu)SmsPduDecoder.Decode(pdu.Hex);
        decoded.ServiceCenterAddress!.ToString().Should().Be("+27381000015");
        decoded.StatusReportRequest.Should().BeTrue();
        decoded.RejectDuplicates.Should().BeTrue();
        decoded.MessageReference.Should().Be(0x2A);
        decoded.DestinationAddress.ToString().Should().Be("+46708251358");
        decoded.DecodedUserData!.Text.Should().Be("hi");
    }

    [Fact]
    public void EncodeSubmit_AlphanumericDestination_RoundTrips()
    {
        var submit = new SmsSubmitPdu { DestinationAddress = SmsPduAddress.FromPhoneNumber("MyShop") };
        var pdu = SmsPduEncoder.EncodeText("x", submit).Single();

        // "MyShop": 6 septets = 42 bits = 11 useful semi-octets, type 0xD0.
        pdu.Hex.Should().Contain("0BD0");
        var decoded = (SmsSubmitPdu)SmsPduDecoder.Decode(pdu.Hex);
        decoded.DestinationAddress.Value.Should().Be("MyShop");
        decoded.DestinationAddress.IsAlphanumeric.Should().BeTrue();
    }

    [Fact]
    public void EncodeSubmit_MultipartUcs2_HasUdhiAndConcatenation()
    {
        var text = string.Concat(Enumerable.Repeat("Привет 😀 ", 10));
        var pdus = SmsPduEncoder.EncodeText(text, ToSweden, reference: 0x55);

        pdus.Should().HaveCount(2);
        var parts = pdus.Select(p => (SmsSubmitPdu)SmsPduDecoder.Decode(p.Hex)).ToList();
        parts.Should().OnlyContain(p => p.HasUserDataHeader && p.DataCodingScheme == 0x08);
        parts[0].DecodedUserData!.Concatenation.Should().Be(new SmsConcatenation(0x55, 2, 1, false));
        string.Concat(parts.Select(p => p.DecodedUserData!.Text)).Should().Be(text);
    }

    [Fact]
    public void DecodeDeliver_MatchesGammuCheckedVector()
    {
        // /work/shared/reference/sms-protocols.md (checked with Gammu): via SMSC +27381000015 from 27838890001 (type 0xC8).
        var pdu = SmsPduDecoder.Decode("07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37");

        var deliver = pdu.Should().BeOfType<SmsDeliverPdu>().Subject;
        deliver.ServiceCenterAddress!.ToString().Should().Be("+27381000015");
        deliver.OriginatingAddress.Value.Should().Be("27838890001");
        deliver.OriginatingAddress.TypeOfAddress.Should().Be(0xC8);
        deliver.Text.Should().Be("hellohello");
        deliver.MoreMessagesToSend.Should().BeFalse("TP-MMS (0x04) is set: no more messages");
        deliver.ServiceCenterTimestamp.Should().Be(new DateTimeOffset(1999, 3, 29, 15, 16, 59, TimeSpan.FromHours(2)));
    }

    [Fact]
    public void DecodeDeliver_NodePduReadmeVector()
    {
        // node-pdu README: parse('07919730071111F1000B919746121611F10000811170021222230DC8329BFD6681EE6F399B1C02') -> "Hello, world!".
        var deliver = (SmsDeliverPdu)SmsPduDecoder.Decode("07919730071111F1000B919746121611F10000811170021222230DC8329BFD6681EE6F399B1C02");

        deliver.Text.Should().Be("Hello, world!");
        deliver.OriginatingAddress.ToString().Should().Be("+79642161111");
        deliver.ServiceCenterTimestamp.Should().Be(new DateTimeOffset(2018, 11, 7, 20, 21, 22, TimeSpan.FromHours(8)));
    }

    [Fact]
    public void DecodeDeliver_NegativeTimeZone()
    {
        // Zone octet 0x8A: tens digit 2 (low bits) with the sign bit 0x08, units 8 -> -28 quarters = -07:00.
        var deliver = (SmsDeliverPdu)SmsPduDecoder.Decode("00" + "04" + "0B919746121611F1" + "0000" + "811170021222" + "8A" + "01" + "41");
        deliver.ServiceCenterTimestamp.Offset.Should().Be(TimeSpan.FromHours(-7));
        deliver.Text.Should().Be("A");
    }

    [Fact]
    public void DecodeDeliver_AlphanumericOriginatorWithConcatenation()
    {
        // TP-OA "MyShop" (0B D0 CD FC 14 FD 86 03), UDHI set, UDH 05 00 03 07 02 01 then one fill bit and "A".
        var hex = "00" + "44" + "0BD0CDFC14FD8603" + "0000" + "42204111003200" + "08" + "05000307020182";
        var deliver = (SmsDeliverPdu)SmsPduDecoder.Decode(hex);

        deliver.OriginatingAddress.Value.Should().Be("MyShop");
        deliver.OriginatingAddress.IsAlphanumeric.Should().BeTrue();
        deliver.UserData.Concatenation.Should().Be(new SmsConcatenation(7, 2, 1, false));
        deliver.Text.Should().Be("A");
        deliver.ServiceCenterTimestamp.Should().Be(new DateTimeOffset(2024, 2, 14, 11, 0, 23, TimeSpan.Zero));
    }

    [Fact]
    public void DecodeStatusReport_PublishedVector()
    {
        // +CDS example from amro.blogspot.com/2007/09/receiving-sms-status-report-message.html (no SMSC field):
        // MR 00, recipient +20121875612, SCTS 2007-09-12 15:10:12 +02:00, DT 15:10:17, TP-ST 00.
        var pdu = SmsPduDecoder.Decode("06000B910221815716F2709021510121807090215101718000", hasServiceCenterAddress: false);

        var report = pdu.Should().BeOfType<SmsStatusReportPdu>().Subject;
        report.MessageReference.Should().Be(0);
        report.RecipientAddress.ToString().Should().Be("+20121875612");
        report.ServiceCenterTimestamp.Should().Be(new DateTimeOffset(2007, 9, 12, 15, 10, 12, TimeSpan.FromHours(2)));
        report.DischargeTime.Should().Be(new DateTimeOffset(2007, 9, 12, 15, 10, 17, TimeSpan.FromHours(2)));
        report.Status.Should().Be(0);
        report.State.Should().Be(DeliveryState.Delivered);
        report.IsFinal.Should().BeTrue();
    }

    [Theory]
    [InlineData(0x00, DeliveryState.Delivered, true)]
    [InlineData(0x01, DeliveryState.Delivered, true)]
    [InlineData(0x02, DeliveryState.Delivered, true)]
    [InlineData(0x20, DeliveryState.Enroute, false)]
    [InlineData(0x25, DeliveryState.Enroute, false)]
    [InlineData(0x41, DeliveryState.Undeliverable, true)]
    [InlineData(0x46, DeliveryState.Expired, true)]
    [InlineData(0x47, DeliveryState.Deleted, true)]
    [InlineData(0x48, DeliveryState.Deleted, true)]
    [InlineData(0x62, DeliveryState.Undeliverable, true)]
    [InlineData(0x90, DeliveryState.Unknown, true)]
    public void StatusReport_MapsTpSt(byte status, DeliveryState state, bool isFinal)
    {
        var hex = "00" + "06" + "2A" + "0B916407281553F8" + "42204111003200" + "42204111013200" + status.ToString("X2");
        var report = (SmsStatusReportPdu)SmsPduDecoder.Decode(hex);
        report.MessageReference.Should().Be(0x2A);
        report.State.Should().Be(state);
        report.IsFinal.Should().Be(isFinal);
    }

    [Theory]
    [InlineData(5, 0)]
    [InlineData(60, 11)]
    [InlineData(720, 143)]
    [InlineData(750, 144)]
    [InlineData(1440, 167)]
    [InlineData(2 * 1440, 168)]
    [InlineData(4 * 1440, 170)]
    [InlineData(30 * 1440, 196)]
    [InlineData(35 * 1440, 197)]
    [InlineData(441 * 1440, 255)]
    [InlineData(7, 1)] // rounded up to 10 minutes
    public void RelativeValidity_FollowsTs23040(int minutes, byte expected)
    {
        SmsPduEncoder.EncodeRelativeValidity(TimeSpan.FromMinutes(minutes)).Should().Be(expected);
        SmsPduEncoder.DecodeRelativeValidity(expected).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMinutes(minutes));
    }

    [Fact]
    public void RelativeValidity_OutOfRange_Throws()
    {
        var act = () => SmsPduEncoder.EncodeRelativeValidity(TimeSpan.FromMinutes(4));
        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    public static TheoryData<string, bool> ValidPdus() => new()
    {
        { "07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37", true },
        { "0011000B916407281553F80000AA0AE8329BFD4697D9EC37", true },
        { "06000B910221815716F2709021510121807090215101718000", false },
        { "00440BD0CDFC14FD8603000042204111003200080500030702018200", true },
    };

    [Theory]
    [MemberData(nameof(ValidPdus))]
    public void Decode_EveryTruncation_ThrowsSmsFormatExceptionWithOffset(string hex, bool hasSca)
    {
        var bytes = Convert.FromHexString(hex);
        SmsPduDecoder.Decode(bytes, hasSca).Should().NotBeNull();
        for (var length = 0; length < bytes.Length - 1; length++)
        {
            var act = () => SmsPduDecoder.Decode(bytes.AsSpan(0, length).ToArray(), hasSca);
            act.Should().Throw<SmsFormatException>("a PDU cut at {0} octets is malformed", length)
                .Which.Offset.Should().BeInRange(0, length);
        }
    }

    [Fact]
    public void Decode_RandomBytes_OnlyEverThrowsSmsFormatException()
    {
        var random = new Random(23040);
        var buffer = new byte[64];
        for (var i = 0; i < 20_000; i++)
        {
            var length = random.Next(0, buffer.Length);
            random.NextBytes(buffer);
            try
            {
                SmsPduDecoder.Decode(buffer.AsSpan(0, length), random.Next(2) == 0);
            }
            catch (SmsFormatException)
            {
            }
        }
    }

    [Theory]
    [InlineData("0G", 0)]
    [InlineData("000", 1)]
    [InlineData("00030000", 1)] // MTI 11 is reserved
    public void Decode_BadInput_ReportsOffset(string hex, int offset)
    {
        var act = () => SmsPduDecoder.Decode(hex);
        act.Should().Throw<SmsFormatException>().Which.Offset.Should().Be(offset);
    }

    [Fact]
    public void Encode_IntoCallerBuffer_WritesSameAsArrayVersion()
    {
        var segment = SmsSegments.Encode("buffer", format: SmsUserDataFormat.Tpdu).Segments[0];
        var submit = ToSweden with { DataCodingScheme = 0, UserData = segment.UserData, UserDataLength = segment.UserDataLength };
        Span<byte> buffer = stackalloc byte[SmsPduEncoder.MaxLength];
        var n = SmsPduEncoder.Encode(submit, buffer, out var tpdu);

        buffer[..n].ToArray().Should().Equal(SmsPduEncoder.Encode(submit).Pdu.ToArray());
        tpdu.Should().Be(n - 1);
    }

    [Fact]
    public void Encode_MismatchedUdl_Throws()
    {
        var submit = ToSweden with { UserData = new byte[] { 0xE8, 0x32 }, UserDataLength = 10 };
        var act = () => SmsPduEncoder.Encode(submit);
        act.Should().Throw<ArgumentException>().WithMessage("*TP-UDL*");
    }
}
