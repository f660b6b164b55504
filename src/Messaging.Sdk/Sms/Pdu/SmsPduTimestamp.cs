using Messaging.Sdk.Sms.Encoding;

namespace Messaging.Sdk.Sms.Pdu;

/// <summary>The 23.040 9.2.3.11 time stamp: seven semi-octet-swapped BCD octets (YY MM DD hh mm ss, zone in quarter hours with a sign bit).</summary>
internal static class SmsPduTimestamp
{
    internal static DateTimeOffset Read(ref PduReader reader, string field)
    {
        var start = reader.Position;
        var b = reader.ReadBytes(7, field);
        Span<int> v = stackalloc int[6];
        for (var i = 0; i < 6; i++)
        {
            var low = b[i] & 0x0F;
            var high = b[i] >> 4;
            if (low > 9 || high > 9)
            {
                throw new SmsFormatException($"The {field} has a non-decimal digit (0x{b[i]:X2}).", start + i);
            }

            v[i] = (low * 10) + high;
        }

        var tzLow = b[6] & 0x07;
        var tzHigh = b[6] >> 4;
        if (tzHigh > 9)
        {
            throw new SmsFormatException($"The {field} time zone is not decimal (0x{b[6]:X2}).", start + 6);
        }

        var quarters = (tzLow * 10) + tzHigh;
        var offset = TimeSpan.FromMinutes(quarters * 15 * ((b[6] & 0x08) != 0 ? -1 : 1));
        if (offset > TimeSpan.FromHours(14) || offset < TimeSpan.FromHours(-14))
        {
            throw new SmsFormatException($"The {field} time zone {offset} is out of range.", start + 6);
        }

        // Two-digit years: 80-99 are 1980-1999 (GSM began in the 1990s), 00-79 are 2000-2079.
        var year = v[0] >= 80 ? 1900 + v[0] : 2000 + v[0];
        try
        {
            return new DateTimeOffset(year, v[1], v[2], v[3], v[4], v[5], offset);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new SmsFormatException($"The {field} {year:D4}-{v[1]:D2}-{v[2]:D2} {v[3]:D2}:{v[4]:D2}:{v[5]:D2} is not a valid date and time.", start);
        }
    }
}
