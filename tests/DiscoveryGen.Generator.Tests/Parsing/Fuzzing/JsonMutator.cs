using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace DiscoveryGen.Generator.Tests.Parsing.Fuzzing;

/// <summary>A JSON tree that, unlike JsonNode, keeps duplicate keys and member order: what the mutator edits.</summary>
internal abstract class FNode
{
    public abstract FNode Clone();

    public static FNode From(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new FObject(element.EnumerateObject().Select(p => new KeyValuePair<string, FNode>(p.Name, From(p.Value))).ToList()),
        JsonValueKind.Array => new FArray(element.EnumerateArray().Select(From).ToList()),
        _ => new FScalar(element.GetRawText()),
    };
}

internal sealed class FObject : FNode
{
    public FObject(List<KeyValuePair<string, FNode>> members) => Members = members;

    public List<KeyValuePair<string, FNode>> Members { get; }

    public override FNode Clone() => new FObject(Members.Select(m => new KeyValuePair<string, FNode>(m.Key, m.Value.Clone())).ToList());
}

internal sealed class FArray : FNode
{
    public FArray(List<FNode> items) => Items = items;

    public List<FNode> Items { get; }

    public override FNode Clone() => new FArray(Items.Select(i => i.Clone()).ToList());
}

internal sealed class FScalar : FNode
{
    public FScalar(string raw) => Raw = raw;

    /// <summary>The value as JSON text.</summary>
    public string Raw { get; }

    public override FNode Clone() => this;

    public static FScalar String(string value) => new(JsonSerializer.Serialize(value));
}

/// <summary>
/// Mutates a real discovery document the ways a hand-edited or future document might differ: keys deleted,
/// duplicated, renamed; values retyped or swapped for other parts of the document; discovery fields given odd but
/// plausible values; <c>$ref</c>s pointed elsewhere; the text truncated. Deterministic for a given <see cref="Random"/>.
/// </summary>
internal sealed class JsonMutator
{
    private static readonly string[] OddKeys =
    {
        "class", "namespace", "object", "string", "event", "params", "a-b", "1abc", "$.xgafv", "", "ünïcode", "a b", "@odata.type",
        "__client", "__request", "__r", "ReadJson", "WriteJson", "Value", "IsKnown", "Equals", "GetHashCode", "options", "cancellationToken",
        "body", "result", "reader", "writer", "Client", "Methods", "DefaultBaseUri", "_", "__", "A", "a", "ApiName", "x.y.z", "\u00e9t\u00e9",
        // Names of the generated files' parts: a resource called "names" or "models" names a file like the typed names' or the models'.
        "names", "models", "Names", "g",
        // Names the generated code gives its own locals and fields behind "__": a name made from a parameter's must never be one.
        "methods", "client", "r", "ct", "page", "token", "item", "key", "v0", "clientOrNull",
    };

    private static readonly string[] OddScalars =
    {
        "null", "true", "false", "0", "-1", "1.5", "1e400", "-1e400", "9223372036854775808", "\"\"", "\" \"", "\"x\"", "\"\\u0000\"",
        "\"\\ud800\"", "\"line\\nbreak\"", "\"quote\\\"d\"", "\"</summary><b>&amp;\"", "\"*/ /* //\"", "\"{\"", "\"}\"", "\"\\\\\"",
    };

