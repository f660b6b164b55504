using Messaging.Sdk.Sms.Encoding;
using Messaging.Sdk.Sms.Pdu;
using Messaging.Sdk.Testing.GsmModem;

namespace Messaging.Sdk.GsmModem.Tests.Sending;

/// <summary>What any sender on the network can put in front of the modem: PDUs that do not decode, multipart messages that never
/// complete or number their parts wrongly, originators that are not phone numbers. None of it may stop the modem or lose a message.</summary>
public sealed class HostileIncomingTests
{

    /// <summary>UDHI set, UCS-2, and a header length (10) that points past the 4 octets of user data.</summary>
    public const string BadUdh = "00440B916407281553F8000862102030405000040A000102";

    /// <summary>UCS-2 user data of 3 octets: half a character at the end.</summary>
    public const string OddUcs2 = "00040B916407281553F8000862102030405000030041" + "00";

    /// <summary>A TP-OA length of 30 digits (at most 20 are allowed).</summary>
    public const string BadAddressLength = "00041E91640728155300";

    public static TheoryData<string, string> Malformed => new()
    {
        { "bad UDH", BadUdh },
        { "odd-length UCS-2", OddUcs2 },
        { "address too long", BadAddressLength },
        { "reserved TP-MTI", "0003" },
        { "not hex", "00ZZ" },
        { "truncated", "0004" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task MalformedIncomingPdu_DoesNotStopTheModemLoop(string what, string pdu)
    {
        if (!pdu.Contains('Z', StringComparison.Ordinal))
        {
            FluentActions.Invoking(() => SmsPduDecoder.Decode(pdu)).Should().Throw<SmsFormatException>(what);
        }

        await using var h = new SenderHarness(codec: new SmsPduCodecAdapter());
        await h.Sender.StartAsync().Within();

        var bad = await h.Modem.ReceiveAsync(pdu);
        await h.Modem.ReceiveAsync(VirtualModemPdus.Deliver("+46701234567", "still listening").Single());

        (await h.Handlers.Incoming.Reader.ReadAsync().AsTask().Within()).Text.Should().Be("still listening");

        // The loop is sequential: the bad PDU was kept and deleted before the next one was read.
        var kept = h.Sender.UnhandledPdus.Should().ContainSingle().Subject;
        kept.PduHex.Should().Be(pdu);
        kept.Source.Should().Be("+CMTI");
        kept.Modem.Should().Be("vm0");
        kept.Reason.Should().NotBeNullOrWhiteSpace();
        kept.ToString().Should().NotContain(pdu, "the PDU holds the message text, which is not for logs");
        h.Modem.StoredIndexes.Should().NotContain(bad, "an unreadable message is kept by the host, so it must not fill the SIM");
    }

    [Theory]
    [InlineData(BadUdh)]
    [InlineData(OddUcs2)]
    public async Task MalformedDirectDelivery_DoesNotStopStatusReportsOrMessages(string pdu)
    {
        await using var h = new SenderHarness(codec: new SmsPduCodecAdapter());
        await h.Sender.StartAsync().Within();

        await h.Modem.DeliverDirectAsync(pdu);
        await h.Modem.EmitStatusReportAsync(VirtualModemPdus.StatusReport(5, "+46708251358"));
        await h.Modem.DeliverDirectAsync(VirtualModemPdus.Deliver("+46701234567", "after the bad one").Single());

        (await h.Handlers.Incoming.Reader.ReadAsync().AsTask().Within()).Text.Should().Be("after the bad one");
        h.Sender.UnhandledPdus.Select(u => (u.Source, u.PduHex)).Should().Contain(("+CMT", pdu));
    }

    [Fact]
    public async Task MalformedIncomingPdu_ThenReinitialise_TheModemComesBack()
    {
        await using var h = new SenderHarness(codec: new SmsPduCodecAdapter());
        await h.Sender.StartAsync().Within();
        await h.Modem.ReceiveAsync(OddUcs2);
        await h.Modem.ReceiveAsync(VirtualModemPdus.Deliver("+46701234567", "first").Single());
        (await h.Handlers.Incoming.Reader.ReadAsync().AsTask().Within()).Text.Should().Be("first");
        await TestSupport.WaitUntilAsync(() => h.Modem.StoredIndexes.Count == 0, "'first' is deleted once handed over; a re-open before that would list it again");

        // A port re-open (the pool does this after a hang) must not surface anything from the previous connection's loop.
        await h.Sender.Pool.Modems[0].InitializeAsync().Within();
        await h.Modem.ReceiveAsync(VirtualModemPdus.Deliver("+46701234567", "second").Single());

        (await h.Handlers.Incoming.Reader.ReadAsync().AsTask().Within()).Text.Should().Be("second");
        h.Sender.Health.Single().State.Should().Be(ModemState.Ready);
    }

    [Fact]
    public async Task MessagesStoredOnTheSim_AreHandedOverAndDeletedAtStart()
    {
        await using var h = new SenderHarness(codec: new SmsPduCodecAdapter());
        var first = h.Modem.Store(VirtualModemPdus.Deliver("+46701234567", "while you were away").Single());
        var bad = h.Modem.Store(BadUdh);
        var second = h.Modem.Store(VirtualModemPdus.Deliver("+46701234568", "me too").Single());

        await h.Sender.StartAsync().Within();

        (await h.Handlers.Incoming.Reader.ReadAsync().AsTask().Within()).Text.Should().Be("while you were away");
        (await h.Handlers.Incoming.Reader.ReadAsync().AsTask().Within()).Text.Should().Be("me too");
        h.Modem.Commands.Should().Contain("AT+CMGL=4");
        h.Sender.UnhandledPdus.Should().ContainSingle().Which.Source.Should().Be("+CMGL");

        await TestSupport.WaitUntilAsync(() => h.Modem.StoredIndexes.Count == 0, "each listed message is deleted once taken care of");
        h.Modem.Commands.Should().Contain([$"AT+CMGD={first}", $"AT+CMGD={bad}", $"AT+CMGD={second}"]);
    }

    [Theory]
    [InlineData("Bank!", SmsPduAddress.Alphanumeric, PhoneNumberKind.Alphanumeric, "Bank!")]
    [InlineData("Info@SMS", SmsPduAddress.Alphanumeric, PhoneNumberKind.Alphanumeric, "Info@SMS")]
    [InlineData("Vodafone", SmsPduAddress.Alphanumeric, PhoneNumberKind.Alphanumeric, "Vodafone")]
    [InlineData("12", SmsPduAddress.Unknown, PhoneNumberKind.National, "12")]
    [InlineData("1234567890123456789", SmsPduAddress.International, PhoneNumberKind.International, "+1234567890123456789")]
    [InlineData("*100#", SmsPduAddress.Unknown, PhoneNumberKind.Alphanumeric, "*100#")]
    [InlineData("Ab\r\ncd", SmsPduAddress.Alphanumeric, PhoneNumberKind.Alphanumeric, "Abcd")]
    public async Task OriginatorThatIsNotANumber_IsKept(string value, byte typeOfAddress, PhoneNumberKind kind, string shown)
    {
        await using var h = new SenderHarness(codec: new SmsPduCodecAdapter());
        await h.Sender.StartAsync().Within();

        await h.Modem.ReceiveAsync(VirtualModemPdus.Deliver(new SmsPduAddress(value, typeOfAddress), "your code is 1234").Single());

        var incoming = await h.Handlers.Incoming.Reader.ReadAsync().AsTask().Within();
        incoming.Text.Should().Be("your code is 1234");
        incoming.From.Kind.Should().Be(kind);
        incoming.From.ToString().Should().Be(shown);
        h.Sender.UnhandledPdus.Should().BeEmpty();
    }

    [Fact]
    public async Task IncomingPartWithASequenceNumberOutOfRange_IsKeptApartAndDoesNotCorruptTheMessage()
    {
        await using var h = new SenderHarness(codec: new SmsPduCodecAdapter());
        await h.Sender.StartAsync().Within();
        var outOfRange = Ucs2Part(reference: 7, total: 2, sequence: 3, "X");
        var zero = Ucs2Part(reference: 7, total: 2, sequence: 0, "Y");

        await h.Modem.ReceiveAsync(outOfRange);
        await h.Modem.ReceiveAsync(zero);
        await h.Modem.ReceiveAsync(Ucs2Part(reference: 7, total: 2, sequence: 1, "A"));
        await h.Modem.ReceiveAsync(Ucs2Part(reference: 7, total: 2, sequence: 2, "B"));

        (await h.Handlers.Incoming.Reader.ReadAsync().AsTask().Within()).Text.Should().Be("AB");
        h.Sender.UnhandledPdus.Select(u => u.PduHex).Should().Equal(outOfRange[2..], zero[2..]);
        h.Sender.UnhandledPdus.Should().OnlyContain(u => u.Reason.Contains("outside 1..2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IncomingPartials_ExpireAfterIncomingPartsTimeout_AndAreKeptWithTheirRawPdus()
    {
        await using var h = new SenderHarness(codec: new SmsPduCodecAdapter(), configure: o => o.IncomingPartsTimeout = TimeSpan.FromHours(1));
        await h.Sender.StartAsync().Within();
        var lonely = Ucs2Part(reference: 3, total: 3, sequence: 2, "middle");
        var lonelyIndex = await h.Modem.ReceiveAsync(lonely);
        var marker1 = await h.Modem.ReceiveAsync(VirtualModemPdus.Deliver("+46701234567", "marker 1").Single());
        (await h.Handlers.Incoming.Reader.ReadAsync().AsTask().Within()).Text.Should().Be("marker 1");
        h.Sender.UnhandledPdus.Should().BeEmpty("the part is young");
        await TestSupport.WaitUntilAsync(() => !h.Modem.StoredIndexes.Contains(marker1), "the marker is deleted once published");
        h.Modem.StoredIndexes.Should().Equal([lonelyIndex], "a held part is only in memory: the SIM keeps it until its message is taken care of");

        h.Time.Advance(TimeSpan.FromHours(1));
        await h.Modem.ReceiveAsync(VirtualModemPdus.Deliver("+46701234567", "marker 2").Single());
        (await h.Handlers.Incoming.Reader.ReadAsync().AsTask().Within()).Text.Should().Be("marker 2");
        await TestSupport.WaitUntilAsync(() => h.Modem.StoredIndexes.Count == 0, "the expired part is given up (kept in UnhandledPdus), so it leaves the SIM");

        var expired = h.Sender.UnhandledPdus.Should().ContainSingle().Subject;
        expired.Source.Should().Be("partial");
        expired.PduHex.Should().Be(lonely[2..]);
        expired.Reason.Should().Contain("Part 2 of 3").And.Contain("IncomingPartsTimeout");

        // The expired part is gone: the message's other parts now start over instead of completing with a stale one.
        await h.Modem.ReceiveAsync(Ucs2Part(reference: 3, total: 3, sequence: 1, "a"));
        await h.Modem.ReceiveAsync(Ucs2Part(reference: 3, total: 3, sequence: 3, "c"));
        await h.Modem.ReceiveAsync(VirtualModemPdus.Deliver("+46701234567", "marker 3").Single());
        (await h.Handlers.Incoming.Reader.ReadAsync().AsTask().Within()).Text.Should().Be("marker 3");
    }

    [Fact]
    public async Task IncomingPartials_AreBoundedInNumber_TheOldestGivenUpFirst()
    {
        await using var h = new SenderHarness(codec: new SmsPduCodecAdapter(), configure: o => o.MaxIncomingPartials = 2);
        await h.Sender.StartAsync().Within();
        var parts = Enumerable.Range(1, 3).Select(r => Ucs2Part(reference: r, total: 2, sequence: 1, "part of " + r)).ToList();

        var indexes = new List<int>();
        foreach (var part in parts)
        {
            h.Time.Advance(TimeSpan.FromSeconds(1));
            indexes.Add(await h.Modem.ReceiveAsync(part));
        }

        await h.Modem.ReceiveAsync(Ucs2Part(reference: 3, total: 2, sequence: 2, "!"));
        (await h.Handlers.Incoming.Reader.ReadAsync().AsTask().Within()).Text.Should().Be("part of 3!");
        var given = h.Sender.UnhandledPdus.Should().ContainSingle().Subject;
        given.PduHex.Should().Be(parts[0][2..]);
        given.Reason.Should().Contain("MaxIncomingPartials");

        // Given up and published parts leave the SIM; the one still waiting for its other half stays.
        await TestSupport.WaitUntilAsync(() => h.Modem.StoredIndexes.Count == 1, "the given-up part and message 3 are deleted");
        h.Modem.StoredIndexes.Should().Equal(indexes[1]);
    }

    [Fact]
    public async Task StoredParts_SurviveARestartBeforeTheLastPart_AndAreDeletedOnceTheMessageIsPublished()
    {
        await using var h = new SenderHarness(codec: new SmsPduCodecAdapter());
        await h.Sender.StartAsync().Within();
        var first = await h.Modem.ReceiveAsync(Ucs2Part(reference: 9, total: 2, sequence: 1, "Hello, "));
        var marker = await h.Modem.ReceiveAsync(VirtualModemPdus.Deliver("+46701234567", "marker").Single());
        (await h.Handlers.Incoming.Reader.ReadAsync().AsTask().Within()).Text.Should().Be("marker");
        await TestSupport.WaitUntilAsync(() => !h.Modem.StoredIndexes.Contains(marker), "the marker is deleted once published");
        h.Modem.StoredIndexes.Should().Equal([first], "part 1 is held in memory only; the SIM is the copy that survives a restart");

        await h.RestartAsync();
        await h.Sender.StartAsync().Within();
        var second = await h.Modem.ReceiveAsync(Ucs2Part(reference: 9, total: 2, sequence: 2, "world"));

        (await h.Handlers.Incoming.Reader.ReadAsync().AsTask().Within()).Text.Should().Be("Hello, world");
        await TestSupport.WaitUntilAsync(() => h.Modem.StoredIndexes.Count == 0, "both parts go once the whole message was published");
        h.Modem.Commands.Should().Contain([$"AT+CMGD={first}", $"AT+CMGD={second}"]);
        h.Sender.UnhandledPdus.Should().BeEmpty();
    }

    [Fact]
    public async Task StoredParts_OfAMessageTheHandlerFailedOn_StayOnTheSim_AndAreReassembledAtTheNextStart()
    {
        await using var h = new SenderHarness(codec: new SmsPduCodecAdapter());
        await h.Sender.StartAsync().Within();
        h.Handlers.FailIncoming = true;
        var first = await h.Modem.ReceiveAsync(Ucs2Part(reference: 4, total: 2, sequence: 1, "keep "));
        var second = await h.Modem.ReceiveAsync(Ucs2Part(reference: 4, total: 2, sequence: 2, "me"));
        (await h.Handlers.Failed.Reader.ReadAsync().AsTask().Within()).Text.Should().Be("keep me");

        // A message after it is published and deleted: by then the failed one was judged (the loop is sequential).
        h.Handlers.FailIncoming = false;
        var marker = await h.Modem.ReceiveAsync(VirtualModemPdus.Deliver("+46701234567", "marker").Single());
        (await h.Handlers.Incoming.Reader.ReadAsync().AsTask().Within()).Text.Should().Be("marker");
        await TestSupport.WaitUntilAsync(() => !h.Modem.StoredIndexes.Contains(marker), "the marker is deleted once published");
        h.Modem.StoredIndexes.Should().Equal([first, second], "the message was not taken care of");
        h.Sender.UnhandledPdus.Should().BeEmpty("the SIM keeps the parts; nothing is given up");

        await h.RestartAsync();
        await h.Sender.StartAsync().Within();

        (await h.Handlers.Incoming.Reader.ReadAsync().AsTask().Within()).Text.Should().Be("keep me");
        await TestSupport.WaitUntilAsync(() => h.Modem.StoredIndexes.Count == 0, "both parts go once the whole message was published");
    }

    /// <summary>One part of a concatenated UCS-2 SMS-DELIVER with an 8-bit-reference concatenation header (23.040 9.2.3.24.1).</summary>
    private static string Ucs2Part(int reference, int total, int sequence, string text)
    {
        var body = Convert.ToHexString(System.Text.Encoding.BigEndianUnicode.GetBytes(text));
        var udh = $"050003{reference:X2}{total:X2}{sequence:X2}";
        var udl = (udh.Length + body.Length) / 2;
        // Empty SMSC field, UDHI set, from +46708251358, UCS-2, 2026-01-02 03:04:05 UTC.
        return "00" + "44" + "0B916407281553F8" + "00" + "08" + "62102030405000" + udl.ToString("X2", System.Globalization.CultureInfo.InvariantCulture) + udh + body;
    }
}
