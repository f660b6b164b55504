using System.Threading.Channels;
using Messaging.Sdk.Diagnostics;
using Messaging.Sdk.Resilience;
using Messaging.Sdk.Smpp.Pdus;
using Messaging.Sdk.Smpp.Receipts;
using Messaging.Sdk.Smpp.Session;
using Messaging.Sdk.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Messaging.Sdk.Smpp;

/// <summary>
/// Sends SMS over SMPP 3.4: a pool of self-healing binds with a window of outstanding submit_sm each, adaptive
/// back-off on throttling, and delivery receipts correlated back to every segment of the message.
/// </summary>
/// <remarks>
/// Register with <c>services.AddMessaging().AddSmpp(...)</c> and resolve <see cref="ISmsSender"/>. Every send ends
/// Accepted (one id per segment), Rejected (the command_status in <see cref="SendResult.NativeCode"/> and its
/// ESME_R* name in <see cref="SendResult.NativeText"/>), or Unknown when a submit_sm was written but its response was
/// lost; <see cref="SmsSendResult.Segments"/> gives each segment's fate. A <see cref="MessagingTransportException"/>
/// means no bind could be made and nothing went out: once a segment of a long message went out, a failure or a
/// cancellation ends with a result instead, and a retry of the resilience pipeline never submits again a segment that
/// was accepted or is in doubt.
/// </remarks>
public sealed class SmppSmsSender : ISmsSender, IAsyncDisposable, IDisposable
{
    private readonly string _name;
    private readonly SmppOptions _options;
    private readonly MessageValidator _validator;
    private readonly ResiliencePipeline _pipeline;
    private readonly DeliveryReportDispatcher? _dispatcher;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private const string LostToTimeout = "submit_sm written, no submit_sm_resp within the response timeout";
    private const string LostToLinkDrop = "submit_sm written, the link dropped before its submit_sm_resp";
    private readonly ReceiptTracker _receipts;
    private readonly SmppBindPool _pool;
    private readonly Inbound _inbound;
    private int _disposed;

    internal SmppSmsSender(string name, SmppOptions options, MessageValidator? validator = null, ResiliencePipeline? pipeline = null,
        DeliveryReportDispatcher? dispatcher = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        _name = name;
        _options = options;
        _validator = validator ?? MessageValidator.Default;
        _pipeline = pipeline ?? ResiliencePipeline.Empty;
        _dispatcher = dispatcher;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _receipts = new ReceiptTracker(_time, options.ReceiptTrackingCapacity, options.ReceiptTrackingDuration, options.EarlyReceiptCapacity, options.EarlyReceiptRetention,
            options.ReceiptIdFormat);
        _inbound = new Inbound(this);
        _pool = new SmppBindPool(options, name, _time, _logger, _inbound);
    }

    /// <summary>Raised for every delivery report, after the DI handlers; for code that holds the sender directly.</summary>
    public event Action<DeliveryReport>? DeliveryReportReceived;

    /// <summary>Raised for every mobile-originated message (parts reassembled).</summary>
    public event Action<IncomingSms>? MessageReceived;

    internal SmppBindPool Pool => _pool;

    internal ReceiptTracker Receipts => _receipts;

    /// <summary>deliver_sm / data_sm queued and not yet taken by the inbound loop; for tests.</summary>
    internal int InboundQueued => _inbound.Queued;

