using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace DiscoveryGen.Runtime;

/// <summary>
/// How a discovery <c>pattern</c> is run: as RE2 (Google's engine) runs it. In linear time, with
/// <see cref="RegexOptions.NonBacktracking"/>, so a catastrophic pattern such as <c>^(a+)+$</c> costs no more than any
/// other; with <c>$</c> matching only at the very end of the value (.NET's <c>$</c> also matches before a final
/// <c>\n</c>). The few constructs the linear engine lacks (backreferences, lookarounds, atomic groups) run with
/// backtracking under <see cref="BacktrackingTimeout"/>; a value that takes longer is an <see cref="ArgumentException"/>.
/// A pattern .NET cannot parse has no regex: the value is not checked (the server still checks it).
/// </summary>
internal static partial class PatternRegex
{
    /// <summary>How long a value may take against a pattern that needs backtracking.</summary>
    public static readonly TimeSpan BacktrackingTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Whether <paramref name="value"/> matches; true when the pattern could not be parsed (<paramref name="regex"/> null).</summary>
    /// <exception cref="ArgumentException">The value took longer than <see cref="BacktrackingTimeout"/> to check.</exception>
    public static bool IsMatch(Regex? regex, string value, string pattern, string parameterName)
    {
        if (regex is null)
        {
            return true;
        }

        try
        {
            return regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new ArgumentException(
                $"Parameter '{parameterName}' could not be checked against the pattern {pattern} required by the API within {BacktrackingTimeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms; it was rejected.",
                parameterName,
                ex);
        }
    }

    /// <summary>The regex of a discovery pattern; null when .NET cannot parse it (the value is then not checked).</summary>
    public static Regex? Create(string pattern)
    {
        var anchored = AnchorAtEnd(pattern);
        try
        {
            return new Regex(anchored, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            // A construct only the backtracking engine has: run it with a short timeout instead.
        }
        catch (ArgumentException)
        {
            return null;
        }

        try
        {
            return new Regex(anchored, RegexOptions.CultureInvariant, BacktrackingTimeout);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// The pattern with every <c>$</c> (outside a character class, not escaped) and <c>\Z</c> made <c>\z</c>: the end of
    /// the text only, as in RE2. A pattern that turns on multi-line mode (<c>(?m)</c>) keeps its <c>$</c>: there it means
    /// the end of a line.
    /// </summary>
    public static string AnchorAtEnd(string pattern)
    {
        if (pattern.IndexOf('$') < 0 && pattern.IndexOf("\\Z", StringComparison.Ordinal) < 0)
        {
            return pattern;
        }

        var multiline = MultilineFlag().IsMatch(pattern);
        var builder = new System.Text.StringBuilder(pattern.Length + 4);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[++i];
                builder.Append('\\').Append(next == 'Z' && !inClass ? 'z' : next);
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
                builder.Append(c);
                continue;
            }

            if (c == '[')
            {
                // A ']' right after '[' or '[^' is a member of the class, not its end.
                builder.Append(c);
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    builder.Append(pattern[++i]);
                }

                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    builder.Append(pattern[++i]);
                }

                inClass = true;
                continue;
            }

            if (c == '$' && !multiline)
            {
                builder.Append("\\z");
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"\(\?[a-zA-Z]*m[a-zA-Z-]*[:)]", RegexOptions.CultureInvariant)]
    private static partial Regex MultilineFlag();
}
