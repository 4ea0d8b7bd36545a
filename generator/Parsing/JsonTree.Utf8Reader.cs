using System;
using System.Text.Json;
using System.Threading;

namespace DiscoveryGen.Generator.Parsing;

// The exact reader: System.Text.Json's Utf8JsonReader over the UTF-8 text. It accepts what System.Text.Json accepts
// (comments, trailing commas) and throws its JsonException for anything else, so malformed documents are reported as
// System.Text.Json words and places them.
internal sealed partial class JsonTree
{
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = MaxDepth,
    };

    private void ReadUtf8(CancellationToken cancellationToken)
    {
        var reader = new Utf8JsonReader(_utf8!, Options);
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
                        var keyNode = AddKey(stack[depth - 1], start, reader.ValueSpan.Length);
                        SetKey(stack[depth - 1], keyNode, reader.ValueIsEscaped ? JsonKeys.Find(Unescape(ref reader, keyNode)) : JsonKeys.Find(reader.ValueSpan));
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

    private string Unescape(ref Utf8JsonReader reader, int node) => SetText(node, reader.GetString()!);

    private JsonException AtOffset(int offset, string message)
    {
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < offset && i < _utf8!.Length; i++)
        {
            if (_utf8[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new JsonException(message, null, line, offset - lineStart);
    }
}
