using System;
using System.Buffers;
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
/// A transient, flat JSON tree that remembers where each token starts (JsonDocument forgets positions): every token is a
/// row of ints; nodes are row indexes (<see cref="None"/> = absent). The fast reader makes each string and key as it
/// scans it (the discovery reader asks for nearly all of them); otherwise strings are made only when asked for
/// (<see cref="Text"/>). A known key's text is always its name. Keys the discovery reader looks up (<see cref="JsonKey"/>) are recognised once per token,
/// so <see cref="Get"/> compares small numbers and answers most misses from a bit mask. Two readers fill it: a fast one
/// over the text's chars for the plain JSON discovery documents are written in, and System.Text.Json's reader over
/// UTF-8 for everything else (comments, trailing commas, lone surrogates, errors), which keeps its errors and positions.
/// Lives only inside the parse step; never cached. <see cref="Dispose"/> returns its pooled rows and tables.
/// </summary>
internal sealed partial class JsonTree : IDisposable
{
    public const int None = -1;

    /// <summary>Nesting deeper than this is an error (System.Text.Json's limit, which the fast reader leaves to it).</summary>
    private const int MaxDepth = 256;

    // Offsets are chars into _chars (fast reader; its first _charCount chars) or bytes into _utf8 (System.Text.Json's
    // reader). _chars may be a pooled buffer (TextBuffer): the tree lives no longer than it, and makes strings of what
    // it hands out.
    private readonly char[]? _chars;
    private readonly int _charCount;
    private readonly byte[]? _utf8;
    private Token[] _tokens;
    private int _count;

    // Strings and keys whose text is already made (indexed by their token's Extra): the unescaped text of escaped ones,
    // made while reading (that is also where an escaped lone surrogate is found, which must fail the whole file wherever
    // it is), and with the fast reader every string and every key but the known ones (their text is their name), made
    // as it is scanned. Then its chars are still in the processor's cache: made later, when the discovery reader asks,
    // each long string (a description) cost a cache miss or two to hash and copy. Pooled: Dispose clears and returns it.
    // Known keys are left out: about half a document's keys, each an entry here (a reference store, through the
    // collector's write barrier, into this pooled array) that measured 3% of the tree's reading.
    private string[] _texts = System.Array.Empty<string>();
    private int _textCount;

    // Short strings recur (types, formats, property names): each distinct one is made once per tree.
    private readonly StringCache _cache;

    private JsonTree(char[]? chars, int charCount, byte[]? utf8, int estimate)
    {
        _chars = chars;
        _charCount = charCount;
        _utf8 = utf8;
        _cache = new StringCache(chars is not null ? charCount : utf8!.Length);
        _tokens = SpareTokens.Rent(estimate);
    }

    /// <summary>The root node.</summary>
    public int Root => 0;

    /// <summary>True when <see cref="Offset"/> counts UTF-8 bytes of the text; false when it counts chars.</summary>
    public bool OffsetsAreBytes => _chars is null;

    /// <summary>
    /// Parses the first <paramref name="length"/> chars of <paramref name="chars"/>. Throws <see cref="JsonException"/>
    /// as System.Text.Json reports bad input (message, line, byte position in the line),
    /// <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    public static JsonTree Parse(char[] chars, int length, CancellationToken cancellationToken) =>
        TryParseFast(chars, length, cancellationToken) ?? ParseExact(chars, length, cancellationToken);

    /// <summary>Parses a whole string (tests).</summary>
    internal static JsonTree Parse(string text, CancellationToken cancellationToken) =>
        Parse(text.ToCharArray(), text.Length, cancellationToken);

    /// <summary>The fast reader alone: null when it declines the text (see JsonTree.CharReader.cs).</summary>
    internal static JsonTree? TryParseFast(char[] chars, int length, CancellationToken cancellationToken)
    {
        var tree = new JsonTree(chars, length, null, Math.Max(16, length / 16));
        try
        {
            if (tree.ReadChars(cancellationToken))
            {
                return tree;
            }
        }
        catch
        {
            tree.Dispose();
            throw;
        }

        tree.Dispose();
        return null;
    }

    /// <summary>The fast reader alone over a whole string (tests).</summary>
    internal static JsonTree? TryParseFast(string text, CancellationToken cancellationToken) =>
        TryParseFast(text.ToCharArray(), text.Length, cancellationToken);

    /// <summary>System.Text.Json's reader over the UTF-8 text: what it accepts, its errors.</summary>
    internal static JsonTree ParseExact(char[] chars, int length, CancellationToken cancellationToken)
    {
        var utf8 = Encoding.UTF8.GetBytes(chars, 0, length);
        var tree = new JsonTree(null, 0, utf8, Math.Max(16, utf8.Length / 16));
        try
        {
            tree.ReadUtf8(cancellationToken);
            return tree;
        }
        catch
        {
            tree.Dispose();
            throw;
        }
    }

