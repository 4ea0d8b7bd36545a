using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Json;

/// <summary>The per-thread reuse of short value strings: it may only ever save work, never change a value.</summary>
public sealed class ValueStringsTests
{
    [Fact]
    public void RepeatedShortValue_IsOneInstanceFromItsSecondSighting()
    {
        var values = ReadStrings("""["storage#object","STANDARD","storage#object","STANDARD","storage#object","STANDARD"]""");

        Assert.Equal(["storage#object", "STANDARD", "storage#object", "STANDARD", "storage#object", "STANDARD"], values);
        Assert.NotSame(values[0], values[2]);
        Assert.Same(values[2], values[4]);
        Assert.Same(values[3], values[5]);
    }

    [Fact]
    public void ValuesSharingASlot_AreEachReadExactly()
    {
        // Two different values that land in the same slot, read alternately: each must evict, never be mistaken for, the other.
        var (first, second) = CollidingPair(length: 12);
        var json = "[" + string.Join(",", Enumerable.Repeat($"\"{first}\",\"{second}\"", 5)) + "]";

        var values = ReadStrings(json);

        Assert.Equal(Enumerable.Repeat(new[] { first, second }, 5).SelectMany(pair => pair), values);
    }

    [Fact]
    public void ValuesDifferingOnlyInUnhashedBytes_AreEachReadExactly()
    {
        // 30 bytes: the slot looks at bytes 0-7, 11-18 and 22-29, so these two (differing at byte 9) share a slot.
        const string first = "aaaaaaaaaXaaaaaaaaaaaaaaaaaaaa";
        const string second = "aaaaaaaaaYaaaaaaaaaaaaaaaaaaaa";
        Assert.Equal(ValueStrings.SlotOf(Encoding.ASCII.GetBytes(first)), ValueStrings.SlotOf(Encoding.ASCII.GetBytes(second)));

        var values = ReadStrings($"[\"{first}\",\"{second}\",\"{first}\",\"{second}\"]");

        Assert.Equal([first, second, first, second], values);
    }

    [Fact]
    public void EscapedNonAsciiLongAndEmptyValues_ReadAsTheReaderReadsThem()
    {
        var longValue = new string('x', ValueStrings.MaxLength + 1);
        var json = $$"""["abc","a\u0062c","caf\u00e9","café","naïve","{{longValue}}","{{longValue}}","","q\"uote","abc"]""";

        var values = ReadStrings(json);

        Assert.Equal(["abc", "abc", "café", "café", "naïve", longValue, longValue, "", "q\"uote", "abc"], values);
        Assert.NotSame(values[5], values[6]);
        Assert.NotSame(values[2], values[3]);
    }

    [Fact]
    public void NonAsciiValueInACachedSlot_IsNotMistakenForIt()
    {
        // A non-ASCII value of the same UTF-8 byte length in the slot of a cached ASCII one.
        const string ascii = "ab-0001";
        var slot = ValueStrings.SlotOf(Encoding.ASCII.GetBytes(ascii));
        var nonAscii = Enumerable.Range(0xC0, 0x700).SelectMany(c => Enumerable.Range(0, 1000).Select(n => "ab" + (char)c + n.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)))
            .First(candidate => ValueStrings.SlotOf(Encoding.UTF8.GetBytes(candidate)) == slot);
        Assert.Equal(ascii.Length, Encoding.UTF8.GetByteCount(nonAscii));

        var values = ReadStrings($"[\"{ascii}\",\"{nonAscii}\",\"{ascii}\",\"{nonAscii}\"]");

        Assert.Equal([ascii, nonAscii, ascii, nonAscii], values);
    }

    [Fact]
    public void ManyDistinctValues_AreEachReadExactly()
    {
        // Far more distinct values than slots, each read twice in a row and again after all the others.
        var expected = Enumerable.Range(0, 20 * ValueStrings.Slots).Select(i => "v" + i.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var json = "[" + string.Join(",", expected.Select(v => $"\"{v}\",\"{v}\"")) + "," + string.Join(",", expected.Select(v => $"\"{v}\"")) + "]";

        var values = ReadStrings(json);

        Assert.Equal(expected.SelectMany(v => new[] { v, v }).Concat(expected), values);
    }

    [Fact]
    public void ValuesSplitAcrossSegments_ReadExactly()
    {
        var bytes = Encoding.UTF8.GetBytes("""["storage#object","storage#object","STANDARD"]""");
        var sequence = Segmented(bytes, 5);
        var reader = new Utf8JsonReader(sequence);
        reader.Read();

        var values = JsonWire.ReadList(ref reader, JsonWire.ReadString);

        Assert.Equal(["storage#object", "storage#object", "STANDARD"], values);
    }

    [Fact]
    public void MapKeysAndValues_AreReadExactlyAndShared()
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes("""[{"owner":"team-a","env":"prod"},{"owner":"team-a","env":"dev"},{"owner":"team-a"}]"""));
        reader.Read();

        var maps = JsonWire.ReadList(ref reader, (ref Utf8JsonReader r) => JsonWire.ReadMap(ref r, JsonWire.ReadString));

        Assert.Equal(new Dictionary<string, string> { ["owner"] = "team-a", ["env"] = "prod" }, maps[0]);
        Assert.Equal(new Dictionary<string, string> { ["owner"] = "team-a", ["env"] = "dev" }, maps[1]);
        Assert.Equal(new Dictionary<string, string> { ["owner"] = "team-a" }, maps[2]);
        Assert.Same(maps[1].Keys.First(), maps[2].Keys.First());
        Assert.Same(maps[1]["owner"], maps[2]["owner"]);
    }

    [Fact]
    public void ConcurrentReadersOfDifferentValues_EachReadTheirOwn()
    {
        // Every thread reads values that collide with other threads' values; the table is per thread, so nothing mixes.
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            var expected = Enumerable.Range(0, 3 * ValueStrings.Slots).Select(i => $"w{worker}-{i % 300}").ToArray();
            var json = "[" + string.Join(",", expected.Select(v => $"\"{v}\"")) + "]";
            for (var round = 0; round < 20; round++)
            {
                Assert.Equal(expected, ReadStrings(json));
            }
        });
    }

    private static List<string> ReadStrings(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return JsonWire.ReadList(ref reader, JsonWire.ReadString);
    }

    private static (string First, string Second) CollidingPair(int length)
    {
        var seen = new Dictionary<int, string>();
        for (var i = 0; ; i++)
        {
            var value = "k" + i.ToString("D" + (length - 1), System.Globalization.CultureInfo.InvariantCulture);
            var slot = ValueStrings.SlotOf(Encoding.ASCII.GetBytes(value));
            if (seen.TryGetValue(slot, out var other))
            {
                return (other, value);
            }

            seen[slot] = value;
        }
    }

    private static ReadOnlySequence<byte> Segmented(byte[] bytes, int size)
    {
        Segment? first = null, last = null;
        for (var at = 0; at < bytes.Length; at += size)
        {
            var next = new Segment(bytes.AsMemory(at, Math.Min(size, bytes.Length - at)), at);
            if (last is null)
            {
                first = next;
            }
            else
            {
                last.Next = next;
            }

            last = next;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public new ReadOnlySequenceSegment<byte>? Next
        {
            get => base.Next;
            set => base.Next = value;
        }
    }
}
