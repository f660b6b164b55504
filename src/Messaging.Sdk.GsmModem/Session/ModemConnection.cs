using System.Globalization;
using System.Threading.Channels;
using Messaging.Sdk.Sms.Pdu;
using Microsoft.Extensions.Logging;

namespace Messaging.Sdk.GsmModem;

/// <summary>One modem: opens its channel, runs the initialisation sequence, submits PDUs and turns its unsolicited codes
/// (+CMTI, +CDS, +CDSI, +CREG) into events. Re-initialising disposes the old engine and re-opens the channel.</summary>
/// <remarks>What the modem hands over comes from any sender on the network: one PDU that cannot be read is given to the
/// sink's <see cref="IModemEventSink.OnUnreadable"/> and the loop goes on with the next; nothing a PDU holds ends the loop.
/// Messages already stored on the SIM are listed (AT+CMGL) at each initialisation and handed over first, so that what
/// arrived while the host was away is not left to fill the SIM. The SIM is the durable copy: a message leaves it only once it was
/// taken care of, and a part of a longer message only once the whole message was published or given up.</remarks>
internal sealed partial class ModemConnection : IAsyncDisposable
{
    private readonly IModemChannel _channel;
    private readonly GsmModemOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IModemEventSink _sink;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private AtCommandEngine? _engine;
    private Channel<AtUnsolicited>? _unsolicited;
    private Task _unsolicitedLoop = Task.CompletedTask;
    private CancellationTokenSource? _connectionStop;
    private int _inFlight;

    // With DeleteAfterReading false, what was handed over successfully stays on the SIM: remembered here (for the life of this
    // object, across re-initialisations) so that the listing at start does not hand it over again. Bounded by the SIM's size:
    // each listing keeps only the slots still listed.
    private readonly HashSet<SimSlot> _handedOver = [];
    private volatile ModemState _state = ModemState.Closed;

    public ModemConnection(IModemChannel channel, GsmModemOptions options, TimeProvider timeProvider, ILogger logger, IModemEventSink sink)
    {
        _channel = channel;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _sink = sink;
    }

    public string Name => _channel.Name;

    public ModemState State => _state;

    public int InFlight => Volatile.Read(ref _inFlight);

    public bool UsesPduMode { get; private set; } = true;

    public string? SmscAddress { get; private set; }

    public int? Rssi { get; private set; }

    public int? RegistrationStatus { get; private set; }

    public string? LastError { get; private set; }

    public ModemHealth Health => new(Name, State, Rssi, RegistrationStatus, UsesPduMode, SmscAddress, InFlight, LastError);

    public void MarkFaulted(Exception reason)
    {
        LastError = reason.Message;
        _state = ModemState.Faulted;
    }

    public void Enter() => Interlocked.Increment(ref _inFlight);

