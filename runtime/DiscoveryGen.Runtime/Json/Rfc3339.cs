using System;

namespace DiscoveryGen.Runtime;

/// <summary>
/// The common RFC 3339 shape read straight from UTF-8 (<c>2024-01-02T03:04:05.678Z</c>, <c>…+02:00</c>, up to 9
/// fraction digits) without a string. Anything else is left to <see cref="WireFormat.ParseDateTime"/>, which decides.
/// </summary>
internal static class Rfc3339
{
    // Days before each month of a common year (index 12: the year).
    private static ReadOnlySpan<short> DaysBeforeMonth => [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

    /// <summary>Parses <c>yyyy-MM-ddTHH:mm:ss[.f…](Z|±hh:mm)</c> as a UTC <see cref="DateTimeOffset"/>; false for any other text.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || (text[10] | 0x20) != 't' || text[13] != ':' || text[16] != ':')
        {
            return false;
        }

        var century = Two(text, 0);
        var yearOfCentury = Two(text, 2);
        var year = century > 99 || yearOfCentury > 99 ? 0 : (century * 100) + yearOfCentury;
        var month = Two(text, 5);
        var day = Two(text, 8);
        var hour = Two(text, 11);
        var minute = Two(text, 14);
        var second = Two(text, 17);

        // Two() gives 100 or more for a non-digit, so one range check per field also rejects bad digits.
        if (year is < 1 or > 9999 || month - 1 > 11 || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var leap = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
        var monthDays = DaysBeforeMonth[(int)month] - DaysBeforeMonth[(int)month - 1] + (leap && month == 2 ? 1 : 0);
        if (day - 1 >= (uint)monthDays)
        {
            return false;
        }

        var i = 19;
        long fraction = 0;
        if (text[i] == '.')
        {
            var start = ++i;
            while (i < text.Length && (uint)(text[i] - '0') <= 9)
            {
                // Ticks are 100 ns: the first 7 digits count, further ones (Google sends up to 9) are truncated.
                if (i - start < 7)
                {
                    fraction = (fraction * 10) + (text[i] - '0');
                }

                i++;
            }

            var digits = i - start;
            if (digits == 0 || digits > 9)
            {
                return false;
            }

            for (var d = Math.Min(digits, 7); d < 7; d++)
            {
                fraction *= 10;
            }
        }

        if (i >= text.Length)
        {
            return false;
        }

        var offsetMinutes = 0;
        if ((text[i] | 0x20) == 'z')
        {
            i++;
        }
        else if (text[i] is (byte)'+' or (byte)'-')
        {
            if (text.Length - i != 6 || text[i + 3] != ':')
            {
                return false;
            }

            var offsetHours = Two(text, i + 1);
            var offsetMinute = Two(text, i + 4);
            if (offsetHours > 14 || offsetMinute > 59)
            {
                return false;
            }

            offsetMinutes = (int)((offsetHours * 60) + offsetMinute) * (text[i] == '-' ? -1 : 1);
            i += 6;
        }
        else
        {
            return false;
        }

        if (i != text.Length)
        {
            return false;
        }

        // Days since 0001-01-01 (proleptic Gregorian, as DateTime counts them), then ticks.
        var y = (int)year - 1;
        var days = (y * 365) + (y / 4) - (y / 100) + (y / 400) + DaysBeforeMonth[(int)month - 1] + (leap && month > 2 ? 1 : 0) + (int)day - 1;
        var ticks = (days * TimeSpan.TicksPerDay) + (((hour * 3600) + (minute * 60) + second) * TimeSpan.TicksPerSecond) + fraction
            - (offsetMinutes * TimeSpan.TicksPerMinute);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    /// <summary>The two decimal digits at <paramref name="start"/>, or 100 or more when either is not a digit.</summary>
    private static uint Two(ReadOnlySpan<byte> text, int start)
    {
        var tens = (uint)(text[start] - '0');
        var ones = (uint)(text[start + 1] - '0');
        return tens > 9 || ones > 9 ? 100 : (tens * 10) + ones;
    }
}
