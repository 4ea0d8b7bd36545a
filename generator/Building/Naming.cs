using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
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
        var shape = Classify(name);
        if (shape == NameShape.PascalAlready)
        {
            return Bounded(name); // most schema ids: nothing to change, nothing to allocate
        }

        if (shape == NameShape.CamelAlready)
        {
            return Bounded(UpperFirst(name)); // most property names: only the first letter changes
        }

        var allCaps = shape == NameShape.AllCaps;

        // One char more than the name, for a leading '_'.
        Span<char> buffer = name.Length < 128 ? stackalloc char[name.Length + 1] : new char[name.Length + 1];
        var length = 1;
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
                buffer[length++] = char.ToUpperInvariant(c);
                start = false;
            }
            else
            {
                buffer[length++] = allCaps ? char.ToLowerInvariant(c) : c;
            }
        }

        if (length == 1)
        {
            return "Value";
        }

        if (char.IsDigit(buffer[1]))
        {
            buffer[0] = '_';
            return Bounded(buffer.Slice(0, length).ToString());
        }

        return Bounded(buffer.Slice(1, length - 1).ToString());
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
        // A camelCase ASCII name short enough not to be cut is its own camelCase (most parameter names): no round trip
        // through Pascal and a char array.
        if (name.Length <= MaxIdentifierBytes && Classify(name) == NameShape.CamelAlready)
        {
            return EscapeKeyword(name);
        }

        var pascal = Pascal(name);
        var first = char.ToLowerInvariant(pascal[0]);
        if (pascal[0] == '_' || first == pascal[0])
        {
            return pascal[0] == '_' ? pascal : EscapeKeyword(pascal);
        }

        var chars = pascal.ToCharArray();
        chars[0] = first;
        return EscapeKeyword(new string(chars));
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsIdentifierChar(char c) => c < 128 ? (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9') : char.IsLetterOrDigit(c);

    /// <summary>A camelCase ASCII identifier with its first letter upper-cased.</summary>
    private static string UpperFirst(string name)
    {
        Span<char> buffer = name.Length < 128 ? stackalloc char[name.Length] : new char[name.Length];
        name.AsSpan().CopyTo(buffer);
        buffer[0] = (char)(buffer[0] - ('a' - 'A'));
        return buffer.ToString();
    }

    private enum NameShape
    {
        /// <summary>None of the shapes below: Pascal splits and cases it char by char.</summary>
        Other,

        /// <summary>No lower-case letter and at least one upper-case one (such parts are title-cased).</summary>
        AllCaps,

        /// <summary>ASCII letters and digits, starting with an upper-case letter, not all caps: Pascal returns it unchanged.</summary>
        PascalAlready,

        /// <summary>ASCII letters and digits, starting with a lower-case letter: Pascal only upper-cases that letter.</summary>
        CamelAlready,
    }

    // What Classify notes of a char: a lower-case letter, an upper-case one, or neither letter nor digit.
    private const int LowerChar = 1;
    private const int UpperChar = 2;
    private const int OtherChar = 4;

    // The note of each ASCII char, looked up instead of compared against three ranges (Classify sees every char of
    // every name).
    private static readonly byte[] AsciiChars = MakeAsciiChars();

    private static byte[] MakeAsciiChars()
    {
        var chars = new byte[128];
        for (var c = 0; c < chars.Length; c++)
        {
            chars[c] = c is >= 'a' and <= 'z' ? (byte)LowerChar : c is >= 'A' and <= 'Z' ? (byte)UpperChar : c is >= '0' and <= '9' ? (byte)0 : (byte)OtherChar;
        }

        return chars;
    }

    private static NameShape Classify(string name)
    {
        var notes = 0;
        foreach (var c in name)
        {
            if (c < 128)
            {
                notes |= AsciiChars[c];
            }
            else
            {
                notes |= OtherChar | (char.IsLower(c) ? LowerChar : 0) | (char.IsUpper(c) ? UpperChar : 0);
            }
        }

        if ((notes & (LowerChar | UpperChar)) == UpperChar)
        {
            return NameShape.AllCaps;
        }

        if (name.Length == 0 || (notes & OtherChar) != 0)
        {
            return NameShape.Other;
        }

        return name[0] switch
        {
            >= 'A' and <= 'Z' => NameShape.PascalAlready,
            >= 'a' and <= 'z' => NameShape.CamelAlready,
            _ => NameShape.Other,
        };
    }
}

