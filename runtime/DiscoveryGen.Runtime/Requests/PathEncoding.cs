using System;
using System.Text;

namespace DiscoveryGen.Runtime;

/// <summary>
/// Expands discovery path variables per RFC 6570 as discovery uses it.
/// <c>{x}</c> (simple) percent-encodes every byte outside the unreserved set <c>A-Z a-z 0-9 - . _ ~</c>;
/// <c>{+x}</c> (reserved) keeps <c>/</c> and escapes the rest of each segment the same way.
/// A segment of <c>.</c> or <c>..</c> is rejected: it would change the request's target.
/// </summary>
public static class PathEncoding
{
    /// <summary>Expands a <c>{x}</c> variable.</summary>
    /// <exception cref="ArgumentException">The value is <c>.</c> or <c>..</c>.</exception>
    public static string Simple(string value, string parameterName)
    {
        RejectDotSegment(value, parameterName, value);
        return Escape(value);
    }

    /// <summary>Expands a <c>{+x}</c> variable: <c>/</c> is kept, every segment escaped.</summary>
    /// <exception cref="ArgumentException">A segment is <c>.</c> or <c>..</c>.</exception>
    public static string Reserved(string value, string parameterName)
    {
        if (value.IndexOf('/') < 0)
        {
            RejectDotSegment(value, parameterName, value);
            return Escape(value);
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

            builder.Append(Escape(segments[i]));
        }

        return builder.ToString();
    }

    /// <summary>Percent-encodes everything outside the RFC 3986 unreserved set (UTF-8, upper-case hex).</summary>
    public static string Escape(string value)
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

        // Uri.EscapeDataString escapes exactly the complement of the unreserved set, as UTF-8, upper-case hex.
        return Uri.EscapeDataString(value);
    }

    private static bool IsUnreserved(char c) =>
        c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '.' or '_' or '~';

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
