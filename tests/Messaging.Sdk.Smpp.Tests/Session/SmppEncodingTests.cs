using System.Collections.Concurrent;
using Messaging.Sdk.Smpp;
using Messaging.Sdk.Smpp.Pdus;
using Messaging.Sdk.Testing;
using static Messaging.Sdk.Smpp.Tests.SmppTestHelpers;

namespace Messaging.Sdk.Smpp.Tests.Session;

public sealed class SmppEncodingTests
{
    private static readonly string LongGsm = string.Concat(Enumerable.Repeat("0123456789", 20)) + "€";

    [Fact]
    public async Task LongGsm_GoesAsUdhSegmentsWithEveryId()
    {
        await using var smsc = await SmscSimulator.StartAsync();
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc));

        var result = await sender.SendAsync(NewSms(LongGsm));

        result.SegmentCount.Should().Be(2);
        result.SegmentIds.Should().Equal(smsc.Submissions.OrderBy(s => s.ShortMessage.Span[5]).Select(s => s.MessageId));
        smsc.Submissions.Should().OnlyContain(s => s.EsmClass == 0x40 && s.DataCoding == 0);
        var first = smsc.Submissions.Single(s => s.ShortMessage.Span[5] == 1).ShortMessage.ToArray();
        first.Take(5).Should().Equal(new byte[] { 5, 0, 3, first[3], 2 });
        first.Length.Should().Be(6 + 153);
    }

    [Fact]
    public async Task Emoji_GoesAsUcs2WithoutSplittingTheSurrogatePair()
    {
        await using var smsc = await SmscSimulator.StartAsync();
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc));
        var text = new string('a', 66) + "😀" + "bbbb";

        var result = await sender.SendAsync(NewSms(text));

        result.SegmentCount.Should().Be(2);
        smsc.Submissions.Should().OnlyContain(s => s.DataCoding == 8);
        var texts = smsc.Submissions.OrderBy(s => s.ShortMessage.Span[5]).Select(s => System.Text.Encoding.BigEndianUnicode.GetString(s.ShortMessage.Span[6..])).ToList();
        string.Concat(texts).Should().Be(text);
        texts.Should().OnlyContain(t => !char.IsHighSurrogate(t[t.Length - 1]));
    }

    [Fact]
    public async Task SarMode_CarriesSegmentsInTlvsWithoutUdh()
    {
        await using var smsc = await SmscSimulator.StartAsync();
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc, o => o.LongMessageMode = SmppLongMessageMode.Sar));

        var result = await sender.SendAsync(NewSms(LongGsm));

        result.SegmentCount.Should().Be(2);
        smsc.Submissions.Should().OnlyContain(s => s.EsmClass == 0);
        string.Concat(smsc.Submissions.Select(s => s.ShortMessage.Length)).Should().NotBeEmpty();
        smsc.Submissions.Sum(s => s.ShortMessage.Length).Should().Be(202);
    }

    [Fact]
    public async Task MessagePayloadMode_SendsOneSubmitWithTheWholeText()
    {
        await using var smsc = await SmscSimulator.StartAsync();
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc, o => o.LongMessageMode = SmppLongMessageMode.MessagePayload));

        var result = await sender.SendAsync(NewSms(LongGsm));

        result.SegmentCount.Should().Be(1);
        smsc.Submissions.Should().ContainSingle().Which.ShortMessage.Length.Should().Be(202);
    }

    [Fact]
    public async Task Latin1DefaultAlphabet_SendsLatin1OctetsUnderDataCodingZero()
    {
        await using var smsc = await SmscSimulator.StartAsync();
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc, o => o.DefaultAlphabet = SmppDefaultAlphabet.Latin1));

        await sender.SendAsync(NewSms("Ünöcädé @ home"));

        var submission = smsc.Submissions.Should().ContainSingle().Subject;
        submission.DataCoding.Should().Be(0);
        System.Text.Encoding.Latin1.GetString(submission.ShortMessage.Span).Should().Be("Ünöcädé @ home");
    }

    [Fact]
    public async Task Receipts_ForEverySegment_MergeIntoOneReport()
    {
        await using var smsc = await SmscSimulator.StartAsync();
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc));
        var reports = new ConcurrentQueue<DeliveryReport>();
        sender.DeliveryReportReceived += reports.Enqueue;

        var result = await sender.SendAsync(NewSms(LongGsm, receipt: true));
        await Eventually(() => !reports.IsEmpty && smsc.DeliverResponseCount == 2, "the merged report");

        var report = reports.Should().ContainSingle().Subject;
        report.MessageId.Should().Be(result.MessageId);
        report.State.Should().Be(DeliveryState.Delivered);
        report.Segments.Should().HaveCount(2).And.OnlyContain(s => s.IsDelivered);
    }

    [Fact]
    public async Task MobileOriginated_ConcatenatedParts_AreReassembled()
    {
        await using var smsc = await SmscSimulator.StartAsync();
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc));
        var received = new TaskCompletionSource<IncomingSms>(TaskCreationOptions.RunContinuationsAsynchronously);
        sender.MessageReceived += m => received.TrySetResult(m);
        await sender.ConnectAsync();
        var encoded = Messaging.Sdk.Sms.Encoding.SmsSegments.Encode(LongGsm, null, Messaging.Sdk.Sms.Encoding.SmsUserDataFormat.Smpp);

        await smsc.SendMobileOriginatedAsync("46700000001", "72555", [.. encoded.Segments.Reverse().Select(s => s.UserData.ToArray())], udh: true);
        var message = await received.Task.WaitAsync(Bound);

        message.Text.Should().Be(LongGsm);
    }

    [Fact]
    public async Task GsmOnlyHint_WithUnsupportedCharacter_IsAValidationErrorBeforeAnyIo()
    {
        await using var smsc = await SmscSimulator.StartAsync();
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc));

        var act = () => sender.SendAsync(NewSms("Привет") with { Encoding = SmsEncodingHint.Gsm7 });

        (await act.Should().ThrowAsync<MessageValidationException>()).Which.Errors.Should().Contain(e => e.Field == "Text");
        smsc.BindCount.Should().Be(0);
    }
}

