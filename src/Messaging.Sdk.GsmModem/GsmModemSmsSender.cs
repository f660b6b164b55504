using System.Diagnostics.Metrics;
using Messaging.Sdk.Diagnostics;
using Messaging.Sdk.Sms.Encoding;
using Messaging.Sdk.Validation;
using Microsoft.Extensions.Logging;
using Polly;

namespace Messaging.Sdk.GsmModem;

/// <summary>An <see cref="ISmsSender"/> that sends through one or more GSM modems with AT commands in PDU mode.</summary>
/// <remarks>
/// <para>The modems are initialised on <see cref="StartAsync"/> or the first send. Each message goes to the ready modem with the
/// fewest messages in flight; all its segments go through that modem. The result's <see cref="SmsSendResult.SegmentIds"/> are
/// <c>{modem name}:{message reference}</c> (the port name and the TP-MR from +CMGS), unique across the pool; delivery reports carry the
/// id of the first segment as <see cref="DeliveryReport.MessageId"/>.</para>
/// <para>A transient +CMS ERROR (network busy, SMSC busy or timeout, memory) before any segment went out is retried by the sender's
/// resilience pipeline; a permanent one returns <see cref="SendStatus.Rejected"/>. If the modem stops answering after a PDU was
/// written, the result is <see cref="SendStatus.Unknown"/> and the message is not re-sent.</para>
/// <para>A modem in text mode (it refused AT+CMGF=0, or <see cref="GsmModemOptions.PreferPduMode"/> is false) can only send one
/// GSM 7-bit segment of printable ASCII: other messages go to a PDU-mode modem of the pool, or are rejected with the reason.</para>
/// <para>Status reports (+CDS, +CDSI) become <see cref="DeliveryReport"/>s and incoming messages (+CMTI, +CMT) <see cref="IncomingSms"/>,
/// published to the registered handlers, to <see cref="IDeliveryReportSource"/> readers and, for reports, to the message's callback URL.
/// Messages already on the SIM are read (AT+CMGL) when a modem starts. A stored message is deleted from the SIM only once it was taken care
/// of; one that cannot be decoded is kept in <see cref="UnhandledPdus"/> (with the raw PDU) and never stops the modem. The parts of a
/// longer message stay on the SIM until the whole message was published (or given up as incomplete), so a restart in between
/// reassembles them from the SIM instead of losing them.</para>
/// <para><see cref="SmsSendResult.Segments"/> gives each segment's fate: Accepted with its id, Rejected with the +CMS ERROR (or "not sent"
/// for the segments after a failure), Unknown when the PDU was written but no answer came. A send cancelled after a PDU was written
/// ends with a result, not an exception, and no retry re-sends a segment that was written.</para>
/// </remarks>
public sealed partial class GsmModemSmsSender : ISmsSender, IAsyncDisposable, IDisposable
{
    internal const string TransportName = "gsmmodem";

    /// <summary>How many unhandled PDUs <see cref="UnhandledPdus"/> keeps (the most recent).</summary>
    public const int UnhandledPduCapacity = 100;

    private static readonly Counter<long> UnhandledCounter = MessagingTelemetry.Meter.CreateCounter<long>(
        "messaging.sdk.gsmmodem.unhandled_pdus", "{pdu}", "Incoming PDUs a GSM modem sender could not hand over: malformed, or parts of a message that never completed.");

    private readonly GsmModemOptions _options;
    private readonly IModemPduCodec _codec;
    private readonly MessageValidator _validator;
    private readonly ResiliencePipeline _pipeline;
    private readonly DeliveryReportDispatcher? _dispatcher;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ModemPool _pool;
    private readonly StatusReportTracker _tracker;
    private readonly Dictionary<(string Modem, string From, int Reference, int Total), PartialMessage> _partials = [];
    private readonly Queue<UnhandledModemPdu> _unhandled = new();

