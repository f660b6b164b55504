using Messaging.Sdk;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuickStart;

QuickStartOptions options;
string? modemPort;
try
{
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
    Console.WriteLine(ModemOption.Usage);
    return 0;
}

var services = new ServiceCollection();
services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
var messaging = services.AddMessaging(o => o.DefaultSmsSender = modemPort is null ? null : "modem")
        .AddQuickStartEmail(options)
        .AddInMemorySmsSender();
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
    Console.WriteLine($"e-mail to {options.EmailTo} via '{emailResult.SenderName}': {emailResult.Status} (id {emailResult.MessageId}, {emailResult.NativeCode} {emailResult.NativeText})");
    exitCode |= emailResult.IsAccepted ? 0 : 1;

    var sms = new SmsMessage { From = "QuickStart", To = PhoneNumber.Parse(options.SmsTo), Text = options.Text, RequestDeliveryReport = true };
    var smsResult = await provider.GetRequiredService<ISmsSender>().SendAsync(sms);
    Console.WriteLine($"SMS to {sms.To} via '{smsResult.SenderName}': {smsResult.Status} ({smsResult.SegmentCount} segment(s), ids {string.Join(",", smsResult.SegmentIds)})");
    exitCode |= smsResult.IsAccepted ? 0 : 1;
}
catch (Exception ex) when (ex is MessagingException or FormatException)
{
    Console.Error.WriteLine($"Send failed: {ex.Message}");
    return 1;
}

return exitCode;
