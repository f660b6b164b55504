using Messaging.Sdk.Smpp;

namespace Messaging.Sdk.Testing;

/// <summary>Behaviour of an <see cref="SmscSimulator"/>.</summary>
public sealed class SmscSimulatorOptions
{
    /// <summary>The system_id a bind must carry, or <see langword="null"/> to accept any.</summary>
    public string? SystemId { get; set; }

    /// <summary>The password a bind must carry, or <see langword="null"/> to accept any.</summary>
    public string? Password { get; set; }

    /// <summary>The system_id the simulator reports in bind responses.</summary>
    /// <value>The default is <c>SMSCSIM</c>.</value>
    public string SmscSystemId { get; set; } = "SMSCSIM";

    /// <summary>Delay before each submit_sm response.</summary>
    /// <value>The default is zero.</value>
    public TimeSpan Latency { get; set; }

    /// <summary>Answer every Nth submit_sm with ESME_RTHROTTLED; 0 disables.</summary>
    /// <value>The default is 0.</value>
    public int ThrottleEvery { get; set; }

    /// <summary>Answer submit_sm beyond this many per second (over all binds, counted in fixed one-second windows) with
    /// ESME_RTHROTTLED; 0 disables. Read at start; change it while running with <see cref="SmscSimulator.SetMaxSubmitsPerSecond"/>.</summary>
    /// <value>The default is 0.</value>
    public int MaxSubmitsPerSecond { get; set; }

    /// <summary>Decides a submit_sm's status; return <see cref="SmppCommandStatus.Ok"/> to accept. <see langword="null"/> accepts all.</summary>
    public Func<SmscSubmission, SmppCommandStatus>? RejectionRule { get; set; }

    /// <summary>Whether to send a delivery receipt (deliver_sm, esm_class 0x04) when a submit_sm asks for one.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool SendDeliveryReceipts { get; set; } = true;

    /// <summary>Delay between the submit_sm response and its receipt.</summary>
    /// <value>The default is zero.</value>
    public TimeSpan ReceiptDelay { get; set; }

    /// <summary>Whether to write the receipt before the submit_sm_resp (then <see cref="Latency"/> runs between the two), as an
    /// SMSC delivering receipts on another bind may effectively do.</summary>
    /// <value>The default is <see langword="false"/> (the receipt follows the response).</value>
    public bool ReceiptBeforeResponse { get; set; }

    /// <summary>The receipt's <c>stat:</c> value.</summary>
    /// <value>The default is <c>DELIVRD</c>.</value>
    public string ReceiptStatus { get; set; } = "DELIVRD";

    /// <summary>Whether message ids are hexadecimal in submit_sm_resp (receipts then carry them in decimal, as some SMSCs do).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool HexMessageIds { get; set; }

    /// <summary>Whether receipts carry the receipted_message_id and message_state TLVs besides the text.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool ReceiptTlvs { get; set; } = true;

    /// <summary>Close the connection instead of answering the Nth submit_sm received (once); <see langword="null"/> never.</summary>
    public int? DropAfterSubmits { get; set; }

    /// <summary>Whether to keep every submission in <see cref="SmscSimulator.Submissions"/>; turn off for long benchmarks.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool RecordSubmissions { get; set; } = true;

    /// <summary>Whether to accept TLS instead of plain TCP, with a self-signed certificate for <c>localhost</c> made at start
    /// (clients must call <c>SmppOptions.DangerouslyAcceptAnyServerCertificate()</c>, in code).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool UseTls { get; set; }

    /// <summary>Whether a deliver_sm the client answers with a temporary error (ESME_RX_T_APPN, ESME_RMSGQFUL, ESME_RTHROTTLED)
    /// is delivered again after <see cref="RedeliveryDelay"/>, as SMSCs do.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool RedeliverOnTemporaryError { get; set; }

    /// <summary>How long after a temporary error the deliver_sm is delivered again (on the simulator's clock).</summary>
    /// <value>The default is zero.</value>
    public TimeSpan RedeliveryDelay { get; set; }

    /// <summary>Whether to answer enquire_link (turn off to simulate a dead link).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool AnswerEnquireLink { get; set; } = true;
}

/// <summary>One submit_sm the simulator accepted or rejected.</summary>
/// <param name="MessageId">The id it returned (empty when rejected).</param>
/// <param name="SystemId">The bind's system_id.</param>
/// <param name="SourceAddress">source_addr.</param>
/// <param name="SourceTon">source_addr_ton.</param>
/// <param name="DestinationAddress">destination_addr.</param>
/// <param name="DestinationTon">dest_addr_ton.</param>
/// <param name="DataCoding">data_coding.</param>
/// <param name="EsmClass">esm_class.</param>
/// <param name="RegisteredDelivery">registered_delivery.</param>
/// <param name="ShortMessage">short_message, or the message_payload TLV when short_message is empty.</param>
/// <param name="Status">The status answered.</param>
public sealed record SmscSubmission(
    string MessageId,
    string SystemId,
    string SourceAddress,
    byte SourceTon,
    string DestinationAddress,
    byte DestinationTon,
    byte DataCoding,
    byte EsmClass,
    byte RegisteredDelivery,
    ReadOnlyMemory<byte> ShortMessage,
    SmppCommandStatus Status);
