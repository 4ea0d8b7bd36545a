using System;
using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace DiscoveryGen.Runtime;

/// <summary>Argument checks generated methods run before anything is sent.</summary>
public static class ParameterCheck
{
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

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

    /// <summary>Throws when a value does not match the discovery <c>pattern</c> of its parameter. Null passes.</summary>
    public static void Pattern(string? value, string parameterName, string pattern)
    {
        if (value is null)
        {
            return;
        }

        var regex = Patterns.GetOrAdd(pattern, static p => new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
        if (!regex.IsMatch(value))
        {
            throw new ArgumentException(
                $"Parameter '{parameterName}' does not match the pattern {pattern} required by the API: '{value}'.",
                parameterName);
        }
    }
}
