using System;
using System.Text.RegularExpressions;
using System.Threading;

namespace DiscoveryGen.Runtime;

/// <summary>
/// A discovery <c>pattern</c>, declared once per service as a static field and shared by every method that checks it.
/// The regular expression is built on first use, so a service with many patterns costs nothing at start-up and nothing
/// per call beyond the match. It runs as Google's RE2 runs it: in linear time (<see cref="RegexOptions.NonBacktracking"/>;
/// the few constructs only backtracking has run under a 100 ms timeout), with <c>$</c> matching only at the very end of
/// the value; a pattern .NET cannot parse matches every value (the server still checks it).
/// </summary>
public sealed class ParameterPattern
{
    private Regex? _regex;
    private bool _built;

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
    /// <exception cref="ArgumentException">The pattern needs backtracking and the value took too long to check.</exception>
    public bool IsMatch(string value) => IsMatch(value, nameof(value));

    /// <summary>
    /// Checks a required path value against this pattern and expands it as a <c>{+x}</c> variable
    /// (<see cref="PathEncoding.Reserved"/>): one call where a generated method builds its path.
    /// </summary>
    /// <exception cref="ArgumentException">The value is null, empty or does not match; or a segment is <c>.</c> or <c>..</c>.</exception>
    public string Reserved(string? value, string parameterName)
    {
        ParameterCheck.RequiredPattern(value, parameterName, this);
        return PathEncoding.Reserved(value!, parameterName);
    }

    /// <summary>Checks a required path value against this pattern and expands it as a <c>{x}</c> variable (<see cref="PathEncoding.Simple"/>).</summary>
    /// <exception cref="ArgumentException">The value is null, empty or does not match, or is <c>.</c> or <c>..</c>.</exception>
    public string Simple(string? value, string parameterName)
    {
        ParameterCheck.RequiredPattern(value, parameterName, this);
        return PathEncoding.Simple(value!, parameterName);
    }

    /// <inheritdoc />
    public override string ToString() => Pattern;

    /// <summary>True when <paramref name="value"/> matches; a timeout names <paramref name="parameterName"/>.</summary>
    internal bool IsMatch(string value, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(value);

        // Two threads may both build it on first use; either result is equivalent.
        if (!Volatile.Read(ref _built))
        {
            _regex = PatternRegex.Create(Pattern);
            Volatile.Write(ref _built, true);
        }

        return PatternRegex.IsMatch(_regex, value, Pattern, parameterName);
    }
}