    /// <summary>System.Text.Json's reader over a whole string (tests).</summary>
    internal static JsonTree ParseExact(string text, CancellationToken cancellationToken) =>
        ParseExact(text.ToCharArray(), text.Length, cancellationToken);

    public void Dispose()
    {
        if (_tokens.Length > 0)
        {
            SpareTokens.Return(_tokens);
            _tokens = SpareTokens.None;
        }

        if (_texts.Length > 0)
        {
            System.Array.Clear(_texts, 0, _textCount);
            ArrayPool<string>.Shared.Return(_texts);
            _texts = System.Array.Empty<string>();
            _textCount = 0;
        }

        _cache.Release();
    }

    public JsonKind Kind(int node) => _tokens[node].Kind;

    /// <summary>Where the node's first character is: a char offset, or a UTF-8 byte offset (<see cref="OffsetsAreBytes"/>).</summary>
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
                if (token.Made)
                {
                    return _texts[(int)token.Extra];
                }

                if (token.Key != JsonKey.Unknown)
                {
                    return JsonKeys.NameOf(token.Key); // a known key spells its name (not made: one string store fewer)
                }

                return _chars is not null ? _cache.Get(_chars, token.Start + 1, token.Length) : _cache.Get(_utf8!, token.Start + 1, token.Length);
            case JsonKind.Number:
                return _chars is not null ? _cache.Get(_chars, token.Start, token.Length) : _cache.Get(_utf8!, token.Start, token.Length);
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

        if (token.Made)
        {
            return string.Equals(_texts[(int)token.Extra], value, StringComparison.Ordinal);
        }

        return _chars is not null
            ? token.Length == value.Length && new ReadOnlySpan<char>(_chars, token.Start + 1, token.Length).SequenceEqual(value.AsSpan())
            : StringCache.AsciiEquals(_utf8!, token.Start + 1, token.Length, value);
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
            return NoMembers;
        }

        var members = new JsonMember[count];
        var i = 0;
        for (int k = node + 1, end = _tokens[node].Next; k < end; k = _tokens[k + 1].Next)
        {
            members[i++] = new JsonMember(Text(k)!, k, k + 1);
        }

        return DropShadowed(members);
    }

    // Not Array.Empty<JsonMember>(): generic code over a struct of ours that a new process compiles first.
    private static readonly JsonMember[] NoMembers = new JsonMember[0];

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
            var larger = SpareTokens.Rent(_tokens.Length * 2);
            System.Array.Copy(_tokens, larger, _count);
            SpareTokens.Return(_tokens);
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
        token.Made = false;
        return index;
    }

    private int AddKey(int parent, int start, int length)
    {
        _tokens[parent].Length++;
        return Add(JsonKind.Key, start, length);
    }

    private void SetKey(int parent, int keyNode, JsonKey key)
    {
        _tokens[keyNode].Key = key;
        if ((int)key < 64)
        {
            _tokens[parent].Extra |= 1UL << (int)key;
        }
    }

    /// <summary>Records the made text of a string or key node (its unescaped text, or its chars as a string).</summary>
    private string SetText(int node, string text)
    {
        if (_textCount == _texts.Length)
        {
            // At first about half the token rows (a key or a string value is most of a discovery document's tokens).
            var larger = ArrayPool<string>.Shared.Rent(_texts.Length == 0 ? Math.Max(64, _tokens.Length / 2) : _texts.Length * 2);
            System.Array.Copy(_texts, larger, _textCount);
            if (_texts.Length > 0)
            {
                System.Array.Clear(_texts, 0, _textCount);
                ArrayPool<string>.Shared.Return(_texts);
            }

            _texts = larger;
        }

        _tokens[node].Made = true;
        _tokens[node].Extra = (ulong)_textCount;
        _texts[_textCount++] = text;
        return text;
    }

    /// <summary>
    /// The token arrays, one kept for the next tree. Not <c>ArrayPool&lt;Token&gt;</c>: a pool over a struct of ours is
    /// generic code no runtime image holds, compiled in every new compiler process before the first document is read.
    /// </summary>
    private static class SpareTokens
    {
        public static readonly Token[] None = new Token[0];

        private static Token[]? s_spare;

        public static Token[] Rent(int minimum)
        {
            var spare = System.Threading.Interlocked.Exchange(ref s_spare, null);
            return spare is not null && spare.Length >= minimum ? spare : new Token[minimum];
        }

        public static void Return(Token[] tokens) => s_spare = tokens;
    }

    private struct Token
    {
        /// <summary>Objects: one bit per <see cref="JsonKey"/> below 64 among their keys. Strings and keys with <see cref="Made"/> text: its index.</summary>
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

        /// <summary>Strings and keys: their text is made (<see cref="Extra"/> indexes it).</summary>
        public bool Made;
    }
}

