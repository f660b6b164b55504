using BenchmarkDotNet.Attributes;
using Messaging.Sdk.Sms.Encoding;
using Messaging.Sdk.Sms.Pdu;

namespace Messaging.Sdk.Benchmarks.Sms;

/// <summary>The SMS text engine's hot paths: analyse, encode into a caller buffer, build and parse a PDU.</summary>
[MemoryDiagnoser]
public class SmsEncodingBenchmarks
{
    // 2 GSM segments with extension characters; 3 UCS-2 segments with emoji.
    private static readonly string GsmText = string.Concat(Enumerable.Repeat("Your order #1234 {ready} costs 10€ [paid]. ", 6));
    private static readonly string Ucs2Text = string.Concat(Enumerable.Repeat("Заказ готов 😀 ", 12));

    private readonly byte[] _segment = new byte[SmsSegments.MaxSegmentBytes];
    private readonly byte[] _pdu = new byte[SmsPduEncoder.MaxLength];
    private SmsSubmitPdu _submit = null!;
    private byte[] _deliver = null!;

    /// <summary>Prepares the PDU inputs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var segment = SmsSegments.Encode("Your code is 123456", format: SmsUserDataFormat.Tpdu).Segments[0];
        _submit = new SmsSubmitPdu
        {
            DestinationAddress = SmsPduAddress.FromPhoneNumber("+46708251358"),
            StatusReportRequest = true,
            ValidityPeriod = TimeSpan.FromDays(1),
            UserData = segment.UserData,
            UserDataLength = segment.UserDataLength,
        };
        _deliver = Convert.FromHexString("07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37");
    }

    /// <summary>Segment calculator on a GSM text.</summary>
    [Benchmark]
    public int AnalyzeGsm() => SmsSegments.Analyze(GsmText).SegmentCount;

    /// <summary>Segment calculator on a text that needs UCS-2.</summary>
    [Benchmark]
    public int AnalyzeUcs2() => SmsSegments.Analyze(Ucs2Text).SegmentCount;

    /// <summary>Analyse and write every segment as a packed 23.040 TP-UD into a caller buffer.</summary>
    [Benchmark]
    public int EncodeGsmPacked() => WriteAll(GsmText, SmsUserDataFormat.Tpdu);

    /// <summary>Analyse and write every segment as unpacked SMPP short_message into a caller buffer.</summary>
    [Benchmark]
    public int EncodeGsmSmpp() => WriteAll(GsmText, SmsUserDataFormat.Smpp);

    /// <summary>Analyse and write every UCS-2 segment into a caller buffer.</summary>
    [Benchmark]
    public int EncodeUcs2() => WriteAll(Ucs2Text, SmsUserDataFormat.Tpdu);

    /// <summary>Build an SMS-SUBMIT PDU into a caller buffer.</summary>
    [Benchmark]
    public int BuildSubmitPdu() => SmsPduEncoder.Encode(_submit, _pdu, out _);

    /// <summary>Parse an SMS-DELIVER PDU (allocates the result objects and the text).</summary>
    [Benchmark]
    public SmsPdu ParseDeliverPdu() => SmsPduDecoder.Decode(_deliver);

    private int WriteAll(string text, SmsUserDataFormat format)
    {
        var analysis = SmsSegments.Analyze(text);
        var writer = new SmsSegmentWriter(text, analysis, 42, format);
        var total = 0;
        while (writer.TryWriteNext(_segment, out var layout))
        {
            total += layout.Length;
        }

        return total;
    }
}