public sealed class SmppOperationsTests
{
    [Fact]
    public async Task QueryAndCancel_ReachTheSmscAndReportItsAnswer()
    {
        await using var smsc = await SmscSimulator.StartAsync(new() { SendDeliveryReceipts = false });
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc));
        var sent = await sender.SendAsync(NewSms());

        var query = await sender.QueryAsync(sent.MessageId!, PhoneNumber.Parse("MyShop"));
        var cancel = await sender.CancelAsync(sent.MessageId!, PhoneNumber.Parse("+46708251358"), PhoneNumber.Parse("MyShop"));
        var afterCancel = await sender.QueryAsync(sent.MessageId!);
        var unknown = await sender.QueryAsync("nope");
        var cancelUnknown = await sender.CancelAsync("nope", PhoneNumber.Parse("+46708251358"));

        query.Status.Should().Be(SmppCommandStatus.Ok);
        query.State.Should().Be(DeliveryState.Enroute);
        cancel.Should().Be(SmppCommandStatus.Ok);
        afterCancel.State.Should().Be(DeliveryState.Deleted);
        unknown.Status.Should().Be(SmppCommandStatus.QueryFailed);
        unknown.State.Should().BeNull();
        cancelUnknown.Should().Be(SmppCommandStatus.CancelFailed);
    }
}

public sealed class SmppTlsTests
{
    [Fact]
    public async Task Tls_BindsAndSends()
    {
        await using var smsc = await SmscSimulator.StartAsync(new() { UseTls = true });
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc, o =>
        {
            o.UseTls = true;
            o.DangerouslyAcceptAnyServerCertificate();
        }));

        (await sender.SendAsync(NewSms())).IsAccepted.Should().BeTrue();
    }

    [Fact]
    public async Task Tls_WithAnUntrustedCertificate_FailsToConnect()
    {
        await using var smsc = await SmscSimulator.StartAsync(new() { UseTls = true });
        await using var sender = new SmppSmsSender("Default", OptionsFor(smsc, o =>
        {
            o.UseTls = true;
            o.ConnectTimeout = TimeSpan.FromSeconds(2);
        }));

        var act = () => sender.SendAsync(NewSms());

        await act.Should().ThrowAsync<MessagingTransportException>();
        smsc.BindCount.Should().Be(0);
    }
}
