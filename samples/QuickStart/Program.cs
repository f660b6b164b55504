using Messaging.Sdk;
using Messaging.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuickStart;

QuickStartOptions options;
SmppUri? smppUri;
TimeSpan? receiptWait;
string? modemPort;
try
{
    (smppUri, receiptWait, args) = SmppUri.Extract(args);
    args = ModemOption.Extract(args, out modemPort);
    options = QuickStartOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(QuickStartOptions.Usage);
    Console.WriteLine(SmppUri.Usage);
    Console.WriteLine(ModemOption.Usage);
    return 0;
}

var services = new ServiceCollection();
services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
// SMS goes over SMPP (unless --modem): to --smpp's SMSC, or to an in-process simulator on 127.0.0.1 that sends a receipt back.
await using var smsc = smppUri is null ? await SmscSimulator.StartAsync(new SmscSimulatorOptions { ReceiptDelay = TimeSpan.FromMilliseconds(100) }) : null;
var receipts = new ReceiptWaiter();
services.AddSingleton<IDeliveryReportHandler>(receipts);
var messaging = services.AddMessaging(o => o.DefaultSmsSender = modemPort is null ? null : "modem")
        .AddQuickStartEmail(options)
        .AddSmpp(o =>
        {
            if (smppUri is not null)
            {
                smppUri.Configure(o);
            }
            else
            {
                (o.Host, o.Port, o.SystemId) = (smsc!.Host, smsc.Port, "quickstart");
            }
        });
if (modemPort is not null)
{
    messaging.AddModem(modemPort);
}

await using var provider = services.BuildServiceProvider();
var exitCode = 0;

try
{
    var email = new EmailMessage
    {
        From = new EmailAddress("quickstart@example.com", "Messaging.Sdk QuickStart"),
        To = [EmailAddress.Parse(options.EmailTo)],
        Subject = "Messaging.Sdk QuickStart",
        TextBody = options.Text,
    };
    var emailResult = await provider.GetRequiredService<IEmailSender>().SendAsync(email);
    var native = string.Join(" ", new[] { emailResult.NativeCode?.ToString(System.Globalization.CultureInfo.InvariantCulture), emailResult.NativeText }.Where(p => !string.IsNullOrEmpty(p)));
    Console.WriteLine($"e-mail to {options.EmailTo} via '{emailResult.SenderName}': {emailResult.Status} (id {emailResult.MessageId}{(native.Length > 0 ? ", " + native : string.Empty)})");
    exitCode |= emailResult.IsAccepted ? 0 : 1;

    var sms = new SmsMessage { From = "QuickStart", To = PhoneNumber.Parse(options.SmsTo), Text = options.Text, RequestDeliveryReport = true };
    var smsResult = await provider.GetRequiredService<ISmsSender>().SendAsync(sms);
    Console.WriteLine($"SMS to {sms.To} via '{smsResult.SenderName}': {smsResult.Status} ({smsResult.SegmentCount} segment(s), ids {string.Join(",", smsResult.SegmentIds)})");
    exitCode |= smsResult.IsAccepted ? 0 : 1;
    if (smsResult.IsAccepted && smsResult.Transport == "smpp" && smsResult.MessageId is { } smsId)
    {
        var wait = receiptWait ?? TimeSpan.FromSeconds(smppUri is null ? 5 : 30);
        var report = await receipts.WaitAsync(smsId, wait);
        Console.WriteLine(report is null
            ? $"no delivery receipt for {smsId} within {wait.TotalSeconds:0} s ({(smppUri is null ? "simulator" : smppUri.ToString())})"
            : $"delivery receipt for {smsId}: {report.State} ({report.NativeStatus}, error {report.ErrorCode?.ToString() ?? "none"}) from {(smppUri is null ? "the in-process SMSC simulator" : smppUri.ToString())}");
    }
}
catch (Exception ex) when (ex is MessagingException or FormatException)
{
    Console.Error.WriteLine($"Send failed: {ex.Message}");
    return 1;
}

return exitCode;
