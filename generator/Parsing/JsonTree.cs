using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;

namespace DiscoveryGen.Generator.Parsing;

// A transient JSON tree that remembers where each token starts (JsonDocument forgets positions).
// Lives only inside the parse step; never cached.

internal abstract class JNode
{
    protected JNode(int offset) => Offset = offset;

    /// <summary>UTF-8 byte offset of the node's first token.</summary>
    public int Offset { get; }

    public abstract string KindName { get; }
}

internal sealed class JObject : JNode
{
    private Dictionary<string, JMember>? _index;

    public JObject(int offset)
        : base(offset)
    {
    }

    public List<JMember> Members { get; } = new();

    public override string KindName => "object";

    /// <summary>The member with this key; with duplicate keys the last one wins (as most JSON readers do).</summary>
    public JMember? Member(string key)
    {
        if (_index is null)
        {
            _index = new Dictionary<string, JMember>(StringComparer.Ordinal);
            foreach (var member in Members)
            {
                _index[member.Key] = member;
            }
        }

        return _index.TryGetValue(key, out var found) ? found : null;
    }

    public JNode? Get(string key) => Member(key)?.Value;

    /// <summary>
    /// Drops members a later duplicate key shadows, so iterating <see cref="Members"/> sees what <see cref="Get"/> sees
    /// (a duplicated parameter or property once, with its last value).
    /// </summary>
    public void DropShadowedMembers()
    {
        if (Members.Count < 2)
        {
            return;
        }

        Member(Members[0].Key); // builds the key → last member index
        if (_index!.Count == Members.Count)
        {
            return;
        }

        Members.RemoveAll(member => !ReferenceEquals(_index[member.Key], member));
    }
}

internal sealed class JMember
{
    public JMember(string key, int keyOffset, JNode value)
    {
        Key = key;
        KeyOffset = keyOffset;
        Value = value;
    }

    public string Key { get; }

    public int KeyOffset { get; }

    public JNode Value { get; }
}

internal sealed class JArray : JNode
{
    public JArray(int offset)
        : base(offset)
    {
    }

    public List<JNode> Items { get; } = new();

    public override string KindName => "array";
}

internal sealed class JValue : JNode
{
    public JValue(int offset, JsonTokenType token, string? text)
        : base(offset)
    {
        Token = token;
        Text = text;
    }

    public JsonTokenType Token { get; }

    /// <summary>The string's value, or a number's raw text; null for true/false/null.</summary>
    public string? Text { get; }

    public override string KindName => Token switch
    {
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        _ => "null",
    };
}

internal static class JsonTree
{
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 256,
    };

    /// <summary>Parses UTF-8 JSON. Throws <see cref="JsonException"/> with line and byte position on bad input.</summary>
    public static JNode Parse(byte[] utf8, CancellationToken cancellationToken)
    {
        var reader = new Utf8JsonReader(utf8, Options);
        if (!reader.Read())
        {
            throw new JsonException("The file contains no JSON value.", null, 0, 0);
        }

        var counter = 0;
        JNode root;
        try
        {
            root = ReadNode(ref reader, ref counter, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            // GetString throws this (not JsonException) for an escaped lone surrogate such as "\ud800".
            throw AtOffset(utf8, (int)reader.TokenStartIndex, "Invalid string value: " + ex.Message);
        }

        if (reader.Read())
        {
            // Utf8JsonReader reports trailing content itself when it sees it; this is for completeness.
            throw new JsonException("Unexpected content after the root JSON value.");
        }

        return root;
    }

    private static JsonException AtOffset(byte[] utf8, int offset, string message)
    {
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < offset && i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new JsonException(message, null, line, offset - lineStart);
    }

    private static JNode ReadNode(ref Utf8JsonReader reader, ref int counter, CancellationToken cancellationToken)
    {
        if ((++counter & 0xFFF) == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        var offset = (int)reader.TokenStartIndex;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new JObject(offset);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var keyOffset = (int)reader.TokenStartIndex;
                    var key = reader.GetString()!;
                    reader.Read();
                    obj.Members.Add(new JMember(key, keyOffset, ReadNode(ref reader, ref counter, cancellationToken)));
                }

                obj.DropShadowedMembers();

                return obj;
            case JsonTokenType.StartArray:
                var array = new JArray(offset);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    array.Items.Add(ReadNode(ref reader, ref counter, cancellationToken));
                }

                return array;
            case JsonTokenType.String:
                return new JValue(offset, JsonTokenType.String, reader.GetString());
            case JsonTokenType.Number:
                return new JValue(offset, JsonTokenType.Number, System.Text.Encoding.UTF8.GetString(reader.ValueSpan.ToArray()));
            case JsonTokenType.True:
            case JsonTokenType.False:
            case JsonTokenType.Null:
                return new JValue(offset, reader.TokenType, null);
            default:
                throw new JsonException($"Unexpected JSON token {reader.TokenType}.");
        }
    }
}
