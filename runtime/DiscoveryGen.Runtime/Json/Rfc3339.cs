using System;

namespace DiscoveryGen.Runtime;

/// <summary>
/// The common RFC 3339 shape read straight from UTF-8 (<c>2024-01-02T03:04:05.678Z</c>, <c>…+02:00</c>, up to 9
/// fraction digits) without a string. Anything else is left to <see cref="WireFormat.ParseDateTime"/>, which decides.
/// </summary>
internal static class Rfc3339
{
    /// <summary>Parses <c>yyyy-MM-ddTHH:mm:ss[.f…](Z|±hh:mm)</c> as a UTC <see cref="DateTimeOffset"/>; false for any other text.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || (text[10] | 0x20) != 't' || text[13] != ':' || text[16] != ':'
            || !Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second))
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
            if (text.Length - i != 6 || text[i + 3] != ':' || !Digits(text, i + 1, 2, out var offsetHours) || !Digits(text, i + 4, 2, out var offsetMinute)
                || offsetHours > 14 || offsetMinute > 59)
            {
                return false;
            }

            offsetMinutes = ((offsetHours * 60) + offsetMinute) * (text[i] == '-' ? -1 : 1);
            i += 6;
        }
        else
        {
            return false;
        }

        if (i != text.Length || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fraction
            - (offsetMinutes * TimeSpan.TicksPerMinute);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit > 9)
            {
                return false;
            }

            value = (value * 10) + (int)digit;
        }

        return true;
    }
}
