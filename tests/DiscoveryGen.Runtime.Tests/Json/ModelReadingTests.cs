using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using DiscoveryGen.Runtime;
using Runtime.Gemini;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Json;

/// <summary>
/// A generated model (cloudaicompanion's CodeRepositoryIndex) read from JSON in every form a server may send the same
/// text: plain ASCII, other UTF-8, escaped, and split across buffer segments (a streamed response).
/// </summary>
public sealed class ModelReadingTests
{
    private const string Json = """
        {"name":"projects/p/locations/l/codeRepositoryIndexes/plain","kmsKey":"",
         "labels":{"team":"café ☕","\u0065nv":"a\u0062c\n","日本":"語","empty":"","none":null},
         "createTime":"2024-01-02T03:04:05.678Z","state":"ACTIVE","unknownThing":{"deep":[1,"é"]},"ünknown":"x"}
        """;

    public static TheoryData<int> SegmentSizes => new() { 0, 1, 2, 3, 7 };

    [Theory]
    [MemberData(nameof(SegmentSizes))]
    public void EveryValueAndNameReadsTheSameWhateverTheBufferSplit(int segmentSize)
    {
        var index = Read(Json, segmentSize);

        Assert.Equal("projects/p/locations/l/codeRepositoryIndexes/plain", index.Name);
        Assert.Equal(string.Empty, index.KmsKey);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, 678, TimeSpan.Zero), index.CreateTime);
        Assert.Equal("ACTIVE", index.State?.Value);
        Assert.Equal(
            new Dictionary<string, string?> { ["team"] = "café ☕", ["env"] = "abc\n", ["日本"] = "語", ["empty"] = string.Empty, ["none"] = null },
            index.Labels);
        Assert.Null(index.UpdateTime);
        Assert.Equal(["unknownThing", "ünknown"], index.ExtensionData!.Keys);
        Assert.Equal("""{"deep":[1,"é"]}""", index.ExtensionData["unknownThing"].GetRawText());
    }

    [Theory]
    [InlineData("""{"\u006eame":"n"}""")]
    [InlineData("""{"\u006E\u0061\u006d\u0065":"n"}""")]
    [InlineData("""{"nam\u0065":"n"}""")]
    public void EscapedPropertyNames_MatchTheirProperty(string json)
    {
        foreach (var segmentSize in new[] { 0, 1, 4 })
        {
            var index = Read(json, segmentSize);
            Assert.Equal("n", index.Name);
            Assert.Null(index.ExtensionData);
        }
    }

    [Theory]
    [InlineData("""{"Name":"n"}""", "Name")]
    [InlineData("""{"name ":"n"}""", "name ")]
    [InlineData("""{"nam":"n"}""", "nam")]
    [InlineData("""{"namé":"n"}""", "namé")]
    [InlineData("""{"nam\u00e9":"n"}""", "namé")]
    [InlineData("""{"":"n"}""", "")]
    public void NamesThatOnlyResembleAProperty_GoToExtensionData(string json, string name)
    {
        var index = Read(json, 0);
        Assert.Null(index.Name);
        Assert.Equal("n", Assert.Single(index.ExtensionData!, p => p.Key == name).Value.GetString());
    }

    [Fact]
    public void JsonNull_ReadsAsNull_AndNonAsciiStringsKeepEveryChar()
    {
        var index = Read("""{"name":null,"kmsKey":"\ud83d\ude00 😀 x\u0000y"}""", 0);
        Assert.Null(index.Name);
        Assert.Equal("😀 😀 x\0y", index.KmsKey);
    }

    [Fact]
    public void LongNamesAndValues_ReadWhole()
    {
        var longName = new string('n', 300);
        var longValue = new string('v', 5000) + "é" + new string('w', 100);
        var escapedLongName = string.Concat(longName.Select(_ => "\\u006e"));
        var index = Read("{\"" + longName + "\":1,\"" + escapedLongName + "\":2,\"name\":\"" + longValue + "\"}", 0);
        Assert.Equal(longValue, index.Name);
        Assert.Equal(2, Assert.Single(index.ExtensionData!).Value.GetInt32());
    }

    [Fact]
    public void StringValues_AreExact_WhereverANonAsciiCharSitsAndWhateverTheLength()
    {
        // ASCII is widened byte for byte, anything else decoded as UTF-8: a non-ASCII char at any position of a value of
        // any length (inside and past a vector's width), and every printable ASCII char, must come back as sent.
        var printable = new string(Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c).ToArray());
        var values = new List<string> { printable + "\u007F", printable.Replace("\"", string.Empty, StringComparison.Ordinal).Replace("\\", string.Empty, StringComparison.Ordinal), "\u007F" };
        foreach (var length in new[] { 1, 2, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100 })
        {
            values.Add(new string('a', length));
            for (var at = 0; at < length; at++)
            {
                foreach (var other in new[] { "\u0080", "é", "語", "😀", "\u00FF" })
                {
                    values.Add(new string('a', at) + other + new string('b', length - at - 1));
                }
            }
        }

        foreach (var value in values)
        {
            foreach (var segmentSize in new[] { 0, 3 })
            {
                // Raw UTF-8 (only the quote and the backslash escaped), so the unescaped path reads it.
                var raw = value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
                var index = Read("{\"name\":\"" + raw + "\"}", segmentSize);
                Assert.Equal(value, index.Name);
            }
        }
    }

    [Theory]
    [InlineData("""{"größe":1,"b":"x","a\u0000b":true}""")]
    [InlineData("""{"gr\u00f6\u00dfe":1,"\u0062":"x","a\u0000b":true}""")]
    [InlineData("""{"a\u0000b":true,"b":"x","größe":1}""")]
    public void NonAsciiAndEscapedDeclaredNames_MatchByTheirUnescapedBytes(string json)
    {
        foreach (var segmentSize in new[] { 0, 1, 5 })
        {
            var reader = SegmentedJson.Reader(json, segmentSize);
            reader.Read();
            var probe = Probe.ReadJson(ref reader);
            Assert.Equal((1, "x", true), (probe.Size, probe.B, probe.Zero));
            Assert.Null(probe.ExtensionData);
        }
    }

    [Fact]
    public void PropertiesInAnyOrder_AndRepeatedObjects_ReadTheSame()
    {
        // The runtime tries the name that followed the previous one last time first: every order and every miss of
        // that guess must still find the right property (or none).
        var orders = new[]
        {
            """{"größe":1,"b":"x","a\u0000b":true}""",
            """{"b":"x","größe":1,"a\u0000b":true}""",
            """{"a\u0000b":true,"größe":1,"b":"x"}""",
            """{"b":"x","other":0,"a\u0000b":true,"größe":1}""",
            """{"größe":1,"a\u0000b":true,"b":"x","c":null}""",
        };
        for (var round = 0; round < 3; round++)
        {
            foreach (var json in orders)
            {
                var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
                reader.Read();
                var probe = Probe.ReadJson(ref reader);
                Assert.Equal((1, "x", true), (probe.Size, probe.B, probe.Zero));
                Assert.Equal(json.Contains("other", StringComparison.Ordinal) ? ["other"] : json.Contains("\"c\"", StringComparison.Ordinal) ? ["c"] : Array.Empty<string>(), probe.ExtensionData?.Keys.ToArray() ?? []);
            }
        }
    }

    [Fact]
    public void DeclaredNames_AreWrittenAsDeclared_AndNullFieldsByTheirName()
    {
        var probe = new Probe { Size = 2, B = "y\u00e9", NullFields = new HashSet<string> { "a\0b", "größe" } };
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, JsonWire.WriterOptions))
        {
            probe.WriteJson(writer);
        }

        Assert.Equal("""{"größe":2,"b":"yé","a\u0000b":null}""", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>A model in the generated shape whose JSON names are not plain ASCII identifiers.</summary>
    private sealed class Probe : JsonModel<Probe>
    {
        public int? Size { get; set; }

        public string? B { get; set; }

        public bool? Zero { get; set; }

        protected override string[] JsonNames() => ["größe", "b", "a\0b"];

        protected override bool ReadJsonProperty(ref Utf8JsonReader r, int n)
        {
            if (n == 0) Size = ReadInt32(ref r);
            else if (n == 1) B = ReadString(ref r);
            else if (n == 2) Zero = ReadBoolean(ref r);
            else return false;

            return true;
        }

        protected override void WriteJsonProperties(Utf8JsonWriter w)
        {
            WriteInt32(w, 0, Size);
            WriteString(w, 1, B);
            WriteBoolean(w, 2, Zero);
        }
    }

    private static CodeRepositoryIndex Read(string json, int segmentSize)
    {
        var reader = SegmentedJson.Reader(json, segmentSize);
        Assert.True(reader.Read());
        var index = CodeRepositoryIndex.ReadJson(ref reader);
        Assert.Equal(JsonTokenType.EndObject, reader.TokenType);
        Assert.False(reader.Read());
        return index;
    }
}
