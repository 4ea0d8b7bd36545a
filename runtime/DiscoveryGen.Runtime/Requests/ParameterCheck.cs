using System;
using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace DiscoveryGen.Runtime;

/// <summary>Argument checks generated methods run before anything is sent.</summary>
public static partial class ParameterCheck
{
    /// <summary>How long a value may take against a pattern that needs backtracking.</summary>
    internal static readonly TimeSpan BacktrackingTimeout = TimeSpan.FromMilliseconds(100);

    private static readonly ConcurrentDictionary<string, Regex?> Patterns = new(StringComparer.Ordinal);

    /// <summary>Throws when a required parameter is null or empty.</summary>
    public static void Required(string? value, string parameterName)
    {
        if (value is null)
        {
            throw new ArgumentNullException(parameterName, $"Required parameter '{parameterName}' is null.");
        }

        if (value.Length == 0)
        {
            throw new ArgumentException($"Required parameter '{parameterName}' is empty.", parameterName);
        }
    }

    /// <summary>Throws when a required non-string parameter is null.</summary>
    public static void Required<T>(T? value, string parameterName)
        where T : class
    {
        if (value is null)
        {
            throw new ArgumentNullException(parameterName, $"Required parameter '{parameterName}' is null.");
        }
    }

    /// <summary>Throws when an integer is outside the document's <c>minimum</c>/<c>maximum</c>. Null passes.</summary>
    public static void Range(long? value, string parameterName, long? minimum, long? maximum)
    {
        if (value is { } v && ((minimum is { } min && v < min) || (maximum is { } max && v > max)))
        {
            throw OutOfRange(parameterName, v.ToString(System.Globalization.CultureInfo.InvariantCulture), minimum?.ToString(System.Globalization.CultureInfo.InvariantCulture), maximum?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Throws when an unsigned integer is outside the document's <c>minimum</c>/<c>maximum</c>. Null passes.</summary>
    public static void Range(ulong? value, string parameterName, ulong? minimum, ulong? maximum)
    {
        if (value is { } v && ((minimum is { } min && v < min) || (maximum is { } max && v > max)))
        {
            throw OutOfRange(parameterName, v.ToString(System.Globalization.CultureInfo.InvariantCulture), minimum?.ToString(System.Globalization.CultureInfo.InvariantCulture), maximum?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Throws when a number is outside the document's <c>minimum</c>/<c>maximum</c> (or NaN). Null passes.</summary>
    public static void Range(double? value, string parameterName, double? minimum, double? maximum)
    {
        if (value is { } v && (double.IsNaN(v) || (minimum is { } min && v < min) || (maximum is { } max && v > max)))
        {
            throw OutOfRange(parameterName, v.ToString("R", System.Globalization.CultureInfo.InvariantCulture), minimum?.ToString("R", System.Globalization.CultureInfo.InvariantCulture), maximum?.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Throws when a body property that the document marks required for this method is null.</summary>
    public static void RequiredProperty(object? value, string bodyName, string jsonName)
    {
        if (value is null)
        {
            throw new ArgumentException($"'{jsonName}' of the request body is required by this method.", bodyName);
        }
    }

    private static ArgumentOutOfRangeException OutOfRange(string parameterName, string value, string? minimum, string? maximum) =>
        new(parameterName, $"Parameter '{parameterName}' is {value}; the API accepts {(minimum is null ? "values" : minimum)} {(minimum is null ? "up to" : maximum is null ? "or more" : "to")} {maximum}".TrimEnd() + ".");

    /// <summary>
    /// True when <paramref name="value"/> matches a discovery <c>pattern</c> (see <see cref="Pattern"/> for how patterns
    /// are run). A pattern .NET cannot parse cannot be checked: every value is taken to match it.
    /// </summary>
    /// <exception cref="ArgumentException">The pattern needs backtracking and the value took too long to check.</exception>
    public static bool Matches(string value, string pattern)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(pattern);
        return MatchesCore(value, pattern, "value");
    }

    /// <summary>
    /// Throws when a value does not match the discovery <c>pattern</c> of its parameter. Null passes.
    /// </summary>
    /// <remarks>
    /// Patterns are run as RE2 (Google's engine) runs them: in linear time, with <see cref="RegexOptions.NonBacktracking"/>,
    /// so a catastrophic pattern such as <c>^(a+)+$</c> costs no more than any other; and with <c>$</c> matching only at
    /// the very end (.NET's <c>$</c> also matches before a final <c>\n</c>, which would let <c>"name\n"</c> pass).
    /// The few constructs the linear engine lacks (backreferences, lookarounds, atomic groups) run with backtracking
    /// under a 100 ms timeout; a value that takes longer is rejected. Every failure is an <see cref="ArgumentException"/>.
    /// A pattern .NET cannot parse is not checked here (the server still is).
    /// </remarks>
    /// <exception cref="ArgumentException">The value does not match, or could not be checked in time.</exception>
    public static void Pattern(string? value, string parameterName, string pattern)
    {
        if (value is null)
        {
            return;
        }

        if (!MatchesCore(value, pattern, parameterName))
        {
            throw new ArgumentException(
                $"Parameter '{parameterName}' does not match the pattern {pattern} required by the API: '{value}'.",
                parameterName);
        }
    }

    private static bool MatchesCore(string value, string pattern, string parameterName)
    {
        if (Patterns.GetOrAdd(pattern, Compile) is not { } regex)
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
                $"Parameter '{parameterName}' could not be checked against the pattern {pattern} required by the API within {BacktrackingTimeout.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} ms; it was rejected.",
                parameterName,
                ex);
        }
    }

    /// <summary>The regex of a discovery pattern; null when .NET cannot parse it.</summary>
    private static Regex? Compile(string pattern)
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
    internal static string AnchorAtEnd(string pattern)
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
