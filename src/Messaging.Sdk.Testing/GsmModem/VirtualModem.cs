using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Messaging.Sdk.GsmModem;

namespace Messaging.Sdk.Testing.GsmModem;

/// <summary>A scriptable AT-command GSM modem emulator over a <see cref="Stream"/>, for tests of code that drives a modem.</summary>
/// <remarks>
/// <para>Answers the commands Messaging.Sdk.GsmModem uses (AT, ATE, AT+CMEE, AT+CPIN, AT+CREG/CEREG, AT+CSCA, AT+CMGF, AT+CNMI,
/// AT+CSQ, AT+CMGS with the <c>&gt; </c> prompt, AT+CMGR, AT+CMGL, AT+CMGD, AT+CPMS, AT+CSMP), records every command and submitted PDU,
/// emits unsolicited result codes, and injects faults: no answer (timeouts), a hung modem, +CMS errors, line noise, and
/// unsolicited lines in the middle of a response. Its SIM storage holds whatever hex it is given (<see cref="Store"/>,
/// <see cref="ReceiveAsync"/>), malformed PDUs included, so tests can feed the host what a hostile sender could.</para>
/// <para>Attach it to a stream with <see cref="RunAsync"/> (for example one end of a pseudo-terminal pair), or get an
/// in-memory channel with <see cref="CreateChannel"/>, which attaches a fresh link on each open so a re-open works.</para>
/// <para>Every property may be changed while the modem runs. Thread-safe.</para>
/// </remarks>
public sealed class VirtualModem : IAsyncDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentQueue<string> _commands = new();
    private readonly ConcurrentQueue<VirtualModemSubmission> _submissions = new();
    private readonly ConcurrentDictionary<int, string> _storage = new();
    private readonly ConcurrentDictionary<int, bool> _read = new();
    private readonly ConcurrentQueue<Fault> _faults = new();
    private readonly Lock _connectionGate = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private Stream? _connection;
    private CancellationTokenSource? _connectionStop;
    private Task _connectionTask = Task.CompletedTask;
    private int _nextReference;
    private int _nextIndex;
    private int _registrationQueries;
    private int _hung;

    /// <summary>Creates a modem with a registered SIM, PDU mode support and signal 20 (-73 dBm).</summary>
    /// <param name="timeProvider">The clock for <see cref="SendLatency"/>; <see langword="null"/> for the system clock.</param>
    public VirtualModem(TimeProvider? timeProvider = null) => _timeProvider = timeProvider ?? TimeProvider.System;

    /// <summary>The SIM PIN the modem asks for, or <see langword="null"/> for a SIM without PIN.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Pin { get; set; }

    /// <summary>Whether the SIM PIN was entered (or not needed).</summary>
    public bool PinEntered { get; private set; }

    /// <summary>Whether the modem echoes commands (ATE1), as real modems do after power-up.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Echo { get; set; } = true;

    /// <summary>Whether AT+CMGF=0 (PDU mode) is supported; when false it answers ERROR, as some text-only modems do.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool SupportsPduMode { get; set; } = true;

    /// <summary>The message format set by AT+CMGF: 0 PDU, 1 text.</summary>
    public int MessageFormat { get; private set; }

    /// <summary>The SMSC address AT+CSCA? reports; <see langword="null"/> makes it answer +CMS ERROR 330 (SMSC address unknown).</summary>
    /// <value>The default is <c>+46707990001</c>.</value>
    public string? SmscAddress { get; set; } = "+46707990001";

    /// <summary>How many AT+CREG? / AT+CEREG? queries answer "searching" (stat 2) before <see cref="RegistrationStatus"/>.</summary>
    /// <value>The default is 0.</value>
    public int SearchingQueries { get; set; }

    /// <summary>The registration status reported once searching is over: 1 home, 5 roaming, 3 denied, 0 not searching.</summary>
    /// <value>The default is 1 (registered, home network).</value>
    public int RegistrationStatus { get; set; } = 1;

    /// <summary>The RSSI AT+CSQ reports: 0-31, or 99 for unknown.</summary>
    /// <value>The default is 20.</value>
    public int Rssi { get; set; } = 20;

    /// <summary>How long the modem takes to answer AT+CMGS after the PDU (the radio round trip).</summary>
    /// <value>The default is zero.</value>
    public TimeSpan SendLatency { get; set; }

    /// <summary>Whether a status report is emitted for every submitted PDU that asks for one (TP-SRR), right after +CMGS.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool AutoStatusReports { get; set; }

    /// <summary>How automatic status reports are signalled: directly (<c>+CDS</c>) or stored with an index (<c>+CDSI</c>).</summary>
    /// <value>The default is <see cref="VirtualModemReportMode.Direct"/>.</value>
    public VirtualModemReportMode StatusReportMode { get; set; } = VirtualModemReportMode.Direct;

    /// <summary>Builds the SMS-STATUS-REPORT TPDU (hex, without SMSC field) for an automatic report from the submission.</summary>
    /// <value>The default reports the message delivered (<see cref="VirtualModemPdus.DeliveredReport"/>).</value>
    public Func<VirtualModemSubmission, string>? StatusReportFactory { get; set; } = VirtualModemPdus.DeliveredReport;

    /// <summary>Every command line received, in order (a PIN is recorded as <c>AT+CPIN="****"</c>).</summary>
    public IReadOnlyList<string> Commands => [.. _commands];

    /// <summary>Every message submitted with AT+CMGS, in order.</summary>
    public IReadOnlyList<VirtualModemSubmission> Submissions => [.. _submissions];

    /// <summary>The indexes of the messages in storage.</summary>
    public IReadOnlyCollection<int> StoredIndexes => [.. _storage.Keys.Order()];

    /// <summary>True while a connection is attached.</summary>
    public bool IsConnected => Volatile.Read(ref _connection) is not null;

    /// <summary>How many times a connection was attached (counts re-opens).</summary>
    public int ConnectionCount { get; private set; }

    /// <summary>Raised after each command line is received (the line as recorded in <see cref="Commands"/>).</summary>
    public event Action<string>? CommandReceived;

    /// <summary>Raised when message input (the PDU or text after the prompt) ends with Ctrl-Z, before the modem answers or ignores it.</summary>
    public event Action<string>? InputReceived;

    /// <summary>Creates a channel: each open attaches this modem to a fresh in-memory link, closing the previous one.</summary>
    /// <param name="name">The channel name.</param>
    /// <returns>The channel.</returns>
    public IModemChannel CreateChannel(string name = "virtual-modem")
        => new StreamModemChannel(name, openCancellation =>
        {
            var (client, modem) = InMemoryDuplexStream.CreatePair();
            _ = RunAsync(modem, CancellationToken.None);
            return ValueTask.FromResult<Stream>(client);
        });

    /// <summary>Serves one connection until the stream ends or <paramref name="cancellationToken"/> fires; replaces any previous one.</summary>
    /// <param name="stream">The modem's end of the link.</param>
    /// <param name="cancellationToken">Stops serving.</param>
    /// <returns>A task that completes when the connection ends.</returns>
    public Task RunAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CancellationTokenSource stop;
        lock (_connectionGate)
        {
            _connectionStop?.Cancel();
            _connectionStop = stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Volatile.Write(ref _connection, stream);
            Volatile.Write(ref _hung, 0);
            ConnectionCount++;
            _connectionTask = Task.Run(() => ServeAsync(stream, stop.Token), CancellationToken.None);
            return _connectionTask;
        }
    }

    /// <summary>The next command starting with <paramref name="commandPrefix"/> gets no answer at all (the caller times out).</summary>
    /// <param name="commandPrefix">For example <c>AT+CMGS</c>.</param>
    /// <param name="count">How many such commands to ignore.</param>
    public void IgnoreNext(string commandPrefix, int count = 1) => AddFault(new Fault(FaultKind.Ignore, commandPrefix, count));

    /// <summary>The next AT+CMGS (after its PDU) answers <c>+CMS ERROR: <paramref name="cmsError"/></c>.</summary>
    /// <param name="cmsError">The error, for example 42 (congestion) or 21 (rejected).</param>
    /// <param name="count">How many submissions fail.</param>
    /// <param name="skip">How many submissions succeed first (1 fails the second segment of a multipart message).</param>
    public void FailNextSubmit(int cmsError, int count = 1, int skip = 0) => AddFault(new Fault(FaultKind.CmsError, "AT+CMGS", count, cmsError) { Skip = skip });

    /// <summary>The next command starting with <paramref name="commandPrefix"/> answers <paramref name="finalLine"/> instead, for example <c>+CME ERROR: 14</c>.</summary>
    /// <param name="commandPrefix">The command prefix.</param>
    /// <param name="finalLine">The final result line.</param>
    /// <param name="count">How many commands.</param>
    public void AnswerNext(string commandPrefix, string finalLine, int count = 1) => AddFault(new Fault(FaultKind.Answer, commandPrefix, count, Line: finalLine));

    /// <summary>Writes <paramref name="lines"/> as unsolicited lines in the middle of the response to the next command with
    /// <paramref name="commandPrefix"/> (for AT+CMGS: after the PDU, before <c>+CMGS:</c>).</summary>
    /// <param name="commandPrefix">The command prefix.</param>
    /// <param name="lines">The lines, for example <c>+CMTI: "SM",1</c>.</param>
    public void InjectIntoNextResponse(string commandPrefix, params string[] lines)
        => AddFault(new Fault(FaultKind.Inject, commandPrefix, 1, Lines: lines));

    /// <summary>Writes raw bytes (line noise) before the response to the next command with <paramref name="commandPrefix"/>.</summary>
    /// <param name="commandPrefix">The command prefix.</param>
    /// <param name="garbage">The bytes.</param>
    public void GarbageBeforeNextResponse(string commandPrefix, byte[] garbage)
        => AddFault(new Fault(FaultKind.Garbage, commandPrefix, 1, Bytes: garbage));

    /// <summary>The next AT+CMGS (or AT+CMGW) gets no <c>&gt; </c> prompt and no answer: the host times out before it wrote any of the message.</summary>
    /// <param name="count">How many such commands.</param>
    public void WithholdNextPrompt(int count = 1) => AddFault(new Fault(FaultKind.NoPrompt, "AT+CMG", count));

    /// <summary>Makes the modem hang: it ignores everything until the next connection is attached (a port re-open).</summary>
    public void Hang() => Volatile.Write(ref _hung, 1);

    /// <summary>Writes an unsolicited line now, for example <c>RING</c> or <c>+CREG: 1</c>.</summary>
    /// <param name="line">The line, without CR LF.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when written.</returns>
    public Task EmitAsync(string line, CancellationToken cancellationToken = default)
        => WriteLinesAsync([line], cancellationToken);

    /// <summary>Emits a status report directly: <c>+CDS: len</c> followed by the PDU (27.005 3.4.1, CNMI ds=1).</summary>
    /// <param name="statusReportTpduHex">The SMS-STATUS-REPORT TPDU in hex, without SMSC field.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when written.</returns>
    public Task EmitStatusReportAsync(string statusReportTpduHex, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(statusReportTpduHex);
        var length = statusReportTpduHex.Length / 2;
        return WriteLinesAsync([$"+CDS: {length.ToString(CultureInfo.InvariantCulture)}", "00" + statusReportTpduHex], cancellationToken);
    }

    /// <summary>Stores a status report and signals it with <c>+CDSI: "SR",index</c> (CNMI ds=2).</summary>
    /// <param name="statusReportTpduHex">The SMS-STATUS-REPORT TPDU in hex, without SMSC field.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The storage index.</returns>
    public async Task<int> StoreStatusReportAsync(string statusReportTpduHex, CancellationToken cancellationToken = default)
    {
        var index = Store("00" + statusReportTpduHex);
        await WriteLinesAsync([$"+CDSI: \"SR\",{index.ToString(CultureInfo.InvariantCulture)}"], cancellationToken).ConfigureAwait(false);
        return index;
    }

    /// <summary>Stores an incoming SMS-DELIVER and signals it with <c>+CMTI: "SM",index</c>.</summary>
    /// <param name="deliverPduHex">The SMS-DELIVER PDU in hex, with its SMSC field first (as AT+CMGR returns it).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The storage index.</returns>
    public async Task<int> ReceiveAsync(string deliverPduHex, CancellationToken cancellationToken = default)
    {
        var index = Store(deliverPduHex);
        await WriteLinesAsync([$"+CMTI: \"SM\",{index.ToString(CultureInfo.InvariantCulture)}"], cancellationToken).ConfigureAwait(false);
        return index;
    }

    /// <summary>Routes an incoming SMS-DELIVER straight to the host without storing it: <c>+CMT: ,len</c> followed by the PDU
    /// (27.005 3.4.1, CNMI mt=2 in PDU mode), as modems do when the host asked for direct delivery.</summary>
    /// <param name="deliverPduHex">The SMS-DELIVER PDU in hex, with its SMSC field first (as <see cref="VirtualModemPdus.Deliver(PhoneNumber, string, DateTimeOffset?)"/> builds it).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when written.</returns>
    public Task DeliverDirectAsync(string deliverPduHex, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deliverPduHex);
        // The length counts the TPDU only, not the SMSC field in front of it.
        var smscOctets = Convert.ToInt32(deliverPduHex[..2], 16);
        var length = (deliverPduHex.Length / 2) - 1 - smscOctets;
        return WriteLinesAsync([$"+CMT: ,{length.ToString(CultureInfo.InvariantCulture)}", deliverPduHex], cancellationToken);
    }

    /// <summary>Puts a PDU (hex, with SMSC field) in storage without signalling it, as a message that arrived while no host was
    /// connected; AT+CMGL lists it ("REC UNREAD" until AT+CMGR or AT+CMGL=0 reads it).</summary>
    /// <param name="pduHex">The PDU; not checked, so a malformed one can be stored on purpose.</param>
    /// <returns>The storage index.</returns>
    public int Store(string pduHex)
    {
        ArgumentException.ThrowIfNullOrEmpty(pduHex);
        var index = Interlocked.Increment(ref _nextIndex);
        _storage[index] = pduHex;
        return index;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Task task;
        Stream? connection;
        lock (_connectionGate)
        {
            _connectionStop?.Cancel();
            task = _connectionTask;
            connection = _connection;
            _connection = null;
        }

        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }

        _writeLock.Dispose();
    }

    private void AddFault(Fault fault)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fault.Prefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(fault.Count, 1);
        _faults.Enqueue(fault);
    }

    private Fault? TakeFault(string command, FaultKind kind)
    {
        foreach (var fault in _faults)
        {
            if (fault.Kind == kind && command.StartsWith(fault.Prefix, StringComparison.OrdinalIgnoreCase) && fault.TryTake())
            {
                return fault;
            }
        }

        return null;
    }

    private async Task ServeAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var line = new StringBuilder();
        string? inputFor = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                for (var i = 0; i < read; i++)
                {
                    var b = buffer[i];
                    if (Volatile.Read(ref _hung) != 0)
                    {
                        continue;
                    }

                    if (inputFor is not null)
                    {
                        if (b == 0x1A)
                        {
                            var input = line.ToString().Trim();
                            line.Clear();
                            var command = inputFor;
                            inputFor = null;
                            InputReceived?.Invoke(input);
                            await OnMessageInputAsync(stream, command, input, cancellationToken).ConfigureAwait(false);
                        }
                        else if (b == 0x1B)
                        {
                            line.Clear();
                            inputFor = null;
                            await WriteRawAsync(stream, "\r\nOK\r\n", cancellationToken).ConfigureAwait(false);
                        }
                        else
                        {
                            line.Append((char)b);
                        }

                        continue;
                    }

                    if (b is (byte)'\r' or (byte)'\n')
                    {
                        if (line.Length == 0)
                        {
                            continue;
                        }

                        var command = line.ToString().Trim();
                        line.Clear();
                        if (Echo)
                        {
                            await WriteRawAsync(stream, command + "\r", cancellationToken).ConfigureAwait(false);
                        }

                        if (await OnCommandAsync(stream, command, cancellationToken).ConfigureAwait(false))
                        {
                            inputFor = command;
                        }
                    }
                    else if (b >= 0x20 && b < 0x7F)
                    {
                        line.Append((char)b);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection ended.
        }
        finally
        {
            lock (_connectionGate)
            {
                if (ReferenceEquals(_connection, stream))
                {
                    _connection = null;
                }
            }
        }
    }

    /// <summary>Handles one command line; returns true when it waits for message input after the prompt.</summary>
    private async Task<bool> OnCommandAsync(Stream stream, string command, CancellationToken cancellationToken)
    {
        var recorded = command.StartsWith("AT+CPIN=", StringComparison.OrdinalIgnoreCase) ? "AT+CPIN=\"****\"" : command;
        _commands.Enqueue(recorded);
        CommandReceived?.Invoke(recorded);

        var upper = command.ToUpperInvariant();
        if (upper.StartsWith("AT+CMGS=", StringComparison.Ordinal) || upper.StartsWith("AT+CMGW", StringComparison.Ordinal))
        {
            if (TakeFault(command, FaultKind.NoPrompt) is not null)
            {
                return false;
            }

            // Other faults on a submission apply after its PDU, where a real modem's radio round trip fails.
            await WriteRawAsync(stream, "\r\n> ", cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (TakeFault(command, FaultKind.Ignore) is not null)
        {
            return false;
        }

        if (TakeFault(command, FaultKind.Garbage) is { } garbage)
        {
            await WriteBytesAsync(stream, garbage.Bytes!, cancellationToken).ConfigureAwait(false);
        }

        if (TakeFault(command, FaultKind.Inject) is { } inject)
        {
            await WriteLinesAsync(stream, inject.Lines!, cancellationToken).ConfigureAwait(false);
        }

        if (TakeFault(command, FaultKind.Answer) is { } answer)
        {
            await WriteLinesAsync(stream, [answer.Line!], cancellationToken).ConfigureAwait(false);
            return false;
        }

        var lines = Answer(upper, command);
        await WriteLinesAsync(stream, lines, cancellationToken).ConfigureAwait(false);
        return false;
    }

    private List<string> Answer(string upper, string command)
    {
        static List<string> Ok(params string[] lines) => [.. lines, "OK"];
        var value = upper.IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? command[(eq + 1)..].Trim() : string.Empty;
        var simReady = Pin is null || PinEntered;

        switch (upper)
        {
            case "AT":
            case "ATZ":
            case "AT&F":
                return Ok();
            case "ATE0":
                Echo = false;
                return Ok();
            case "ATE1":
            case "ATE":
                Echo = true;
                return Ok();
            case "AT+CMEE?":
                return Ok("+CMEE: 1");
            case "AT+CPIN?":
                return Ok(simReady ? "+CPIN: READY" : "+CPIN: SIM PIN");
            case "AT+CSQ":
                return Ok($"+CSQ: {Rssi.ToString(CultureInfo.InvariantCulture)},99");
            case "AT+CREG?":
            case "AT+CEREG?":
            case "AT+CGREG?":
                {
                    var name = upper[2..^1];
                    if (!simReady)
                    {
                        return Ok($"{name}: 0,0");
                    }

                    var stat = Interlocked.Increment(ref _registrationQueries) <= SearchingQueries ? 2 : RegistrationStatus;
                    return Ok($"{name}: 0,{stat.ToString(CultureInfo.InvariantCulture)}");
                }

            case "AT+CSCA?":
                return SmscAddress is null ? ["+CMS ERROR: 330"] : Ok($"+CSCA: \"{SmscAddress}\",{(SmscAddress.StartsWith('+') ? 145 : 129).ToString(CultureInfo.InvariantCulture)}");
            case "AT+CGMI":
                return Ok("Messaging.Sdk");
            case "AT+CGMM":
                return Ok("VirtualModem");
            case "AT+CGSN":
                return Ok("490154203237518");
            case "AT+CMGF?":
                return Ok($"+CMGF: {MessageFormat.ToString(CultureInfo.InvariantCulture)}");
        }

        if (upper.StartsWith("AT+CMEE=", StringComparison.Ordinal) || upper.StartsWith("AT+CNMI=", StringComparison.Ordinal)
            || upper.StartsWith("AT+CSMP=", StringComparison.Ordinal) || upper.StartsWith("AT+CSCS=", StringComparison.Ordinal)
            || upper.StartsWith("AT+CREG=", StringComparison.Ordinal) || upper.StartsWith("AT+CEREG=", StringComparison.Ordinal)
            || upper.StartsWith("AT+CNMA", StringComparison.Ordinal))
        {
            return Ok();
        }

        if (upper.StartsWith("AT+CPMS=", StringComparison.Ordinal))
        {
            var count = _storage.Count.ToString(CultureInfo.InvariantCulture);
            return Ok($"+CPMS: {count},30,{count},30,{count},30");
        }

        if (upper.StartsWith("AT+CPIN=", StringComparison.Ordinal))
        {
            if (Pin is null || PinEntered)
            {
                return ["+CME ERROR: 3"];
            }

            if (string.Equals(value.Trim('"'), Pin, StringComparison.Ordinal))
            {
                PinEntered = true;
                return Ok();
            }

            return ["+CME ERROR: 16"];
        }

        if (upper.StartsWith("AT+CSCA=", StringComparison.Ordinal))
        {
            SmscAddress = value.Split(',')[0].Trim('"');
            return Ok();
        }

        if (upper.StartsWith("AT+CMGF=", StringComparison.Ordinal))
        {
            if (value == "0" && !SupportsPduMode)
            {
                return ["ERROR"];
            }

            MessageFormat = value == "1" ? 1 : 0;
            return Ok();
        }

        if (upper.StartsWith("AT+CMGR=", StringComparison.Ordinal) && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var readIndex))
        {
            if (!_storage.TryGetValue(readIndex, out var pdu))
            {
                return ["+CMS ERROR: 321"];
            }

            var stat = _read.ContainsKey(readIndex) ? 1 : 0;
            _read[readIndex] = true;
            return Ok($"+CMGR: {stat.ToString(CultureInfo.InvariantCulture)},,{TpduLength(pdu).ToString(CultureInfo.InvariantCulture)}", pdu);
        }

        if (upper.StartsWith("AT+CMGL", StringComparison.Ordinal))
        {
            return MessageFormat == 0 && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var listStat) && listStat is >= 0 and <= 4
                ? List(listStat)
                : ["+CMS ERROR: 302"];
        }

        if (upper.StartsWith("AT+CMGD=", StringComparison.Ordinal) && int.TryParse(value.Split(',')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var deleteIndex))
        {
            // 27.005 3.5.4: AT+CMGD=index[,delflag]; delflag 1 read, 2 read and sent, 3 all but unsent, 4 all (index ignored).
            var flag = value.Split(',') is { Length: > 1 } f && int.TryParse(f[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var df) ? df : 0;
            foreach (var index in flag == 0 ? new[] { deleteIndex } : _storage.Keys.Where(k => flag >= 3 || _read.ContainsKey(k)).ToArray())
            {
                _storage.TryRemove(index, out _);
                _read.TryRemove(index, out _);
            }

            return Ok();
        }

        return ["ERROR"];
    }

    /// <summary>AT+CMGL in PDU mode (27.005 3.4.2): stat 0 unread, 1 read, 4 all; listing marks unread messages read.</summary>
    private List<string> List(int stat)
    {
        var lines = new List<string>();
        foreach (var index in _storage.Keys.Order())
        {
            if (!_storage.TryGetValue(index, out var pdu))
            {
                continue;
            }

            var read = _read.ContainsKey(index);
            if (stat == 4 || (stat == 0 && !read) || (stat == 1 && read))
            {
                lines.Add($"+CMGL: {index.ToString(CultureInfo.InvariantCulture)},{(read ? 1 : 0).ToString(CultureInfo.InvariantCulture)},,{TpduLength(pdu).ToString(CultureInfo.InvariantCulture)}");
                lines.Add(pdu);
                _read[index] = true;
            }
        }

        lines.Add("OK");
        return lines;
    }

    /// <summary>The TPDU length a modem reports for a stored PDU: its octets after the SMSC field (any hex, even malformed, gets a length).</summary>
    private static int TpduLength(string pdu)
    {
        var smscLength = pdu.Length >= 2 && int.TryParse(pdu.AsSpan(0, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return Math.Max(0, (pdu.Length / 2) - 1 - smscLength);
    }

    private async Task OnMessageInputAsync(Stream stream, string command, string input, CancellationToken cancellationToken)
    {
        if (TakeFault(command, FaultKind.Ignore) is not null)
        {
            return;
        }

        if (SendLatency > TimeSpan.Zero)
        {
            await Task.Delay(SendLatency, _timeProvider, cancellationToken).ConfigureAwait(false);
        }

        if (TakeFault(command, FaultKind.Garbage) is { } garbage)
        {
            await WriteBytesAsync(stream, garbage.Bytes!, cancellationToken).ConfigureAwait(false);
        }

        if (TakeFault(command, FaultKind.Inject) is { } inject)
        {
            await WriteLinesAsync(stream, inject.Lines!, cancellationToken).ConfigureAwait(false);
        }

        if (TakeFault(command, FaultKind.CmsError) is { } error)
        {
            await WriteLinesAsync(stream, [$"+CMS ERROR: {error.Code.ToString(CultureInfo.InvariantCulture)}"], cancellationToken).ConfigureAwait(false);
            return;
        }

        if (TakeFault(command, FaultKind.Answer) is { } answer)
        {
            await WriteLinesAsync(stream, [answer.Line!], cancellationToken).ConfigureAwait(false);
            return;
        }

        var reference = Interlocked.Increment(ref _nextReference) & 0xFF;
        var lengthText = command[(command.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim();
        var submission = new VirtualModemSubmission(
            input,
            MessageFormat,
            int.TryParse(lengthText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var length) ? length : null,
            lengthText.Trim('"'),
            reference);
        var malformed = MessageFormat == 0 && !submission.IsWellFormedPdu;
        if (malformed)
        {
            await WriteLinesAsync(stream, ["+CMS ERROR: 304"], cancellationToken).ConfigureAwait(false);
            return;
        }

        _submissions.Enqueue(submission);
        await WriteLinesAsync(stream, [$"+CMGS: {reference.ToString(CultureInfo.InvariantCulture)}", "OK"], cancellationToken).ConfigureAwait(false);

        if (AutoStatusReports && submission.RequestsStatusReport && StatusReportFactory is { } factory)
        {
            var report = factory(submission);
            if (StatusReportMode == VirtualModemReportMode.Stored)
            {
                await StoreStatusReportAsync(report, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await EmitStatusReportAsync(report, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private Task WriteLinesAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        var stream = Volatile.Read(ref _connection) ?? throw new InvalidOperationException("The virtual modem has no connection.");
        return WriteLinesAsync(stream, lines, cancellationToken);
    }

    private Task WriteLinesAsync(Stream stream, IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append("\r\n").Append(line).Append("\r\n");
        }

        return WriteRawAsync(stream, text.ToString(), cancellationToken);
    }

    private Task WriteRawAsync(Stream stream, string text, CancellationToken cancellationToken)
        => WriteBytesAsync(stream, Encoding.Latin1.GetBytes(text), cancellationToken);

    private async Task WriteBytesAsync(Stream stream, byte[] bytes, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private enum FaultKind
    {
        Ignore,
        CmsError,
        Answer,
        Inject,
        Garbage,
        NoPrompt,
    }

    private sealed record Fault(FaultKind Kind, string Prefix, int Count, int Code = 0, string? Line = null, string[]? Lines = null, byte[]? Bytes = null)
    {
        private int _left = Count;
        private int _skipped;

        public int Skip { get; init; }

        public bool TryTake()
        {
            if (Volatile.Read(ref _left) > 0 && Interlocked.Increment(ref _skipped) <= Skip)
            {
                return false;
            }

            while (true)
            {
                var left = Volatile.Read(ref _left);
                if (left <= 0)
                {
                    return false;
                }

                if (Interlocked.CompareExchange(ref _left, left - 1, left) == left)
                {
                    return true;
                }
            }
        }
    }
}

/// <summary>How the <see cref="VirtualModem"/> signals automatic status reports.</summary>
public enum VirtualModemReportMode
{
    /// <summary><c>+CDS: len</c> followed by the PDU (CNMI ds=1).</summary>
    Direct,

    /// <summary>Stored, with <c>+CDSI: "SR",index</c> (CNMI ds=2); read with AT+CMGR.</summary>
    Stored,
}

/// <summary>A message submitted to the <see cref="VirtualModem"/> with AT+CMGS.</summary>
/// <param name="Input">What came between the prompt and Ctrl-Z: the PDU in hex (PDU mode) or the text (text mode).</param>
/// <param name="MessageFormat">0 PDU mode, 1 text mode.</param>
/// <param name="DeclaredLength">The TPDU length given to AT+CMGS in PDU mode, or <see langword="null"/> in text mode.</param>
/// <param name="CommandArgument">The AT+CMGS argument as given: the length in PDU mode, the number in text mode.</param>
/// <param name="MessageReference">The reference the modem answered in +CMGS.</param>
public sealed record VirtualModemSubmission(string Input, int MessageFormat, int? DeclaredLength, string CommandArgument, int MessageReference)
{
    /// <summary>The PDU's bytes (with the SMSC field first), or <see langword="null"/> in text mode or for malformed hex.</summary>
    public byte[]? PduBytes => MessageFormat == 0 && Input.Length % 2 == 0 && Input.All(char.IsAsciiHexDigit) ? Convert.FromHexString(Input) : null;

    /// <summary>The TPDU's bytes (the PDU without its SMSC field), or <see langword="null"/>.</summary>
    public byte[]? TpduBytes => PduBytes is { Length: > 0 } pdu && pdu[0] + 1 <= pdu.Length ? pdu[(pdu[0] + 1)..] : null;

    /// <summary>True for a PDU whose hex is valid and whose TPDU length matches the length given to AT+CMGS (27.005 3.5.1).</summary>
    public bool IsWellFormedPdu => TpduBytes is { } tpdu && tpdu.Length == DeclaredLength;

    /// <summary>True when the SMS-SUBMIT asks for a status report (TP-SRR, bit 5 of the first octet).</summary>
    public bool RequestsStatusReport => TpduBytes is { Length: > 0 } tpdu && (tpdu[0] & 0x20) != 0;
}
