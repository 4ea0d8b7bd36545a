using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using DiscoveryGen.Generator.Parsing;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Parsing;

/// <summary>
/// The parser's two JSON readers: the fast one over chars must never accept what System.Text.Json's reader rejects,
/// and must read what it accepts into the same tree (kinds, values, positions); the discovery corpus must take the fast
/// path. Plus the key table both readers use.
/// </summary>
public sealed class JsonTreeTests
{
    private const int Seed = 0x7EE;

    // Pieces that sit on the fast reader's edges: everything it declines, and near misses it must still read right.
    private static readonly string[] Pieces =
    {
        "\"", "\\", "\\u", "\\ud800", "\\uDC00", "\\uD834\\uDD1E", "\\uD834\\u0041", "\\uD834x", "\uD834x", "\\u0041",
        "\\/", "\\b", "\\x", ",", "}", "]", "{", "[", ":", "/", "//x\n", "/*x*/", "\t", "\r", "\r\n", "\u0001", "\u001F",
        "\uD800", "\uDC00", "\uD834\uDD1E", "\uFEFF", "\u2028", "0", "01", "-", "-0", ".", "1.", ".5", "e", "1e5", "1E+2",
        "1e-", "tru", "true", "nul", "null", "fals", " ", "é", "x",
    };

    [Fact]
    [Trait("Needs", "SharedCorpus")]
    public void EveryCorpusDocument_IsReadByTheFastReader_AsSystemTextJsonReadsIt()
    {
        var folder = TestPaths.RequireShared(TestPaths.SharedDiscoveryFolder);
        var files = Directory.GetFiles(folder, "*.json").OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);

        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            using var fast = JsonTree.TryParseFast(text, CancellationToken.None);
            Assert.True(fast is not null, $"{Path.GetFileName(file)} left the fast reader");
            using var exact = JsonTree.ParseExact(text, CancellationToken.None);
            Assert.Equal(Dump(exact, text), Dump(fast!, text));
        }
    }

    [Fact]
    public void MutatedDocuments_FastReaderDeclinesOrAgreesWithSystemTextJson()
    {
        var random = new Random(Seed);
        var documents = new[] { "minimal.v1.json", "features.v1.json", "media.v1.json", "datawrapper.v1.json" }
            .Select(name => File.ReadAllText(TestPaths.TestDocument(name)))
            .ToArray();
        int agreed = 0, declined = 0;
        for (var i = 0; i < 3000; i++)
        {
            var text = Mutate(documents[random.Next(documents.Length)], random);
            if (Compare(text))
            {
                agreed++;
            }
            else
            {
                declined++;
            }
        }

        // Both outcomes must really occur, or the mutations test nothing.
        Assert.True(agreed > 300 && declined > 300, $"agreed {agreed}, declined {declined}");
    }

    [Theory]
    [InlineData("{\"a\": \"\\ud800\"}")]
    [InlineData("{\"a\": \"\\uD834\\uDD1E\"}")]
    [InlineData("{\"a\": \"\\uD834\\u0041\"}")]
    [InlineData("{\"a\": \"\\uDD1E\\uD834\"}")]
    [InlineData("{\"a\": \"\uD834\uDD1E \uD834\"}")]
    [InlineData("{\"\uD834\uDD1E\": \"\uDD1E\"}")]
    [InlineData("{\"a\": \"x\u2028y\"}")]
    [InlineData("{\"a\": \"\\u0000\\b\\f\\n\\r\\t\\/\\\\\\\"\"}")]
    [InlineData("{\"a\": [1, 2,]}")]
    [InlineData("{\"a\": 1 // c\n}")]
    [InlineData("\uFEFF{}")]
    [InlineData("{\"a\": 01}")]
    [InlineData("{\"a\": -0.5e+10}")]
    [InlineData("{\"a\": 1.}")]
    [InlineData("{\"a\" 1}")]
    [InlineData("{\"a\": 1}x")]
    [InlineData("{\"a\": 1} ")]
    [InlineData("{\"\\u0061\": 1, \"a\": 2}")]
    [InlineData("[]")]
    [InlineData("  ")]
    [InlineData("")]
    [InlineData("\"discovery#restDescription\"")]
    public void EdgeCases_FastReaderDeclinesOrAgreesWithSystemTextJson(string text) => Compare(text);

    [Fact]
    public void DeepNesting_IsLeftToSystemTextJson()
    {
        var text = "{\"a\": " + new string('[', 300) + new string(']', 300) + "}";

        Assert.Null(JsonTree.TryParseFast(text, CancellationToken.None));
        Assert.ThrowsAny<JsonException>(() => JsonTree.Parse(text, CancellationToken.None));
    }

    [Fact]
    public void EveryKey_IsFoundFromItsBytesItsCharsAndItsString()
    {
        foreach (var key in Enum.GetValues(typeof(JsonKey)).Cast<JsonKey>().Where(k => k != JsonKey.Unknown))
        {
            var name = JsonKeys.NameOf(key);
            Assert.Equal(key, JsonKeys.Find(Encoding.UTF8.GetBytes(name)));
            Assert.Equal(key, JsonKeys.Find(name.AsSpan()));
            Assert.Equal(key, JsonKeys.Find(name));
        }

        Assert.Equal(JsonKey.Unknown, JsonKeys.Find("nam".AsSpan()));
        Assert.Equal(JsonKey.Unknown, JsonKeys.Find(Encoding.UTF8.GetBytes("Name")));
        Assert.Equal(JsonKey.Unknown, JsonKeys.Find(string.Empty));
    }

    /// <summary>True when the fast reader read the text (and agreed); false when it declined.</summary>
    private static bool Compare(string text)
    {
        JsonTree? fast = null;
        try
        {
            fast = JsonTree.TryParseFast(text, CancellationToken.None);
            if (fast is null)
            {
                return false;
            }

            JsonTree exact;
            try
            {
                exact = JsonTree.ParseExact(text, CancellationToken.None);
            }
            catch (JsonException ex)
            {
                throw new Xunit.Sdk.XunitException($"The fast reader accepted what System.Text.Json rejects ({ex.Message}):\n{text}");
            }

            using (exact)
            {
                Assert.Equal(Dump(exact, text), Dump(fast, text));
            }

            return true;
        }
        finally
        {
            fast?.Dispose();
        }
    }

    private static string Mutate(string text, Random random)
    {
        for (var edits = random.Next(1, 4); edits > 0 && text.Length > 0; edits--)
        {
            var at = random.Next(text.Length);
            switch (random.Next(4))
            {
                case 0:
                    text = text.Remove(at, 1);
                    break;
                case 1:
                    text = text.Substring(0, at);
                    break;
                default:
                    text = text.Insert(at, Pieces[random.Next(Pieces.Length)]);
                    break;
            }
        }

        return text;
    }

    /// <summary>Every node in document order: kind, char position, member or item count, value.</summary>
    private static string Dump(JsonTree tree, string text)
    {
        var utf8 = tree.OffsetsAreBytes ? Encoding.UTF8.GetBytes(text) : null;
        var builder = new StringBuilder();
        void Node(int node)
        {
            var offset = utf8 is null ? tree.Offset(node) : Encoding.UTF8.GetCharCount(utf8, 0, tree.Offset(node));
            builder.Append(tree.Kind(node)).Append('@').Append(offset);
            switch (tree.Kind(node))
            {
                case JsonKind.Object:
                    builder.Append('#').Append(tree.Count(node)).Append('{');
                    foreach (var member in tree.Members(node))
                    {
                        var keyOffset = utf8 is null ? tree.Offset(member.KeyNode) : Encoding.UTF8.GetCharCount(utf8, 0, tree.Offset(member.KeyNode));
                        builder.Append(JsonSerializer.Serialize(member.Key)).Append('@').Append(keyOffset).Append(':');
                        Node(member.Value);
                        builder.Append(',');
                    }

                    builder.Append('}');
                    break;
                case JsonKind.Array:
                    builder.Append('#').Append(tree.Count(node)).Append('[');
                    for (var item = tree.FirstItem(node); item != JsonTree.None; item = tree.NextItem(node, item))
                    {
                        Node(item);
                        builder.Append(',');
                    }

                    builder.Append(']');
                    break;
                default:
                    builder.Append('=').Append(tree.Text(node) is { } value ? JsonSerializer.Serialize(value) : "-");
                    break;
            }
        }

        Node(tree.Root);
        return builder.ToString();
    }
}
