using Messaging.Sdk.GsmModem;

namespace Messaging.Sdk.GsmModem.Tests.At;

public sealed class AtCommandEngineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Execute_WhenModemAnswersOk_ReturnsItsInformationLines()
    {
        await using var t = new EngineOverVirtualModem();
        t.Modem.Rssi = 17;

        var response = await t.Engine.ExecuteAsync("AT+CSQ", Timeout).Within();

        response.IsOk.Should().BeTrue();
        response.Lines.Should().Equal("+CSQ: 17,99");
        response.ValueOf("+CSQ:").Should().Be("17,99");
    }

    [Fact]
    public async Task Execute_WhenEchoIsOn_DropsTheEchoedCommand()
    {
        await using var t = new EngineOverVirtualModem();
        t.Modem.Echo.Should().BeTrue();

        var response = await t.Engine.ExecuteAsync("AT+CGMI", Timeout).Within();

        response.Lines.Should().Equal("Messaging.Sdk");
    }

    [Fact]
    public async Task Execute_WhenAte0IsEchoed_StillCompletes()
    {
        await using var t = new EngineOverVirtualModem();

        (await t.Engine.ExecuteAsync("ATE0", Timeout).Within()).IsOk.Should().BeTrue();

        t.Modem.Echo.Should().BeFalse();
        (await t.Engine.ExecuteAsync("AT+CGMM", Timeout).Within()).Lines.Should().Equal("VirtualModem");
    }

    [Theory]
    [InlineData("+CMS ERROR: 42", "CmsError", 42, "congestion", true)]
    [InlineData("+CMS ERROR: 332", "CmsError", 332, "network timeout", true)]
    [InlineData("+CMS ERROR: 21", "CmsError", 21, "short message transfer rejected", false)]
    [InlineData("+CMS ERROR: 304", "CmsError", 304, "invalid PDU mode parameter", false)]
    [InlineData("+CME ERROR: 14", "CmeError", 14, "SIM busy", true)]
    [InlineData("+CME ERROR: 16", "CmeError", 16, "incorrect password", false)]
    public async Task Execute_WhenModemAnswersNumericError_NamesTheCode(string line, string final, int code, string name, bool transient)
    {
        await using var t = new EngineOverVirtualModem();
        t.Modem.AnswerNext("AT+CSQ", line);

        var response = await t.Engine.ExecuteAsync("AT+CSQ", Timeout).Within();

        response.Final.ToString().Should().Be(final);
        response.ErrorCode.Should().Be(code);
        response.ErrorName.Should().Be(name);
        response.IsTransientError.Should().Be(transient);
        var ex = response.Invoking(r => r.EnsureOk()).Should().Throw<GsmModemException>().Which;
        ex.NativeCode.Should().Be(code);
        ex.IsTransient.Should().Be(transient);
        ex.Message.Should().Contain(name);
    }

    [Fact]
    public async Task Execute_WhenModemAnswersPlainError_ReturnsError()
    {
        await using var t = new EngineOverVirtualModem();

        var response = await t.Engine.ExecuteAsync("AT+NOSUCH", Timeout).Within();

        response.Final.Should().Be(AtFinal.Error);
        response.ErrorCode.Should().BeNull();
    }

    [Fact]
    public async Task Execute_WhenUnsolicitedCodesArriveInsideTheResponse_SeparatesThem()
    {
        await using var t = new EngineOverVirtualModem();
        t.Modem.InjectIntoNextResponse("AT+CSQ", "+CMTI: \"SM\",3", "RING");

        var response = await t.Engine.ExecuteAsync("AT+CSQ", Timeout).Within();

        response.Lines.Should().Equal("+CSQ: 20,99");
        (await t.NextUnsolicitedAsync()).Should().Be(new AtUnsolicited("+CMTI: \"SM\",3"));
        (await t.NextUnsolicitedAsync()).Name.Should().Be("RING");
    }

    [Fact]
    public async Task ExecuteWithInput_WhenCmtiArrivesBetweenCmgsAndItsAnswer_ReturnsTheReferenceAndRaisesTheCmti()
    {
        await using var t = new EngineOverVirtualModem();
        await t.Engine.ExecuteAsync("ATE0", Timeout).Within();
        t.Modem.InjectIntoNextResponse("AT+CMGS", "+CMTI: \"SM\",7");

        var response = await t.Engine.ExecuteWithInputAsync("AT+CMGS=23", "0011000B916407281553F80000AA0AE8329BFD4697D9EC37", Timeout, Timeout).Within();

        response.IsOk.Should().BeTrue();
        response.Lines.Should().Equal("+CMGS: 1");
        var cmti = await t.NextUnsolicitedAsync();
        cmti.Name.Should().Be("+CMTI");
        cmti.Value.Should().Be("\"SM\",7");
        t.Modem.Submissions.Should().ContainSingle().Which.IsWellFormedPdu.Should().BeTrue();
    }

    [Fact]
    public async Task ExecuteWithInput_WithEchoOn_ReturnsTheReference()
    {
        await using var t = new EngineOverVirtualModem();

        var response = await t.Engine.ExecuteWithInputAsync("AT+CMGS=23", "0011000B916407281553F80000AA0AE8329BFD4697D9EC37", Timeout, Timeout).Within();

        response.ValueOf("+CMGS:").Should().Be("1");
    }

    [Fact]
    public async Task ExecuteWithInput_WhenModemRefusesThePdu_ReturnsTheCmsError()
    {
        await using var t = new EngineOverVirtualModem();

        var response = await t.Engine.ExecuteWithInputAsync("AT+CMGS=99", "0011000B916407281553F80000AA0AE8329BFD4697D9EC37", Timeout, Timeout).Within();

        response.Final.Should().Be(AtFinal.CmsError);
        response.ErrorCode.Should().Be(304);
    }

    [Fact]
    public async Task ExecuteWithInput_WhenErrorComesInsteadOfThePrompt_ReturnsItWithoutWritingThePdu()
    {
        await using var t = new EngineOverRawLink();
        var send = t.Engine.ExecuteWithInputAsync("AT+CMGS=17", "00AABB", Timeout, Timeout);
        await t.ExpectAsync("AT+CMGS=17\r");

        await t.SendAsync("\r\n+CMS ERROR: 331\r\n");
        var response = await send.Within();

        response.ErrorCode.Should().Be(331);
        response.ErrorName.Should().Be("no network service");
    }

    [Fact]
    public async Task Unsolicited_WhenCdsArrives_CarriesItsPduLine()
    {
        await using var t = new EngineOverVirtualModem();
        await t.Engine.ExecuteAsync("AT", Timeout).Within();

        await t.Modem.EmitStatusReportAsync("0601");

        var cds = await t.NextUnsolicitedAsync();
        cds.Name.Should().Be("+CDS");
        cds.Data.Should().Be("000601");
    }

    [Fact]
    public async Task Unsolicited_WhenCdsArrivesInsideAResponse_DoesNotTakeThePduAsAResponseLine()
    {
        await using var t = new EngineOverVirtualModem();
        t.Modem.InjectIntoNextResponse("AT+CGMI", "+CDS: 2", "000601");

        var response = await t.Engine.ExecuteAsync("AT+CGMI", Timeout).Within();

        response.Lines.Should().Equal("Messaging.Sdk");
        (await t.NextUnsolicitedAsync()).Should().Be(new AtUnsolicited("+CDS: 2", "000601"));
    }

    [Fact]
    public async Task Execute_CregQuery_TakesCregAsItsAnswerButCregOutsideACommandIsUnsolicited()
    {
        await using var t = new EngineOverVirtualModem();

        var response = await t.Engine.ExecuteAsync("AT+CREG?", Timeout).Within();
        await t.Modem.EmitAsync("+CREG: 5");

        response.Lines.Should().Equal("+CREG: 0,1");
        (await t.NextUnsolicitedAsync()).Should().Be(new AtUnsolicited("+CREG: 5"));
    }

    [Fact]
    public async Task Framing_WhenLinesArriveByteByByteWithNoiseAndMixedLineEnds_ParsesThem()
    {
        await using var t = new EngineOverRawLink();
        var command = t.Engine.ExecuteAsync("AT+CSQ", Timeout);
        await t.ExpectAsync("AT+CSQ\r");

        var bytes = new List<byte> { 0x00, 0xFF & 0x07, (byte)'\n' };
        bytes.AddRange("\r\n+CS"u8.ToArray());
        bytes.Add(0x00);
        bytes.AddRange("Q: 9,99\n\r\nO"u8.ToArray());
        bytes.AddRange("K\r\n"u8.ToArray());
        foreach (var b in bytes)
        {
            await t.SendAsync([b]);
        }

        var response = await command.Within();
        response.Lines.Should().Equal("+CSQ: 9,99");
        t.Engine.GarbageBytes.Should().Be(3);
    }

    [Fact]
    public async Task Framing_WhenALineHasNoEnd_DropsItBoundedAndFramesWhatFollowsTheNextLineEnd()
    {
        await using var t = new EngineOverRawLink();
        var endless = new string('A', (AtCommandEngine.MaxLineLength * 4) + 7);

        await t.SendAsync(endless);
        await t.SendAsync("\r\n+CMTI: \"SM\",3\r\n");

        // Kept, the overlong line would come first as an unknown unsolicited line of 16 KB.
        (await t.NextUnsolicitedAsync()).Line.Should().Be("+CMTI: \"SM\",3");
        t.Engine.GarbageBytes.Should().Be(endless.Length);
    }

    [Fact]
    public async Task Framing_WhenGarbageLinesArriveWhileIdle_ReportsThemAsUnknownUnsolicitedAndKeepsWorking()
    {
        await using var t = new EngineOverVirtualModem();
        await t.Engine.ExecuteAsync("ATE0", Timeout).Within();
        t.Modem.GarbageBeforeNextResponse("AT+CSQ", [0x00, 0x13, (byte)'#', (byte)'~', (byte)'\r', (byte)'\n']);

        var response = await t.Engine.ExecuteAsync("AT+CSQ", Timeout).Within();

        response.ValueOf("+CSQ:").Should().Be("20,99");
    }

    [Fact]
    public async Task Execute_WhenModemDoesNotAnswer_TimesOutWithTheCommandName()
    {
        await using var t = new EngineOverVirtualModem();
        t.Modem.IgnoreNext("AT+CSQ");

        var command = t.Engine.ExecuteAsync("AT+CSQ", Timeout);
        await t.Time.AdvanceUntilAsync(command, TimeSpan.FromSeconds(1));

        var ex = (await command.Invoking(c => c).Should().ThrowAsync<GsmModemException>()).Which;
        ex.Kind.Should().Be(GsmModemErrorKind.Timeout);
        ex.IsTransient.Should().BeTrue();
        ex.Command.Should().Be("AT+CSQ");
    }

    [Fact]
    public async Task Execute_AfterATimeout_ResynchronisesSoALateAnswerIsNotTakenForTheNextCommand()
    {
        await using var t = new EngineOverRawLink();
        var first = t.Engine.ExecuteAsync("AT+CGMI", Timeout);
        await t.ExpectAsync("AT+CGMI\r");
        await t.Time.AdvanceUntilAsync(first, TimeSpan.FromSeconds(1));
        await first.Invoking(c => c).Should().ThrowAsync<GsmModemException>();

        var second = t.Engine.ExecuteAsync("AT+CSQ", Timeout);
        await t.SendAsync("\r\nLATE\r\n\r\nOK\r\n"); // the late answer to AT+CGMI
        (await t.ExpectAsync("AT+CMEE?\r")).Should().StartWith("\u001b", "ESC leaves a message prompt the modem may still be in");
        await t.SendAsync("\r\n+CMEE: 1\r\n\r\nOK\r\n");
        await t.ExpectAsync("AT+CSQ\r");
        await t.SendAsync("\r\n+CSQ: 12,99\r\n\r\nOK\r\n");

        (await second.Within()).Lines.Should().Equal("+CSQ: 12,99");
    }

    [Fact]
    public async Task Execute_WhenTheModemHangs_ReportsHungAfterTheResyncFails()
    {
        await using var t = new EngineOverVirtualModem();
        t.Modem.Hang();

        var first = t.Engine.ExecuteAsync("AT+CSQ", Timeout);
        await t.Time.AdvanceUntilAsync(first, TimeSpan.FromSeconds(1));
        (await first.Invoking(c => c).Should().ThrowAsync<GsmModemException>()).Which.Kind.Should().Be(GsmModemErrorKind.Timeout);

        var second = t.Engine.ExecuteAsync("AT+CSQ", Timeout);
        await t.Time.AdvanceUntilAsync(second, TimeSpan.FromSeconds(1));
        (await second.Invoking(c => c).Should().ThrowAsync<GsmModemException>()).Which.Kind.Should().Be(GsmModemErrorKind.Hung);
    }

    [Fact]
    public async Task ExecuteWithInput_WhenThePromptNeverComes_SendsEscapeAndTimesOutWithoutThePdu()
    {
        await using var t = new EngineOverRawLink();
        var send = t.Engine.ExecuteWithInputAsync("AT+CMGS=17", "00AABB", Timeout, Timeout);
        await t.ExpectAsync("AT+CMGS=17\r");

        await t.Time.AdvanceUntilAsync(send, TimeSpan.FromSeconds(1));

        var ex = (await send.Invoking(c => c).Should().ThrowAsync<GsmModemException>()).Which;
        ex.Kind.Should().Be(GsmModemErrorKind.Timeout);
        ex.RequestWritten.Should().BeFalse();
        (await t.ExpectAsync("\u001b")).Should().NotContain("00AABB");
    }

    [Fact]
    public async Task ExecuteWithInput_WhenTheAnswerNeverComesAfterThePdu_SaysTheRequestWasWritten()
    {
        await using var t = new EngineOverVirtualModem();
        t.Modem.IgnoreNext("AT+CMGS");
        var pduWritten = new TaskCompletionSource();
        t.Modem.InputReceived += _ => pduWritten.TrySetResult();

        var send = t.Engine.ExecuteWithInputAsync("AT+CMGS=23", "0011000B916407281553F80000AA0AE8329BFD4697D9EC37", Timeout, Timeout);
        await pduWritten.Task.Within();
        await t.Time.AdvanceUntilAsync(send, TimeSpan.FromSeconds(1));

        var ex = (await send.Invoking(c => c).Should().ThrowAsync<GsmModemException>()).Which;
        ex.RequestWritten.Should().BeTrue();
    }

    [Fact]
    public async Task Execute_WhenThePortCloses_FailsThePendingAndLaterCommands()
    {
        await using var t = new EngineOverRawLink();
        var command = t.Engine.ExecuteAsync("AT+CSQ", Timeout);
        await t.ExpectAsync("AT+CSQ\r");

        await t.ModemEnd.DisposeAsync();

        (await command.Invoking(c => c.Within()).Should().ThrowAsync<GsmModemException>()).Which.Kind.Should().Be(GsmModemErrorKind.ChannelClosed);
        (await t.Engine.Invoking(e => e.ExecuteAsync("AT", Timeout)).Should().ThrowAsync<GsmModemException>()).Which.Kind.Should().Be(GsmModemErrorKind.ChannelClosed);
    }

    [Fact]
    public async Task Execute_RunsOneCommandAtATime()
    {
        await using var t = new EngineOverVirtualModem();

        var tasks = Enumerable.Range(0, 20).Select(i => t.Engine.ExecuteAsync(i % 2 == 0 ? "AT+CSQ" : "AT+CGMM", Timeout)).ToArray();
        var responses = await Task.WhenAll(tasks).Within();

        for (var i = 0; i < responses.Length; i++)
        {
            responses[i].Lines.Should().Equal(i % 2 == 0 ? "+CSQ: 20,99" : "VirtualModem");
        }
    }

    [Theory]
    [InlineData("AT+CREG?", "+CREG:")]
    [InlineData("AT+CMGS=23", "+CMGS:")]
    [InlineData("AT+CSQ", "+CSQ:")]
    [InlineData("AT^SYSINFO", "^SYSINFO:")]
    [InlineData("ATE0", null)]
    [InlineData("AT", null)]
    public void ResponsePrefix_IsDerivedFromTheCommandName(string command, string? prefix)
        => AtLineClassifier.ResponsePrefix(command).Should().Be(prefix);
}
