using System;
using System.Globalization;
using System.Text;

namespace DiscoveryGen.Runtime;

/// <summary>Text forms of discovery formats, shared by JSON bodies and query strings. Invariant culture throughout.</summary>
public static class WireFormat
{
    /// <summary>Formats an int32 for a query string.</summary>
    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats a uint32 for a query string.</summary>
    public static string Format(uint value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats an int64 for a query string.</summary>
    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats a uint64 for a query string.</summary>
    public static string Format(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats a double (shortest round-trip form) for a query string.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Formats a float (shortest round-trip form) for a query string.</summary>
    public static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Formats a boolean as <c>true</c>/<c>false</c>.</summary>
    public static string Format(bool value) => value ? "true" : "false";

    /// <summary>Formats a string (identity), so generated code can treat every type alike.</summary>
    public static string Format(string value) => value;

    /// <summary>RFC 3339 keeping the value's offset, e.g. <c>2024-05-01T10:00:00.5+02:00</c>.</summary>
    public static string FormatDateTime(DateTimeOffset value) =>
        value.Offset == TimeSpan.Zero
            ? FormatGoogleDateTime(value)
            : value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    /// <summary>RFC 3339 in UTC with a <c>Z</c> suffix, as <c>google-datetime</c> requires.</summary>
    public static string FormatGoogleDateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses an RFC 3339 timestamp (any offset, any fraction length up to 9 digits).</summary>
    public static DateTimeOffset ParseDateTime(string text)
    {
        // .NET parses at most 7 fraction digits; Google sends up to 9 (nanoseconds). Truncate the extra ones.
        var normalized = TrimFraction(text);
        if (DateTimeOffset.TryParse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            && normalized.Length >= 10)
        {
            return value;
        }

        throw new FormatException($"'{text}' is not an RFC 3339 timestamp.");
    }

    /// <summary>Formats a date as <c>yyyy-MM-dd</c>.</summary>
    public static string FormatDate(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Parses a <c>yyyy-MM-dd</c> date.</summary>
    public static DateOnly ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw new FormatException($"'{text}' is not a yyyy-MM-dd date.");

    /// <summary>Formats a <c>google-duration</c>: seconds with up to 9 fraction digits and an <c>s</c> suffix.</summary>
    public static string FormatDuration(TimeSpan value)
    {
        var ticks = value.Ticks;
        var sign = ticks < 0 ? "-" : string.Empty;
        var abs = ticks < 0 ? -(decimal)ticks : ticks;
        var seconds = abs / TimeSpan.TicksPerSecond;
        return sign + seconds.ToString("0.#########", CultureInfo.InvariantCulture) + "s";
    }

    /// <summary>
    /// Parses a <c>google-duration</c> such as <c>3.5s</c> or <c>-0.000000001s</c>. Every valid one (±315,576,000,000 s)
    /// fits a <see cref="TimeSpan"/>; a longer one is a <see cref="FormatException"/>, never an overflow.
    /// </summary>
    public static TimeSpan ParseDuration(string text)
    {
        if (text.Length > 1 && text[^1] == 's' &&
            decimal.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            return Math.Abs(seconds) <= 922_337_203_685m
                ? TimeSpan.FromTicks((long)decimal.Truncate(seconds * TimeSpan.TicksPerSecond))
                : throw new FormatException($"'{text}' is a google-duration longer than a TimeSpan holds.");
        }

        throw new FormatException($"'{text}' is not a google-duration (e.g. \"3.5s\").");
    }

    /// <summary>Parses base64, tolerating the URL-safe alphabet and missing padding.</summary>
    public static byte[] ParseBytes(string text)
    {
        if (text.Length == 0)
        {
            return Array.Empty<byte>();
        }

        var needsFix = text.Length % 4 != 0 || text.IndexOfAny(['-', '_']) >= 0;
        if (!needsFix)
        {
            return Convert.FromBase64String(text);
        }

        var builder = new StringBuilder(text.Length + 3);
        foreach (var c in text)
        {
            builder.Append(c switch { '-' => '+', '_' => '/', _ => c });
        }

        while (builder.Length % 4 != 0)
        {
            builder.Append('=');
        }

        return Convert.FromBase64String(builder.ToString());
    }

    /// <summary>Formats bytes as standard base64.</summary>
    public static string FormatBytes(byte[] value) => Convert.ToBase64String(value);

    private static string TrimFraction(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return text;
        }

        var end = dot + 1;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        var digits = end - dot - 1;
        return digits <= 7 ? text : string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
    }
}