    internal GsmModemSmsSender(
        string name,
        GsmModemOptions options,
        IModemPduCodec codec,
        MessageValidator validator,
        ResiliencePipeline pipeline,
        DeliveryReportDispatcher? dispatcher,
        TimeProvider timeProvider,
        ILogger logger)
    {
        Name = name;
        _options = options;
        _codec = codec;
        _validator = validator;
        _pipeline = pipeline;
        _dispatcher = dispatcher;
        _timeProvider = timeProvider;
        _logger = logger;
        _tracker = new StatusReportTracker(name, timeProvider, options.DeliveryReportWindow);
        var sink = new Sink(this);
        var channels = options.CreateChannels();
        if (channels.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            // Segment ids and status-report correlation are keyed by the modem name.
            throw new ArgumentException($"GSM modem sender '{name}': two modems are named '{duplicate.Key}'; each modem (port) must have its own name.", nameof(options));
        }

        _pool = new ModemPool(
            [.. channels.Select(c => new ModemConnection(c, options, timeProvider, logger, sink))],
            options,
            timeProvider,
            logger);
    }

    /// <summary>The sender name.</summary>
    public string Name { get; }

    /// <summary>The health of each modem (state, last signal quality, registration, messages in flight), without I/O.</summary>
    public IReadOnlyList<ModemHealth> Health => _pool.Health;

    /// <summary>The most recent incoming PDUs (at most <see cref="UnhandledPduCapacity"/>) that could not be handed over: malformed
    /// ones, with the raw PDU and the decoder's reason, and the parts of concatenated messages that expired incomplete
    /// (<see cref="GsmModemOptions.IncomingPartsTimeout"/>, <see cref="GsmModemOptions.MaxIncomingPartials"/>). Each is also logged and
    /// counted (<c>messaging.sdk.gsmmodem.unhandled_pdus</c>).</summary>
    public IReadOnlyList<UnhandledModemPdu> UnhandledPdus
    {
        get
        {
            lock (_unhandled)
            {
                return [.. _unhandled];
            }
        }
    }

    internal ModemPool Pool => _pool;

    internal StatusReportTracker Tracker => _tracker;

    /// <summary>Opens and initialises the modems now rather than on the first send, so that incoming messages and status reports flow.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when every modem was tried; those that failed keep being re-initialised in the background.</returns>
    /// <exception cref="GsmModemException">No modem could be initialised.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default) => _pool.StartAsync(cancellationToken);

    /// <summary>Reads the signal quality (AT+CSQ) of every ready modem and returns the health of all.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The health of each modem.</returns>
    public async Task<IReadOnlyList<ModemHealth>> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        foreach (var modem in _pool.Modems.Where(m => m.State == ModemState.Ready))
        {
            try
            {
                await modem.ReadSignalQualityAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (GsmModemException ex)
            {
                _pool.ReportFailure(modem, ex);
            }
        }

        return _pool.Health;
    }

    /// <inheritdoc />
    public Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        _validator.EnsureValid(message);
        IReadOnlyList<ModemSubmitPdu> pdus;
        try
        {
            // Encoded before any I/O so that text the chosen alphabet cannot carry fails as a validation error.
            pdus = _codec.EncodeSubmit(message, message.WantsDeliveryReport);
        }
        catch (ArgumentException ex)
        {
            throw new MessageValidationException([new ValidationError(nameof(SmsMessage.Text), ex.Message)]);
        }

