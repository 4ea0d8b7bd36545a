using System;
using System.Text.RegularExpressions;

namespace DiscoveryGen.Generator.Parsing;

/// <summary>
/// Whether a discovery <c>pattern</c> is one the runtime can run. The runtime's PatternRegex rewrites only anchors
/// (<c>$</c>, <c>\Z</c> → <c>\z</c>) before building the regex, which never changes whether it parses, and falls back
/// from the linear engine to backtracking for the constructs only that has; so a pattern runs exactly when .NET's
/// parser accepts it as written.
/// </summary>
internal static class PatternSyntax
{
    /// <summary>Null when .NET parses <paramref name="pattern"/>; otherwise the parser's reason.</summary>
    public static string? Error(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant);
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }
}
