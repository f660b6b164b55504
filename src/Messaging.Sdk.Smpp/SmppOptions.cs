using System.ComponentModel.DataAnnotations;

namespace Messaging.Sdk.Smpp;

/// <summary>How the ESME binds (SMPP 3.4 section 2.2).</summary>
public enum SmppBindMode
{
    /// <summary>bind_transmitter: send only; receipts need a separate receiver bind.</summary>
    Transmitter,

    /// <summary>bind_receiver: receive only (receipts and mobile-originated messages).</summary>
    Receiver,

    /// <summary>bind_transceiver: send and receive on one connection.</summary>
    Transceiver,
}

/// <summary>How a text longer than one segment travels.</summary>
public enum SmppLongMessageMode
{
    /// <summary>One submit_sm per segment with a concatenation user data header (esm_class UDHI).</summary>
    Udh,

    /// <summary>One submit_sm per segment with the sar_msg_ref_num / sar_total_segments / sar_segment_seqnum TLVs.</summary>
    Sar,

    /// <summary>One submit_sm carrying the whole text in the message_payload TLV; the SMSC segments it.</summary>
    MessagePayload,
}

/// <summary>Which character set data_coding 0 (the SMSC default alphabet) means for this SMSC.</summary>
public enum SmppDefaultAlphabet
{
    /// <summary>GSM 03.38 7-bit, one septet per octet (unpacked), the usual meaning.</summary>
    Gsm7Unpacked,

    /// <summary>ISO-8859-1, for SMSCs that read data_coding 0 as Latin-1.</summary>
    Latin1,
}

/// <summary>
/// How the message id in a delivery receipt relates to the id the SMSC returned in submit_sm_resp. Case, surrounding
/// space and leading zeros are ignored in every format.
/// </summary>
public enum SmppReceiptIdFormat
{
    /// <summary>
    /// Learned per sender, by votes. A receipt votes once, for the one format under which it names a message waiting for its
    /// receipt (sent to the handset the receipt comes from, when its source address says); one that fits several formats, or
    /// none, does not vote. The format is settled when it has at least 8 votes and at least 4 times the votes of each other
    /// format: one receipt is never enough, because a receipt that overtakes its submit_sm_resp can fit another message in
    /// the wrong base (early "10" while hex "10", message 16, waits). Until then, a receipt that fits one message alone is
    /// applied when no submission is under way (it cannot be early), and held otherwise, as are those that fit several (not
    /// published, still acknowledged, bounded by <see cref="SmppOptions.EarlyReceiptCapacity"/> and
    /// <see cref="SmppOptions.EarlyReceiptRetention"/>); once settled, the format is used for every receipt and the held
    /// ones are applied. Ids of one digit read the same in every format and are applied at once. An id with characters
    /// other than 0-9 and a-f settles <see cref="AsIs"/> at once.
    /// </summary>
    Auto,

    /// <summary>The receipt carries the id exactly as submit_sm_resp did.</summary>
    AsIs,

    /// <summary>submit_sm_resp ids are hexadecimal, receipts carry the same number in decimal (a classic SMSC quirk).</summary>
    HexInSubmitDecimalInReceipt,

    /// <summary>submit_sm_resp ids are decimal, receipts carry the same number in hexadecimal.</summary>
    DecimalInSubmitHexInReceipt,
}

/// <summary>Options of one SMPP sender (bound from <c>Messaging:Smpp</c> or <c>Messaging:Smpp:{name}</c>).</summary>
public sealed class SmppOptions
{
    /// <summary>The SMSC host name or address. Required.</summary>
    [Required]
    public string Host { get; set; } = string.Empty;

    /// <summary>The SMSC TCP port.</summary>
    /// <value>The default is 2775.</value>
    [Range(1, 65535)]
    public int Port { get; set; } = 2775;

    /// <summary>Whether to wrap the connection in TLS.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool UseTls { get; set; }

    /// <summary>Whether any server certificate is accepted. Read-only: it is switched on in code with
    /// <see cref="DangerouslyAcceptAnyServerCertificate"/>, never by a configuration value.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool AllowUntrustedCertificate { get; private set; }

