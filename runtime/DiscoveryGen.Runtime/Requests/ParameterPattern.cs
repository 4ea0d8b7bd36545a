using System;
using System.Text.RegularExpressions;

namespace DiscoveryGen.Runtime;

/// <summary>
/// A discovery <c>pattern</c>, declared once per service as a static field and shared by every method that checks it.
/// The regular expression is built on first use (culture-invariant, one-second match timeout), so a service with many
/// patterns costs nothing at start-up and nothing per call beyond the match.
/// </summary>
public sealed class ParameterPattern
{
    private Regex? _regex;

    /// <summary>Creates a pattern from the document's regular expression.</summary>
    /// <param name="pattern">The regular expression (.NET syntax).</param>
    public ParameterPattern(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Pattern = pattern;
    }

    /// <summary>The regular expression as the document writes it.</summary>
    public string Pattern { get; }

    /// <summary>True when <paramref name="value"/> matches.</summary>
    /// <param name="value">The value to test.</param>
    public bool IsMatch(string value)
    {
        // Two threads may both build it on first use; either instance is equivalent.
        var regex = _regex ??= new Regex(Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return regex.IsMatch(value);
    }

    /// <inheritdoc />
    public override string ToString() => Pattern;
}
