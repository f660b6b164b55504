using Messaging.Sdk.Testing.GsmModem;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Messaging.Sdk.GsmModem.Tests.Session;

public sealed class ModemConnectionTests : IAsyncLifetime
{
    // 23.040 SMS-DELIVER from the reference vectors (checked with Gammu): SMSC +27381000015, text "hellohello".
    private const string DeliverPdu = "07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37";
    private const string DeliverTpdu = "040BC87238880900F10000993092516195800AE8329BFD4697D9EC37";

    private readonly FakeTimeProvider _time = new();
    private readonly VirtualModem _modem;
    private readonly RecordingSink _sink = new();
    private readonly GsmModemOptions _options = new() { CommandTimeout = TimeSpan.FromSeconds(5), PollInterval = TimeSpan.FromSeconds(1), RegistrationTimeout = TimeSpan.FromSeconds(30) };
    private ModemConnection? _connection;

    public ModemConnectionTests() => _modem = new VirtualModem(_time);

    private ModemConnection Connection => _connection ??= new ModemConnection(_modem.CreateChannel("vm0"), _options, _time, NullLogger.Instance, _sink);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        await _modem.DisposeAsync();
    }

    [Fact]
    public async Task Initialize_RunsTheSequenceInOrderAndBecomesReady()
    {
        _modem.Rssi = 23;

        await Connection.InitializeAsync().Within();

        _modem.Commands.Should().Equal("AT", "ATE0", "AT+CMEE=1", "AT+CPIN?", "AT+CREG?", "AT+CSCA?", "AT+CMGF=0", "AT+CNMI=2,1,0,1,0", "AT+CSQ", "AT+CMGL=4");
        Connection.State.Should().Be(ModemState.Ready);
        Connection.UsesPduMode.Should().BeTrue();
        Connection.SmscAddress.Should().Be("+46707990001");
        Connection.Health.Rssi.Should().Be(23);
        Connection.Health.SignalDbm.Should().Be(-67);
        Connection.RegistrationStatus.Should().Be(1);
    }

    [Fact]
    public async Task Initialize_WhenTheSimAsksForThePin_EntersItWithoutRecordingIt()
    {
        _modem.Pin = "2468";
        _options.Pin = "2468";

        await Connection.InitializeAsync().Within();

        _modem.PinEntered.Should().BeTrue();
        _modem.Commands.Should().Contain("AT+CPIN=\"****\"");
    }

    [Fact]
    public async Task Initialize_WhenThePinIsWrong_FailsPermanentlyAfterOneTry()
    {
        _modem.Pin = "2468";
        _options.Pin = "1111";

        var ex = (await Connection.Invoking(c => c.InitializeAsync().Within()).Should().ThrowAsync<GsmModemException>()).Which;

        ex.Kind.Should().Be(GsmModemErrorKind.NotReady);
        ex.IsTransient.Should().BeFalse();
        ex.NativeCode.Should().Be(16);
        ex.Message.Should().NotContain("1111");
        _modem.Commands.Count(c => c.StartsWith("AT+CPIN=", StringComparison.Ordinal)).Should().Be(1);
        Connection.State.Should().Be(ModemState.Faulted);
    }

    [Fact]
    public async Task Initialize_WhenThePinIsNeededButNotConfigured_SaysWhichOptionToSet()
    {
        _modem.Pin = "2468";

        var ex = (await Connection.Invoking(c => c.InitializeAsync().Within()).Should().ThrowAsync<GsmModemException>()).Which;

        ex.Message.Should().Contain("Pin option");
    }

    [Fact]
    public async Task Initialize_WhenTheSimIsBusy_WaitsAndRetries()
    {
        _modem.AnswerNext("AT+CPIN?", "+CME ERROR: 14", count: 2);

        var init = Connection.InitializeAsync();
        await _time.AdvanceUntilAsync(init, _options.PollInterval);
        await init;

        _modem.Commands.Count(c => c == "AT+CPIN?").Should().Be(3);
        Connection.State.Should().Be(ModemState.Ready);
    }

    [Fact]
    public async Task Initialize_WaitsForNetworkRegistration()
    {
        _modem.SearchingQueries = 3;

        var init = Connection.InitializeAsync();
        await _time.AdvanceUntilAsync(init, _options.PollInterval);
        await init;

        _modem.Commands.Count(c => c == "AT+CREG?").Should().Be(4);
    }

    [Fact]
    public async Task Initialize_WhenTheModemNeverRegisters_FailsAfterTheRegistrationTimeout()
    {
        _modem.RegistrationStatus = 2;

        var init = Connection.InitializeAsync();
        await _time.AdvanceUntilAsync(init, _options.PollInterval);

        var ex = (await init.Invoking(i => i).Should().ThrowAsync<GsmModemException>()).Which;
        ex.Kind.Should().Be(GsmModemErrorKind.NotReady);
        ex.IsTransient.Should().BeTrue();
        ex.Message.Should().Contain("register");
    }

    [Fact]
    public async Task Initialize_WhenCregIsNotSupported_UsesCereg()
    {
        _modem.AnswerNext("AT+CREG?", "ERROR");

        await Connection.InitializeAsync().Within();

        _modem.Commands.Should().Contain("AT+CEREG?");
        Connection.RegistrationStatus.Should().Be(1);
    }

    [Fact]
    public async Task Initialize_WhenPduModeIsRefused_FallsBackToTextMode()
    {
        _modem.SupportsPduMode = false;

        await Connection.InitializeAsync().Within();

        Connection.UsesPduMode.Should().BeFalse();
        _modem.MessageFormat.Should().Be(1);
    }

    [Fact]
    public async Task Initialize_WithAnSmscOption_SetsItOnTheModem()
    {
        _options.SmscAddress = "+15550001111";

        await Connection.InitializeAsync().Within();

        _modem.Commands.Should().Contain("AT+CSCA=\"+15550001111\",145");
        _modem.SmscAddress.Should().Be("+15550001111");
    }

    [Fact]
    public async Task Initialize_WhenAPreviousRunLeftGarbageAndNoAnswer_StillGetsThrough()
    {
        _modem.IgnoreNext("AT");
        _modem.GarbageBeforeNextResponse("AT+CMEE?", [0xFF, 0x00, (byte)'x', (byte)'\r', (byte)'\n']);

        var init = Connection.InitializeAsync();
        await _time.AdvanceUntilAsync(init, TimeSpan.FromSeconds(1));
        await init;

        Connection.State.Should().Be(ModemState.Ready);
    }

    [Fact]
    public async Task Reinitialize_AfterTheModemHung_ReopensThePortAndRecovers()
    {
        await Connection.InitializeAsync().Within();
        _modem.Hang();

        var read = Connection.ReadSignalQualityAsync();
        await _time.AdvanceUntilAsync(read, TimeSpan.FromSeconds(1));
        await read.Invoking(r => r).Should().ThrowAsync<GsmModemException>();

        await Connection.InitializeAsync().Within();

        _modem.ConnectionCount.Should().Be(2);
        (await Connection.ReadSignalQualityAsync().Within()).Should().Be(20);
    }

    [Fact]
    public async Task Cmti_ReadsTheStoredMessageHandsItOverAndDeletesIt()
    {
        await Connection.InitializeAsync().Within();

        var index = await _modem.ReceiveAsync(DeliverPdu);

        var tpdu = await _sink.Incoming.Reader.ReadAsync().AsTask().Within();
        Convert.ToHexString(tpdu).Should().Be(DeliverTpdu);
        _modem.Commands.Should().Contain($"AT+CMGR={index}");
        await WaitUntilAsync(() => _modem.StoredIndexes.Count == 0);
    }

    [Fact]
    public async Task Cds_HandsTheStatusReportOver()
    {
        await Connection.InitializeAsync().Within();

        await _modem.EmitStatusReportAsync("06050B916407281553F8");

        Convert.ToHexString(await _sink.StatusReports.Reader.ReadAsync().AsTask().Within()).Should().Be("06050B916407281553F8");
    }

    [Fact]
    public async Task Cdsi_ReadsTheStoredStatusReportAndDeletesIt()
    {
        await Connection.InitializeAsync().Within();

        var index = await _modem.StoreStatusReportAsync("06050B916407281553F8");

        Convert.ToHexString(await _sink.StatusReports.Reader.ReadAsync().AsTask().Within()).Should().Be("06050B916407281553F8");
        _modem.Commands.Should().Contain($"AT+CMGR={index}");
        await WaitUntilAsync(() => _modem.StoredIndexes.Count == 0);
    }

    [Fact]
    public async Task StoredAtStart_IsListedHandedOverAndDeleted()
    {
        var index = _modem.Store(DeliverPdu);

        await Connection.InitializeAsync().Within();

        Convert.ToHexString(await _sink.Incoming.Reader.ReadAsync().AsTask().Within()).Should().Be(DeliverTpdu);
        _modem.Commands.Should().Contain("AT+CMGL=4");
        await WaitUntilAsync(() => _modem.StoredIndexes.Count == 0);
        _modem.Commands.Should().Contain($"AT+CMGD={index}");
    }

    [Fact]
    public async Task StoredMessage_TheHandlersFailedOn_StaysOnTheSim()
    {
        var failed = _modem.Store(DeliverPdu);
        _sink.Handled = false;
        await Connection.InitializeAsync().Within();
        (await _sink.Incoming.Reader.ReadAsync().AsTask().Within()).Should().NotBeEmpty();

        _sink.Handled = true;
        var second = await _modem.ReceiveAsync(DeliverPdu);
        await _sink.Incoming.Reader.ReadAsync().AsTask().Within();
        await WaitUntilAsync(() => !_modem.StoredIndexes.Contains(second));

        // The second one's AT+CMGD came after the first was handed over: the first was judged, and kept.
        _modem.StoredIndexes.Should().Equal(failed);
        _modem.Commands.Should().NotContain($"AT+CMGD={failed}");
    }

    [Fact]
    public async Task StoredAtStart_WhenMessagesAreNotDeleted_AllAreListedAndNoneDeleted()
    {
        _options.DeleteAfterReading = false;
        _modem.Store(DeliverPdu);

        await Connection.InitializeAsync().Within();
        await _sink.Incoming.Reader.ReadAsync().AsTask().Within();

        // The loop is sequential: once a later message is handed over, whatever followed the first one has been done.
        await _modem.ReceiveAsync(DeliverPdu);
        await _sink.Incoming.Reader.ReadAsync().AsTask().Within();
        _modem.Commands.Should().Contain("AT+CMGL=4").And.NotContain("AT+CMGL=0");
        _modem.Commands.Should().NotContain(c => c.StartsWith("AT+CMGD", StringComparison.Ordinal));
        _modem.StoredIndexes.Should().HaveCount(2, "DeleteAfterReading is false");
    }

    [Fact]
    public async Task StoredMessage_TheHandlersFailedOn_WhenMessagesAreNotDeleted_IsHandedOverAgainAtTheNextStart()
    {
        _options.DeleteAfterReading = false;
        _modem.Store(DeliverPdu);
        _sink.Handled = false;
        await Connection.InitializeAsync().Within();
        (await _sink.Incoming.Reader.ReadAsync().AsTask().Within()).Should().NotBeEmpty();

        // AT+CMGL marked it read: a listing of unread messages only would never hand it over again, though the log says it will.
        _sink.Handled = true;
        await Connection.InitializeAsync().Within();
        Convert.ToHexString(await _sink.Incoming.Reader.ReadAsync().AsTask().Within()).Should().Be(DeliverTpdu);

        // Now taken care of, it is not handed over a third time: the next thing the sink sees is a new message.
        await Connection.InitializeAsync().Within();
        await _modem.ReceiveAsync(DeliverPdu[..^2] + "38");
        Convert.ToHexString(await _sink.Incoming.Reader.ReadAsync().AsTask().Within()).Should().Be(DeliverTpdu[..^2] + "38");
        _modem.StoredIndexes.Should().HaveCount(2, "DeleteAfterReading is false");
    }

    [Fact]
    public async Task StoredMessage_WhenHandingOverFailsForAReasonOtherThanThePdu_StaysOnTheSimAndIsNotUnreadable()
    {
        _sink.Throws.Enqueue(new InvalidOperationException("a bug after decoding"));
        var failed = await StartAndReceiveAsync();

        _modem.StoredIndexes.Should().Equal(failed);
        _sink.Unreadable.Reader.TryRead(out _).Should().BeFalse("the PDU was fine; what handled it failed");
    }

    [Fact]
    public async Task StoredMessage_TheDecoderRefused_IsUnreadableAndDeleted()
    {
        _sink.Throws.Enqueue(new UnreadablePduException(new FormatException("bad user data header")));
        await StartAndReceiveAsync();

        _modem.StoredIndexes.Should().BeEmpty();
        var unreadable = await _sink.Unreadable.Reader.ReadAsync().AsTask().Within();
        unreadable.Reason.Should().BeOfType<FormatException>();
    }

    /// <summary>Receives one message the sink's <see cref="RecordingSink.Throws"/> applies to, then a second one; returns the first's index
    /// once the second was deleted (the loop is sequential, so the first was judged by then).</summary>
    private async Task<int> StartAndReceiveAsync()
    {
        await Connection.InitializeAsync().Within();
        var first = await _modem.ReceiveAsync(DeliverPdu);
        await _sink.Incoming.Reader.ReadAsync().AsTask().Within();
        var second = await _modem.ReceiveAsync(DeliverPdu);
        await _sink.Incoming.Reader.ReadAsync().AsTask().Within();
        await WaitUntilAsync(() => !_modem.StoredIndexes.Contains(second));
        return first;
    }

    [Fact]
    public void ParseList_ReadsIndexAndLengthAndSkipsStoredOutgoingMessages()
    {
        var list = ModemConnection.ParseList(
        [
            "+CMGL: 1,0,,24", DeliverPdu,
            "+CMGL: 2,2,,17", "0011000B916407281553F80000AA0AE8329BFD4697D9EC37",
            "+CMGL: 3,1,\"x\",9", "0006",
            "+CMGL: 4,1,,9",
        ]);

        list.Should().Equal(new StoredPdu(1, DeliverPdu, 24), new StoredPdu(3, "0006", 9));
    }

    [Theory]
    [InlineData("0006", 1, "06")]
    [InlineData("06", 1, "06")]
    [InlineData("07917283010010F506", 1, "06")]
    public void StripSmsc_RemovesTheServiceCentreFieldOnlyWhenPresent(string pdu, int tpduLength, string expected)
        => Convert.ToHexString(ModemConnection.StripSmsc(Convert.FromHexString(pdu), tpduLength)).Should().Be(expected);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(TestSupport.Bounded);
        while (!condition())
        {
            await Task.Delay(10, cts.Token);
        }
    }
}
