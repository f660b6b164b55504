using System.Text;
using Messaging.Sdk.Smpp;
using Messaging.Sdk.Testing;
using SmppLoad;

namespace Messaging.Sdk.IntegrationTests.SmppLoad;

/// <summary>The load tool end to end against an in-process SMSC simulator on 127.0.0.1.</summary>
public sealed class SmppLoadTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly string _csv = Path.Combine(Path.GetTempPath(), $"smppload-{Guid.NewGuid():N}.csv");
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose()
    {
        File.Delete(_csv);
        _output.Dispose();
        _error.Dispose();
    }

    [Fact]
    public async Task Run_500MessagesWindow10TwoBinds_WritesOneAcceptedLinePerMessageWithUniqueTexts()
    {
        await using var smsc = await SmscSimulator.StartAsync(new() { SystemId = "load", Password = "pw123", SendDeliveryReceipts = false });

        var exit = await RunAsync($"--smpp smpp://load:pw123@127.0.0.1:{smsc.Port} --count 500 --window 10 --binds 2 --to +46700000001");

        exit.Should().Be(0, _error.ToString());
        var lines = CsvLines();
        lines.Should().HaveCount(500);
        lines.Select(l => l.Index).Should().Equal(Enumerable.Range(0, 500));
        lines.Should().OnlyContain(l => l.Outcome == "Accepted" && l.Ids.Length > 0 && l.NativeStatus.Length == 0);
        lines.Select(l => l.Text).Should().OnlyHaveUniqueItems().And.Contain("load 000042");
        lines.SelectMany(l => l.Ids.Split(' ')).Should().OnlyHaveUniqueItems();
        smsc.SubmitCount.Should().Be(500);
        smsc.BindCount.Should().Be(2);
        smsc.Submissions.Select(s => Encoding.ASCII.GetString(s.ShortMessage.Span)).Should().BeEquivalentTo(lines.Select(l => l.Text));
        _output.ToString().Should().Contain("Accepted 500, Rejected 0, Unknown 0, no outcome 0")
            .And.Contain($"smpp://load@127.0.0.1:{smsc.Port}")
            .And.NotContain("pw123");
    }

    [Fact]
    public async Task Run_WhenTheSmscRejectsAShare_CountsThemRejectedWithTheNativeStatus()
    {
        await using var smsc = await SmscSimulator.StartAsync(new()
        {
            SendDeliveryReceipts = false,
            RejectionRule = s => Encoding.ASCII.GetString(s.ShortMessage.Span).EndsWith('7') ? SmppCommandStatus.InvalidDestinationAddress : SmppCommandStatus.Ok,
        });

        var exit = await RunAsync($"--smpp smpp://load@127.0.0.1:{smsc.Port} --count 100 --window 5 --binds 2 --to +46700000001");

        exit.Should().Be(0, "every message has an outcome; rejections are outcomes");
        var lines = CsvLines();
        lines.Should().HaveCount(100);
        var rejected = lines.Where(l => l.Outcome == "Rejected").ToList();
        rejected.Select(l => l.Index).Should().BeEquivalentTo(Enumerable.Range(0, 100).Where(i => i % 10 == 7));
        rejected.Should().OnlyContain(l => l.NativeStatus == "0x0000000B" && l.Detail == "ESME_RINVDSTADR" && l.Ids.Length == 0);
        lines.Where(l => l.Index % 10 != 7).Should().OnlyContain(l => l.Outcome == "Accepted");
        _output.ToString().Should().Contain("Accepted 90, Rejected 10, Unknown 0").And.Contain("rejected 0x0000000B ESME_RINVDSTADR: 10");
    }

    [Fact]
    public async Task Run_WhenTheSmscDropsTheLinkMidRun_GivesEveryMessageExactlyOneOutcome()
    {
        await using var smsc = await SmscSimulator.StartAsync(new() { DropAfterSubmits = 50, Latency = TimeSpan.FromMilliseconds(5), SendDeliveryReceipts = false });
        var command = new LoadCommand(_output, _error) { ConfigureSmpp = o => o.ReconnectDelay = TimeSpan.FromMilliseconds(50) };

        var exit = await command.RunAsync(Args($"--smpp smpp://load@127.0.0.1:{smsc.Port} --count 200 --window 10 --binds 2 --to +46700000001 --outcomes {_csv}")).WaitAsync(Bound);

        exit.Should().Be(0, _output.ToString() + _error);
        var lines = CsvLines();
        lines.Select(l => l.Index).Should().Equal(Enumerable.Range(0, 200), "each message has exactly one line");
        lines.Should().OnlyContain(l => l.Outcome == "Accepted" || l.Outcome == "Rejected" || l.Outcome == "Unknown");
        lines.Should().Contain(l => l.Outcome == "Unknown", "the 50th submit_sm was never answered");
        lines.Where(l => l.Outcome == "Accepted").SelectMany(l => l.Ids.Split(' ')).Should().OnlyHaveUniqueItems();
        smsc.BindCount.Should().BeGreaterThanOrEqualTo(3, "the dropped bind was re-made");
    }

    [Fact]
    public async Task Run_WithoutSmpp_SendsToTheInProcessSimulatorAndSaysSo()
    {
        var exit = await RunAsync("--count 30 --binds 2 --text hello");

        exit.Should().Be(0, _error.ToString());
        _output.ToString().Should().Contain("in-process SMSC simulator").And.Contain("Accepted 30,");
        CsvLines().Select(l => l.Text).Should().StartWith("hello 000000");
    }

    [Theory]
    [InlineData("--count 0", "--count")]
    [InlineData("--count many", "--count")]
    [InlineData("--window 0", "--window")]
    [InlineData("--binds 65", "--binds")]
    [InlineData("--rate", "--rate")]
    [InlineData("--to not+a+number", "--to")]
    [InlineData("--bogus 1", "--bogus")]
    [InlineData("--smpp smpp://load@127.0.0.1:2775 --count 5", "--to")]
    [InlineData("--smpp http://user:s3cret@host:2775", "--smpp")]
    public async Task Run_WithABadCommandLine_Exits2NamingTheOption(string args, string option)
    {
        var exit = await RunAsync(args);

        exit.Should().Be(2);
        _error.ToString().Should().Contain(option).And.NotContain("s3cret");
        File.Exists(_csv).Should().BeFalse("nothing was sent");
    }

    [Fact]
    public async Task Run_WithAPasswordTooLongForSmpp_Exits2WithoutPrintingIt()
    {
        var exit = await RunAsync("--smpp smpp://load:longsecret1@127.0.0.1:2775 --to +46700000001");

        exit.Should().Be(2);
        _error.ToString().Should().Contain("Password").And.NotContain("longsecret1");
        _output.ToString().Should().NotContain("longsecret1");
    }

    [Fact]
    public async Task Run_WithHelp_PrintsUsageAndExits0()
    {
        var exit = await RunAsync("--help");

        exit.Should().Be(0);
        _output.ToString().Should().Contain("--window W").And.Contain("--outcomes FILE").And.Contain("--at-least-once");
    }

    [Fact]
    public async Task Run_PassesWindowBindsRateAndAtLeastOnceToTheClient()
    {
        await using var smsc = await SmscSimulator.StartAsync(new() { SendDeliveryReceipts = false });
        SmppOptions? seen = null;
        var command = new LoadCommand(_output, _error) { ConfigureSmpp = o => seen = o };

        var exit = await command.RunAsync(Args($"--smpp smpp://load@127.0.0.1:{smsc.Port} --count 3 --window 7 --binds 2 --rate 5000 --at-least-once --to +46700000001 --outcomes {_csv}")).WaitAsync(Bound);

        exit.Should().Be(0);
        seen.Should().NotBeNull();
        (seen!.WindowSize, seen.BindCount, seen.MaxMessagesPerSecond, seen.AtLeastOnce).Should().Be((7, 2, 2500, true));
    }

    [Fact]
    public void RatePerBind_SplitsTheTotalRoundingUp()
    {
        LoadOptions.Parse(["--rate", "5", "--binds", "2"]).RatePerBind.Should().Be(3);
        LoadOptions.Parse(["--binds", "2"]).RatePerBind.Should().BeNull();
    }

    [Fact]
    public async Task RunLoop_FillsWindowTimesBindsAndWaitsForASlotBeforeSendingMore()
    {
        var sender = new HoldingSender(expected: 6);
        var options = LoadOptions.Parse(["--count", "60", "--window", "3", "--binds", "2"]);

        // The loop starts sends synchronously until the gate blocks, so a 7th would already be in flight here.
        var run = new LoadRunner(sender, options, TextWriter.Null).RunAsync();
        await sender.Filled.WaitAsync(Bound);
        sender.MaxInFlight.Should().Be(6, "window x binds are started and no more");
        sender.Release();
        var summary = await run.WaitAsync(Bound);

        summary.Accepted.Should().Be(60);
        sender.MaxInFlight.Should().Be(6);
    }

    [Fact]
    public void Csv_QuotesFieldsWithCommasAndQuotes()
    {
        new LoadOutcome(3, "a,\"b\"", "Rejected", [], 0x58, "ESME_RTHROTTLED").ToCsv()
            .Should().Be("3,\"a,\"\"b\"\"\",Rejected,,0x00000058,ESME_RTHROTTLED");
    }

    private static string[] Args(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private Task<int> RunAsync(string args)
        => new LoadCommand(_output, _error).RunAsync([.. Args(args), "--outcomes", _csv]).WaitAsync(Bound);

    private List<(int Index, string Text, string Outcome, string Ids, string NativeStatus, string Detail)> CsvLines()
    {
        var lines = File.ReadAllLines(_csv);
        lines[0].Should().Be("index,text,outcome,message_ids,native_status,detail");
        return [.. lines.Skip(1).Select(l => l.Split(',')).Select(f => (int.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture), f[1], f[2], f[3], f[4], f[5]))];
    }

    /// <summary>Holds every send until <see cref="Release"/>; counts how many were in flight at once.</summary>
    private sealed class HoldingSender(int expected) : ISmsSender
    {
        private readonly Lock _lock = new();
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _filled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inFlight;

        public int MaxInFlight { get; private set; }

        public Task Filled => _filled.Task;

        public void Release() => _release.TrySetResult();

        public async Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
        {
            lock (_lock)
            {
                MaxInFlight = Math.Max(MaxInFlight, ++_inFlight);
                if (_inFlight >= expected)
                {
                    _filled.TrySetResult();
                }
            }

            await _release.Task.WaitAsync(cancellationToken);
            lock (_lock)
            {
                _inFlight--;
            }

            return SmsSendResult.Accepted(["id"]);
        }
    }
}
