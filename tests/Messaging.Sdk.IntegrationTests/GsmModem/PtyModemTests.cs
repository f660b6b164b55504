using System.Threading.Channels;
using Messaging.Sdk.GsmModem;
using Messaging.Sdk.Sms.Encoding;
using Messaging.Sdk.Testing.GsmModem;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Sdk.IntegrationTests.GsmModem;

/// <summary>The modem transport through a real System.IO.Ports.SerialPort on a Linux pseudo-terminal, with the VirtualModem on the other end.</summary>
public sealed class PtyModemTests : IAsyncLifetime
{
    private static readonly string LongCyrillic = string.Concat(Enumerable.Repeat("Привет, мир! ", 12));
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(60));
    private readonly VirtualModem _modem = new();
    private PtyPair? _pty;
    private Stream? _modemStream;
    private Task _modemTask = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _pty = await PtyPair.CreateAsync();
        _modemStream = await new SerialPortModemChannel(new SerialPortSettings { PortName = _pty.PathB, DtrEnable = false, RtsEnable = false }).OpenAsync();
        _modemTask = _modem.RunAsync(_modemStream, _stop.Token);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _modem.DisposeAsync();
        _pty?.Dispose();
        _stop.Dispose();
    }

    [Fact]
    public async Task SerialPort_InitialisesSendsAMultipartUcs2MessageAndCorrelatesItsStatusReport()
    {
        _modem.AutoStatusReports = true;
        var reports = new ReportCollector();
        var services = new ServiceCollection();
        services.AddSingleton<IDeliveryReportHandler>(reports);
        services.AddMessaging(o => o.Resilience.MaxRetryAttempts = 0)
                .AddGsmModem("pty", o =>
                {
                    o.AddPort(_pty!.PathA).DtrEnable = false;
                    o.Modems[0].RtsEnable = false;
                    o.CommandTimeout = TimeSpan.FromSeconds(5);
                    o.SendTimeout = TimeSpan.FromSeconds(10);
                });
        await using var provider = services.BuildServiceProvider();
        var sender = provider.GetRequiredKeyedService<GsmModemSmsSender>("pty");

        await sender.StartAsync(_stop.Token);
        var result = await provider.GetRequiredService<ISmsSender>().SendAsync(
            new SmsMessage { To = "+46708251358", Text = LongCyrillic, RequestDeliveryReport = true }, _stop.Token);

        result.Status.Should().Be(SendStatus.Accepted);
        result.SegmentCount.Should().Be(3);
        sender.Health.Single().State.Should().Be(ModemState.Ready);
        _modem.Commands.Should().StartWith(["AT", "ATE0", "AT+CMEE=1", "AT+CPIN?", "AT+CREG?"]);
        var submits = _modem.Submissions.Select(VirtualModemPdus.Decode).ToList();
        submits.Should().OnlyContain(s => s.DecodedUserData!.Alphabet == SmsAlphabet.Ucs2 && s.StatusReportRequest);
        string.Concat(submits.Select(s => s.DecodedUserData!.Text)).Should().Be(LongCyrillic);

        var report = await reports.Reports.Reader.ReadAsync(_stop.Token);
        report.MessageId.Should().Be(result.MessageId);
        report.State.Should().Be(DeliveryState.Delivered);
        report.Segments.Should().HaveCount(3);
    }

    private sealed class ReportCollector : IDeliveryReportHandler
    {
        public Channel<DeliveryReport> Reports { get; } = Channel.CreateUnbounded<DeliveryReport>();

        public ValueTask HandleAsync(DeliveryReport report, CancellationToken cancellationToken)
        {
            Reports.Writer.TryWrite(report);
            return ValueTask.CompletedTask;
        }
    }
}
