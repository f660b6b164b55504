using System.Globalization;

namespace Messaging.Sdk.Smpp.Receipts;

/// <summary>
/// Turns SMSC message ids into correlation keys. Case, surrounding space and leading zeros never matter; whether a
/// receipt's id is read in another base than the submit_sm_resp id is decided by one <see cref="SmppReceiptIdFormat"/>
/// at a time, never by trying every reading of one id (with sequential ids, decimal "10" is some other message's hex "10").
/// </summary>
internal static class MessageIdKey
{
    /// <summary>The longest message id SMPP 3.4 allows (65 octets with the terminator); longer ids are not ids.</summary>
    public const int MaxLength = 64;

    /// <summary>The readings <see cref="SmppReceiptIdFormat.Auto"/> chooses between, most usual first.</summary>
    public static readonly SmppReceiptIdFormat[] Readings =
        [SmppReceiptIdFormat.AsIs, SmppReceiptIdFormat.HexInSubmitDecimalInReceipt, SmppReceiptIdFormat.DecimalInSubmitHexInReceipt];

    public static string Normalize(string id)
    {
        var trimmed = id.AsSpan().Trim().TrimStart('0');
        return trimmed.IsEmpty ? "0" : trimmed.ToString().ToLowerInvariant();
    }

    /// <summary>The key of the submit_sm_resp id a receipt's id stands for under <paramref name="format"/>, or <see langword="null"/> when the id cannot be read that way.</summary>
    /// <param name="receiptKey">The receipt's id, <see cref="Normalize"/>d.</param>
    /// <param name="format">A settled reading (not <see cref="SmppReceiptIdFormat.Auto"/>).</param>
    public static string? SubmitKeyOf(string receiptKey, SmppReceiptIdFormat format) => format switch
    {
        SmppReceiptIdFormat.HexInSubmitDecimalInReceipt => TryDecimal(receiptKey, out var value) ? value.ToString("x", CultureInfo.InvariantCulture) : null,
        SmppReceiptIdFormat.DecimalInSubmitHexInReceipt => TryHex(receiptKey, out var value) ? value.ToString(CultureInfo.InvariantCulture) : null,
        _ => receiptKey,
    };

    /// <summary>The key a receipt for the submit_sm_resp id <paramref name="submitKey"/> carries under <paramref name="format"/>, or <see langword="null"/>.</summary>
    /// <param name="submitKey">The submit_sm_resp id, <see cref="Normalize"/>d.</param>
    /// <param name="format">A settled reading (not <see cref="SmppReceiptIdFormat.Auto"/>).</param>
    public static string? ReceiptKeyOf(string submitKey, SmppReceiptIdFormat format) => format switch
    {
        SmppReceiptIdFormat.HexInSubmitDecimalInReceipt => TryHex(submitKey, out var value) ? value.ToString(CultureInfo.InvariantCulture) : null,
        SmppReceiptIdFormat.DecimalInSubmitHexInReceipt => TryDecimal(submitKey, out var value) ? value.ToString("x", CultureInfo.InvariantCulture) : null,
        _ => submitKey,
    };

    /// <summary>True when <paramref name="key"/> cannot be a number in either base, so only <see cref="SmppReceiptIdFormat.AsIs"/> can correlate it.</summary>
    public static bool IsOpaque(string key) => !TryDecimal(key, out _) && !TryHex(key, out _);

    private static bool TryDecimal(string key, out ulong value)
    {
        value = 0;
        return key.Length <= 19 && ulong.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryHex(string key, out ulong value)
    {
        value = 0;
        return key.Length <= 16 && ulong.TryParse(key, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
