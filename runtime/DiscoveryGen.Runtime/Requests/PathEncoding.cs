using System;
using System.Text;

namespace DiscoveryGen.Runtime;

/// <summary>
/// Expands discovery path variables per RFC 6570 as discovery uses it.
/// <c>{x}</c> (simple) percent-encodes every byte outside the unreserved set <c>A-Z a-z 0-9 - . _ ~</c>;
/// <c>{+x}</c> (reserved) keeps <c>/</c> and escapes the rest of each segment the same way.
/// A segment of <c>.</c> or <c>..</c> is rejected: it would change the request's target. A lone UTF-16 surrogate is
/// rejected too: it has no UTF-8 encoding, and sending U+FFFD in its place would name something else.
/// </summary>
public static class PathEncoding
{
    /// <summary>Expands a <c>{x}</c> variable. A path variable is always required: this is its argument check too.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    /// <exception cref="ArgumentException">The value is empty, <c>.</c> or <c>..</c>.</exception>
    public static string Simple(string value, string parameterName)
    {
        ParameterCheck.Required(value, parameterName);
        RejectDotSegment(value, parameterName, value);
        return Escape(value, parameterName);
    }

    /// <summary>Expands a <c>{+x}</c> variable: <c>/</c> is kept, every segment escaped. Checks the argument as <see cref="Simple"/> does.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    /// <exception cref="ArgumentException">The value is empty, or a segment is <c>.</c> or <c>..</c>.</exception>
    public static string Reserved(string value, string parameterName)
    {
        ParameterCheck.Required(value, parameterName);
        if (value.IndexOf('/') < 0)
        {
            RejectDotSegment(value, parameterName, value);
            return Escape(value, parameterName);
        }

        var builder = new StringBuilder(value.Length + 16);
        var segments = value.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            RejectDotSegment(segments[i], parameterName, value);
            if (i > 0)
            {
                builder.Append('/');
            }

            builder.Append(Escape(segments[i], parameterName));
        }

        return builder.ToString();
    }

    /// <summary>Percent-encodes everything outside the RFC 3986 unreserved set (UTF-8, upper-case hex).</summary>
    /// <exception cref="ArgumentException">The value holds a lone UTF-16 surrogate (no UTF-8 encoding).</exception>
    public static string Escape(string value) => Escape(value, parameterName: null);

    /// <summary>Percent-encodes everything outside the RFC 3986 unreserved set; a lone surrogate names <paramref name="parameterName"/>.</summary>
    internal static string Escape(string value, string? parameterName)
    {
        var clean = true;
        foreach (var c in value)
        {
            if (!IsUnreserved(c))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return value;
        }

        RejectLoneSurrogate(value, parameterName);

        // Uri.EscapeDataString escapes exactly the complement of the unreserved set, as UTF-8, upper-case hex.
        return Uri.EscapeDataString(value);
    }

    private static bool IsUnreserved(char c) =>
        c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '.' or '_' or '~';

    private static void RejectLoneSurrogate(string value, string? parameterName)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (!char.IsSurrogate(c))
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            // Uri.EscapeDataString would send U+FFFD (%EF%BF%BD) instead: a different value than the caller gave.
            var code = ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
            throw new ArgumentException(
                parameterName is null
                    ? $"A URL value contains a lone UTF-16 surrogate (U+{code} at index {i.ToString(System.Globalization.CultureInfo.InvariantCulture)}), which has no UTF-8 encoding."
                    : $"Parameter '{parameterName}' contains a lone UTF-16 surrogate (U+{code} at index {i.ToString(System.Globalization.CultureInfo.InvariantCulture)}), which has no UTF-8 encoding.",
                parameterName);
        }
    }

    private static void RejectDotSegment(string segment, string parameterName, string value)
    {
        if (segment is "." or "..")
        {
            throw new ArgumentException(
                $"Path parameter '{parameterName}' contains a '{segment}' segment, which would change the request target: '{value}'.",
                parameterName);
        }
    }
}
