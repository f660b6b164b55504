using System.Threading.Channels;

namespace Messaging.Sdk.GsmModem.Tests.Session;

internal sealed class RecordingSink : IModemEventSink
{
    public Channel<byte[]> StatusReports { get; } = Channel.CreateUnbounded<byte[]>();

    public Channel<byte[]> Incoming { get; } = Channel.CreateUnbounded<byte[]>();

    public ValueTask OnStatusReportAsync(ModemConnection modem, byte[] tpdu, CancellationToken cancellationToken)
    {
        StatusReports.Writer.TryWrite(tpdu);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnIncomingAsync(ModemConnection modem, byte[] tpdu, CancellationToken cancellationToken)
    {
        Incoming.Writer.TryWrite(tpdu);
        return ValueTask.CompletedTask;
    }
}