    /// <summary>Accepts any server certificate. For test SMSCs only: it opens the link to interception. A warning is
    /// logged on every TLS connect with it on.</summary>
    public void DangerouslyAcceptAnyServerCertificate() => AllowUntrustedCertificate = true;

    /// <summary>Whether the SMSC certificate's revocation status is checked (online) during the TLS handshake.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool CheckCertificateRevocation { get; set; } = true;

    /// <summary>The system_id to bind with (at most 15 characters). Required.</summary>
    [Required]
    [StringLength(15)]
    public string SystemId { get; set; } = string.Empty;

    /// <summary>The password (at most 8 characters). Never logged.</summary>
    [StringLength(8)]
    public string Password { get; set; } = string.Empty;

    /// <summary>The system_type (at most 12 characters).</summary>
    /// <value>The default is empty.</value>
    [StringLength(12)]
    public string SystemType { get; set; } = string.Empty;

    /// <summary>The interface_version sent in the bind.</summary>
    /// <value>The default is 0x34 (SMPP 3.4).</value>
    public byte InterfaceVersion { get; set; } = 0x34;

    /// <summary>The bind's addr_ton.</summary>
    /// <value>The default is 0 (unknown).</value>
    public byte AddrTon { get; set; }

    /// <summary>The bind's addr_npi.</summary>
    /// <value>The default is 0 (unknown).</value>
    public byte AddrNpi { get; set; }

    /// <summary>The bind's address_range (at most 40 characters).</summary>
    /// <value>The default is empty.</value>
    [StringLength(40)]
    public string AddressRange { get; set; } = string.Empty;

    /// <summary>How to bind.</summary>
    /// <value>The default is <see cref="SmppBindMode.Transceiver"/>, so that receipts arrive on the same link.</value>
    public SmppBindMode BindMode { get; set; } = SmppBindMode.Transceiver;

    /// <summary>How many binds (connections) the sender keeps open and spreads messages over.</summary>
    /// <value>The default is 1.</value>
    [Range(1, 64)]
    public int BindCount { get; set; } = 1;

    /// <summary>
    /// How many extra bind_receiver links the sender keeps open next to its <see cref="BindCount"/> sending binds. Use with
    /// <see cref="BindMode"/> = <see cref="SmppBindMode.Transmitter"/> when the SMSC delivers receipts and mobile-originated
    /// messages only on a separate receiver bind. Receiver binds share the host, credentials, TLS, keep-alive and re-bind
    /// back-off of the sending binds, never carry a submit, and feed the same receipt correlation and handlers. Allowed
    /// with <see cref="SmppBindMode.Transceiver"/> too, for SMSCs that spread deliveries over every receiving bind.
    /// </summary>
    /// <value>The default is 0 (no separate receiver bind).</value>
    [Range(0, 64)]
    public int ReceiverBinds { get; set; }

    /// <summary>The most requests outstanding (sent, unanswered) per bind.</summary>
    /// <value>The default is 50.</value>
    [Range(1, 10_000)]
    public int WindowSize { get; set; } = 50;

    /// <summary>How long to wait for a response before the request's outcome is declared unknown.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long connecting (TCP, TLS and bind) may take.</summary>
    /// <value>The default is 15 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the link may be silent before an enquire_link is sent; an enquire_link unanswered within <see cref="ResponseTimeout"/> closes the link.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan EnquireLinkInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first delay before re-binding after a drop; doubled after each failure up to <see cref="MaxReconnectDelay"/>.</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between re-bind attempts.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most submit_sm PDUs per second per bind (each segment counts), as SMSC contracts set; <see langword="null"/> for no limit.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    [Range(1, 1_000_000)]
    public int? MaxMessagesPerSecond { get; set; }

    /// <summary>How many times one segment is re-submitted after ESME_RTHROTTLED or ESME_RMSGQFUL before the message is returned as a transient rejection.</summary>
    /// <value>The default is 5.</value>
    [Range(0, 100)]
    public int ThrottleRetryAttempts { get; set; } = 5;

