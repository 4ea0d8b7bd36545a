using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace DiscoveryGen.Generator.Parsing;

/// <summary>The kind of a node in a <see cref="JsonTree"/>.</summary>
internal enum JsonKind : byte
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,

    /// <summary>An object member's key; its value is the next node.</summary>
    Key,
}

/// <summary>A member of an object that survives duplicate keys (the last of equal keys wins).</summary>
internal readonly struct JsonMember
{
    public JsonMember(string key, int keyNode, int value)
    {
        Key = key;
        KeyNode = keyNode;
        Value = value;
    }

    public string Key { get; }

    /// <summary>The key's node, for its position.</summary>
    public int KeyNode { get; }

    public int Value { get; }
}

/// <summary>
/// A transient, flat JSON tree that remembers where each token starts (JsonDocument forgets positions): one pass of
/// <see cref="Utf8JsonReader"/> records every token as a row of ints; nodes are row indexes (<see cref="None"/> = absent).
/// Strings are made only when asked for (<see cref="Text"/>), and keys the discovery reader looks up (<see cref="JsonKey"/>)
/// are recognised once per token, so <see cref="Get"/> compares small ints and answers most misses from a bit mask.
/// Lives only inside the parse step; never cached. <see cref="Dispose"/> returns its pooled rows.
/// </summary>
internal sealed class JsonTree : IDisposable
{
    public const int None = -1;

    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 256,
    };

    private readonly byte[] _utf8;
    private Token[] _tokens;
    private int _count;

    // The unescaped text of escaped strings and keys (rare in discovery documents), made while reading: GetString is
    // also what rejects an escaped lone surrogate, which must fail the whole file wherever it is.
    private List<string>? _unescaped;

    // Short strings recur (types, formats, property names): each distinct one is made once per tree.
    private readonly StringCache _cache = new();

    private JsonTree(byte[] utf8, int estimate)
    {
        _utf8 = utf8;
        _tokens = ArrayPool<Token>.Shared.Rent(estimate);
    }

    /// <summary>The root node.</summary>
    public int Root => 0;

    /// <summary>
    /// Parses the first <paramref name="length"/> bytes of <paramref name="utf8"/>. Throws <see cref="JsonException"/>
    /// with line and byte position on bad input, <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    public static JsonTree Parse(byte[] utf8, int length, CancellationToken cancellationToken)
    {
        var tree = new JsonTree(utf8, Math.Max(16, length / 16));
        try
        {
            tree.Read(length, cancellationToken);
            return tree;
        }
        catch
        {
            tree.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_tokens.Length > 0)
        {
            ArrayPool<Token>.Shared.Return(_tokens);
            _tokens = System.Array.Empty<Token>();
        }
    }

    public JsonKind Kind(int node) => _tokens[node].Kind;

    /// <summary>UTF-8 byte offset of the node's first character.</summary>
    public int Offset(int node) => _tokens[node].Start;

    public string KindName(int node) => _tokens[node].Kind switch
    {
        JsonKind.Object => "object",
        JsonKind.Array => "array",
        JsonKind.String => "string",
        JsonKind.Number => "number",
        JsonKind.True or JsonKind.False => "boolean",
        _ => "null",
    };

    public bool IsObject(int node) => node != None && _tokens[node].Kind == JsonKind.Object;

    public bool IsArray(int node) => node != None && _tokens[node].Kind == JsonKind.Array;

    /// <summary>The number of members of an object or items of an array.</summary>
    public int Count(int node) => _tokens[node].Length;

    /// <summary>The value of <paramref name="key"/> in an object (the last one when the key repeats), or <see cref="None"/>.</summary>
    public int Get(int node, JsonKey key)
    {
        ref var container = ref _tokens[node];
        if ((int)key < 64 && (container.Extra & (1UL << (int)key)) == 0)
        {
            return None;
        }

        var found = None;
        for (int k = node + 1, end = container.Next; k < end; k = _tokens[k + 1].Next)
        {
            if (_tokens[k].Key == key)
            {
                found = k + 1;
            }
        }

        return found;
    }

    /// <summary>A string's (or key's) value, or a number's raw text; null for other nodes.</summary>
    public string? Text(int node)
    {
        ref var token = ref _tokens[node];
        switch (token.Kind)
        {
            case JsonKind.String:
            case JsonKind.Key:
                return token.Escaped ? _unescaped![(int)token.Extra] : _cache.Get(_utf8, token.Start + 1, token.Length);
            case JsonKind.Number:
                return _cache.Get(_utf8, token.Start, token.Length);
            default:
                return null;
        }
    }

    /// <summary>Whether a node is a string equal to <paramref name="value"/> (ASCII), without making the string.</summary>
    public bool IsString(int node, string value)
    {
        ref var token = ref _tokens[node];
        if (token.Kind != JsonKind.String)
        {
            return false;
        }

        if (token.Escaped)
        {
            return string.Equals(_unescaped![(int)token.Extra], value, StringComparison.Ordinal);
        }

        return StringCache.AsciiEquals(_utf8, token.Start + 1, token.Length, value);
    }

    /// <summary>An array's first item, or <see cref="None"/>.</summary>
    public int FirstItem(int array) => array + 1 < _tokens[array].Next ? array + 1 : None;

    /// <summary>The item after <paramref name="item"/> in <paramref name="array"/>, or <see cref="None"/>.</summary>
    public int NextItem(int array, int item)
    {
        var next = _tokens[item].Next;
        return next < _tokens[array].Next ? next : None;
    }

    /// <summary>An object's members in document order, without those a later equal key shadows.</summary>
    public JsonMember[] Members(int node)
    {
        var count = _tokens[node].Length;
        if (count == 0)
        {
            return System.Array.Empty<JsonMember>();
        }

        var members = new JsonMember[count];
        var i = 0;
        for (int k = node + 1, end = _tokens[node].Next; k < end; k = _tokens[k + 1].Next)
        {
            members[i++] = new JsonMember(Text(k)!, k, k + 1);
        }

        return DropShadowed(members);
    }

    private static JsonMember[] DropShadowed(JsonMember[] members)
    {
        bool[]? shadowed = null;
        if (members.Length <= 16)
        {
            for (var a = 0; a < members.Length - 1; a++)
            {
                for (var b = a + 1; b < members.Length; b++)
                {
                    if (string.Equals(members[a].Key, members[b].Key, StringComparison.Ordinal))
                    {
                        (shadowed ??= new bool[members.Length])[a] = true;
                        break;
                    }
                }
            }
        }
        else
        {
            var last = new Dictionary<string, int>(members.Length, StringComparer.Ordinal);
            for (var i = 0; i < members.Length; i++)
            {
                last[members[i].Key] = i;
            }

            if (last.Count != members.Length)
            {
                shadowed = new bool[members.Length];
                for (var i = 0; i < members.Length; i++)
                {
                    shadowed[i] = last[members[i].Key] != i;
                }
            }
        }

        if (shadowed is null)
        {
            return members;
        }

        var kept = new List<JsonMember>(members.Length);
        for (var i = 0; i < members.Length; i++)
        {
            if (!shadowed[i])
            {
                kept.Add(members[i]);
            }
        }

        return kept.ToArray();
    }

    private void Read(int length, CancellationToken cancellationToken)
    {
        var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_utf8, 0, length), Options);
        var stack = new int[Options.MaxDepth + 1];
        var depth = 0;
        try
        {
            while (reader.Read())
            {
                if ((_count & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var start = (int)reader.TokenStartIndex;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        CountInParent(stack, depth);
                        stack[depth++] = Add(reader.TokenType == JsonTokenType.StartObject ? JsonKind.Object : JsonKind.Array, start, 0);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        _tokens[stack[--depth]].Next = _count;
                        break;
                    case JsonTokenType.PropertyName:
                        var parent = stack[depth - 1];
                        _tokens[parent].Length++;
                        var keyNode = Add(JsonKind.Key, start, reader.ValueSpan.Length);
                        JsonKey key;
                        if (reader.ValueIsEscaped)
                        {
                            var unescaped = Unescape(ref reader, keyNode);
                            key = JsonKeys.Find(unescaped);
                        }
                        else
                        {
                            key = JsonKeys.Find(reader.ValueSpan);
                        }

                        _tokens[keyNode].Key = key;
                        if ((int)key < 64)
                        {
                            _tokens[parent].Extra |= 1UL << (int)key;
                        }

                        break;
                    case JsonTokenType.String:
                        CountInParent(stack, depth);
                        var stringNode = Add(JsonKind.String, start, reader.ValueSpan.Length);
                        if (reader.ValueIsEscaped)
                        {
                            Unescape(ref reader, stringNode);
                        }

                        break;
                    case JsonTokenType.Number:
                        CountInParent(stack, depth);
                        Add(JsonKind.Number, start, reader.ValueSpan.Length);
                        break;
                    case JsonTokenType.True:
                        CountInParent(stack, depth);
                        Add(JsonKind.True, start, 0);
                        break;
                    case JsonTokenType.False:
                        CountInParent(stack, depth);
                        Add(JsonKind.False, start, 0);
                        break;
                    case JsonTokenType.Null:
                        CountInParent(stack, depth);
                        Add(JsonKind.Null, start, 0);
                        break;
                    default:
                        throw new JsonException($"Unexpected JSON token {reader.TokenType}.");
                }
            }
        }
        catch (InvalidOperationException ex)
        {
            // GetString throws this (not JsonException) for an escaped lone surrogate such as "\ud800".
            throw AtOffset((int)reader.TokenStartIndex, "Invalid string value: " + ex.Message);
        }

        if (_count == 0)
        {
            throw new JsonException("The file contains no JSON value.", null, 0, 0);
        }
    }

    // Array items count toward their array; an object's values do not (its keys already did).
    private void CountInParent(int[] stack, int depth)
    {
        if (depth > 0 && _tokens[stack[depth - 1]].Kind == JsonKind.Array)
        {
            _tokens[stack[depth - 1]].Length++;
        }
    }

    private int Add(JsonKind kind, int start, int length)
    {
        if (_count == _tokens.Length)
        {
            var larger = ArrayPool<Token>.Shared.Rent(_tokens.Length * 2);
            System.Array.Copy(_tokens, larger, _count);
            ArrayPool<Token>.Shared.Return(_tokens);
            _tokens = larger;
        }

        var index = _count++;
        ref var token = ref _tokens[index];
        token.Extra = 0;
        token.Start = start;
        token.Length = length;
        token.Next = index + 1;
        token.Kind = kind;
        token.Key = JsonKey.Unknown;
        token.Escaped = false;
        return index;
    }

    private string Unescape(ref Utf8JsonReader reader, int node)
    {
        var text = reader.GetString()!;
        _unescaped ??= new List<string>();
        _tokens[node].Escaped = true;
        _tokens[node].Extra = (ulong)_unescaped.Count;
        _unescaped.Add(text);
        return text;
    }

    private JsonException AtOffset(int offset, string message)
    {
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < offset && i < _utf8.Length; i++)
        {
            if (_utf8[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new JsonException(message, null, line, offset - lineStart);
    }

    private struct Token
    {
        /// <summary>Objects: one bit per <see cref="JsonKey"/> below 64 among their keys. Escaped strings and keys: the index of their text.</summary>
        public ulong Extra;

        /// <summary>Byte offset of the token's first character (a string's opening quote).</summary>
        public int Start;

        /// <summary>Strings, keys, numbers: the raw value's byte length (without quotes). Objects, arrays: member/item count.</summary>
        public int Length;

        /// <summary>The index of the first token after this node and everything inside it.</summary>
        public int Next;

        public JsonKind Kind;

        /// <summary>Keys: which known key this is.</summary>
        public JsonKey Key;

        public bool Escaped;
    }
}

/// <summary>Makes each distinct short string once: recurring values and keys cost a hash instead of an allocation.</summary>
internal sealed class StringCache
{
    private const int MaxLength = 32;
    private readonly string?[] _slots = new string?[1024];

    public string Get(byte[] utf8, int start, int length)
    {
        if (length > MaxLength)
        {
            return Encoding.UTF8.GetString(utf8, start, length);
        }

        // Length, the first and the last eight bytes (overlapping when shorter): cheap, and enough to spread
        // property names and enum values; a collision only costs a new string.
        ulong mixed;
        if (length >= 8)
        {
            mixed = BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(utf8, start, 8))
                ^ (BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(utf8, start + length - 8, 8)) * 0x9E3779B97F4A7C15UL);
        }
        else
        {
            mixed = 0;
            for (var i = start; i < start + length; i++)
            {
                mixed = (mixed << 8) | utf8[i];
            }
        }

        mixed = (mixed ^ (ulong)length) * 0xC2B2AE3D27D4EB4FUL;
        var hash = (uint)(mixed >> 32) ^ (uint)mixed;
        var slot = (int)(hash & (uint)(_slots.Length - 1));
        var cached = _slots[slot];
        if (cached is not null && AsciiEquals(utf8, start, length, cached))
        {
            return cached;
        }

        var made = Encoding.UTF8.GetString(utf8, start, length);
        _slots[slot] = made;
        return made;
    }

    /// <summary>Whether the bytes are the UTF-8 of <paramref name="value"/>, judged for ASCII only (a non-ASCII value never equals).</summary>
    public static bool AsciiEquals(byte[] utf8, int start, int length, string value)
    {
        if (length != value.Length)
        {
            return false;
        }

        for (var i = 0; i < length; i++)
        {
            var c = value[i];
            if (c >= 0x80 || utf8[start + i] != c)
            {
                return false;
            }
        }

        return true;
    }
}
