using System.Globalization;
using System.Text.Json;

namespace Messaging.Sdk;

/// <summary>The JSON body POSTed to a message's delivery-report callback URL.</summary>
internal static class DeliveryReportJson
{
    public static byte[] Serialize(DeliveryReport report)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, report);
        }

        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, DeliveryReport report)
    {
        writer.WriteStartObject();
        writer.WriteString("messageId", report.MessageId);
        writer.WriteString("state", report.State.ToString());
        writer.WriteBoolean("final", report.IsFinal);
        WriteOptional(writer, "sender", report.SenderName);
        WriteOptional(writer, "recipient", report.Recipient?.ToString());
        if (report.SubmittedAt is { } submitted)
        {
            writer.WriteString("submittedAt", submitted.ToString("O", CultureInfo.InvariantCulture));
        }

        if (report.DoneAt is { } done)
        {
            writer.WriteString("doneAt", done.ToString("O", CultureInfo.InvariantCulture));
        }

        if (report.ErrorCode is { } error)
        {
            writer.WriteNumber("errorCode", error);
        }

        WriteOptional(writer, "nativeStatus", report.NativeStatus);
        if (report.Segments.Count > 0)
        {
            writer.WriteStartArray("segments");
            foreach (var segment in report.Segments)
            {
                Write(writer, segment);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
