using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Messaging.Sdk.Diagnostics;

namespace Messaging.Sdk.Smpp.Tests;

/// <summary>Collects the SMPP instruments' measurements for one sender name, so tests running in parallel do not see each other's.</summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public MetricsRecorder(string senderName)
    {
        SenderName = senderName;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MessagingTelemetry.Name && instrument.Name.StartsWith("messaging.sdk.smpp.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public static string UniqueSender() => "metrics-" + Guid.NewGuid().ToString("N")[..12];

    public string SenderName { get; }

    public IReadOnlyList<Measurement> Of(string instrument) => [.. _measurements.Where(m => m.Instrument == instrument)];

    public double Sum(string instrument, string? tag = null, string? value = null)
        => Of(instrument).Where(m => tag is null || (m.Tags.TryGetValue(tag, out var v) && v == value)).Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            map[tag.Key] = tag.Value?.ToString();
        }

        if (map.TryGetValue("messaging.sender", out var sender) && sender == SenderName)
        {
            _measurements.Enqueue(new Measurement(instrument.Name, value, map));
        }
    }

    internal sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags);
}
