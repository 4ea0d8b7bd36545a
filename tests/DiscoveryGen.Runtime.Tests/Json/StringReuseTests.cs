using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using Runtime.Gemini;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Json;

/// <summary>
/// A string property reuses the string it read last when the same bytes come again (a list repeats <c>kind</c>, the
/// bucket, a storage class item after item). Reuse must never change a value: every test reads values that are equal,
/// nearly equal, escaped, non-ASCII, long, null and split across segments, in runs that reuse, miss and give up, and
/// checks each value as sent. Each test has its own model type, so no other test moves its slots.
/// </summary>
public sealed class StringReuseTests
{
    [Fact]
    public void ARepeatedValue_IsTheSameString_AndANewOneReadsAsSent()
    {
        var first = ReadOne<Repeats>("""{"kind":"storage#object","tag":"a"}""");
        var second = ReadOne<Repeats>("""{"kind":"storage#object","tag":"b"}""");
        var third = ReadOne<Repeats>("""{"kind":"storage#objects","tag":"b"}""");

        Assert.Equal(("storage#object", "a"), (first.Kind, first.Tag));
        Assert.Equal(("storage#object", "b"), (second.Kind, second.Tag));
        Assert.Equal(("storage#objects", "b"), (third.Kind, third.Tag));
        Assert.Same(first.Kind, second.Kind);
        Assert.Same(second.Tag, third.Tag);
    }

    [Fact]
    public void EveryKindOfValue_ReadsAsSent_WhateverTheValueBeforeIt()
    {
        // Each value follows each other value, so every slot state (empty, the same bytes, the same length with other
        // bytes, another length, non-ASCII, given up) meets every kind of input; plain and split into 3-byte segments.
        var values = new List<string?>
        {
            "abc", "abd", "abc", "ab", "abcd", string.Empty, "é", "abé", "ab\u0000", "a\"c", "a\\c", "語語語", "😀",
            "\u007F", "\u0080", new string('x', 63), new string('x', 64), new string('x', 65), new string('x', 64) + "é", null,
        };
        var sequence = values.SelectMany(a => values.Select(b => (a, b))).SelectMany(p => new[] { p.a, p.b, p.a }).ToList();
        foreach (var segmentSize in new[] { 0, 3 })
        {
            foreach (var value in sequence)
            {
                var json = "{\"kind\":" + (value is null ? "null" : "\"" + Raw(value) + "\"") + "}";
                Assert.Equal(value, ReadOne<EveryKind>(json, segmentSize).Kind);
            }
        }
    }

    [Fact]
    public void AnEscapedValue_ReadsUnescaped_AfterTheSamePlainBytes()
    {
        // "a\u0062c" is "abc" unescaped, "a\\u0062c" is not: neither may be taken for the plain value before it.
        Assert.Equal("abc", ReadOne<Escaped>("""{"kind":"abc"}""").Kind);
        Assert.Equal("abc", ReadOne<Escaped>("""{"kind":"a\u0062c"}""").Kind);
        Assert.Equal("a\\u0062c", ReadOne<Escaped>("""{"kind":"a\\u0062c"}""").Kind);
        Assert.Equal("abc", ReadOne<Escaped>("""{"kind":"abc"}""").Kind);
        Assert.Equal("abc", ReadOne<Escaped>("""{"kind":"a\u0062c"}""").Kind);
    }

    [Fact]
    public void APropertyWhoseValuesKeepChanging_StillReadsEveryValue_AndARepeatedOneIsReusedAgain()
    {
        // Unique values make the property give up comparing; values it reads after that are still exact. Another
        // property of the same type keeps reusing its repeated value meanwhile.
        Changing? previous = null;
        for (var i = 0; i < 100; i++)
        {
            var id = "id-" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
            var model = ReadOne<Changing>("{\"tag\":\"" + id + "\",\"kind\":\"same\"}");
            Assert.Equal((id, "same"), (model.Tag, model.Kind));
            if (previous is not null)
            {
                Assert.Same(previous.Kind, model.Kind);
            }

            previous = model;
        }

        Assert.Equal("id-0005", ReadOne<Changing>("""{"tag":"id-0005"}""").Tag);
        Assert.Equal("id-0005", ReadOne<Changing>("""{"tag":"id-0005"}""").Tag);
    }

