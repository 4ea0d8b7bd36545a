using System;
using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace DiscoveryGen.Runtime;

/// <summary>Argument checks generated methods run before anything is sent.</summary>
public static class ParameterCheck
{
    private static readonly ConcurrentDictionary<string, Regex?> Compiled = new(StringComparer.Ordinal);

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
    /// Throws when a required string parameter is null or empty, or does not match its discovery <c>pattern</c>
    /// (<see cref="Required(string?, string)"/> and <see cref="Pattern(string?, string, ParameterPattern)"/> in one call).
    /// </summary>
    public static void RequiredPattern(string? value, string parameterName, ParameterPattern pattern)
    {
        Required(value, parameterName);
        Pattern(value, parameterName, pattern);
    }

    /// <summary>
    /// Throws when a required string parameter is null or empty, or matches none of <paramref name="patterns"/> (an
    /// operation name, for an API whose operations live under several parents).
    /// </summary>
    public static void RequiredAnyPattern(string? value, string parameterName, params ParameterPattern[] patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        Required(value, parameterName);
        foreach (var pattern in patterns)
        {
            if (pattern.IsMatch(value!, parameterName))
            {
                return;
            }
        }

        throw new ArgumentException(
            $"Parameter '{parameterName}' matches none of the patterns {string.Join(", ", (object[])patterns)} required by the API: '{value}'.",
            parameterName);
    }

    /// <summary>Throws when a value does not match the discovery <c>pattern</c> of its parameter. Null passes.</summary>
    public static void Pattern(string? value, string parameterName, ParameterPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (value is not null && !pattern.IsMatch(value, parameterName))
        {
            throw new ArgumentException(
                $"Parameter '{parameterName}' does not match the pattern {pattern.Pattern} required by the API: '{value}'.",
                parameterName);
        }
    }

    /// <summary>Throws when any value of a repeated parameter does not match its discovery <c>pattern</c>. Null passes.</summary>
    public static void Patterns(System.Collections.Generic.IEnumerable<string>? values, string parameterName, ParameterPattern pattern)
    {
        if (values is null)
        {
            return;
        }

        foreach (var value in values)
        {
            Pattern(value, parameterName, pattern);
        }
    }

    /// <summary>Throws when a required parameter that is not a string (a body, a stream) is null.</summary>
    public static void RequiredObject(object? value, string parameterName)
    {
        if (value is null)
        {
            throw new ArgumentNullException(parameterName, $"Required parameter '{parameterName}' is null.");
        }
    }

    /// <summary>
    /// True when <paramref name="value"/> matches a discovery <c>pattern</c> (see <see cref="Pattern(string?, string, string)"/> for how patterns
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
    /// Patterns run as Google's RE2 runs them: in linear time, and with <c>$</c> matching only at the very end (so
    /// <c>"name\n"</c> does not pass <c>^[a-z]+$</c>). Every failure is an <see cref="ArgumentException"/>; a pattern .NET
    /// cannot parse is not checked here (the server still checks it).
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

    private static bool MatchesCore(string value, string pattern, string parameterName) =>
        PatternRegex.IsMatch(Compiled.GetOrAdd(pattern, PatternRegex.Create), value, pattern, parameterName);
}
