using System.Globalization;

namespace Messaging.Sdk.Smpp.Receipts;

/// <summary>
/// Normalises SMSC message ids for correlation: case, surrounding space and leading zeros are ignored, and a receipt id
/// written in the other base (hex in the receipt, decimal in submit_sm_resp, or the reverse) is found too.
/// </summary>
internal static class MessageIdKey
{
    public static string Normalize(string id)
    {
        var trimmed = id.AsSpan().Trim().TrimStart('0');
        return trimmed.IsEmpty ? "0" : trimmed.ToString().ToLowerInvariant();
    }

    /// <summary>The keys to try for a receipt's id, most likely first.</summary>
    public static IEnumerable<string> Candidates(string receiptId)
    {
        var key = Normalize(receiptId);
        yield return key;
        if (key.Length <= 19 && ulong.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var asDecimal))
        {
            yield return asDecimal.ToString("x", CultureInfo.InvariantCulture);
        }

        if (key.Length <= 16 && ulong.TryParse(key, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var asHex))
        {
            yield return asHex.ToString(CultureInfo.InvariantCulture);
        }
    }
}