    private static readonly Dictionary<string, string[]> Interesting = new(StringComparer.Ordinal)
    {
        ["type"] = new[] { "string", "integer", "number", "boolean", "object", "array", "any", "null", "tuple", "", "Object" },
        ["format"] = new[] { "int64", "uint64", "int32", "uint32", "double", "float", "byte", "date", "date-time", "google-datetime", "google-duration", "google-fieldmask", "weird", "" },
        ["location"] = new[] { "path", "query", "header", "body", "cookie", "" },
        ["httpMethod"] = new[] { "GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "get", "WEIRD METHOD", "" },
        ["path"] = new[] { "{+name}", "v1/{name}:do", "{", "}", "{a}{b}", "{name}/{name}", "", "../{x}", "{?q}", "a/{+name}/b", "{name}", "x/{name}/y/{+parent}", "{ name }", "{name*}", "/abs/{name}" },
        ["flatPath"] = new[] { "{+name}", "", "x/{y}" },
        ["required"] = new[] { "true", "false" },
        ["repeated"] = new[] { "true", "false" },
        ["readOnly"] = new[] { "true", "false" },
        ["deprecated"] = new[] { "true", "false" },
        ["rootUrl"] = new[] { "", "not a url", "http://x/ y", "https://example.com", "https://example.com/", "ftp://x/" },
        ["servicePath"] = new[] { "", "/", "v1/", "a b/" },
        ["baseUrl"] = new[] { "", "https://example.com/x/" },
        ["name"] = new[] { "", "1", "class", "a.b", "Ünï", "a b c", "name", "parent", "options", "cancellationToken", "body", "__request", "__r" },
        ["version"] = new[] { "", "v1", "1.0", "v1beta1", "v-2", "class" },
        ["canonicalName"] = new[] { "", "Storage", "a b c", "1st", "class", "System" },
        ["id"] = new[] { "", "Thing", "class", "a.b.c", "Operation", "Empty" },
        ["pattern"] = new[] { "[", "\\\\", "^$", "^projects/[^/]+$", "(?<x>)", "" },
        ["default"] = new[] { "", "x", "1", "true" },
        ["description"] = new[] { "", "<b>not xml</b> & </summary>", "*/ /** */ ///", "\\u", "line1\\nline2\\r\\n\\tline3" },
        ["additionalProperties"] = Array.Empty<string>(),
    };

    /// <summary>The identifier every text payload tries to smuggle into generated code; it must never appear there as code.</summary>
    public const string InjectedIdentifier = "FuzzInjected";

    /// <summary>Text fields that reach generated code as comments or string literals, never as identifiers.</summary>
    private static readonly HashSet<string> TextKeys = new(StringComparer.Ordinal)
    {
        "description", "title", "default", "pattern", "documentationLink", "ownerName", "ownerDomain", "revision",
    };

    /// <summary>
    /// Every C# line terminator (<c>\r</c>, <c>\n</c>, U+0085, U+2028, U+2029) and comment/string terminator (<c>*/</c>,
    /// <c>"</c>, <c>&lt;/summary&gt;</c>), each followed by code that would compile if it escaped its comment or literal.
    /// Each starts with a letter so that, in a <c>pattern</c>, it is still a valid regular expression.
    /// </summary>
    private static readonly string[] TextPayloads =
    {
        "a\u2028[global::System.Runtime.CompilerServices.ModuleInitializer] internal static void FuzzInjected() { }\u2028//",
        "a\u2029} class FuzzInjected { } //",
        "a\u0085class FuzzInjected { }\u0085//",
        "a\rclass FuzzInjected { }\r//",
        "a\nclass FuzzInjected { }\n//",
        "a\r\n#error FuzzInjected\r\n",
        "a*/ class FuzzInjected { } /*",
        "a\" + FuzzInjected + \"",
        "a\\\" + FuzzInjected + \\\"",
        "a</summary> class FuzzInjected { } <summary>",
        "a]]> --> </para></remarks></summary>\u2028class FuzzInjected { }",
        "a\u2028\u2029\u0085\r\n*/\"</summary> FuzzInjected",
    };

    private readonly Random _random;
    private readonly List<string> _log = new();

    public JsonMutator(Random random) => _random = random;

    /// <summary>What was done, every step in order: with the case number, enough to reproduce and to read a failure.</summary>
    public IReadOnlyList<string> Log => _log;

    /// <summary>Whether a text payload (<see cref="TextPayloads"/>) was written into the document.</summary>
    public bool InjectedText { get; private set; }

    /// <summary>Applies 1–4 tree mutations, then maybe a truncation, and returns the text.</summary>
    public string Mutate(FNode original)
    {
        var root = original.Clone();
        var count = 1 + _random.Next(4);
        for (var i = 0; i < count; i++)
        {
            MutateOnce(root);
        }

        var indented = _random.Next(2) == 0;
        _log.Add(indented ? "write indented" : "write compact");
        var text = Write(root, indented);
        if (_random.Next(10) == 0)
        {
            var cut = _random.Next(text.Length);
            _log.Add($"truncate at {cut} of {text.Length}");
            text = text.Substring(0, cut);
        }

        return text;
    }

    private void MutateOnce(FNode root)
    {
        var slots = new List<Slot>();
        Collect(root, "$", slots);
        if (slots.Count == 0)
        {
            _log.Add("nothing left to mutate");
            return;
        }

        // Bias towards discovery-specific edits: most slots are descriptions, which are rarely interesting.
        var refs = slots.Where(s => s.Key == "$ref").ToList();
        var interesting = slots.Where(s => s.Key is not null && Interesting.ContainsKey(s.Key)).ToList();
        var kind = _random.Next(10);
        switch (kind)
        {
            case 0:
                Delete(Pick(slots));
                break;
            case 1:
                Duplicate(Pick(slots), slots);
                break;
            case 2:
                Retype(Pick(slots));
                break;
            case 3:
                Rename(Pick(slots), slots);
                break;
            case 4 when refs.Count > 0:
                ChangeRef(Pick(refs), slots);
                break;
            case 5:
                Swap(Pick(slots), slots);
                break;
            case 8 when slots.Any(IsEnumValue):
                OddEnumValue(Pick(slots.Where(IsEnumValue).ToList()), slots);
                break;
            case 9:
                var texts = slots.Where(IsText).ToList();
                InjectText(texts.Count > 0 ? Pick(texts) : Pick(slots));
                break;
            default:
                Interest(interesting.Count > 0 ? Pick(interesting) : Pick(slots));
                break;
        }
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private void Delete(Slot slot)
    {
        _log.Add($"delete {slot.Path}");
        slot.Remove();
    }

    private void Duplicate(Slot slot, List<Slot> all)
    {
        if (slot.Parent is FObject parent)
        {
            var value = _random.Next(2) == 0 ? slot.Value.Clone() : Pick(all).Value.Clone();
            // One copy in three under the key in another case: a sibling whose C# name differs in case only.
            var key = _random.Next(3) == 0 ? OtherCase(slot.Key!) : slot.Key!;
            _log.Add(key == slot.Key ? $"duplicate key {slot.Path}" : $"duplicate key {slot.Path} as {Short(key)}");
            parent.Members.Insert(Math.Min(parent.Members.Count, slot.Index + 1 + _random.Next(2)), new KeyValuePair<string, FNode>(key, value));
        }
        else if (slot.Parent is FArray array)
        {
            _log.Add($"duplicate item {slot.Path}");
            array.Items.Insert(slot.Index, slot.Value.Clone());
        }
    }

    private void Retype(Slot slot)
    {
        FNode value = _random.Next(6) switch
        {
            0 => new FObject(new List<KeyValuePair<string, FNode>>()),
            1 => new FArray(new List<FNode>()),
            2 => new FArray(new List<FNode> { new FScalar("1"), FScalar.String("a"), new FObject(new List<KeyValuePair<string, FNode>>()) }),
            3 => new FObject(new List<KeyValuePair<string, FNode>> { new("a", new FScalar("1")) }),
            4 => FScalar.String(new string('x', 1 + _random.Next(3000))),
            _ => new FScalar(Pick(OddScalars)),
        };
        _log.Add($"retype {slot.Path} = {Short(Write(value, false))}");
        slot.Set(value);
    }

    private void Rename(Slot slot, List<Slot> all)
    {
        if (slot.Parent is not FObject parent)
        {
            Retype(slot);
            return;
        }

        var keys = all.Where(s => s.Key is not null).Select(s => s.Key!).Distinct().ToList();
        var key = _random.Next(4) switch
        {
            0 => Pick(OddKeys),
            1 => Pick(keys),
            // The same name in another case: a sibling with that name stays a different C# name but not a different file name.
            2 => OtherCase(slot.Key!),
            _ => slot.Key + (_random.Next(2) == 0 ? "2" : "_"),
        };
        _log.Add($"rename {slot.Path} -> {Short(key)}");
        parent.Members[slot.Index] = new KeyValuePair<string, FNode>(key, slot.Value);
    }

    /// <summary>The key with its last letter's case flipped (the key itself when it has no letter).</summary>
    private static string OtherCase(string key)
    {
        for (var i = key.Length - 1; i >= 0; i--)
        {
            if (char.IsLetter(key[i]) && char.ToUpperInvariant(key[i]) != char.ToLowerInvariant(key[i]))
            {
                var flipped = char.IsUpper(key[i]) ? char.ToLowerInvariant(key[i]) : char.ToUpperInvariant(key[i]);
                return key.Substring(0, i) + flipped + key.Substring(i + 1);
            }
        }

        return key;
    }

    private void ChangeRef(Slot slot, List<Slot> all)
    {
        var schemaNames = all.Where(s => s.Path.StartsWith("$.schemas.", StringComparison.Ordinal) && s.Path.Count(c => c == '.') == 2).Select(s => s.Key!).ToList();
        var target = _random.Next(4) switch
        {
            0 when schemaNames.Count > 0 => Pick(schemaNames),
            1 => "NoSuchSchema",
            2 => string.Empty,
            _ => slot.Path.StartsWith("$.schemas.", StringComparison.Ordinal) ? slot.Path.Split('.')[2] : "class",
        };
        _log.Add($"$ref {slot.Path} -> {Short(target)}");
        slot.Set(FScalar.String(target));
    }

    private void Swap(Slot slot, List<Slot> all)
    {
        var other = Pick(all);
        if (Contains(slot.Value, other.Value))
        {
            _log.Add($"replace {slot.Path} with copy of {other.Path}: skipped (it contains it)");
            return;
        }

        _log.Add($"replace {slot.Path} with copy of {other.Path}");
        slot.Set(other.Value.Clone());
    }

    private void Interest(Slot slot)
    {
        if (slot.Key is null || !Interesting.TryGetValue(slot.Key, out var values) || values.Length == 0)
        {
            Retype(slot);
            return;
        }

        var raw = Pick(values);
        FNode value = raw is "true" or "false" && slot.Key is "required" or "repeated" or "readOnly" or "deprecated" ? new FScalar(raw) : FScalar.String(raw);
        _log.Add($"set {slot.Path} = {Short(Write(value, false))}");
        slot.Set(value);
    }

    /// <summary>An item of an <c>enum</c> list: each becomes a C# member name of the enum's type.</summary>
    private static bool IsEnumValue(Slot slot) =>
        slot.Key is null && slot.Value is FScalar { Raw: ['"', ..] } && slot.Path.Contains(".enum[", StringComparison.Ordinal);

    /// <summary>
    /// An enum value that makes a hard member name: odd keys (keywords, generated member names, empty, digits first),
    /// a sibling value in another case or with its punctuation changed (two values, one C# name), or a sibling's value.
    /// </summary>
    private void OddEnumValue(Slot slot, List<Slot> all)
    {
        var current = Text(slot.Value);
        var siblings = all.Where(s => s.Parent == slot.Parent && s.Value is FScalar { Raw: ['"', ..] }).ToList();
        var value = _random.Next(4) switch
        {
            0 => Pick(OddKeys),
            1 => OtherCase(current),
            2 => current.Replace('_', '-') + (_random.Next(2) == 0 ? "." : " "),
            _ => Text(Pick(siblings).Value),
        };
        _log.Add($"enum value {slot.Path} = {Short(value)}");
        slot.Set(FScalar.String(value));
    }

    /// <summary>A JSON string scalar's text ("" for one that does not decode, such as an escaped lone surrogate).</summary>
    private static string Text(FNode scalar)
    {
        try
        {
            return JsonSerializer.Deserialize<string>(((FScalar)scalar).Raw) ?? string.Empty;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return string.Empty;
        }
    }

    private static bool IsText(Slot slot) =>
        slot.Value is FScalar { Raw: ['"', ..] } &&
        ((slot.Key is not null && TextKeys.Contains(slot.Key)) || (slot.Key is null && slot.Path.Contains(".enumDescriptions[", StringComparison.Ordinal)));

    /// <summary>Replaces a text field with a payload, or appends one to its text.</summary>
    private void InjectText(Slot slot)
    {
        var payload = Pick(TextPayloads);
        var value = payload;
        if (slot.Value is FScalar scalar && _random.Next(2) == 0 && JsonSerializer.Deserialize<string>(scalar.Raw) is { } original)
        {
            value = original + " " + payload;
        }

        InjectedText = true;
        _log.Add($"inject text {slot.Path} = {Short(JsonSerializer.Serialize(value))}");
        slot.Set(FScalar.String(value));
    }

    private static bool Contains(FNode outer, FNode inner)
    {
        if (ReferenceEquals(outer, inner))
        {
            return true;
        }

        return outer switch
        {
            FObject o => o.Members.Any(m => Contains(m.Value, inner)),
            FArray a => a.Items.Any(i => Contains(i, inner)),
            _ => false,
        };
    }

    private static string Short(string text) => text.Length <= 60 ? text : text.Substring(0, 57) + "...";

    private static void Collect(FNode node, string path, List<Slot> into)
    {
        switch (node)
        {
            case FObject o:
                for (var i = 0; i < o.Members.Count; i++)
                {
                    var childPath = path + "." + o.Members[i].Key;
                    into.Add(new Slot(o, i, o.Members[i].Key, o.Members[i].Value, childPath));
                    Collect(o.Members[i].Value, childPath, into);
                }

                break;
            case FArray a:
                for (var i = 0; i < a.Items.Count; i++)
                {
                    var childPath = path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
                    into.Add(new Slot(a, i, null, a.Items[i], childPath));
                    Collect(a.Items[i], childPath, into);
                }

                break;
        }
    }

    public static string Write(FNode node, bool indented)
    {
        var builder = new StringBuilder();
        Write(node, indented, 0, builder);
        return builder.ToString();
    }

    private static void Write(FNode node, bool indented, int depth, StringBuilder builder)
    {
        void Break(int level)
        {
            if (indented)
            {
                builder.Append('\n').Append(' ', level * 2);
            }
        }

        switch (node)
        {
            case FObject o:
                builder.Append('{');
                for (var i = 0; i < o.Members.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ",");
                    Break(depth + 1);
                    builder.Append(JsonSerializer.Serialize(o.Members[i].Key)).Append(indented ? ": " : ":");
                    Write(o.Members[i].Value, indented, depth + 1, builder);
                }

                if (o.Members.Count > 0)
                {
                    Break(depth);
                }

                builder.Append('}');
                break;
            case FArray a:
                builder.Append('[');
                for (var i = 0; i < a.Items.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ",");
                    Break(depth + 1);
                    Write(a.Items[i], indented, depth + 1, builder);
                }

                if (a.Items.Count > 0)
                {
                    Break(depth);
                }

                builder.Append(']');
                break;
            case FScalar s:
                builder.Append(s.Raw);
                break;
        }
    }

    /// <summary>A member of an object or an item of an array, replaceable in place.</summary>
    private sealed record Slot(FNode Parent, int Index, string? Key, FNode Value, string Path)
    {
        public void Set(FNode value)
        {
            if (Parent is FObject o && Index < o.Members.Count)
            {
                o.Members[Index] = new KeyValuePair<string, FNode>(o.Members[Index].Key, value);
            }
            else if (Parent is FArray a && Index < a.Items.Count)
            {
                a.Items[Index] = value;
            }
        }

        public void Remove()
        {
            if (Parent is FObject o && Index < o.Members.Count)
            {
                o.Members.RemoveAt(Index);
            }
            else if (Parent is FArray a && Index < a.Items.Count)
            {
                a.Items.RemoveAt(Index);
            }
        }
    }
}