    public void Leave() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Opens the channel (closing any previous connection) and initialises the modem.</summary>
    /// <exception cref="GsmModemException">The modem did not answer, the SIM or network is not ready, or a command failed.</exception>
    /// <exception cref="MessagingTransportException">The channel could not be opened.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _state = ModemState.Initializing;
            await CloseCoreAsync().ConfigureAwait(false);
            var stream = await _channel.OpenAsync(cancellationToken).ConfigureAwait(false);
            var unsolicited = Channel.CreateUnbounded<AtUnsolicited>(new UnboundedChannelOptions { SingleReader = true });
            var engine = new AtCommandEngine(stream, _timeProvider, _logger, u => unsolicited.Writer.TryWrite(u), Name);
            _engine = engine;
            _unsolicited = unsolicited;
            _connectionStop = new CancellationTokenSource();
            engine.Start();
            IReadOnlyList<StoredPdu> stored;
            try
            {
                await RunInitSequenceAsync(engine, cancellationToken).ConfigureAwait(false);
                stored = await ListStoredAsync(engine, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LastError = ex.Message;
                _state = ModemState.Faulted;
                LogInitFailed(_logger, Name, ex);
                await CloseCoreAsync().ConfigureAwait(false);
                throw;
            }

            var stop = _connectionStop.Token;
            _unsolicitedLoop = Task.Run(() => ProcessUnsolicitedAsync(engine, stored, unsolicited.Reader, stop), CancellationToken.None);
            LastError = null;
            _state = ModemState.Ready;
            LogReady(_logger, Name, UsesPduMode ? "PDU" : "text", Rssi ?? 99);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Submits one SMS-SUBMIT PDU (hex, SMSC field first) and returns the message reference from +CMGS.</summary>
    /// <exception cref="GsmModemException">A +CMS error (<see cref="GsmModemErrorKind.CmsError"/>), a timeout, or the channel failed.</exception>
    public async Task<int> SubmitPduAsync(string pduHex, int tpduLength, CancellationToken cancellationToken = default)
    {
        var engine = ReadyEngine();
        var response = await engine.ExecuteWithInputAsync(
            "AT+CMGS=" + tpduLength.ToString(CultureInfo.InvariantCulture),
            pduHex,
            _options.CommandTimeout,
            _options.SendTimeout,
            cancellationToken).ConfigureAwait(false);
        return ParseReference(response);
    }

    /// <summary>Submits one message in text mode (for modems without PDU mode) and returns the message reference.</summary>
    public async Task<int> SubmitTextAsync(string number, string text, bool statusReport, TimeSpan? validity, CancellationToken cancellationToken = default)
    {
        var engine = ReadyEngine();
        // 27.005 3.3.2: first octet 17 = SMS-SUBMIT with relative validity; 49 adds TP-SRR. TP-VP 167 = 1 day when none was asked.
        var vp = validity is { } v ? SmsPduEncoder.EncodeRelativeValidity(v) : 167;
        var csmp = string.Create(CultureInfo.InvariantCulture, $"AT+CSMP={(statusReport ? 49 : 17)},{vp},0,0");
        await engine.ExecuteAsync(csmp, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        var response = await engine.ExecuteWithInputAsync(
            $"AT+CMGS=\"{number}\"",
            text,
            _options.CommandTimeout,
            _options.SendTimeout,
            cancellationToken).ConfigureAwait(false);
        return ParseReference(response);
    }

    /// <summary>Reads the signal quality (AT+CSQ) and remembers it for <see cref="Health"/>.</summary>
    public async Task<int> ReadSignalQualityAsync(CancellationToken cancellationToken = default)
    {
        var response = (await ReadyEngine().ExecuteAsync("AT+CSQ", _options.CommandTimeout, cancellationToken).ConfigureAwait(false)).EnsureOk();
        Rssi = ParseFirstNumber(response.ValueOf("+CSQ:")) ?? 99;
        return Rssi.Value;
    }

    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            await CloseCoreAsync().ConfigureAwait(false);
            _state = ModemState.Closed;
        }
        finally
        {
            _lifecycle.Release();
        }

        _lifecycle.Dispose();
    }

    private static int ParseReference(AtResponse response)
    {
        if (!response.IsOk)
        {
            throw response.ToException("AT+CMGS");
        }

        return ParseFirstNumber(response.ValueOf("+CMGS:"))
            ?? throw new GsmModemException("The modem accepted AT+CMGS without a +CMGS: <mr> line.") { Command = "AT+CMGS", RequestWritten = true, Kind = GsmModemErrorKind.Error };
    }

    private static int? ParseFirstNumber(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var first = value.Split(',')[0].Trim();
        return int.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    private AtCommandEngine ReadyEngine()
        => _state == ModemState.Ready && _engine is { } engine
            ? engine
            : throw new GsmModemException($"Modem '{Name}' is not ready ({_state}).") { Kind = GsmModemErrorKind.NotReady, IsTransient = true };

    private async Task RunInitSequenceAsync(AtCommandEngine engine, CancellationToken cancellationToken)
    {
        var timeout = _options.CommandTimeout;

        // A modem that just powered up, or sits in a message prompt from a previous run, may need a few tries.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if ((await engine.ExecuteAsync("AT", timeout, cancellationToken).ConfigureAwait(false)).IsOk)
                {
                    break;
                }
            }
            catch (GsmModemException ex) when (ex.Kind is GsmModemErrorKind.Timeout && attempt < 3)
            {
                // The engine resynchronises before the next try.
            }

            if (attempt >= 3)
            {
                throw new GsmModemException($"Modem '{Name}' does not answer AT.") { Kind = GsmModemErrorKind.NotReady, IsTransient = true, Command = "AT" };
            }
        }

