using System.Diagnostics;
using System.Text.Json;
using Messaging.Sdk.Smpp;
using Xunit.Abstractions;
using static Messaging.Sdk.IntegrationTests.Smpp.SmscPeer;

namespace Messaging.Sdk.IntegrationTests.Smpp;

/// <summary>
/// 20,000 messages through a node-smpp peer that kills the link after every K-th submit_sm and throttles a share of
/// them, then the peer's log of what it accepted is reconciled with what every SendAsync returned (issue 9).
/// </summary>
public sealed class NodeSmppReconciliationTests(ITestOutputHelper output)
{
    private const int Messages = 20_000;
    private const int KillEvery = 800;
    private const int ThrottleEvery = 9;
    private const int Window = 100;
    private static readonly TimeSpan RunBound = TimeSpan.FromSeconds(60);

    [Fact]
    public Task AtMostOnce_ThroughLinkKillsAndThrottling_EveryMessageIsAccountedForAndNoneIsAcceptedTwice()
        => ReconcileAsync(atLeastOnce: false);

    [Fact]
    public Task AtLeastOnce_ThroughLinkKillsAndThrottling_DuplicatesOnlyWhereTheResultSaysWasResent()
        => ReconcileAsync(atLeastOnce: true);

    private async Task ReconcileAsync(bool atLeastOnce)
    {
        // system_id is at most 15 characters: prefix + 3 characters of this run + the short fault tokens.
        var systemId = Require("SMPP_PEER_SYSTEM_ID") + Guid.NewGuid().ToString("N")[..3] + $"-k{KillEvery}-t{ThrottleEvery}";
        systemId.Length.Should().BeLessThanOrEqualTo(15, "SMPP_PEER_SYSTEM_ID must leave room for the fault tokens");
        var nonce = Guid.NewGuid().ToString("N")[..6];
        var options = Options(string.Empty, o =>
        {
            o.SystemId = systemId;
            o.WindowSize = Window;
            o.AtLeastOnce = atLeastOnce;
            o.ReconnectDelay = TimeSpan.FromMilliseconds(5);
            o.MaxReconnectDelay = TimeSpan.FromMilliseconds(50);
            o.ThrottleBackoff = TimeSpan.FromMilliseconds(1);
            o.EnquireLinkInterval = TimeSpan.FromMinutes(5);
        });
        await using var sender = new SmppSmsSender("it", options);
        await sender.ConnectAsync();

        var texts = Enumerable.Range(0, Messages).Select(i => $"load {i:D6} {nonce}").ToArray();
        var watch = Stopwatch.StartNew();
        var outcomes = await Task.WhenAll(texts.Select(SendCountedAsync)).WaitAsync(RunBound);
        watch.Stop();

        // None missing: every send ended in a result or a documented exception.
        outcomes.Should().HaveCount(Messages).And.OnlyContain(o => o.Result != null || o.Error is MessagingTransportException);

        var events = Events(systemId);
        var kills = events.Where(e => Name(e) == "killed").ToList();
        var submits = events.Where(e => Name(e) == "submit" && e.GetProperty("text").GetString()!.EndsWith(nonce, StringComparison.Ordinal)).ToList();
        var byText = submits.ToLookup(e => e.GetProperty("text").GetString()!);
        var byId = submits.ToDictionary(e => e.GetProperty("message_id").GetString()!);
        var inFlightAtKill = InFlightAtKill(events);

        var accepted = outcomes.Where(o => o.Result?.Status == SendStatus.Accepted).ToList();
        var unknown = outcomes.Where(o => o.Result?.Status == SendStatus.Unknown).ToList();
        var rejected = outcomes.Where(o => o.Result?.Status == SendStatus.Rejected).ToList();
        var thrown = outcomes.Count(o => o.Error != null);
        output.WriteLine($"atLeastOnce={atLeastOnce}: {Messages} messages in {watch.Elapsed.TotalSeconds:F1} s; kills={kills.Count}, " +
            $"throttled={events.Count(e => Name(e) == "throttled")}, binds={events.Count(e => Name(e) == "bind")}, peer submits={submits.Count}; " +
            $"accepted={accepted.Count}, unknown={unknown.Count} ({unknown.Count(o => byText[o.Text].Any())} of them accepted by the peer), " +
            $"rejected={rejected.Count}, thrown={thrown}, resent={outcomes.Count(o => o.Result?.WasResent == true)}, " +
            $"texts accepted twice={byText.Count(g => g.Count() > 1)}");

        kills.Count.Should().BeGreaterThanOrEqualTo(20, "the peer kills the link every {0} submits", KillEvery);
        (accepted.Count + unknown.Count + rejected.Count + thrown).Should().Be(Messages);

        // Every Accepted result's id is in the peer's log with the same text, and no id is claimed twice.
        accepted.Select(o => o.Result!.MessageId).Should().OnlyHaveUniqueItems();
        foreach (var o in accepted)
        {
            byId.Should().ContainKey(o.Result!.MessageId!, "accepted message '{0}' must be in the peer's log", o.Text);
            byId[o.Result!.MessageId!].GetProperty("text").GetString().Should().Be(o.Text);
        }

        // Rejected only after the throttling retry budget, and then the peer never took the text.
        foreach (var o in rejected)
        {
            o.Result!.NativeCode.Should().Be(0x58);
            byText[o.Text].Should().BeEmpty();
        }

        // Every copy the peer accepted beyond the one whose id the sender returned was in flight when its link was killed;
        // so every Unknown is explained by a kill, and duplicates come only from re-sends the result owns up to.
        foreach (var o in outcomes)
        {
            var copies = byText[o.Text].ToList();
            var returnedId = o.Result?.Status == SendStatus.Accepted ? o.Result.MessageId : null;
            var unexplained = copies.Where(e => e.GetProperty("message_id").GetString() != returnedId && !inFlightAtKill.Contains(e.GetProperty("message_id").GetString()!));
            unexplained.Should().BeEmpty("every copy of '{0}' the sender did not get an id for must have been in flight at a kill", o.Text);
            if (copies.Count > 1)
            {
                atLeastOnce.Should().BeTrue("at most once must never deliver '{0}' twice", o.Text);
                o.Result!.WasResent.Should().BeTrue("'{0}' reached the peer {1} times", o.Text, copies.Count);
            }
        }

        if (!atLeastOnce)
        {
            unknown.Should().NotBeEmpty("links were killed with submits in flight");
        }
        else
        {
            outcomes.Should().Contain(o => o.Result != null && o.Result.WasResent, "killed links lose submits in flight, which at least once re-sends");
        }

        async Task<Outcome> SendCountedAsync(string text)
        {
            try
            {
                return new Outcome(text, await sender.SendAsync(new SmsMessage { From = "MyShop", To = PhoneNumber.Parse("+46708251358"), Text = text }), null);
            }
            catch (MessagingTransportException e)
            {
                return new Outcome(text, null, e);
            }
        }
    }

    /// <summary>
    /// Ids the peer accepted on a connection it killed, among the last <see cref="Window"/> requests before the kill or
    /// after it (node-smpp still handles the PDUs it had already read from the socket; their responses are lost).
    /// </summary>
    private static HashSet<string> InFlightAtKill(IReadOnlyList<JsonElement> events)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var connection in events.Where(e => e.TryGetProperty("conn", out _)).GroupBy(e => e.GetProperty("conn").GetInt32()))
        {
            var requests = connection.Where(e => Name(e) is "submit" or "throttled" or "killed").ToList();
            var kill = requests.FindIndex(e => Name(e) == "killed");
            if (kill < 0)
            {
                continue;
            }

            (requests.Count - kill - 1).Should().BeLessThan(Window, "no more than a window of requests can follow the killed one");
            foreach (var e in requests.Skip(Math.Max(0, kill - Window)).Where(e => Name(e) == "submit"))
            {
                result.Add(e.GetProperty("message_id").GetString()!);
            }
        }

        return result;
    }

    private static string? Name(JsonElement e) => e.GetProperty("event").GetString();

    private sealed record Outcome(string Text, SmsSendResult? Result, Exception? Error);
}