    /// <summary>The first back-off after a throttling response; doubled on each further one up to 5 seconds, reset by a success.</summary>
    /// <value>The default is 100 milliseconds.</value>
    public TimeSpan ThrottleBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Whether a bind that gets ESME_RTHROTTLED / ESME_RMSGQFUL also slows down instead of only pausing: it is capped at 90%
    /// of the rate the SMSC accepted over the last one to two seconds (or of <see cref="MaxMessagesPerSecond"/> when lower),
    /// lowered to 75% on each further throttling round down to <see cref="ThrottleMinimumRate"/>; the cap rises after each
    /// <see cref="ThrottleRecoveryInterval"/> without throttling, faster the longer the quiet lasts (x1.25, x1.56, x2.44,
    /// x5.96), and is dropped once back at the configured rate (or twice the rate first capped at). Only refusals that come in a row (half the window, 2 to 8)
    /// count: occasional refusals between successes, whatever the rate, get the pause alone. Submits stay in order either way.
    /// </summary>
    /// <value>The default is <see langword="true"/>; <see langword="false"/> keeps the pause-only back-off.</value>
    public bool AdaptiveThrottling { get; set; } = true;

    /// <summary>How long a bind must go without a new throttling answer before its adaptive cap rises (x1.25 after the first
    /// quiet interval, faster after each further one).</summary>
    /// <value>The default is 1 second; must be positive.</value>
    public TimeSpan ThrottleRecoveryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The lowest rate, in submit_sm PDUs per second per bind, that adaptive back-off slows a bind to.</summary>
    /// <value>The default is 1.</value>
    [Range(1, 1_000_000)]
    public int ThrottleMinimumRate { get; set; } = 1;

    /// <summary>Re-sends a segment whose response was lost (link dropped, response timeout). Messages may then arrive twice; results say so in <see cref="SendResult.WasResent"/>.</summary>
    /// <value>The default is <see langword="false"/> (at most once: such messages end Unknown).</value>
    public bool AtLeastOnce { get; set; }

    /// <summary>What data_coding 0 means to this SMSC.</summary>
    /// <value>The default is <see cref="SmppDefaultAlphabet.Gsm7Unpacked"/>.</value>
    public SmppDefaultAlphabet DefaultAlphabet { get; set; } = SmppDefaultAlphabet.Gsm7Unpacked;

    /// <summary>How long texts are sent.</summary>
    /// <value>The default is <see cref="SmppLongMessageMode.Udh"/>.</value>
    public SmppLongMessageMode LongMessageMode { get; set; } = SmppLongMessageMode.Udh;

    /// <summary>The sender address used when a message has none, or <see langword="null"/> to send an empty source_addr (the SMSC's default).</summary>
    public string? DefaultSource { get; set; }

    /// <summary>Overrides the inferred source_addr_ton; <see langword="null"/> infers it (1 international, 2 national, 3 short code, 5 alphanumeric).</summary>
    public byte? SourceTon { get; set; }

    /// <summary>Overrides the inferred source_addr_npi; <see langword="null"/> infers it (1 for numbers, 0 for alphanumeric).</summary>
    public byte? SourceNpi { get; set; }

    /// <summary>Overrides the inferred dest_addr_ton; <see langword="null"/> infers it.</summary>
    public byte? DestinationTon { get; set; }

    /// <summary>Overrides the inferred dest_addr_npi; <see langword="null"/> infers it.</summary>
    public byte? DestinationNpi { get; set; }

    /// <summary>The service_type of every submit_sm (at most 5 characters).</summary>
    /// <value>The default is empty (the SMSC's default service).</value>
    [StringLength(5)]
    public string ServiceType { get; set; } = string.Empty;

    /// <summary>The priority_flag of every submit_sm (0-3).</summary>
    /// <value>The default is 0.</value>
    [Range(0, 3)]
    public byte PriorityFlag { get; set; }

    /// <summary>The registered_delivery value used when a message asks for a delivery report.</summary>
    /// <value>The default is 1 (SMSC receipt on final delivery outcome, success or failure).</value>
    public byte RegisteredDelivery { get; set; } = 1;

