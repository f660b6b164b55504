using System.Threading.Channels;

namespace Messaging.Sdk.GsmModem.Tests.Session;

internal sealed class RecordingSink : IModemEventSink
{
    public Channel<byte[]> StatusReports { get; } = Channel.CreateUnbounded<byte[]>();

    public Channel<byte[]> Incoming { get; } = Channel.CreateUnbounded<byte[]>();

    public Channel<(string Source, string PduHex, Exception Reason)> Unreadable { get; } = Channel.CreateUnbounded<(string, string, Exception)>();

    /// <summary>What the sink answers for incoming messages: false plays handlers that failed.</summary>
    public bool Handled { get; set; } = true;

    public ValueTask<bool> OnStatusReportAsync(ModemConnection modem, byte[] tpdu, CancellationToken cancellationToken)
    {
        StatusReports.Writer.TryWrite(tpdu);
        return ValueTask.FromResult(true);
    }

    /// <summary>What the sink throws for incoming messages, once each: plays a decoder (UnreadablePduException) or a bug further on.</summary>
    public Queue<Exception> Throws { get; } = new();

    public ValueTask<HandOverOutcome> OnIncomingAsync(ModemConnection modem, byte[] tpdu, SimSlot? slot, CancellationToken cancellationToken)
    {
        Incoming.Writer.TryWrite(tpdu);
        if (Throws.TryDequeue(out var ex))
        {
            throw ex;
        }

        return ValueTask.FromResult(Handled ? HandOverOutcome.Handled : HandOverOutcome.NotHandled);
    }

    public void OnUnreadable(ModemConnection modem, string source, string pduHex, Exception reason)
        => Unreadable.Writer.TryWrite((source, pduHex, reason));
}