/// <summary>The names already used in one C# scope; claims give deterministic unique names.</summary>
internal sealed class NameScope
{
    // A few reserved names (a class's own members) are cheaper to scan than to hash into every new scope; many are
    // hashed once into a ReservedNames that every scope of that kind shares.
    private const int ScannedReservedNames = 16;

    // Most scopes (a model's properties, a method's locals) hold a few names: those are scanned in a small array, and a
    // set is made only once a scope grows past it.
    private const int ScannedUsedNames = 8;

    private readonly string[] _reserved;
    private readonly ReservedNames? _shared;
    private string[]? _few;
    private int _fewCount;
    private HashSet<string>? _used;

    // The set of a scope that grew past the array and was then cleared, kept for the next time it grows.
    private HashSet<string>? _spare;

    public NameScope(params string[] reserved)
    {
        if (reserved.Length <= ScannedReservedNames)
        {
            _reserved = reserved;
            return;
        }

        _reserved = Array.Empty<string>();
        _shared = new ReservedNames(reserved);
    }

    /// <summary>A scope whose reserved names are <paramref name="shared"/> (not copied).</summary>
    public NameScope(ReservedNames shared)
    {
        _reserved = Array.Empty<string>();
        _shared = shared;
    }

    public bool IsUsed(string name) => IsReserved(name) || Contains(name);

    public void Reserve(string name) => Add(name);

    /// <summary>
    /// Forgets every name claimed or reserved since construction (the constructor's reserved names stay): one scope then
    /// serves many classes in turn, instead of a new scope, array and set for each.
    /// </summary>
    public void Clear()
    {
        _fewCount = 0;
        if (_used is not null)
        {
            _used.Clear();
            _spare = _used;
            _used = null;
        }
    }

    /// <summary>Claims <paramref name="desired"/>, or <paramref name="desired"/> + suffix, or that + 2, 3, ...</summary>
    public string Claim(string desired, string suffix = "")
    {
        desired = Naming.Bounded(desired);
        if (TryClaim(desired))
        {
            return desired;
        }

        if (suffix.Length > 0 && TryClaim(desired + suffix))
        {
            return desired + suffix;
        }

        for (var i = 2; ; i++)
        {
            var candidate = desired + suffix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (TryClaim(candidate))
            {
                return candidate;
            }
        }
    }

    private bool TryClaim(string name) => !IsReserved(name) && Add(name);

    private bool Contains(string name)
    {
        if (_used is not null)
        {
            return _used.Contains(name);
        }

        for (var i = 0; i < _fewCount; i++)
        {
            if (string.Equals(_few![i], name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Adds a used name; false when it was already used (as HashSet.Add).</summary>
    private bool Add(string name)
    {
        if (_used is not null)
        {
            return _used.Add(name);
        }

        if (Contains(name))
        {
            return false;
        }

        if (_fewCount < ScannedUsedNames)
        {
            (_few ??= new string[ScannedUsedNames])[_fewCount++] = name;
            return true;
        }

        _used = _spare ?? new HashSet<string>(StringComparer.Ordinal);
        _spare = null;
        foreach (var few in _few!)
        {
            _used.Add(few);
        }

        _used.Add(name);
        return true;
    }

    private bool IsReserved(string name) => Array.IndexOf(_reserved, name) >= 0 || (_shared is not null && _shared.Contains(name));
}

/// <summary>Names a kind of scope always reserves (a generated model's inherited members), hashed once and shared read-only.</summary>
internal sealed class ReservedNames
{
    private readonly HashSet<string> _names;

    public ReservedNames(params string[] names) => _names = new HashSet<string>(names, StringComparer.Ordinal);

    public bool Contains(string name) => _names.Contains(name);
}
