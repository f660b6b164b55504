using System.Collections.Frozen;

namespace Messaging.Sdk.GsmModem;

/// <summary>Names and retry classes of the modem's numeric error codes: +CMS ERROR (3GPP TS 27.005 3.2.5, with the RP causes of
/// 24.011 and the TP causes of 23.040 below 256) and +CME ERROR (27.007 9.2).</summary>
public static class ModemErrors
{
    private static readonly FrozenDictionary<int, string> CmsNames = new Dictionary<int, string>
    {
        [1] = "unassigned (unallocated) number",
        [8] = "operator determined barring",
        [10] = "call barred",
        [21] = "short message transfer rejected",
        [27] = "destination out of service",
        [28] = "unidentified subscriber",
        [29] = "facility rejected",
        [30] = "unknown subscriber",
        [38] = "network out of order",
        [41] = "temporary failure",
        [42] = "congestion",
        [47] = "resources unavailable, unspecified",
        [50] = "requested facility not subscribed",
        [69] = "requested facility not implemented",
        [81] = "invalid short message transfer reference value",
        [95] = "invalid message, unspecified",
        [96] = "invalid mandatory information",
        [97] = "message type non-existent or not implemented",
        [98] = "message not compatible with short message protocol state",
        [99] = "information element non-existent or not implemented",
        [111] = "protocol error, unspecified",
        [127] = "interworking, unspecified",
        [128] = "telematic interworking not supported",
        [129] = "short message type 0 not supported",
        [130] = "cannot replace short message",
        [143] = "unspecified TP-PID error",
        [144] = "data coding scheme (alphabet) not supported",
        [145] = "message class not supported",
        [159] = "unspecified TP-DCS error",
        [160] = "command cannot be actioned",
        [161] = "command unsupported",
        [175] = "unspecified TP-Command error",
        [176] = "TPDU not supported",
        [192] = "SC busy",
        [193] = "no SC subscription",
        [194] = "SC system failure",
        [195] = "invalid SME address",
        [196] = "destination SME barred",
        [197] = "SM rejected - duplicate SM",
        [198] = "TP-VPF not supported",
        [199] = "TP-VP not supported",
        [208] = "SIM SMS storage full",
        [209] = "no SMS storage capability in SIM",
        [210] = "error in MS",
        [211] = "memory capacity exceeded",
        [212] = "SIM application toolkit busy",
        [213] = "SIM data download error",
        [255] = "unspecified error cause",
        [300] = "ME failure",
        [301] = "SMS service of ME reserved",
        [302] = "operation not allowed",
        [303] = "operation not supported",
        [304] = "invalid PDU mode parameter",
        [305] = "invalid text mode parameter",
        [310] = "SIM not inserted",
        [311] = "SIM PIN required",
        [312] = "PH-SIM PIN required",
        [313] = "SIM failure",
        [314] = "SIM busy",
        [315] = "SIM wrong",
        [316] = "SIM PUK required",
        [317] = "SIM PIN2 required",
        [318] = "SIM PUK2 required",
        [320] = "memory failure",
        [321] = "invalid memory index",
        [322] = "memory full",
        [330] = "SMSC address unknown",
        [331] = "no network service",
        [332] = "network timeout",
        [340] = "no +CNMA acknowledgement expected",
        [500] = "unknown error",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<int, string> CmeNames = new Dictionary<int, string>
    {
        [0] = "phone failure",
        [1] = "no connection to phone",
        [2] = "phone-adaptor link reserved",
        [3] = "operation not allowed",
        [4] = "operation not supported",
        [5] = "PH-SIM PIN required",
        [6] = "PH-FSIM PIN required",
        [7] = "PH-FSIM PUK required",
        [10] = "SIM not inserted",
        [11] = "SIM PIN required",
        [12] = "SIM PUK required",
        [13] = "SIM failure",
        [14] = "SIM busy",
        [15] = "SIM wrong",
        [16] = "incorrect password",
        [17] = "SIM PIN2 required",
        [18] = "SIM PUK2 required",
        [20] = "memory full",
        [21] = "invalid index",
        [22] = "not found",
        [23] = "memory failure",
        [24] = "text string too long",
        [25] = "invalid characters in text string",
        [26] = "dial string too long",
        [27] = "invalid characters in dial string",
        [30] = "no network service",
        [31] = "network timeout",
        [32] = "network not allowed - emergency calls only",
        [40] = "network personalisation PIN required",
        [100] = "unknown",
    }.ToFrozenDictionary();

    // Network congestion, SMSC trouble, SIM/ME busy and full memory clear up by themselves; a bad number or PDU does not.
    private static readonly FrozenSet<int> TransientCms = new[] { 38, 41, 42, 47, 192, 194, 211, 212, 300, 314, 320, 322, 331, 332, 500 }.ToFrozenSet();

    private static readonly FrozenSet<int> TransientCme = new[] { 0, 13, 14, 20, 23, 30, 31, 100 }.ToFrozenSet();

    /// <summary>The name of a +CMS ERROR code, for example <c>332</c> -> <c>network timeout</c>.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The name, or <c>CMS ERROR {code}</c> for a code the specifications do not name.</returns>
    public static string CmsErrorName(int code)
        => CmsNames.TryGetValue(code, out var name) ? name : $"CMS ERROR {code.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The name of a +CME ERROR code, for example <c>14</c> -> <c>SIM busy</c>.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The name, or <c>CME ERROR {code}</c> for a code the specification does not name.</returns>
    public static string CmeErrorName(int code)
        => CmeNames.TryGetValue(code, out var name) ? name : $"CME ERROR {code.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>True when a +CMS ERROR is worth retrying later (network busy or out of order, SMSC busy, timeouts, SIM busy, memory).</summary>
    /// <param name="code">The code.</param>
    /// <returns>Whether the error is transient.</returns>
    public static bool IsTransientCms(int code) => TransientCms.Contains(code);

    /// <summary>True when a +CME ERROR is worth retrying later (SIM busy, no network, network timeout, memory).</summary>
    /// <param name="code">The code.</param>
    /// <returns>Whether the error is transient.</returns>
    public static bool IsTransientCme(int code) => TransientCme.Contains(code);
}