        (await engine.ExecuteAsync("ATE0", timeout, cancellationToken).ConfigureAwait(false)).EnsureOk();
        await engine.ExecuteAsync("AT+CMEE=1", timeout, cancellationToken).ConfigureAwait(false);

        var deadline = _timeProvider.GetUtcNow() + _options.RegistrationTimeout;
        await WaitForSimAsync(engine, deadline, cancellationToken).ConfigureAwait(false);
        await WaitForRegistrationAsync(engine, deadline, cancellationToken).ConfigureAwait(false);

        if (_options.SmscAddress is { } smsc)
        {
            var type = smsc.StartsWith('+') ? 145 : 129;
            (await engine.ExecuteAsync($"AT+CSCA=\"{smsc}\",{type.ToString(CultureInfo.InvariantCulture)}", timeout, cancellationToken).ConfigureAwait(false)).EnsureOk();
            SmscAddress = smsc;
        }
        else
        {
            var csca = await engine.ExecuteAsync("AT+CSCA?", timeout, cancellationToken).ConfigureAwait(false);
            SmscAddress = csca.IsOk ? csca.ValueOf("+CSCA:")?.Split(',')[0].Trim('"') is { Length: > 0 } a ? a : null : null;
            if (SmscAddress is null)
            {
                LogNoSmsc(_logger, Name);
            }
        }

        UsesPduMode = _options.PreferPduMode && (await engine.ExecuteAsync("AT+CMGF=0", timeout, cancellationToken).ConfigureAwait(false)).IsOk;
        if (!UsesPduMode)
        {
            (await engine.ExecuteAsync("AT+CMGF=1", timeout, cancellationToken).ConfigureAwait(false)).EnsureOk();
            LogTextMode(_logger, Name, _options.PreferPduMode ? "it refused AT+CMGF=0" : "PreferPduMode is false");

            // Text is typed as ASCII: in the "GSM" TE character set some modems default to, '@', '$', '_' and the brackets
            // would be read as other characters.
            var cscs = await engine.ExecuteAsync("AT+CSCS=\"IRA\"", timeout, cancellationToken).ConfigureAwait(false);
            if (!cscs.IsOk)
            {
                LogNoIraCharacterSet(_logger, Name);
            }
        }

        var cnmi = await engine.ExecuteAsync("AT+CNMI=" + _options.NewMessageIndication, timeout, cancellationToken).ConfigureAwait(false);
        if (!cnmi.IsOk)
        {
            LogCnmiRefused(_logger, Name, _options.NewMessageIndication, cnmi.ErrorName);
        }

