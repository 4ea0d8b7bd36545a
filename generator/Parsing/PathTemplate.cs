using System.Collections.Generic;
using DiscoveryGen.Generator.Model;

namespace DiscoveryGen.Generator.Parsing;

/// <summary>One piece of a discovery path template: literal text or a <c>{x}</c>/<c>{+x}</c> variable.</summary>
internal sealed record PathPart(string Text, bool IsVariable, bool Reserved);

/// <summary>Discovery path templates: RFC 6570 level 2 (<c>{x}</c> and <c>{+x}</c>).</summary>
internal static class PathTemplate
{
    /// <summary>
    /// Whether a variable name holds a character it may not (operators and separators of richer RFC 6570 levels). Not
    /// string.IndexOfAny over these eleven: with more than five values it goes through SearchValues, whose generic
    /// helpers a new compiler process compiles on first use.
    /// </summary>
    private static bool HasNotInName(string name)
    {
        foreach (var c in name)
        {
            if (c is '{' or '/' or '?' or '#' or '&' or ',' or '*' or ':' or ';' or '+' or ' ')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Splits a template; returns null when it is malformed.</summary>
    public static List<PathPart>? Split(string template, out string? problem)
    {
        var parts = new List<PathPart>();
        var i = 0;
        problem = null;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            var close = template.IndexOf('}', i);
            if (close >= 0 && (open < 0 || close < open))
            {
                problem = $"unmatched '}}' at {close}";
                return null;
            }

            if (open < 0)
            {
                parts.Add(new PathPart(template.Substring(i), false, false));
                break;
            }

            if (open > i)
            {
                parts.Add(new PathPart(template.Substring(i, open - i), false, false));
            }

            if (close < 0)
            {
                problem = $"unclosed '{{' at {open}";
                return null;
            }

            var expression = template.Substring(open + 1, close - open - 1);
            var reserved = expression.StartsWith("+", System.StringComparison.Ordinal);
            var name = reserved ? expression.Substring(1) : expression;
            if (name.Length == 0 || HasNotInName(name))
            {
                problem = $"unsupported expression '{{{expression}}}'";
                return null;
            }

            parts.Add(new PathPart(name, true, reserved));
            i = close + 1;
        }

        return parts;
    }

    /// <summary>Returns a problem description, or null when every variable is a path parameter of the method.</summary>
    public static string? Validate(string template, EquatableArray<ParameterDef> parameters)
    {
        var parts = Split(template, out var problem);
        if (parts is null)
        {
            return problem;
        }

        foreach (var part in parts)
        {
            if (!part.IsVariable)
            {
                continue;
            }

            var found = false;
            foreach (var parameter in parameters)
            {
                if (parameter.Name == part.Text && parameter.Location == "path")
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return $"'{{{part.Text}}}' is not a path parameter of the method";
            }
        }

        return null;
    }
}
