using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace DiscoveryGen.Generator.Parsing;

/// <summary>
/// Whether a discovery <c>pattern</c> is one the runtime can run. The runtime's PatternRegex rewrites only anchors
/// (<c>$</c>, <c>\Z</c> → <c>\z</c>) before building the regex, which never changes whether it parses, and falls back
/// from the linear engine to backtracking for the constructs only that has; so a pattern runs exactly when .NET's
/// parser accepts it as written.
/// </summary>
/// <remarks>
/// Building a Regex to ask is most of the cost of checking (a large API has hundreds of patterns), while nearly every
/// pattern is a plain resource path such as <c>^projects/[^/]+/locations/[^/]+$</c>: those are recognised by
/// <see cref="IsPlain"/> without one, and the rest are asked once per distinct text.
/// </remarks>
internal sealed class PatternSyntax
{
    private Dictionary<string, string?>? _errors;

    /// <summary>Null when .NET parses <paramref name="pattern"/>; otherwise the parser's reason.</summary>
    public static string? Error(string pattern)
    {
        if (IsPlain(pattern))
        {
            return null;
        }

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

    /// <summary><see cref="Error(string)"/>, asked once per distinct pattern of this checker (one document).</summary>
    public string? ErrorOnce(string pattern)
    {
        if (IsPlain(pattern))
        {
            return null;
        }

        _errors ??= new Dictionary<string, string?>(StringComparer.Ordinal);
        if (!_errors.TryGetValue(pattern, out var error))
        {
            _errors[pattern] = error = Error(pattern);
        }

        return error;
    }

    /// <summary>
    /// True for patterns built only of constructs .NET always parses: anchors (<c>^</c>, <c>$</c>), letters, digits
    /// and <c>/_:@=,~%-</c> as themselves, <c>.</c>, a backslash before punctuation other than <c>_</c>, classes of such characters and
    /// ascending letter or digit ranges (<c>[^/]</c>, <c>[a-z0-9-]</c>), each atom followed by at most one of
    /// <c>* + ?</c>. False says nothing: the caller asks the parser.
    /// </summary>
    internal static bool IsPlain(string pattern)
    {
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c is '^' or '$')
            {
                i++;
                continue;
            }

            // One atom.
            if (IsLiteral(c) || c == '.')
            {
                i++;
            }
            else if (c == '\\')
            {
                if (i + 1 >= pattern.Length || !IsPunctuation(pattern[i + 1]))
                {
                    return false;
                }

                i += 2;
            }
            else if (c == '[')
            {
                i = PlainClassEnd(pattern, i + 1);
                if (i < 0)
                {
                    return false;
                }
            }
            else
            {
                return false;
            }

            if (i < pattern.Length && pattern[i] is '*' or '+' or '?')
            {
                i++;
            }
        }

        return true;
    }

    /// <summary>The index after the class that starts at <paramref name="i"/> (after its '['), or -1 when it is not plain.</summary>
    private static int PlainClassEnd(string pattern, int i)
    {
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        var start = i;
        while (i < pattern.Length && pattern[i] != ']')
        {
            var c = pattern[i];
            if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
            {
                var to = pattern[i + 2];
                if (!(c <= to && ((c is >= 'a' and <= 'z' && to is >= 'a' and <= 'z') || (c is >= 'A' and <= 'Z' && to is >= 'A' and <= 'Z') || (c is >= '0' and <= '9' && to is >= '0' and <= '9'))))
                {
                    return -1;
                }

                i += 3;
            }
            else if (IsLiteral(c) && (c != '-' || (i + 1 < pattern.Length && pattern[i + 1] == ']')))
            {
                // A '-' is plain only last (first and between ranges it may read as a range or a subtraction).
                i++;
            }
            else if (c == '.')
            {
                i++;
            }
            else
            {
                return -1;
            }
        }

        return i < pattern.Length && i > start ? i + 1 : -1;
    }

    private static bool IsLiteral(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '/' or '_' or ':' or '@' or '=' or ',' or '~' or '%' or '-';

    // Not '_': .NET rejects an escaped word character it does not know (\_).
    private static bool IsPunctuation(char c) => c is (>= '!' and <= '/') or (>= ':' and <= '@') or (>= '[' and <= '^') or '`' or (>= '{' and <= '~');
}