    /// <summary>How long sent segments are remembered to correlate their receipts; older ones are forgotten (counted on <c>messaging.sdk.smpp.receipts.expired</c>) and their late receipts treated as unknown.</summary>
    /// <value>The default is 72 hours.</value>
    public TimeSpan ReceiptTrackingDuration { get; set; } = TimeSpan.FromHours(72);

    /// <summary>The most recent segments remembered for receipt correlation (each segment of a long message counts); the oldest are forgotten first; 0 turns receipt correlation off.</summary>
    /// <value>The default is 1,000,000.</value>
    [Range(0, 100_000_000)]
    public int ReceiptTrackingCapacity { get; set; } = 1_000_000;

    /// <summary>The most receipts kept while they wait for their submit_sm_resp (a fast SMSC can send the receipt first); the oldest are given up first; 0 keeps none.</summary>
    /// <value>The default is 10,000.</value>
    [Range(0, 10_000_000)]
    public int EarlyReceiptCapacity { get; set; } = 10_000;

    /// <summary>How long a receipt whose message id is not (yet) known waits for it before it is given up (logged, counted on <c>messaging.sdk.smpp.receipts.uncorrelated</c>).</summary>
    /// <value>The default is 60 seconds.</value>
    public TimeSpan EarlyReceiptRetention { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How receipt ids relate to submit_sm_resp ids; set it when the SMSC's format is known, to skip the learning.</summary>
    /// <value>The default is <see cref="SmppReceiptIdFormat.Auto"/>.</value>
    [EnumDataType(typeof(SmppReceiptIdFormat))]
    public SmppReceiptIdFormat ReceiptIdFormat { get; set; } = SmppReceiptIdFormat.Auto;

    /// <summary>
    /// The most deliver_sm / data_sm (receipts and incoming messages) taken from the SMSC and not yet handled, over every
    /// bind of this sender. Each is acknowledged only once handled (its handlers completed, or, for a part of a long
    /// message or an early receipt, once held in memory); beyond this many, new ones are answered ESME_RMSGQFUL so that
    /// the SMSC delivers them again later.
    /// </summary>
    /// <value>The default is 1,000.</value>
    [Range(1, 1_000_000)]
    public int InboundQueueCapacity { get; set; } = 1_000;

    /// <summary>
    /// How long the parts of an incoming long message are kept waiting for the rest. Parts are acknowledged once held, so
    /// a message given up after this is lost at both ends; it is logged (event 124) and counted.
    /// </summary>
    /// <value>The default is 1 day.</value>
    public TimeSpan IncomingPartsTimeout { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The most incoming long messages being reassembled at once; beyond it the one waiting longest is given up (logged, counted).</summary>
    /// <value>The default is 1,024.</value>
    [Range(1, 1_000_000)]
    public int MaxIncomingPartials { get; set; } = 1024;

    /// <summary>The largest PDU accepted from the SMSC, in octets; a larger command_length closes the link.</summary>
    /// <value>The default is 65,536.</value>
    [Range(64, 16 * 1024 * 1024)]
    public int MaxPduLength { get; set; } = 64 * 1024;

    /// <summary>
    /// The most bytes of PDUs queued for one link behind the write in progress. When the SMSC stops reading, senders (and
    /// the answers to its PDUs) wait for room instead of queueing without bound; see <see cref="WriteTimeout"/>.
    /// </summary>
    /// <value>The default is 1,048,576 (1 MiB).</value>
    [Range(16 * 1024, 1024 * 1024 * 1024)]
    public int MaxQueuedWriteBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How long one write to the link may make no progress before the link is declared dead (the SMSC stopped reading):
    /// it is closed, requests written on it end Unknown (or are re-sent with <see cref="AtLeastOnce"/>), requests still
    /// waiting for room go to the next link, and the bind re-connects with back-off.
    /// </summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Never prints the password.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => $"smpp://{SystemId}@{Host}:{Port} ({BindMode}, window {WindowSize}, binds {BindCount}, receiver binds {ReceiverBinds})";
}
