using System.Collections.Concurrent;
using System.Globalization;
using Messaging.Sdk.Diagnostics;
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
/// published to the registered handlers, to <see cref="IDeliveryReportSource"/> readers and, for reports, to the message's callback URL.</para>
/// </remarks>
public sealed partial class GsmModemSmsSender : ISmsSender, IAsyncDisposable, IDisposable
{
    internal const string TransportName = "gsmmodem";

    private readonly GsmModemOptions _options;
    private readonly IModemPduCodec _codec;
    private readonly MessageValidator _validator;
    private readonly ResiliencePipeline _pipeline;
    private readonly DeliveryReportDispatcher? _dispatcher;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ModemPool _pool;
    private readonly StatusReportTracker _tracker;
    private readonly ConcurrentDictionary<(string Modem, string From, int Reference), PartialMessage> _partials = new();

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
        int total;
        try
        {
            if (modem.UsesPduMode)
            {
                total = pdus.Count;
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
                total = 1;
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
            return Outcome(ex, references, modem);
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
        return SmsSendResult.Accepted(ToSegmentIds(modem, references));
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

    private async ValueTask PublishAsync(DeliveryReport report, Uri? callbackUrl, CancellationToken cancellationToken)
    {
        if (_dispatcher is null)
        {
            return;
        }

        try
        {
            await _dispatcher.PublishAsync(report, callbackUrl, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The host is shutting down: closing the ports drains what the modems already sent, after the container is gone.
            LogDroppedAtShutdown(_logger, Name, "status report", report.MessageId);
        }
    }

    private static SmsSendResult Outcome(GsmModemException ex, List<int> references, ModemConnection modem)
    {
        var sentSoFar = references.Count;
        if (ex.Kind == GsmModemErrorKind.CmsError || (ex.Kind is GsmModemErrorKind.CmeError or GsmModemErrorKind.Error && ex.RequestWritten))
        {
            var text = ex.NativeCode is { } code
                ? (ex.Kind == GsmModemErrorKind.CmeError ? ModemErrors.CmeErrorName(code) : ModemErrors.CmsErrorName(code))
                : "ERROR";
            if (sentSoFar == 0)
            {
                var rejected = SmsSendResult.Rejected(ex.NativeCode, text, ex.IsTransient);
                if (ex.IsTransient)
                {
                    throw new RetryableRejectionException(rejected);
                }

                return rejected;
            }

            // Earlier parts are out: re-sending the whole message would duplicate them on the handset.
            return SmsSendResult.Rejected(ex.NativeCode, $"{text} (segment {sentSoFar + 1}; {sentSoFar} earlier segment(s) were sent and not repeated)") with
            {
                SegmentIds = ToSegmentIds(modem, references),
            };
        }

        if (ex.RequestWritten || sentSoFar > 0)
        {
            return new SmsSendResult
            {
                Status = SendStatus.Unknown,
                NativeText = $"Modem '{modem.Name}': {ex.Message}",
                SegmentIds = ToSegmentIds(modem, references),
            };
        }

        // Nothing reached the network: safe to retry, on another modem if this one was taken out.
        throw ex;
    }

    private async ValueTask OnStatusReportAsync(ModemConnection modem, byte[] tpdu, CancellationToken cancellationToken)
    {
        var status = _codec.DecodeStatusReport(tpdu);
        foreach (var (report, url) in _tracker.Correlate(modem.Name, status))
        {
            await PublishAsync(report, url, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask OnIncomingAsync(ModemConnection modem, byte[] tpdu, CancellationToken cancellationToken)
    {
        var deliver = _codec.DecodeDeliver(tpdu);
        string text;
        if (deliver.ConcatReference is { } reference && deliver.ConcatTotal > 1)
        {
            var key = (modem.Name, deliver.Originator, reference);
            var partial = _partials.GetOrAdd(key, _ => new PartialMessage(deliver.ConcatTotal, _timeProvider.GetUtcNow()));
            lock (partial)
            {
                partial.Parts[deliver.ConcatSequence] = deliver.Text;
                if (partial.Parts.Count < partial.Total)
                {
                    return;
                }

                text = string.Concat(partial.Parts.OrderBy(p => p.Key).Select(p => p.Value));
            }

            _partials.TryRemove(key, out _);
        }
        else
        {
            text = deliver.Text;
        }

        var incoming = new IncomingSms
        {
            From = PhoneNumber.TryParse(deliver.Originator, out var from) ? from : PhoneNumber.Parse("0"),
            Text = text,
            ReceivedAt = deliver.Timestamp,
            SenderName = Name,
        };
        if (_dispatcher is null)
        {
            return;
        }

        try
        {
            await _dispatcher.PublishAsync(incoming, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            LogDroppedAtShutdown(_logger, Name, "incoming message", "from " + deliver.Originator[..Math.Min(4, deliver.Originator.Length)] + "...");
        }
    }

    [LoggerMessage(160, LogLevel.Debug, "GSM modem sender '{Sender}': sent {Segments} segment(s) through '{Modem}', references {References}")]
    private static partial void LogSent(ILogger logger, string sender, string modem, int segments, string references);

    [LoggerMessage(161, LogLevel.Warning, "GSM modem sender '{Sender}': {What} {Id} arrived while shutting down and was not published")]
    private static partial void LogDroppedAtShutdown(ILogger logger, string sender, string what, string? id);

    private sealed class PartialMessage(int total, DateTimeOffset firstSeen)
    {
        public int Total { get; } = total;

        public DateTimeOffset FirstSeen { get; } = firstSeen;

        public Dictionary<int, string> Parts { get; } = [];
    }

    private sealed class Sink(GsmModemSmsSender sender) : IModemEventSink
    {
        public ValueTask OnStatusReportAsync(ModemConnection modem, byte[] tpdu, CancellationToken cancellationToken)
            => sender.OnStatusReportAsync(modem, tpdu, cancellationToken);

        public ValueTask OnIncomingAsync(ModemConnection modem, byte[] tpdu, CancellationToken cancellationToken)
            => sender.OnIncomingAsync(modem, tpdu, cancellationToken);
    }
}
