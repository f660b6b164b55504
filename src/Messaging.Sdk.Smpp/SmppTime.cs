using System.Globalization;

namespace Messaging.Sdk.Smpp;

/// <summary>SMPP time strings (section 7.1.1): <c>YYMMDDhhmmsstnnp</c>.</summary>
internal static class SmppTime
{
    /// <summary>A relative time (<c>p = R</c>); days beyond 99 are carried in months and years of 30 and 365 days, as SMSCs read them.</summary>
    public static string Relative(TimeSpan span)
    {
        var days = (int)span.TotalDays;
        var years = days / 365;
        days %= 365;
        var months = days / 30;
        days %= 30;
        return string.Create(CultureInfo.InvariantCulture, $"{years:00}{months:00}{days:00}{span.Hours:00}{span.Minutes:00}{span.Seconds:00}000R");
    }

    /// <summary>An absolute UTC time (<c>nn = 00, p = +</c>).</summary>
    public static string Absolute(DateTimeOffset time)
        => time.UtcDateTime.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture) + "000+";
}