    [Fact]
    public void ThreadsReadingOneType_EachGetTheirOwnValues()
    {
        // Values of one length that differ in one byte, read by four threads at once: a slot overwritten by another
        // thread between the comparison and the return would show up as another thread's value.
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, thread =>
        {
            for (var i = 0; i < 3000; i++)
            {
                var kind = "kind-" + thread + "-" + (i % 3);
                var tag = "tag-" + thread;
                var model = ReadOne<Shared>("{\"kind\":\"" + kind + "\",\"tag\":\"" + tag + "\"}");
                Assert.Equal((kind, tag), (model.Kind, model.Tag));
            }
        });
    }

    [Fact]
    public void AGeneratedList_ReadsEveryItemAsSent()
    {
        // The generated shape (ReadString(ref r, n) in every string arm) over a page whose items repeat some values,
        // change others and mix in non-ASCII, escaped and null ones.
        var items = Enumerable.Range(0, 60).Select(i => new
        {
            Name = i % 7 == 0 ? "projects/p/locations/l/codeRepositoryIndexes/x" : "projects/p/locations/l/codeRepositoryIndexes/i" + i,
            KmsKey = (i % 5) switch { 0 => "key", 1 => "kéy", 2 => null, 3 => "k\u0065y", _ => "key" },
        }).ToList();
        var json = "{\"codeRepositoryIndexes\":[" + string.Join(",", items.Select(item =>
            "{\"name\":\"" + item.Name + "\",\"kmsKey\":" + (item.KmsKey is null ? "null" : "\"" + (item.KmsKey == "k\u0065y" ? "k\\u0065y" : item.KmsKey) + "\"") + "}")) + "]}";
        foreach (var segmentSize in new[] { 0, 5 })
        {
            var reader = Reader(json, segmentSize);
            var page = ListCodeRepositoryIndexesResponse.ReadJson(ref reader);
            Assert.Equal(items.Select(i => ((string?)i.Name, i.KmsKey)), page.CodeRepositoryIndexes!.Select(i => (i.Name, i.KmsKey)));
        }
    }

    [Fact]
    public void MapKeysAndUnknownNames_RepeatedItemAfterItem_AreTheSameStrings()
    {
        // Labels, metadata keys, or a field newer than the client's document come again in every item of a list.
        var first = ReadOne<WithMap>("""{"labels":{"env":"prod","team":"a"},"newField":1}""");
        var second = ReadOne<WithMap>("""{"labels":{"team":"b","env":"prod"},"newField":2}""");

        Assert.Equal(new Dictionary<string, string?> { ["env"] = "prod", ["team"] = "b" }, second.Labels);
        Assert.Equal(2, second.ExtensionData!["newField"].GetInt32());
        Assert.Same(first.Labels!.Keys.Single(k => k == "env"), second.Labels!.Keys.Single(k => k == "env"));
        Assert.Same(first.Labels.Keys.Single(k => k == "team"), second.Labels.Keys.Single(k => k == "team"));
        Assert.Same(first.ExtensionData!.Keys.Single(), second.ExtensionData.Keys.Single());
    }

    [Fact]
    public void MapKeysOfEveryKind_ReadAsSent_WhateverCameBefore()
    {
        // More keys than the table has slots (so keys share slots and replace each other), keys one byte apart, escaped
        // twins, non-ASCII, empty and long keys, read twice in turn, plain and split into 4-byte segments.
        var keys = Enumerable.Range(0, 150).Select(i => "k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Concat(["kx", "ky", "", "é", "語", "a\"b", "a\\b", new string('k', 64), new string('k', 65), new string('k', 63) + "é"])
            .ToList();
        var json = "{\"labels\":{" + string.Join(",", keys.Select((k, i) => "\"" + Raw(k) + "\":\"v" + i + "\"")) + "},"
            + string.Join(",", keys.Select((k, i) => "\"x" + Raw(k) + "\":" + i)) + "}";
        var escaped = "{\"labels\":{\"k\\u0031\":\"one\",\"k1\":\"plain\"},\"x\\u006b1\":1}";
        foreach (var segmentSize in new[] { 0, 4 })
        {
            for (var round = 0; round < 2; round++)
            {
                var model = ReadOne<ManyKeys>(json, segmentSize);
                Assert.Equal(keys.Select((k, i) => (k, (string?)("v" + i))), model.Labels!.Select(p => (p.Key, p.Value)));
                Assert.Equal(keys.Select((k, i) => ("x" + k, i)), model.ExtensionData!.Select(p => (p.Key, p.Value.GetInt32())));

                var twins = ReadOne<ManyKeys>(escaped, segmentSize);
                Assert.Equal(new Dictionary<string, string?> { ["k1"] = "plain" }, twins.Labels);
                Assert.Equal("xk1", twins.ExtensionData!.Keys.Single());
            }
        }
    }

    [Fact]
    public void ThreadsReadingMaps_EachGetTheirOwnKeys()
    {
        // Keys of one length that differ in one byte, read by four threads at once.
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, thread =>
        {
            for (var i = 0; i < 2000; i++)
            {
                var key = "key-" + thread + "-" + (i % 3);
                var model = ReadOne<WithMap>("{\"labels\":{\"" + key + "\":\"v\"},\"" + key + "\":1}");
                Assert.Equal(key, model.Labels!.Keys.Single());
                Assert.Equal(key, model.ExtensionData!.Keys.Single());
            }
        });
    }

    /// <summary>The JSON text of a value: raw UTF-8, only the quote and the backslash escaped.</summary>
    private static string Raw(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\0", "\\u0000", StringComparison.Ordinal);

    private static T ReadOne<T>(string json, int segmentSize = 0)
        where T : JsonModel<T>, new()
    {
        var reader = Reader(json, segmentSize);
        var model = JsonModel<T>.ReadJson(ref reader);
        Assert.Equal(JsonTokenType.EndObject, reader.TokenType);
        return model;
    }

    private static Utf8JsonReader Reader(string json, int segmentSize)
    {
        var reader = SegmentedJson.Reader(json, segmentSize);
        Assert.True(reader.Read());
        return reader;
    }

    /// <summary>Two string properties in the generated shape; each test derives its own type (its own slots).</summary>
    private abstract class TwoStrings<TSelf> : JsonModel<TSelf>
        where TSelf : TwoStrings<TSelf>, new()
    {
        public string? Kind { get; set; }

        public string? Tag { get; set; }

        protected override string[] JsonNames() => ["kind", "tag"];

        protected override bool ReadJsonProperty(ref Utf8JsonReader r, int n)
        {
            if (n == 0) Kind = ReadString(ref r, n);
            else if (n == 1) Tag = ReadString(ref r, n);
            else return false;

            return true;
        }

        protected override void WriteJsonProperties(Utf8JsonWriter w)
        {
            WriteString(w, 0, Kind);
            WriteString(w, 1, Tag);
        }
    }

    /// <summary>A string map (<c>labels</c>) in the generated shape; any other name goes to ExtensionData.</summary>
    private abstract class MapOf<TSelf> : JsonModel<TSelf>
        where TSelf : MapOf<TSelf>, new()
    {
        public Dictionary<string, string?>? Labels { get; set; }

        protected override string[] JsonNames() => ["labels"];

        protected override bool ReadJsonProperty(ref Utf8JsonReader r, int n)
        {
            if (n == 0) Labels = ReadStringMap(ref r);
            else return false;

            return true;
        }

        protected override void WriteJsonProperties(Utf8JsonWriter w)
        {
        }
    }

    private sealed class WithMap : MapOf<WithMap>;

    private sealed class ManyKeys : MapOf<ManyKeys>;

    private sealed class Repeats : TwoStrings<Repeats>;

    private sealed class EveryKind : TwoStrings<EveryKind>;

    private sealed class Escaped : TwoStrings<Escaped>;

    private sealed class Changing : TwoStrings<Changing>;

    private sealed class Shared : TwoStrings<Shared>;
}