        var textModeProblem = TextModeLimits.Problem(message);
        return SendExecution.RunAsync(SenderKind.Sms, Name, TransportName, _pipeline, _logger, _timeProvider, (_, ct) => AttemptAsync(message, pdus, textModeProblem, ct), cancellationToken);
    }

    /// <summary>Closes the modems.</summary>
    /// <returns>A task that completes when they are closed.</returns>
    public ValueTask DisposeAsync() => _pool.DisposeAsync();

    /// <summary>Closes the modems (blocking; prefer <see cref="DisposeAsync"/>). A host's synchronous
    /// <c>ServiceProvider.Dispose()</c> calls this, and would throw if the sender were only asynchronously disposable.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async ValueTask<SmsSendResult> AttemptAsync(SmsMessage message, IReadOnlyList<ModemSubmitPdu> pdus, string? textModeProblem, CancellationToken cancellationToken)
    {
        await _pool.StartAsync(cancellationToken).ConfigureAwait(false);
        using var lease = _pool.Acquire(needsPduMode: textModeProblem is not null);
        var modem = lease.Modem;
        var wantsReport = message.WantsDeliveryReport;
        var references = new List<int>();
        var tracked = wantsReport ? _tracker.Begin(modem.Name, message.To!, message.DeliveryReportUrl) : null;
        var accepted = false;
        var total = modem.UsesPduMode ? pdus.Count : 1;
        try
        {
            if (modem.UsesPduMode)
            {
                foreach (var pdu in pdus)
                {
                    var reference = await modem.SubmitPduAsync(pdu.Hex, pdu.TpduLength, cancellationToken).ConfigureAwait(false);
                    references.Add(reference);
                    if (tracked is not null)
                    {
                        _tracker.AddReference(tracked, reference);
                    }
                }
            }
            else
            {
                if (textModeProblem is not null)
                {
                    return SmsSendResult.Rejected(null, TextModeRejection(modem, textModeProblem));
                }

                var reference = await modem.SubmitTextAsync(message.To!.ToString(), message.Text, wantsReport, message.ValidityPeriod, cancellationToken).ConfigureAwait(false);
                references.Add(reference);
                if (tracked is not null)
                {
                    _tracker.AddReference(tracked, reference);
                }
            }

            accepted = true;
        }
        catch (GsmModemException ex)
        {
            _pool.ReportFailure(modem, ex);
            return Outcome(ex, references, modem, total);
        }
        catch (OperationCanceledException) when (references.Count > 0)
        {
            // Earlier segments are on their way to the handset: the caller learns which, instead of an exception that loses their ids.
            return PartlySent(
                SendStatus.Rejected,
                $"The send was cancelled after {references.Count} of {total} segment(s) were sent; the rest were not sent and the sent ones are not repeated.",
                references,
                modem,
                total,
                failed: null);
        }
        finally
        {
            if (tracked is not null)
            {
                foreach (var (report, url) in _tracker.Complete(tracked, accepted))
                {
                    // Reports are the network's, not the caller's: the send's cancellation must not drop them.
                    await PublishAsync(report, url, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }

        LogSent(_logger, Name, modem.Name, total, string.Join(",", references));
        return SmsSendResult.Accepted(ToSegmentIds(modem, references)) with { Segments = AcceptedSegments(modem, references) };
    }

    private static SmsSegmentResult[] AcceptedSegments(ModemConnection modem, List<int> references)
        => [.. references.Select((r, i) => new SmsSegmentResult(i + 1, SendStatus.Accepted, StatusReportTracker.SegmentId(modem.Name, r), null, null))];

    /// <summary>A result for a message of which some segments went out: the accepted ones with their ids, then <paramref name="failed"/>
    /// (the one that failed, when there is one), then the ones never sent.</summary>
    private static SmsSendResult PartlySent(SendStatus status, string text, List<int> references, ModemConnection modem, int total, SmsSegmentResult? failed, int? code = null)
    {
        var segments = new List<SmsSegmentResult>(AcceptedSegments(modem, references));
        if (failed is not null)
        {
            segments.Add(failed);
        }

        for (var sequence = segments.Count + 1; sequence <= total; sequence++)
        {
            segments.Add(new SmsSegmentResult(sequence, SendStatus.Rejected, null, null, "not sent"));
        }

        return new SmsSendResult
        {
            Status = status,
            NativeCode = code,
            NativeText = text,
            SegmentIds = ToSegmentIds(modem, references),
            SegmentCount = total,
            Segments = segments,
        };
    }

    private string TextModeRejection(ModemConnection modem, string problem)
    {
        var why = _options.PreferPduMode
            ? "it refused PDU mode (AT+CMGF=0)"
            : "GsmModemOptions.PreferPduMode is false";
        var fix = _options.PreferPduMode
            ? "send it through a modem that supports PDU mode"
            : "set PreferPduMode to true (the default)";
        return $"Modem '{modem.Name}' is in text mode because {why}. Text mode sends a single segment of at most {TextModeLimits.MaxSeptets} GSM 7-bit characters typed as printable ASCII, without a user data header, so it cannot send this message: {problem}. To send it, {fix}.";
    }

    private static string[] ToSegmentIds(ModemConnection modem, List<int> references)
        => [.. references.Select(r => StatusReportTracker.SegmentId(modem.Name, r))];

    private async ValueTask<bool> PublishAsync(DeliveryReport report, Uri? callbackUrl, CancellationToken cancellationToken)
    {
        if (_dispatcher is null)
        {
            return true;
        }

        try
        {
            return await _dispatcher.PublishAsync(report, callbackUrl, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The host is shutting down: closing the ports drains what the modems already sent, after the container is gone.
            LogDroppedAtShutdown(_logger, Name, "status report", report.MessageId);
            return false;
        }
    }

    private static SmsSendResult Outcome(GsmModemException ex, List<int> references, ModemConnection modem, int total)
    {
        var sentSoFar = references.Count;
        var sequence = sentSoFar + 1;
        if (ex.Kind == GsmModemErrorKind.CmsError || (ex.Kind is GsmModemErrorKind.CmeError or GsmModemErrorKind.Error && ex.RequestWritten))
        {
            var text = ex.NativeCode is { } code
                ? (ex.Kind == GsmModemErrorKind.CmeError ? ModemErrors.CmeErrorName(code) : ModemErrors.CmsErrorName(code))
                : "ERROR";
            var refused = new SmsSegmentResult(sequence, SendStatus.Rejected, null, ex.NativeCode, text);
            if (sentSoFar == 0)
            {
                var rejected = PartlySent(SendStatus.Rejected, text, references, modem, total, refused, ex.NativeCode) with { IsTransient = ex.IsTransient };
                if (ex.IsTransient)
                {
                    throw new RetryableRejectionException(rejected);
                }

                return rejected;
            }

            // Earlier parts are out: re-sending the whole message would duplicate them on the handset.
            return PartlySent(SendStatus.Rejected, $"{text} (segment {sequence}; {sentSoFar} earlier segment(s) were sent and not repeated)", references, modem, total, refused, ex.NativeCode);
        }

        if (ex.RequestWritten || sentSoFar > 0)
        {
            // The segment in flight may have gone out (it was written): Unknown. When it was never written (the modem failed
            // before its prompt) nothing is in doubt: the earlier segments are out, the rest are not, and a retry would repeat them.
            var inDoubt = ex.RequestWritten ? new SmsSegmentResult(sequence, SendStatus.Unknown, null, null, ex.Message) : null;
            return PartlySent(inDoubt is null ? SendStatus.Rejected : SendStatus.Unknown, $"Modem '{modem.Name}': {ex.Message}", references, modem, total, inDoubt);
        }

        // Nothing reached the network: safe to retry, on another modem if this one was taken out.
        throw ex;
    }

    private async ValueTask<bool> OnStatusReportAsync(ModemConnection modem, byte[] tpdu, CancellationToken cancellationToken)
    {
        ModemStatusReport status;
        try
        {
            status = _codec.DecodeStatusReport(tpdu);
        }
        catch (Exception ex) when (ex is SmsFormatException or FormatException or ArgumentException)
        {
            throw new UnreadablePduException(ex);
        }

        var handled = true;
        foreach (var (report, url) in _tracker.Correlate(modem.Name, status))
        {
            handled &= await PublishAsync(report, url, cancellationToken).ConfigureAwait(false);
        }

        return handled;
    }

    private async ValueTask<HandOverOutcome> OnIncomingAsync(ModemConnection modem, byte[] tpdu, SimSlot? slot, CancellationToken cancellationToken)
    {
        ModemDeliver deliver;
        try
        {
            deliver = _codec.DecodeDeliver(tpdu);
        }
        catch (Exception ex) when (ex is SmsFormatException or FormatException or ArgumentException)
        {
            // Only the decoder's verdict makes a PDU unreadable: a failure further on is the handling's, and keeps the stored copy.
            throw new UnreadablePduException(ex);
        }

        var now = _timeProvider.GetUtcNow();
        var givenUp = new List<(string Modem, SimSlot Slot)>();
        ExpirePartials(now, givenUp);
        string text;
        PartialMessage? whole = null;
        if (deliver.ConcatReference is { } reference && deliver.ConcatTotal > 1)
        {
            if (deliver.ConcatSequence < 1 || deliver.ConcatSequence > deliver.ConcatTotal)
            {
                // 23.040 9.2.3.24.1: the sequence number runs from 1 to the total; anything else cannot be placed.
                Unhandled(modem.Name, "partial", Convert.ToHexString(tpdu), $"Concatenation sequence number {deliver.ConcatSequence} is outside 1..{deliver.ConcatTotal} (reference {reference}).", now);
                await ReleaseGivenUpAsync(givenUp, cancellationToken).ConfigureAwait(false);
                return HandOverOutcome.Handled;
            }

            var key = (modem.Name, deliver.Originator, reference, deliver.ConcatTotal);
            lock (_partials)
            {
                if (!_partials.TryGetValue(key, out var partial))
                {
                    if (_partials.Count >= _options.MaxIncomingPartials)
                    {
                        var oldest = _partials.MinBy(p => p.Value.FirstSeen);
                        _partials.Remove(oldest.Key);
                        ExpireLocked(oldest.Key.Modem, oldest.Value, now, $"more than {_options.MaxIncomingPartials} incomplete messages were waiting (MaxIncomingPartials)", givenUp);
                    }

                    partial = new PartialMessage(deliver.ConcatTotal, now);
                    _partials[key] = partial;
                }

                // A part seen twice (the network re-delivered it, or the SIM is listed again) keeps its first copy; every
                // stored copy is remembered, to be deleted with the message.
                partial.Parts.TryAdd(deliver.ConcatSequence, (deliver.Text, Convert.ToHexString(tpdu), slot is not null));
                if (slot is not null)
                {
                    partial.Slots.Add(slot);
                }

                if (partial.Parts.Count == partial.Total)
                {
                    _partials.Remove(key);
                    whole = partial;
                }
            }

            await ReleaseGivenUpAsync(givenUp, cancellationToken).ConfigureAwait(false);
            if (whole is null)
            {
                return HandOverOutcome.Held;
            }

            text = string.Concat(whole.Parts.OrderBy(p => p.Key).Select(p => p.Value.Text));
        }
        else
        {
            await ReleaseGivenUpAsync(givenUp, cancellationToken).ConfigureAwait(false);
            text = deliver.Text;
        }

        var incoming = new IncomingSms
        {
            From = Originator(deliver),
            Text = text,
            ReceivedAt = deliver.Timestamp,
            SenderName = Name,
        };
        bool handled;
        try
        {
            handled = _dispatcher is null || await _dispatcher.PublishAsync(incoming, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            LogDroppedAtShutdown(_logger, Name, "incoming message", "from " + deliver.Originator[..Math.Min(4, deliver.Originator.Length)] + "...");
            handled = false;
        }

        if (whole is null)
        {
            return handled ? HandOverOutcome.Handled : HandOverOutcome.NotHandled;
        }

        if (!handled)
        {
            // The stored parts stay on the SIM, so the next start reads and reassembles them again. The parts the modem
            // delivered without storing them (+CMT) exist nowhere else: they are kept here rather than lost.
            foreach (var (sequence, part) in whole.Parts.Where(p => !p.Value.Stored).OrderBy(p => p.Key))
            {
                Unhandled(modem.Name, "partial", part.Hex, $"A handler failed on the reassembled message (part {sequence} of {whole.Total}, not stored on the SIM).", now);
            }

            return HandOverOutcome.NotHandled;
        }

        // The part being handed over is deleted by the connection once this returns; the earlier ones are deleted here.
        await modem.ReleaseStoredAsync(whole.Slots.Where(s => s != slot), cancellationToken).ConfigureAwait(false);
        return HandOverOutcome.Handled;
    }

    /// <summary>Deletes from their modems' SIMs the stored parts of messages given up as incomplete: they are in <see cref="UnhandledPdus"/> now.</summary>
    private async Task ReleaseGivenUpAsync(List<(string Modem, SimSlot Slot)> givenUp, CancellationToken cancellationToken)
    {
        foreach (var group in givenUp.GroupBy(g => g.Modem, StringComparer.Ordinal))
        {
            if (_pool.Modems.FirstOrDefault(m => string.Equals(m.Name, group.Key, StringComparison.Ordinal)) is { } owner)
            {
                await owner.ReleaseStoredAsync(group.Select(g => g.Slot), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The originator as an address even when it is none of the forms a caller may send to: alphanumeric sender ids
    /// ("InfoMsg", "Vodafone"), short numbers and numbers with * or # are kept, not dropped.</summary>
    private static PhoneNumber Originator(ModemDeliver deliver)
        => PhoneNumber.TryParse(deliver.Originator, out var parsed) ? parsed : PhoneNumber.FromNetwork(deliver.Originator);

    private void ExpirePartials(DateTimeOffset now, List<(string Modem, SimSlot Slot)> givenUp)
    {
        lock (_partials)
        {
            if (_partials.Count == 0)
            {
                return;
            }

            foreach (var (key, partial) in _partials.Where(p => now - p.Value.FirstSeen >= _options.IncomingPartsTimeout).ToList())
            {
                _partials.Remove(key);
                ExpireLocked(key.Modem, partial, now, $"the other parts did not arrive within {_options.IncomingPartsTimeout} (IncomingPartsTimeout)", givenUp);
            }
        }
    }

    private void ExpireLocked(string modem, PartialMessage partial, DateTimeOffset now, string why, List<(string Modem, SimSlot Slot)> givenUp)
    {
        var held = string.Join(",", partial.Parts.Keys.Order());
        foreach (var (sequence, part) in partial.Parts.OrderBy(p => p.Key))
        {
            Unhandled(modem, "partial", part.Hex, $"Part {sequence} of {partial.Total} (held: {held}) of a concatenated message expired incomplete: {why}.", now);
        }

        // Kept in UnhandledPdus now: their stored copies go, or the SIM would fill with parts that never complete.
        givenUp.AddRange(partial.Slots.Select(s => (modem, s)));
    }

    private void OnUnreadable(ModemConnection modem, string source, string pduHex, Exception reason)
    {
        LogUnreadable(_logger, Name, modem.Name, source, pduHex.Length / 2, reason);
        Unhandled(modem.Name, source, pduHex, reason.Message, _timeProvider.GetUtcNow());
    }

    private void Unhandled(string modem, string source, string pduHex, string reason, DateTimeOffset at)
    {
        lock (_unhandled)
        {
            if (_unhandled.Count >= UnhandledPduCapacity)
            {
                _unhandled.Dequeue();
            }

            _unhandled.Enqueue(new UnhandledModemPdu(modem, source, pduHex, reason, at));
        }

        LogUnhandled(_logger, Name, modem, source, reason, pduHex.Length / 2);
        if (UnhandledCounter.Enabled)
        {
            UnhandledCounter.Add(1, new KeyValuePair<string, object?>("messaging.sender", Name), new KeyValuePair<string, object?>("messaging.source", source));
        }
    }

    [LoggerMessage(160, LogLevel.Debug, "GSM modem sender '{Sender}': sent {Segments} segment(s) through '{Modem}', references {References}")]
    private static partial void LogSent(ILogger logger, string sender, string modem, int segments, string references);

    [LoggerMessage(161, LogLevel.Warning, "GSM modem sender '{Sender}': {What} {Id} arrived while shutting down and was not published")]
    private static partial void LogDroppedAtShutdown(ILogger logger, string sender, string what, string? id);

    [LoggerMessage(162, LogLevel.Warning, "GSM modem sender '{Sender}': a {Source} PDU of {Octets} octets from modem '{Modem}' could not be read; it is kept in UnhandledPdus and the modem goes on")]
    private static partial void LogUnreadable(ILogger logger, string sender, string modem, string source, int octets, Exception exception);

    // The PDU holds the message text (one-time codes, personal data): it is kept in UnhandledPdus for the host, never logged.
    [LoggerMessage(163, LogLevel.Information, "GSM modem sender '{Sender}': a {Source} PDU of {Octets} octets from modem '{Modem}' was not handed over ({Reason}); it is kept in UnhandledPdus")]
    private static partial void LogUnhandled(ILogger logger, string sender, string modem, string source, string reason, int octets);

    private sealed class PartialMessage(int total, DateTimeOffset firstSeen)
    {
        public int Total { get; } = total;

        public DateTimeOffset FirstSeen { get; } = firstSeen;

        public Dictionary<int, (string Text, string Hex, bool Stored)> Parts { get; } = [];

        /// <summary>Where the parts are stored on the SIM (none for parts delivered directly by +CMT).</summary>
        public HashSet<SimSlot> Slots { get; } = [];
    }

    private sealed class Sink(GsmModemSmsSender sender) : IModemEventSink
    {
        public ValueTask<bool> OnStatusReportAsync(ModemConnection modem, byte[] tpdu, CancellationToken cancellationToken)
            => sender.OnStatusReportAsync(modem, tpdu, cancellationToken);

        public ValueTask<HandOverOutcome> OnIncomingAsync(ModemConnection modem, byte[] tpdu, SimSlot? slot, CancellationToken cancellationToken)
            => sender.OnIncomingAsync(modem, tpdu, slot, cancellationToken);

        public void OnUnreadable(ModemConnection modem, string source, string pduHex, Exception reason)
            => sender.OnUnreadable(modem, source, pduHex, reason);
    }
}