        var csq = await engine.ExecuteAsync("AT+CSQ", timeout, cancellationToken).ConfigureAwait(false);
        Rssi = csq.IsOk ? ParseFirstNumber(csq.ValueOf("+CSQ:")) : null;
    }

    private async Task WaitForSimAsync(AtCommandEngine engine, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var pinSent = false;
        while (true)
        {
            var response = await engine.ExecuteAsync("AT+CPIN?", _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
            var status = response.ValueOf("+CPIN:");
            if (response.IsOk && string.Equals(status, "READY", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            if (response.IsOk && string.Equals(status, "SIM PIN", StringComparison.OrdinalIgnoreCase))
            {
                if (_options.Pin is null)
                {
                    throw NotReady("The SIM asks for its PIN: set the sender's Pin option.", permanent: true);
                }

                if (pinSent)
                {
                    throw NotReady("The SIM still asks for its PIN after it was entered.", permanent: true);
                }

                var entered = await engine.ExecuteSecretAsync($"AT+CPIN=\"{_options.Pin}\"", "AT+CPIN=\"****\"", _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
                if (!entered.IsOk)
                {
                    // Never retry a wrong PIN: three attempts lock the SIM.
                    throw NotReady($"The SIM refused the PIN ({entered.ErrorName}); check the Pin option. It was not retried, to keep the SIM from locking.", permanent: true, entered.ErrorCode);
                }

                pinSent = true;
                continue;
            }

            if (response.IsOk && status is not null && status.Contains("PUK", StringComparison.OrdinalIgnoreCase))
            {
                throw NotReady($"The SIM is locked ({status}); unlock it with its PUK in a phone.", permanent: true);
            }

            // SIM busy (+CME 14) or not yet reported right after power-up: wait (gammu #138).
            var transient = response.IsTransientError || response.IsOk;
            if (!transient || _timeProvider.GetUtcNow() >= deadline)
            {
                throw NotReady($"The SIM is not ready: {(response.IsOk ? status : response.ErrorName)}.", permanent: !transient, response.ErrorCode);
            }

            await Task.Delay(_options.PollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WaitForRegistrationAsync(AtCommandEngine engine, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var command = "AT+CREG?";
        while (true)
        {
            var response = await engine.ExecuteAsync(command, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
            if (!response.IsOk && command == "AT+CREG?")
            {
                command = "AT+CEREG?"; // LTE-only modules
                continue;
            }

            var value = response.ValueOf(command == "AT+CREG?" ? "+CREG:" : "+CEREG:");
            var parts = value?.Split(',');
            var stat = parts is { Length: >= 2 } && int.TryParse(parts[1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : (int?)null;
            RegistrationStatus = stat;
            if (stat is 1 or 5)
            {
                return;
            }

            if (stat == 3)
            {
                throw NotReady("The network denied registration (+CREG stat 3).", permanent: false);
            }

            if (_timeProvider.GetUtcNow() >= deadline)
            {
                throw NotReady($"The modem did not register with the network within {_options.RegistrationTimeout.TotalSeconds:0} s (stat {stat?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}).", permanent: false);
            }

            await Task.Delay(_options.PollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private GsmModemException NotReady(string message, bool permanent, int? code = null)
        => new($"Modem '{Name}': {message}") { Kind = GsmModemErrorKind.NotReady, IsTransient = !permanent, NativeCode = code };

    /// <summary>Lists every message stored on the SIM (27.005 3.4.2, PDU mode, AT+CMGL=4). Read ones are listed too: a message the
    /// handlers failed on was already marked read by AT+CMGR, and must be handed over again. When messages are not deleted after
    /// reading, those this connection already handed over successfully are left out.</summary>
    private async Task<IReadOnlyList<StoredPdu>> ListStoredAsync(AtCommandEngine engine, CancellationToken cancellationToken)
    {
        if (!UsesPduMode)
        {
            return [];
        }

        const string command = "AT+CMGL=4";
        AtResponse response;
        try
        {
            response = await engine.ExecuteAsync(command, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (GsmModemException ex) when (ex.Kind is GsmModemErrorKind.Timeout)
        {
            // A modem slow to list its storage still sends; the messages are read at the next start.
            LogListFailed(_logger, Name, command, ex.Message);
            return [];
        }

        if (!response.IsOk)
        {
            LogListFailed(_logger, Name, command, response.ErrorName);
            return [];
        }

        var listed = ParseList(response.Lines);
        if (_options.DeleteAfterReading)
        {
            return listed;
        }

        lock (_handedOver)
        {
            _handedOver.IntersectWith(listed.Select(p => new SimSlot(p.Index, p.Hex)));
            return [.. listed.Where(p => !_handedOver.Contains(new SimSlot(p.Index, p.Hex)))];
        }
    }

    /// <summary>Reads +CMGL's pairs of lines: <c>+CMGL: index,stat,[alpha],length</c> and the PDU in hex.</summary>
    internal static IReadOnlyList<StoredPdu> ParseList(IReadOnlyList<string> lines)
    {
        var result = new List<StoredPdu>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (!lines[i].StartsWith("+CMGL:", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var fields = lines[i][6..].Split(',');
            var pdu = i + 1 < lines.Count && !lines[i + 1].StartsWith("+CMGL:", StringComparison.OrdinalIgnoreCase) ? lines[++i] : null;
            if (pdu is null || !int.TryParse(fields[0].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
            {
                continue;
            }

            // stat 2 and 3 are outgoing messages someone stored (27.005 3.1): not ours to hand over or delete.
            var stat = fields.Length > 1 && int.TryParse(fields[1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 0;
            if (stat is 2 or 3)
            {
                continue;
            }

            result.Add(new StoredPdu(index, pdu, ParseFirstNumber(fields[^1])));
        }

        return result;
    }

    private async Task ProcessUnsolicitedAsync(AtCommandEngine engine, IReadOnlyList<StoredPdu> stored, ChannelReader<AtUnsolicited> reader, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var pdu in stored)
            {
                try
                {
                    await HandleStoredAsync(engine, "+CMGL", pdu.Index, pdu.Hex, pdu.TpduLength, isReport: false, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    LogUnsolicitedFailed(_logger, Name, "+CMGL", ex);
                }
            }

            await foreach (var u in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await HandleUnsolicitedAsync(engine, u, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // Whatever one message does, the next one is still read: the loop carries every later report and message.
                    LogUnsolicitedFailed(_logger, Name, u.Name, ex);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The connection is closing.
        }
    }

    private async Task HandleUnsolicitedAsync(AtCommandEngine engine, AtUnsolicited u, CancellationToken cancellationToken)
    {
        switch (u.Name.ToUpperInvariant())
        {
            case "+CDS" when u.Data is not null:
                await HandleDirectAsync(u, ParseFirstNumber(u.Value), isReport: true, cancellationToken).ConfigureAwait(false);
                break;
            case "+CMT" when u.Data is not null && UsesPduMode:
                await HandleDirectAsync(u, ParseFirstNumber(u.Value.Split(',')[^1]), isReport: false, cancellationToken).ConfigureAwait(false);
                break;
            case "+CMTI":
            case "+CDSI":
                await ReadStoredAsync(engine, u, cancellationToken).ConfigureAwait(false);
                break;
            case "+CREG":
            case "+CEREG":
                {
                    var parts = u.Value.Split(',');
                    if (int.TryParse(parts[0].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var stat))
                    {
                        RegistrationStatus = stat;
                    }

                    break;
                }

            default:
                LogUnhandledUnsolicited(_logger, Name, u.Name);
                break;
        }
    }

    /// <summary>A PDU the modem routed to us without storing it (+CMT, +CDS): there is nothing to delete, and nothing to re-read
    /// if the handlers fail, so that is logged.</summary>
    private async Task HandleDirectAsync(AtUnsolicited u, int? tpduLength, bool isReport, CancellationToken cancellationToken)
    {
        var outcome = await HandOverAsync(u.Name, u.Data!, tpduLength, isReport, slot: null, cancellationToken).ConfigureAwait(false);
        if (outcome == HandOverOutcome.NotHandled)
        {
            LogDirectNotHandled(_logger, Name, u.Name);
        }
    }

    private async Task ReadStoredAsync(AtCommandEngine engine, AtUnsolicited u, CancellationToken cancellationToken)
    {
        var parts = u.Value.Split(',');
        if (parts.Length < 2 || !int.TryParse(parts[^1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
        {
            return;
        }

        if (!UsesPduMode)
        {
            LogTextModeIncomingIgnored(_logger, Name, u.Name);
            return;
        }

        var response = await engine.ExecuteAsync("AT+CMGR=" + index.ToString(CultureInfo.InvariantCulture), _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        if (response.Final == AtFinal.CmsError && response.ErrorCode == InvalidMemoryIndex)
        {
            // Already read and deleted, for example by the AT+CMGL scan at start that ran before this indication.
            LogAlreadyGone(_logger, Name, u.Name, index);
            return;
        }

        response.EnsureOk();
        var header = response.ValueOf("+CMGR:");
        var pduLine = response.Lines.LastOrDefault(l => !l.StartsWith("+CMGR:", StringComparison.OrdinalIgnoreCase));
        if (header is null || pduLine is null)
        {
            return;
        }

        var isReport = string.Equals(u.Name, "+CDSI", StringComparison.OrdinalIgnoreCase);
        await HandleStoredAsync(engine, u.Name, index, pduLine, ParseFirstNumber(header.Split(',')[^1]), isReport, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Hands a stored PDU over and deletes it from the SIM once it was taken care of: published, or kept as unreadable.
    /// One the handlers failed on stays on the SIM, to be handed over again at the next start; a part of a longer message stays
    /// until the sink releases it (<see cref="ReleaseStoredAsync"/>).</summary>
    private async Task HandleStoredAsync(AtCommandEngine engine, string source, int index, string pduHex, int? tpduLength, bool isReport, CancellationToken cancellationToken)
    {
        var slot = new SimSlot(index, pduHex);
        switch (await HandOverAsync(source, pduHex, tpduLength, isReport, slot, cancellationToken).ConfigureAwait(false))
        {
            case HandOverOutcome.NotHandled:
                LogKeptOnSim(_logger, Name, source, index);
                break;
            case HandOverOutcome.Handled:
                await ReleaseAsync(engine, slot, cancellationToken).ConfigureAwait(false);
                break;
            default:
                LogHeldOnSim(_logger, Name, source, index);
                break;
        }
    }

    /// <summary>Gives back stored parts the sink held (<see cref="HandOverOutcome.Held"/>) once their message was published or given
    /// up: they are deleted (or, with DeleteAfterReading false, remembered as handed over). A part that cannot be deleted now
    /// stays on the SIM and is read again at the next start.</summary>
    public async Task ReleaseStoredAsync(IEnumerable<SimSlot> slots, CancellationToken cancellationToken)
    {
        foreach (var slot in slots)
        {
            if (_engine is not { } engine)
            {
                LogReleaseFailed(_logger, Name, slot.Index, null);
                continue;
            }

            try
            {
                await ReleaseAsync(engine, slot, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The connection closed or the modem hung: the part is still stored, and the next start lists it again.
                LogReleaseFailed(_logger, Name, slot.Index, ex);
            }
        }
    }

    private async Task ReleaseAsync(AtCommandEngine engine, SimSlot slot, CancellationToken cancellationToken)
    {
        if (_options.DeleteAfterReading)
        {
            await engine.ExecuteAsync("AT+CMGD=" + slot.Index.ToString(CultureInfo.InvariantCulture), _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
            return;
        }

        lock (_handedOver)
        {
            _handedOver.Add(slot);
        }
    }

    /// <summary>Gives one PDU to the sink. One that cannot be read (bad hex, or the sink's decoder refused it) goes to
    /// <see cref="IModemEventSink.OnUnreadable"/>, which keeps it, and counts as taken care of. Any other failure is the handling's,
    /// not the PDU's: it counts as not taken care of, so a stored copy stays.</summary>
    private async Task<HandOverOutcome> HandOverAsync(string source, string pduHex, int? tpduLength, bool isReport, SimSlot? slot, CancellationToken cancellationToken)
    {
        byte[] tpdu;
        try
        {
            tpdu = StripSmsc(Convert.FromHexString(pduHex), tpduLength);
        }
        catch (FormatException ex)
        {
            _sink.OnUnreadable(this, source, pduHex, ex);
            return HandOverOutcome.Handled;
        }

        try
        {
            return isReport || (tpdu.Length > 0 && (tpdu[0] & 0x03) == 0x02)
                ? (await _sink.OnStatusReportAsync(this, tpdu, cancellationToken).ConfigureAwait(false) ? HandOverOutcome.Handled : HandOverOutcome.NotHandled)
                : await _sink.OnIncomingAsync(this, tpdu, slot, cancellationToken).ConfigureAwait(false);
        }
        catch (UnreadablePduException ex)
        {
            _sink.OnUnreadable(this, source, pduHex, ex.InnerException ?? ex);
            return HandOverOutcome.Handled;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogHandOverFailed(_logger, Name, source, ex);
            return HandOverOutcome.NotHandled;
        }
    }

    /// <summary>Removes the SMSC field that 27.005 puts before the TPDU, when present: the declared length counts the TPDU only.</summary>
    internal static byte[] StripSmsc(byte[] pdu, int? tpduLength)
    {
        if (tpduLength is { } length && pdu.Length == length)
        {
            return pdu; // some modems leave the SMSC field out of +CDS
        }

        var smscLength = pdu.Length > 0 ? pdu[0] : 0;
        return smscLength + 1 <= pdu.Length ? pdu[(smscLength + 1)..] : pdu;
    }

    private const int InvalidMemoryIndex = 321;

    private async Task CloseCoreAsync()
    {
        if (_connectionStop is { } stop)
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }

        _unsolicited?.Writer.TryComplete();
        if (_engine is { } engine)
        {
            await engine.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await _unsolicitedLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }
        catch (Exception ex)
        {
            // The old loop's failure belongs to the old connection: re-initialising must not rethrow it, or the modem
            // could never come back.
            LogLoopFailed(_logger, Name, ex);
        }

        _connectionStop?.Dispose();
        _connectionStop = null;
        _engine = null;
        _unsolicited = null;
        _unsolicitedLoop = Task.CompletedTask;
    }

    [LoggerMessage(120, LogLevel.Information, "Modem '{Modem}' ready ({Mode} mode, signal {Rssi})")]
    private static partial void LogReady(ILogger logger, string modem, string mode, int rssi);

    [LoggerMessage(121, LogLevel.Warning, "Modem '{Modem}' failed to initialise")]
    private static partial void LogInitFailed(ILogger logger, string modem, Exception exception);

    [LoggerMessage(122, LogLevel.Warning, "Modem '{Modem}' reports no SMSC address; set the SmscAddress option if sends fail with +CMS ERROR 330")]
    private static partial void LogNoSmsc(ILogger logger, string modem);

    [LoggerMessage(123, LogLevel.Warning, "Modem '{Modem}' uses text mode ({Reason}): single-segment ASCII messages only")]
    private static partial void LogTextMode(ILogger logger, string modem, string reason);

    [LoggerMessage(128, LogLevel.Warning, "Modem '{Modem}' refused AT+CSCS=\"IRA\"; in text mode characters such as @ $ _ may arrive changed")]
    private static partial void LogNoIraCharacterSet(ILogger logger, string modem);

    [LoggerMessage(124, LogLevel.Warning, "Modem '{Modem}' refused AT+CNMI={Cnmi} ({Error}); new messages and status reports may not be signalled")]
    private static partial void LogCnmiRefused(ILogger logger, string modem, string cnmi, string error);

    [LoggerMessage(125, LogLevel.Warning, "Modem '{Modem}': handling unsolicited {Name} failed")]
    private static partial void LogUnsolicitedFailed(ILogger logger, string modem, string name, Exception exception);

    [LoggerMessage(126, LogLevel.Debug, "Modem '{Modem}': unsolicited {Name} ignored")]
    private static partial void LogUnhandledUnsolicited(ILogger logger, string modem, string name);

    [LoggerMessage(127, LogLevel.Warning, "Modem '{Modem}': {Name} ignored in text mode")]
    private static partial void LogTextModeIncomingIgnored(ILogger logger, string modem, string name);

    [LoggerMessage(129, LogLevel.Warning, "Modem '{Modem}' could not list its stored messages ({Command}: {Error}); they are read at the next start")]
    private static partial void LogListFailed(ILogger logger, string modem, string command, string error);

    [LoggerMessage(130, LogLevel.Warning, "Modem '{Modem}': the message of {Source} at index {Index} was not taken care of by the handlers; it stays on the SIM and is handed over again at the next start")]
    private static partial void LogKeptOnSim(ILogger logger, string modem, string source, int index);

    [LoggerMessage(131, LogLevel.Warning, "Modem '{Modem}': the handlers failed on a {Source} the modem did not store; it cannot be read again")]
    private static partial void LogDirectNotHandled(ILogger logger, string modem, string source);

    [LoggerMessage(132, LogLevel.Debug, "Modem '{Modem}': {Source} index {Index} is no longer stored (already read)")]
    private static partial void LogAlreadyGone(ILogger logger, string modem, string source, int index);

    [LoggerMessage(134, LogLevel.Error, "Modem '{Modem}': handing over a {Source} failed (not a problem of the PDU); it counts as not taken care of")]
    private static partial void LogHandOverFailed(ILogger logger, string modem, string source, Exception exception);

    [LoggerMessage(135, LogLevel.Debug, "Modem '{Modem}': the part of a longer message of {Source} at index {Index} stays on the SIM until the whole message is taken care of")]
    private static partial void LogHeldOnSim(ILogger logger, string modem, string source, int index);

    [LoggerMessage(136, LogLevel.Warning, "Modem '{Modem}': the stored part at index {Index} could not be deleted now; it is read again at the next start")]
    private static partial void LogReleaseFailed(ILogger logger, string modem, int index, Exception? exception);

    [LoggerMessage(133, LogLevel.Error, "Modem '{Modem}': the previous connection's unsolicited loop had failed")]
    private static partial void LogLoopFailed(ILogger logger, string modem, Exception exception);
}

/// <summary>One message listed by AT+CMGL: its storage index, the PDU in hex (SMSC field first) and the TPDU length the modem gave.</summary>
internal sealed record StoredPdu(int Index, string Hex, int? TpduLength);
