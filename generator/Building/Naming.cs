using System;
using System.Collections.Generic;
using System.Text;

namespace DiscoveryGen.Generator.Building;

/// <summary>Turns discovery names into C# identifiers. One place for casing and escaping rules.</summary>
internal static class Naming
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>
    /// PascalCase: splits on anything that is not a letter or digit, upper-cases each part's first letter and keeps the
    /// rest (camelCase stays readable); a part written ALL_CAPS is title-cased. A leading digit gets a '_' prefix.
    /// </summary>
    public static string Pascal(string name)
    {
        var builder = new StringBuilder(name.Length);
        var allCaps = IsAllCaps(name);
        var start = true;
        foreach (var c in name)
        {
            if (!IsIdentifierChar(c))
            {
                start = true;
                continue;
            }

            if (start)
            {
                builder.Append(char.ToUpperInvariant(c));
                start = false;
            }
            else
            {
                builder.Append(allCaps ? char.ToLowerInvariant(c) : c);
            }
        }

        if (builder.Length == 0)
        {
            return "Value";
        }

        if (char.IsDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return Bounded(builder.ToString());
    }

    /// <summary>The longest identifier, in UTF-8 bytes, the generator writes (metadata allows 1023 for a type's full name).</summary>
    public const int MaxIdentifierBytes = 200;

    /// <summary>
    /// An identifier cut to <see cref="MaxIdentifierBytes"/>: a longer one keeps its start and gets <c>_</c> and a hash of
    /// the whole name, so distinct long names stay distinct and every run names them alike. Real documents never come
    /// near the limit; a hostile one must still give code that compiles.
    /// </summary>
    public static string Bounded(string identifier)
    {
        if (identifier.Length * 3 <= MaxIdentifierBytes || Encoding.UTF8.GetByteCount(identifier) <= MaxIdentifierBytes)
        {
            return identifier;
        }

        var suffix = "_" + StableHash(identifier).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        var length = 0;
        var bytes = 0;
        while (length < identifier.Length)
        {
            var size = char.IsHighSurrogate(identifier[length]) && length + 1 < identifier.Length ? 2 : 1;
            var next = Encoding.UTF8.GetByteCount(identifier.Substring(length, size));
            if (bytes + next > MaxIdentifierBytes - suffix.Length)
            {
                break;
            }

            bytes += next;
            length += size;
        }

        return identifier.Substring(0, length) + suffix;
    }

    /// <summary>FNV-1a over UTF-16 code units: stable across runs and platforms (string.GetHashCode is not).</summary>
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    /// <summary>camelCase, escaped with '@' when it is a keyword.</summary>
    public static string Camel(string name)
    {
        var pascal = Pascal(name);
        if (pascal[0] == '_')
        {
            return pascal;
        }

        var camel = char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
        return EscapeKeyword(camel);
    }

    public static string EscapeKeyword(string identifier) => Keywords.Contains(identifier) ? "@" + identifier : identifier;

    /// <summary>The identifier without a leading '@' (what nameof() would give).</summary>
    public static string Unescaped(string identifier) => identifier.StartsWith("@", StringComparison.Ordinal) ? identifier.Substring(1) : identifier;

    /// <summary>True when <paramref name="name"/> is a valid dotted C# namespace.</summary>
    public static bool IsValidNamespace(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        foreach (var part in name.Split('.'))
        {
            if (part.Length == 0 || char.IsDigit(part[0]) || Keywords.Contains(part))
            {
                return false;
            }

            foreach (var c in part)
            {
                if (!IsIdentifierChar(c))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsIdentifierChar(char c) => c < 128 ? (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9') : char.IsLetterOrDigit(c);

    private static bool IsAllCaps(string name)
    {
        var hasUpper = false;
        foreach (var c in name)
        {
            if (char.IsLower(c))
            {
                return false;
            }

            hasUpper |= char.IsUpper(c);
        }

        return hasUpper;
    }
}

/// <summary>The names already used in one C# scope; claims give deterministic unique names.</summary>
internal sealed class NameScope
{
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public NameScope(params string[] reserved)
    {
        foreach (var name in reserved)
        {
            _used.Add(name);
        }
    }

    public bool IsUsed(string name) => _used.Contains(name);

    public void Reserve(string name) => _used.Add(name);

    /// <summary>Claims <paramref name="desired"/>, or <paramref name="desired"/> + suffix, or that + 2, 3, ...</summary>
    public string Claim(string desired, string suffix = "")
    {
        desired = Naming.Bounded(desired);
        if (_used.Add(desired))
        {
            return desired;
        }

        if (suffix.Length > 0 && _used.Add(desired + suffix))
        {
            return desired + suffix;
        }

        for (var i = 2; ; i++)
        {
            var candidate = desired + suffix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (_used.Add(candidate))
            {
                return candidate;
            }
        }
    }
}