    /// <summary>Opens every bind (the receiver binds of <see cref="SmppOptions.ReceiverBinds"/> included) now instead of on the first send.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when every bind is bound.</returns>
    /// <exception cref="MessagingTransportException">A bind could not be made within the connect timeout.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        _pool.StartAll();
        foreach (var bind in _pool.Binds.Concat(_pool.Receivers))
        {
            await bind.GetSessionAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
        => SendAsync(message, null, cancellationToken);

    /// <summary>Validates and sends <paramref name="message"/> with SMPP-specific settings.</summary>
    /// <param name="message">The message.</param>
    /// <param name="sendOptions">Scheduled delivery, priority, service_type, ...; <see langword="null"/> for the sender's defaults.</param>
    /// <param name="cancellationToken">Cancels waiting for a bind or a window slot; a submit_sm already written is followed to its outcome.
    /// Cancelled after some segments went out, the send returns a result with each segment's fate instead of throwing.</param>
    /// <returns>The SMSC's verdict.</returns>
    /// <exception cref="MessageValidationException">The message is invalid; nothing was sent.</exception>
    /// <exception cref="MessagingAuthenticationException">The SMSC refused the bind credentials.</exception>
    /// <exception cref="MessagingTransportException">No bind could be made; nothing was sent.</exception>
    /// <exception cref="OperationCanceledException">Cancelled before anything was sent.</exception>
    public Task<SmsSendResult> SendAsync(SmsMessage message, SmppSendOptions? sendOptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _validator.EnsureValid(message, out var analysis);
        if (sendOptions?.Priority is > 3)
        {
            throw new MessageValidationException([new ValidationError("Priority", "priority_flag must be 0 to 3.")]);
        }

        var encoded = SmppTextCodec.Encode(message, _options, analysis);
        var pdus = BuildPdus(message, sendOptions, encoded);
        return SendExecution.RunAsync(SenderKind.Sms, _name, "smpp", _pipeline, _logger, _time, new Send(this, message, sendOptions, pdus, new SegmentOutcome[pdus.Count]),
            static (send, _, ct) => send.Sender.SendOnceAsync(send, ct), cancellationToken);
    }

    /// <summary>Asks the SMSC for the state of a message (query_sm).</summary>
    /// <param name="messageId">The SMSC's message id (a segment id from <see cref="SmsSendResult.SegmentIds"/>).</param>
    /// <param name="source">The source address the message was sent with, or <see langword="null"/> for <see cref="SmppOptions.DefaultSource"/>.</param>
    /// <param name="cancellationToken">Cancels waiting for a bind or a window slot.</param>
    /// <returns>The SMSC's answer.</returns>
    /// <exception cref="MessagingTransportException">No bind could be made, or the answer was lost.</exception>
    public async Task<SmppMessageQuery> QueryAsync(string messageId, PhoneNumber? source = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        var (ton, npi, address) = Address(source ?? DefaultSource(), _options.SourceTon, _options.SourceNpi);
        var response = await RequestAsync(new QuerySmPdu { MessageId = messageId, SourceAddrTon = ton, SourceAddrNpi = npi, SourceAddr = address }, cancellationToken).ConfigureAwait(false);
        return response.Body is QuerySmResponsePdu body
            ? new SmppMessageQuery(response.Status, body.MessageState is >= 1 and <= 8 ? (DeliveryState)body.MessageState : DeliveryState.Unknown, body.FinalDate, body.ErrorCode)
            : new SmppMessageQuery(response.Status, null, string.Empty, 0);
    }

    /// <summary>Asks the SMSC to cancel a message not yet delivered (cancel_sm).</summary>
    /// <param name="messageId">The SMSC's message id.</param>
    /// <param name="destination">The recipient the message was sent to.</param>
    /// <param name="source">The source address the message was sent with, or <see langword="null"/> for <see cref="SmppOptions.DefaultSource"/>.</param>
    /// <param name="cancellationToken">Cancels waiting for a bind or a window slot.</param>
    /// <returns>The command_status: <see cref="SmppCommandStatus.Ok"/> when cancelled, for example ESME_RCANCELFAIL otherwise.</returns>
    /// <exception cref="MessagingTransportException">No bind could be made, or the answer was lost.</exception>
    public async Task<SmppCommandStatus> CancelAsync(string messageId, PhoneNumber destination, PhoneNumber? source = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        ArgumentNullException.ThrowIfNull(destination);
        var (srcTon, srcNpi, src) = Address(source ?? DefaultSource(), _options.SourceTon, _options.SourceNpi);
        var (dstTon, dstNpi, dst) = Address(destination, _options.DestinationTon, _options.DestinationNpi);
        var pdu = new CancelSmPdu
        {
            ServiceType = _options.ServiceType, MessageId = messageId, SourceAddrTon = srcTon, SourceAddrNpi = srcNpi, SourceAddr = src,
            DestAddrTon = dstTon, DestAddrNpi = dstNpi, DestinationAddr = dst,
        };
        return (await RequestAsync(pdu, cancellationToken).ConfigureAwait(false)).Status;
    }

    /// <summary>Unbinds every link gracefully and closes it.</summary>
    /// <returns>A task that completes when every link is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Inbound first, while the links are open: what is handled is answered ESME_ROK, what is not gets a temporary error,
        // so that the SMSC neither believes delivered what nobody handled nor re-delivers what was.
        await _inbound.DisposeAsync().ConfigureAwait(false);
        await _pool.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Unbinds every link and closes it (blocking; prefer <see cref="DisposeAsync"/>). A host's synchronous
    /// <c>ServiceProvider.Dispose()</c> calls this, and would throw if the sender were only asynchronously disposable.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private PhoneNumber? DefaultSource() => _options.DefaultSource is { } d ? PhoneNumber.Parse(d) : null;

    private async Task<SmppResponse> RequestAsync(Pdu request, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var bind = _pool.Next();
        while (true)
        {
            var session = await bind.GetSessionAsync(cancellationToken).ConfigureAwait(false);
            var response = await session.SendAsync(request, windowed: true, cancellationToken).ConfigureAwait(false);
            switch (response.Outcome)
            {
                case ResponseOutcome.Responded:
                    return response;
                case ResponseOutcome.NotSent:
                    continue;
                default:
                    throw new MessagingTransportException($"The SMSC did not answer {request.CommandId} ({response.Outcome}).") { IsTransient = true };
            }
        }
    }

    /// <summary>One attempt: submits the segments that have no outcome yet (all of them on the first attempt).</summary>
    /// <remarks>
    /// The segments' outcomes live in <paramref name="send"/>, which every attempt of one message shares: a retry after a
    /// failure resumes with the segments that were never written, and never submits again one that was accepted or whose
    /// answer was lost. When an attempt fails after some segments went out, <see cref="Send.ResultAfter"/> turns the
    /// failure into a result that gives each segment's fate.
    /// </remarks>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<SmsSendResult> SendOnceAsync(Send send, CancellationToken cancellationToken)
    {
        var pdus = send.Pdus;
        var segments = send.Segments;
        var bind = _pool.Next();
        var wantsReceipt = send.Message.WantsDeliveryReport || send.Options?.RegisteredDelivery is > 0;
        SmsSendResult result;
        List<(DeliveryReport Report, Uri? CallbackUrl)>? early = null;
        var registered = false;

        // While a submission asking for a receipt is under way, a receipt may overtake its submit_sm_resp: the tracker
        // must know, so as not to take such a receipt for another message's while it learns the id format.
        if (wantsReceipt)
        {
            _receipts.SubmitStarted();
        }

        try
        {
            if (pdus.Count == 1)
            {
                if (segments[0].State == SegmentState.Pending)
                {
                    segments[0] = await SubmitSegmentAsync(bind, pdus[0], cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                await SubmitSegmentsAsync(bind, pdus, segments, cancellationToken).ConfigureAwait(false);
            }

            result = Combine(segments, failure: null);
            if (result.Status == SendStatus.Accepted && wantsReceipt)
            {
                registered = true;
                early = _receipts.Register(result.SegmentIds, send.Message.To, send.Message.DeliveryReportUrl, _name, endsSubmission: true);
            }
        }
        finally
        {
            if (wantsReceipt && !registered)
            {
                _receipts.SubmitEnded();
            }
        }

        // The caller's token ends the wait for the SMSC, not the hand-over of reports the SMSC already sent.
        foreach (var (report, callback) in early ?? [])
        {
            await PublishAsync(report, callback, CancellationToken.None).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Submits every segment without an outcome at once, each in its own window slot, and records each one's outcome as it comes.</summary>
    /// <exception cref="Exception">The first failure of a segment that was not written; the outcomes of the others are recorded first.</exception>
    private async ValueTask SubmitSegmentsAsync(SmppBind bind, List<ShortMessagePdu> pdus, SegmentOutcome[] segments, CancellationToken cancellationToken)
    {
        if (!Array.Exists(segments, static s => s.State == SegmentState.Pending))
        {
            return;
        }

        // Waiting for the bind first means the segments are written synchronously one after the other, so they reach the
        // SMSC in order.
        await bind.GetSessionAsync(cancellationToken).ConfigureAwait(false);
        var outcomes = new Task<SegmentOutcome>?[pdus.Count];
        for (var i = 0; i < pdus.Count; i++)
        {
            if (segments[i].State == SegmentState.Pending)
            {
                outcomes[i] = SubmitSegmentAsync(bind, pdus[i], cancellationToken).AsTask();
            }
        }

        // Every segment is awaited, not only up to the first failure: a segment written before another one failed
        // (a cancelled window wait, a pacer wait, a re-bind timeout) still ends with its own outcome and id.
        Exception? failure = null;
        for (var i = 0; i < outcomes.Length; i++)
        {
            if (outcomes[i] is not { } outcome)
            {
                continue;
            }

            try
            {
                segments[i] = await outcome.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                failure ??= ex;
            }
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>The message's result from its segments' outcomes: Unknown when any segment may have arrived without an answer, else Rejected when any was refused or never sent, else Accepted.</summary>
    /// <param name="segments">Each segment's outcome so far.</param>
    /// <param name="failure">Why the segments still <see cref="SegmentState.Pending"/> were not sent, or <see langword="null"/> when every segment has an outcome.</param>
    private static SmsSendResult Combine(SegmentOutcome[] segments, Exception? failure)
    {
        var fates = new SmsSegmentResult[segments.Length];
        var accepted = 0;
        var unknown = false;
        var resent = false;
        var notSent = 0;
        SegmentOutcome? rejected = null;
        for (var i = 0; i < segments.Length; i++)
        {
            var s = segments[i];
            resent |= s.Resent;
            switch (s.State)
            {
                case SegmentState.Accepted:
                    accepted++;
                    fates[i] = new SmsSegmentResult(i + 1, SendStatus.Accepted, s.MessageId);
                    break;
                case SegmentState.Rejected:
                    rejected ??= s;
                    fates[i] = new SmsSegmentResult(i + 1, SendStatus.Rejected, null, (int)s.Code, s.Code.Name());
                    break;
                case SegmentState.Unknown:
                    unknown = true;
                    fates[i] = new SmsSegmentResult(i + 1, SendStatus.Unknown, null, null, s.Reason);
                    break;
                default:
                    // Never written (the attempt failed or was cancelled before it): the SMSC does not have it.
                    notSent++;
                    fates[i] = new SmsSegmentResult(i + 1, SendStatus.Rejected, null, null, NotSentReason(failure));
                    break;
            }
        }

        var ids = accepted == 0 ? [] : new string[accepted];
        for (int i = 0, n = 0; n < accepted; i++)
        {
            if (segments[i].State == SegmentState.Accepted)
            {
                ids[n++] = segments[i].MessageId!;
            }
        }

        // One allocation of the result on the hot path: no factory followed by a copy.
        var (status, code, text, transient) = unknown ? (SendStatus.Unknown, (int?)null, (string?)null, false)
            : rejected is { } rej ? (SendStatus.Rejected, (int)rej.Code, rej.Code.Name(), rej.Code.IsTransient())
            : notSent > 0 ? (SendStatus.Rejected, null, $"{accepted} of {segments.Length} segments accepted; {notSent} {NotSentReason(failure)}", MessagingResilience.IsTransient(failure))
            : (SendStatus.Accepted, null, null, false);
        return new SmsSendResult
        {
            Status = status, NativeCode = code, NativeText = text, IsTransient = transient, WasResent = resent,
            SegmentIds = ids, SegmentCount = segments.Length, Segments = fates,
        };
    }

    private static string NotSentReason(Exception? failure) => failure switch
    {
        OperationCanceledException => "not sent (the send was cancelled)",
        MessagingException => "not sent (" + failure.Message + ")",
        null => "not sent",
        _ => "not sent (" + failure.GetType().Name + ")",
    };

    /// <summary>Submits one segment on <paramref name="bind"/>, re-sending it after throttling (and after a lost answer with at-least-once), until it has an outcome.</summary>
    /// <remarks>
    /// Once the segment was written and its answer lost, it stays Unknown: a later refusal of a re-send (with
    /// <see cref="SmppOptions.AtLeastOnce"/>) or a failure before one does not hide that the SMSC may have the first copy.
    /// </remarks>
    /// <exception cref="Exception">The segment could not be written (no bind, cancelled while waiting for a slot or the pacer).</exception>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<SegmentOutcome> SubmitSegmentAsync(SmppBind bind, ShortMessagePdu pdu, CancellationToken cancellationToken)
    {
        var throttled = 0;
        var resends = 0;
        // Why an earlier copy of this segment is in doubt, once one was written and its answer lost.
        string? lost = null;
        // The session whose window slot this segment kept after a throttling answer: re-sending on it keeps one sender's
        // order through the back-off, because the messages queued for that slot cannot overtake the throttled one.
        SmppSession? held = null;
        try
        {
            while (true)
            {
                SmppSession session;
                SmppResponse response;
                int epoch;
                try
                {
                    session = await bind.GetSessionAsync(cancellationToken).ConfigureAwait(false);
                    if (held is not null && !ReferenceEquals(held, session))
                    {
                        held.ReleaseHeldSlot();
                        held = null;
                    }

                    var slotHeld = held is not null;
                    held = null;
                    epoch = bind.Pacer.Epoch;
                    response = await session.SendAsync(pdu, windowed: true, slotHeld, keepSlotIfThrottled: true, bind.Pacer, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception) when (lost is not null)
                {
                    // The re-send could not be written: the copy already written is still in doubt.
                    return new SegmentOutcome(SegmentState.Unknown, null, SmppCommandStatus.Ok, true, lost);
                }

                switch (response.Outcome)
                {
                    case ResponseOutcome.NotSent:
                        // Never written: sending it on the next link cannot duplicate it.
                        continue;
                    case ResponseOutcome.TimedOut or ResponseOutcome.ConnectionLost:
                        SmppMetrics.Submits.Add(1, SmppMetrics.Sender(_name));
                        SmppMetrics.RecordUnknown(_name, response.Outcome);
                        lost = response.Outcome == ResponseOutcome.TimedOut ? LostToTimeout : LostToLinkDrop;
                        if (_options.AtLeastOnce && resends++ < 3)
                        {
                            continue;
                        }

                        return new SegmentOutcome(SegmentState.Unknown, null, SmppCommandStatus.Ok, resends > 0, lost);
                }

                SmppMetrics.Submits.Add(1, SmppMetrics.Sender(_name));
                SmppMetrics.RecordResponse(_name, response.Status);
                if (response.Status == SmppCommandStatus.Ok)
                {
                    bind.Pacer.OnAccepted();
                    return new SegmentOutcome(SegmentState.Accepted, response.MessageId, SmppCommandStatus.Ok, resends > 0, null);
                }

                if (response.Status.IsTransient())
                {
                    held = session;
                    if (throttled++ < _options.ThrottleRetryAttempts)
                    {
                        var delay = bind.Pacer.OnThrottled(epoch);
                        SmppMetrics.ThrottleBackoffs.Add(1, SmppMetrics.Sender(_name));
                        SmppLog.Throttled(_logger, _name, CommandId.SubmitSm, response.Status.Name(), delay);
                        continue;
                    }
                }

                // A refusal of a re-send says nothing about the copy whose answer was lost: the SMSC may have that one.
                return lost is not null
                    ? new SegmentOutcome(SegmentState.Unknown, null, SmppCommandStatus.Ok, true, lost)
                    : new SegmentOutcome(SegmentState.Rejected, null, response.Status, resends > 0, null);
            }
        }
        finally
        {
            held?.ReleaseHeldSlot();
        }
    }

    private List<ShortMessagePdu> BuildPdus(SmsMessage message, SmppSendOptions? sendOptions, SmppEncodedText encoded)
    {
        var (srcTon, srcNpi, src) = Address(message.From ?? DefaultSource(), _options.SourceTon, _options.SourceNpi);
        var (dstTon, dstNpi, dst) = Address(message.To, _options.DestinationTon, _options.DestinationNpi);
        var template = new SubmitTemplate(
            sendOptions?.ServiceType ?? _options.ServiceType, srcTon, srcNpi, src, dstTon, dstNpi, dst, sendOptions?.Priority ?? _options.PriorityFlag,
            sendOptions?.ScheduledDelivery is { } s ? SmppTime.Absolute(s) : string.Empty,
            message.ValidityPeriod is { } v ? SmppTime.Relative(v) : string.Empty,
            sendOptions?.RegisteredDelivery ?? (message.WantsDeliveryReport ? _options.RegisteredDelivery : (byte)0),
            encoded.DataCoding);
        var mode = sendOptions?.LongMessageMode ?? _options.LongMessageMode;
        var segments = encoded.Segments;

        // Static, so that building a message's PDUs allocates no closure over the fields above.
        static ShortMessagePdu Create(in SubmitTemplate t, ReadOnlyMemory<byte> content, byte esm) => new(CommandId.SubmitSm)
        {
            ServiceType = t.ServiceType, SourceAddrTon = t.SourceTon, SourceAddrNpi = t.SourceNpi, SourceAddr = t.Source,
            DestAddrTon = t.DestinationTon, DestAddrNpi = t.DestinationNpi, DestinationAddr = t.Destination, EsmClass = esm, PriorityFlag = t.Priority,
            ScheduleDeliveryTime = t.Schedule, ValidityPeriod = t.Validity, RegisteredDelivery = t.RegisteredDelivery, DataCoding = t.DataCoding, ShortMessage = content,
        };

        if (segments.Count == 1)
        {
            return [Create(template, segments[0].Payload, 0)];
        }

        if (mode == SmppLongMessageMode.MessagePayload)
        {
            var pdu = Create(template, ReadOnlyMemory<byte>.Empty, 0);
            pdu.AddTlv(new Tlv(TlvTag.MessagePayload, encoded.WholePayload));
            return [pdu];
        }

        var pdus = new List<ShortMessagePdu>(segments.Count);
        foreach (var segment in segments)
        {
            if (mode == SmppLongMessageMode.Sar)
            {
                var pdu = Create(template, segment.Payload, 0);
                pdu.AddTlv(Tlv.FromUInt16(TlvTag.SarMsgRefNum, (ushort)encoded.Reference))
                   .AddTlv(Tlv.FromByte(TlvTag.SarTotalSegments, (byte)segments.Count))
                   .AddTlv(Tlv.FromByte(TlvTag.SarSegmentSeqnum, (byte)segment.Sequence));
                pdus.Add(pdu);
            }
            else
            {
                var content = new byte[segment.Header.Length + segment.Payload.Length];
                segment.Header.CopyTo(content);
                segment.Payload.CopyTo(content.AsMemory(segment.Header.Length));
                pdus.Add(Create(template, content, 0x40));
            }
        }

        return pdus;
    }

    internal static (byte Ton, byte Npi, string Address) Address(PhoneNumber? number, byte? tonOverride, byte? npiOverride)
    {
        var (ton, npi) = number?.Kind switch
        {
            PhoneNumberKind.International => ((byte)1, (byte)1),
            PhoneNumberKind.National => ((byte)2, (byte)1),
            PhoneNumberKind.ShortCode => ((byte)3, (byte)0),
            PhoneNumberKind.Alphanumeric => ((byte)5, (byte)0),
            _ => ((byte)0, (byte)0),
        };
        return (tonOverride ?? ton, npiOverride ?? npi, number?.Value ?? string.Empty);
    }

    /// <summary>Hands a report to the DI handlers and the event; false when one of them failed (the caller may ask the SMSC to deliver it again).</summary>
    private async ValueTask<bool> PublishAsync(DeliveryReport report, Uri? callbackUrl, CancellationToken cancellationToken = default)
    {
        var handled = true;
        try
        {
            if (_dispatcher is not null)
            {
                handled = await _dispatcher.PublishAsync(report, callbackUrl, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            SmppLog.InboundFailed(_logger, _name, CommandId.DeliverSm, ex);
            handled = false;
        }

        return Raise(DeliveryReportReceived, report) && handled;
    }

    /// <summary>Hands an incoming message to the DI handlers and the event; false when one of them failed.</summary>
    private async ValueTask<bool> PublishAsync(IncomingSms message, CancellationToken cancellationToken = default)
    {
        var handled = true;
        try
        {
            if (_dispatcher is not null)
            {
                handled = await _dispatcher.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            SmppLog.InboundFailed(_logger, _name, CommandId.DeliverSm, ex);
            handled = false;
        }

        return Raise(MessageReceived, message) && handled;
    }

    /// <summary>Invokes every subscriber, each isolated from the others' failures; false when one threw.</summary>
    private bool Raise<T>(Action<T>? handlers, T item)
    {
        if (handlers is null)
        {
            return true;
        }

        var handled = true;
        foreach (var handler in handlers.GetInvocationList())
        {
            try
            {
                ((Action<T>)handler)(item);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                SmppLog.InboundFailed(_logger, _name, CommandId.DeliverSm, ex);
                handled = false;
            }
        }

        return handled;
    }

    /// <summary>The submit_sm fields every segment of one message shares.</summary>
    private readonly record struct SubmitTemplate(
        string ServiceType, byte SourceTon, byte SourceNpi, string Source, byte DestinationTon, byte DestinationNpi, string Destination,
        byte Priority, string Schedule, string Validity, byte RegisteredDelivery, byte DataCoding);

    /// <summary>What one send needs, passed through the resilience pipeline without a closure; every attempt shares <see cref="Segments"/>.</summary>
    private readonly record struct Send(SmppSmsSender Sender, SmsMessage Message, SmppSendOptions? Options, List<ShortMessagePdu> Pdus, SegmentOutcome[] Segments)
        : IPartialSend<SmsSendResult>
    {
        /// <summary>When some segment went out before <paramref name="failure"/> ended the last attempt, the result with each segment's fate; otherwise <see langword="null"/>.</summary>
        public SmsSendResult? ResultAfter(Exception failure)
            => Array.Exists(Segments, static s => s.State != SegmentState.Pending) ? Combine(Segments, failure) : null;
    }

    private enum SegmentState : byte
    {
        /// <summary>Not written yet (or written on a link that closed first): safe to send.</summary>
        Pending,
        Accepted,
        Rejected,
        Unknown,
    }

    /// <summary>One segment's outcome: the message_id when accepted, the command_status when refused, why it is in doubt when Unknown.</summary>
    private readonly record struct SegmentOutcome(SegmentState State, string? MessageId, SmppCommandStatus Code, bool Resent, string? Reason);

    /// <summary>
    /// Turns deliver_sm / data_sm into reports and incoming messages off the read loop, in arrival order, and answers each
    /// once it is taken care of: ESME_ROK after its handlers completed (or once it is held in memory: a part of a long
    /// message, a receipt that came before its submit_sm_resp), ESME_RX_T_APPN when a handler failed or the PDU could not be
    /// handled now, ESME_RMSGQFUL at once when <see cref="SmppOptions.InboundQueueCapacity"/> PDUs are waiting already.
    /// </summary>
    private sealed class Inbound : ISmppInboundHandler, IAsyncDisposable
    {
        /// <summary>How long disposal lets queued deliver_sm / data_sm be handled before the rest are answered with a temporary error.</summary>
        private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

        private readonly SmppSmsSender _owner;
        private readonly Channel<(Pdu Pdu, InboundReply Reply)> _queue;
        private readonly Dictionary<(string From, int Reference), Partial> _parts = [];
        private readonly Task _loop;
        private readonly CancellationTokenSource _stopping = new();
        private DateTimeOffset _lastExpiry;
        private bool _abandoned;
        private bool _formatLogged;

        public Inbound(SmppSmsSender owner)
        {
            _owner = owner;
            _queue = Channel.CreateBounded<(Pdu, InboundReply)>(new BoundedChannelOptions(owner._options.InboundQueueCapacity)
            {
                SingleReader = true, FullMode = BoundedChannelFullMode.Wait,
            });
            _loop = Task.Run(RunAsync);
        }

        public int Queued => _queue.Reader.Count;

        public void OnInbound(Pdu pdu, InboundReply reply)
        {
            if (!_queue.Writer.TryWrite((pdu, reply)))
            {
                // Full, or shutting down: the read loop never waits for handlers; the SMSC keeps the PDU and delivers it again.
                InboundLog.RecordDeferred(_owner._name, InboundLog.QueueFull);
                InboundLog.InboundQueueFull(_owner._logger, _owner._name, pdu.CommandId, SmppCommandStatus.MessageQueueFull.Name(), _owner._options.InboundQueueCapacity);
                reply.Send(SmppCommandStatus.MessageQueueFull);
            }
        }

        /// <summary>
        /// Stops taking PDUs (new ones are answered ESME_RMSGQFUL), lets the queue drain for at most
        /// <see cref="ShutdownGrace"/>, then cancels the handlers still running and answers what is left ESME_RX_T_APPN.
        /// </summary>
        public async ValueTask DisposeAsync()
        {
            _queue.Writer.TryComplete();
            try
            {
                // Bounds the host's shutdown, so it runs on the wall clock even when tests fake time.
                await _loop.WaitAsync(ShutdownGrace, TimeProvider.System).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Volatile.Write(ref _abandoned, true);
                await _stopping.CancelAsync().ConfigureAwait(false);
                await _loop.ConfigureAwait(false);
            }

            _stopping.Dispose();
        }

        private async Task RunAsync()
        {
            await foreach (var (pdu, reply) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                if (Volatile.Read(ref _abandoned))
                {
                    // Shutting down past the grace: not handled, so the SMSC delivers it again to whoever binds next.
                    reply.Send(SmppCommandStatus.ReceiverTemporaryAppError);
                    continue;
                }

                SmppCommandStatus status;
                try
                {
                    status = await HandleAsync(pdu).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    SmppLog.InboundFailed(_owner._logger, _owner._name, pdu.CommandId, ex);
                    status = SmppCommandStatus.ReceiverTemporaryAppError;
                }

                if (status == SmppCommandStatus.ReceiverTemporaryAppError)
                {
                    InboundLog.RecordDeferred(_owner._name, InboundLog.HandlerFailed);
                    InboundLog.InboundHandlerFailed(_owner._logger, _owner._name, pdu.CommandId);
                }

                reply.Send(status);
            }
        }

        private async ValueTask<SmppCommandStatus> HandleAsync(Pdu pdu)
        {
            var (esm, from, dataCoding, content) = pdu switch
            {
                ShortMessagePdu sm => (sm.EsmClass, sm.SourceAddr, sm.DataCoding, sm.ShortMessage.Length > 0 ? sm.ShortMessage : sm.Tlvs.GetBytes(TlvTag.MessagePayload) ?? default),
                DataSmPdu data => (data.EsmClass, data.SourceAddr, data.DataCoding, data.Tlvs.GetBytes(TlvTag.MessagePayload) ?? default),
                _ => ((byte)0, string.Empty, (byte)0, default(ReadOnlyMemory<byte>)),
            };

            if (DeliveryReceiptParser.IsReceipt(esm) || pdu.Tlvs.Find(TlvTag.ReceiptedMessageId) is not null)
            {
                return await HandleReceiptAsync(pdu).ConfigureAwait(false);
            }

            if (!PhoneNumber.TryParse(from, out var sender))
            {
                // Accepting it would lose it (there is no address to hand it on with); a permanent error would lose it at the
                // SMSC. A temporary error keeps it there, visible, until its validity period ends.
                InboundLog.RecordDeferred(_owner._name, InboundLog.Unreadable);
                InboundLog.UnreadableSource(_owner._logger, _owner._name, from.Length);
                return SmppCommandStatus.ReceiverTemporaryAppError;
            }

            var text = SmppTextCodec.Decode(content.Span, dataCoding, (esm & 0x40) != 0, _owner._options.DefaultAlphabet, out var concatenation);
            var sar = pdu.Tlvs.GetUInt16(TlvTag.SarMsgRefNum) is { } sarRef && pdu.Tlvs.GetByte(TlvTag.SarTotalSegments) is { } sarTotal && pdu.Tlvs.GetByte(TlvTag.SarSegmentSeqnum) is { } sarSeq
                ? (sarRef, (int)sarTotal, (int)sarSeq)
                : concatenation;
            (string, int)? partsKey = null;

            // A part numbered outside 1..total cannot be placed: it is handed on alone rather than dropped.
            if (sar is { } part && part.Total > 1 && part.Sequence >= 1 && part.Sequence <= part.Total)
            {
                partsKey = (from, part.Reference);
                var whole = Reassemble(partsKey.Value, part.Total, part.Sequence, text);
                if (whole is null)
                {
                    // Held in memory (not crash-safe, documented): acknowledged so that the SMSC sends the next part.
                    return SmppCommandStatus.Ok;
                }

                text = whole;
            }

            var to = pdu switch
            {
                ShortMessagePdu sm => sm.DestinationAddr,
                DataSmPdu data => data.DestinationAddr,
                _ => null,
            };
            var recipient = PhoneNumber.TryParse(to, out var parsed) ? parsed : null;
            var handled = await _owner.PublishAsync(new IncomingSms { From = sender, To = recipient, Text = text, ReceivedAt = _owner._time.GetUtcNow(), SenderName = _owner._name }, _stopping.Token).ConfigureAwait(false);
            if (!handled)
            {
                // The parts stay, so that the part the SMSC delivers again completes the message again.
                return SmppCommandStatus.ReceiverTemporaryAppError;
            }

            if (partsKey is { } done)
            {
                _parts.Remove(done);
            }

            return SmppCommandStatus.Ok;
        }

        private async ValueTask<SmppCommandStatus> HandleReceiptAsync(Pdu pdu)
        {
            if (!DeliveryReceiptParser.TryParse(pdu, out var receipt))
            {
                // Without an id it can never be correlated; asking for it again would not help.
                InboundLog.UnreadableReceipt(_owner._logger, _owner._name);
                return SmppCommandStatus.ReceiverPermanentAppError;
            }

            var receipts = _owner._receipts;
            var outcome = receipts.Accept(receipt);
            // Learned here or by a registration (which has no logger at hand): said once, on the first receipt after it.
            if (!_formatLogged && _owner._options.ReceiptIdFormat == SmppReceiptIdFormat.Auto && receipts.Format != SmppReceiptIdFormat.Auto)
            {
                _formatLogged = true;
                InboundLog.ReceiptFormatLearned(_owner._logger, _owner._name, receipts.Format);
            }

            // Receipts parked earlier go first: they arrived first. Their deliver_sm was acknowledged when they were parked.
            foreach (var released in outcome.Released ?? [])
            {
                if (released.Report is null)
                {
                    continue;
                }

                if (await _owner.PublishAsync(released.Report, released.CallbackUrl, _stopping.Token).ConfigureAwait(false))
                {
                    receipts.Confirm(released);
                }
                else
                {
                    InboundLog.ReleasedReportFailed(_owner._logger, _owner._name, released.Report.MessageId);
                }
            }

            foreach (var lost in outcome.GivenUp ?? [])
            {
                SmppLog.UnknownReceipt(_owner._logger, _owner._name, lost.MessageId);
                SmppMetrics.ReceiptsUncorrelated.Add(1, SmppMetrics.Sender(_owner._name));
            }

            if (outcome.Match is { Report: { } report } match)
            {
                if (!await _owner.PublishAsync(report, match.CallbackUrl, _stopping.Token).ConfigureAwait(false))
                {
                    return SmppCommandStatus.ReceiverTemporaryAppError;
                }

                receipts.Confirm(match);
            }

            return SmppCommandStatus.Ok;
        }

        private string? Reassemble((string From, int Reference) key, int total, int sequence, string text)
        {
            var now = _owner._time.GetUtcNow();
            ExpireParts(now);
            if (!_parts.TryGetValue(key, out var partial) || partial.Parts.Length != total)
            {
                if (partial is not null)
                {
                    // The same reference with another total is a new message; the old one cannot complete any more.
                    GiveUp(key, partial, "a new message reused its reference");
                }
                else if (_parts.Count >= _owner._options.MaxIncomingPartials)
                {
                    var oldest = _parts.MinBy(p => p.Value.FirstSeen);
                    GiveUp(oldest.Key, oldest.Value, "more incomplete messages were waiting than MaxIncomingPartials");
                }

                partial = new Partial(new string?[total], now);
                _parts[key] = partial;
            }

            partial.Parts[sequence - 1] ??= text;
            return Array.Exists(partial.Parts, p => p is null) ? null : string.Concat(partial.Parts);
        }

        /// <summary>Gives up the long messages whose other parts did not come within <see cref="SmppOptions.IncomingPartsTimeout"/>.</summary>
        private void ExpireParts(DateTimeOffset now)
        {
            // A scan per arriving part would be quadratic under a flood of parts; once per second is enough for an age in hours.
            if (_parts.Count == 0 || now - _lastExpiry < TimeSpan.FromSeconds(1))
            {
                return;
            }

            _lastExpiry = now;
            var timeout = _owner._options.IncomingPartsTimeout;
            List<(string, int)>? expired = null;
            foreach (var (key, partial) in _parts)
            {
                if (now - partial.FirstSeen >= timeout)
                {
                    (expired ??= []).Add(key);
                }
            }

            foreach (var key in expired ?? [])
            {
                GiveUp(key, _parts[key], "its other parts did not arrive within IncomingPartsTimeout");
            }
        }

        private void GiveUp((string From, int Reference) key, Partial partial, string reason)
        {
            _parts.Remove(key);
            InboundLog.PartialsGivenUp.Add(1, SmppMetrics.Sender(_owner._name));
            InboundLog.PartsGivenUp(_owner._logger, _owner._name, partial.Parts.Count(p => p is not null), partial.Parts.Length, reason);
        }

        /// <summary>The parts of one incoming long message received so far, and when its first part came.</summary>
        private sealed record Partial(string?[] Parts, DateTimeOffset FirstSeen);
    }
}
