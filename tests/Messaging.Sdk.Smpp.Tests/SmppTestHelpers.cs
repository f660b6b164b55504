using Messaging.Sdk.Smpp;
using Messaging.Sdk.Testing;

namespace Messaging.Sdk.Smpp.Tests;

internal static class SmppTestHelpers
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    public static SmppOptions OptionsFor(SmscSimulator smsc, Action<SmppOptions>? configure = null)
    {
        var options = new SmppOptions
        {
            Host = smsc.Host, Port = smsc.Port, SystemId = "esme", Password = "secret", ConnectTimeout = TimeSpan.FromSeconds(10),
            ReconnectDelay = TimeSpan.FromMilliseconds(50), ThrottleBackoff = TimeSpan.FromMilliseconds(5), ResponseTimeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Waits for a condition the code under test makes true on another thread, bounded.</summary>
    public static async Task Eventually(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Bound);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for: " + what);
            }

            await Task.Delay(5);
        }
    }

    public static SmsMessage NewSms(string text = "Hello from the tests", bool receipt = false, string to = "+46708251358")
        => new() { From = "MyShop", To = PhoneNumber.Parse(to), Text = text, RequestDeliveryReport = receipt };
}
