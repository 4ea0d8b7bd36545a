using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using DiscoveryGen.Runtime;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Json;

public sealed class WireFormatTests
{
    [Theory]
    [InlineData("3.5s", 35_000_000L)]
    [InlineData("0s", 0L)]
    [InlineData("-1.000000001s", -10_000_000L)]
    [InlineData("86400s", 864_000_000_000L)]
    [InlineData("0.0000001s", 1L)]
    public void Duration_Parses(string text, long ticks) => Assert.Equal(TimeSpan.FromTicks(ticks), WireFormat.ParseDuration(text));

    [Theory]
    [InlineData(35_000_000L, "3.5s")]
    [InlineData(0L, "0s")]
    [InlineData(-15_000_000L, "-1.5s")]
    [InlineData(1L, "0.0000001s")]
    public void Duration_Formats(long ticks, string text) => Assert.Equal(text, WireFormat.FormatDuration(TimeSpan.FromTicks(ticks)));

    [Theory]
    [InlineData("3.5")]
    [InlineData("s")]
    [InlineData("1,5s")]
    public void Duration_RejectsBadText(string text) => Assert.Throws<FormatException>(() => WireFormat.ParseDuration(text));

    [Fact]
    public void GoogleDateTime_IsUtcWithZ()
    {
        var value = new DateTimeOffset(2024, 5, 1, 12, 0, 0, 500, TimeSpan.FromHours(2));
        Assert.Equal("2024-05-01T10:00:00.5Z", WireFormat.FormatGoogleDateTime(value));
        Assert.Equal("2024-05-01T12:00:00.5+02:00", WireFormat.FormatDateTime(value));
    }

    [Theory]
    [InlineData("2024-05-01T10:20:30Z")]
    [InlineData("2024-05-01T10:20:30.123456789Z")]
    [InlineData("2024-05-01T12:20:30+02:00")]
    [InlineData("2024-05-01t10:20:30z")]
    public void DateTime_ParsesRfc3339(string text)
    {
        var value = WireFormat.ParseDateTime(text);
        Assert.Equal(new DateTime(2024, 5, 1, 10, 20, 30), value.UtcDateTime.AddTicks(-(value.UtcDateTime.Ticks % TimeSpan.TicksPerSecond)));
    }

    [Theory]
    [InlineData("2024-05-01T10:20:30Z")]
    [InlineData("2024-05-01T10:20:30.1Z")]
    [InlineData("2024-05-01T10:20:30.1234567Z")]
    [InlineData("2024-05-01T10:20:30.123456789Z")]
    [InlineData("2024-05-01T10:20:30.1234567891Z")]
    [InlineData("2024-05-01T10:20:30.Z")]
    [InlineData("2024-02-29T00:00:00Z")]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("2000-02-29T23:59:59Z")]
    [InlineData("1900-02-29T00:00:00Z")]
    [InlineData("2024-12-31T23:59:59.999Z")]
    [InlineData("2024-04-31T00:00:00Z")]
    [InlineData("2024-13-01T00:00:00Z")]
    [InlineData("2024-00-01T00:00:00Z")]
    [InlineData("2024-01-00T00:00:00Z")]
    [InlineData("2024-01-01T24:00:00Z")]
    [InlineData("2024-01-01T23:60:00Z")]
    [InlineData("2024-01-01T23:59:60Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("0001-01-01T00:30:00-00:30")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    [InlineData("9999-12-31T23:59:59-00:01")]
    [InlineData("9999-12-31T22:59:59+01:00")]
    [InlineData("2024-05-01T12:20:30+02:00")]
    [InlineData("2024-05-01T12:20:30-14:00")]
    [InlineData("2024-05-01T12:20:30+15:00")]
    [InlineData("2024-05-01T12:20:30+02:60")]
    [InlineData("2024-05-01T12:20:30+0200")]
    [InlineData("2024-05-01t10:20:30z")]
    [InlineData("2024-05-01T10:20:30")]
    [InlineData("2024-05-01T10:20:30ZZ")]
    [InlineData("2024-05-01 10:20:30Z")]
    [InlineData("20a4-05-01T10:20:30Z")]
    [InlineData("202a-05-01T10:20:30Z")]
    [InlineData("2024-0a-01T10:20:30Z")]
    [InlineData("2024-05-1aT10:20:30Z")]
    [InlineData("2024-05-01T1a:20:30Z")]
    [InlineData("2024-05-01T10:2a:30Z")]
    [InlineData("2024-05-01T10:20:3aZ")]
    [InlineData("2024-05-01T10:20:30+0a:00")]
    [InlineData("2024-05-01T10:20:30+00:0a")]
    [InlineData("2024-05-01T10:20:30.12a4Z")]
    [InlineData("2024-0:-01T10:20:30Z")]
    [InlineData("/024-05-01T10:20:30Z")]
    [InlineData("2024-05-01T1?:20:30Z")]
    [InlineData("2024-05-01T10:2\u00ff:30Z")]
    [InlineData("2024-05-01T10:20:3?Z")]
    [InlineData("2024-05-01T10-20:30Z")]
    [InlineData("2024-05-01T10:20-30Z")]
    [InlineData("2024/05-01T10:20:30Z")]
    [InlineData("2024-05/01T10:20:30Z")]
    public void DateTime_ReadFromUtf8_AgreesWithTheStringParser(string text)
    {
        // The UTF-8 fast path may decline (the string parser then decides), but what it accepts must be the same instant.
        if (Rfc3339.TryParse(Encoding.UTF8.GetBytes(text), out var fast))
        {
            Assert.Equal(WireFormat.ParseDateTime(text), fast);
            Assert.Equal(TimeSpan.Zero, fast.Offset);
        }
        else
        {
            Assert.True(IsRejectedOrOtherShape(text), text);
        }
    }

    [Fact]
    public void DateTime_ReadAfterAnyOther_IsWhatItIsReadAlone()
    {
        // A thread keeps the timestamp it read last (a resource often repeats one): whatever came before, each text reads
        // as the string parser reads it, or fails as it fails. Texts the same length as the one before with one byte
        // changed, a prefix, a longer fraction, an escaped twin, invalid and empty texts; plain or in 7-byte segments.
        var texts = new[]
        {
            "2024-05-01T10:20:30.123Z", "2024-05-01T10:20:30.124Z", "2024-05-01T10:20:30.1234Z", "2024-05-01T10:20:30.12Z",
            "2024-05-01T12:20:30.123+02:00", "2024-05-01T10:20:30.123z", "2024-05-01T10:20:30.123", "2024-05-01T10:20:3\\u0030.123Z",
            "2024-02-30T10:20:30.123Z", "2024-05-01 10:20:30.123Z", "", "2", "9999-12-31T23:59:59.9999999Z", "1999-05-01T10:20:30.123Z",
        };
        foreach (var segmentSize in new[] { 0, 7 })
        {
            foreach (var first in texts)
            {
                foreach (var second in texts)
                {
                    var reader = SegmentedJson.Reader("[\"" + first + "\",\"" + second + "\",\"" + first + "\"]", segmentSize);
                    reader.Read();
                    foreach (var text in new[] { first, second, first })
                    {
                        reader.Read();
                        Assert.Equal(ReadAlone(text), Read(ref reader));
                    }
                }
            }
        }

        static string Read(ref Utf8JsonReader reader)
        {
            try
            {
                return JsonWire.ReadDateTime(ref reader).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                return "rejected";
            }
        }

        static string ReadAlone(string text)
        {
            try
            {
                return WireFormat.ParseDateTime(text.Replace("\\u0030", "0", StringComparison.Ordinal)).ToUniversalTime()
                    .ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                return "rejected";
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    public void DateTime_ShortText_IsRejected_OnAThreadThatKeptNoTimestampYet(string text)
    {
        // A new thread has kept nothing: its empty kept text must not match an empty value.
        Exception? error = null;
        var thread = new System.Threading.Thread(() =>
        {
            try
            {
                var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes("\"" + text + "\""));
                reader.Read();
                JsonWire.ReadDateTime(ref reader);
            }
            catch (FormatException e)
            {
                error = e;
            }
        });
        thread.Start();
        thread.Join();
        Assert.IsType<FormatException>(error);
    }

    [Fact]
    public void DateTime_ThreadsReadingAtOnce_EachGetTheirOwnValues()
    {
        // Four threads read three timestamps one digit apart, each starting at another one: a kept timestamp shared
        // between threads would, sooner or later, pair one thread's text with another's value.
        var expected = Enumerable.Range(0, 3).Select(i => new DateTimeOffset(2024, 5, 1, 10, 20, 30 + i, TimeSpan.Zero)).ToArray();
        var texts = expected.Select(e => Encoding.UTF8.GetBytes("\"" + e.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) + "\"")).ToArray();
        System.Threading.Tasks.Parallel.For(0, 4, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = 4 }, thread =>
        {
            for (var i = 0; i < 1_000_000; i++)
            {
                var which = (i + thread) % 3;
                var reader = new Utf8JsonReader(texts[which]);
                reader.Read();
                Assert.Equal(expected[which], JsonWire.ReadDateTime(ref reader));
            }
        });
    }

    private static bool IsRejectedOrOtherShape(string text)
    {
        try
        {
            WireFormat.ParseDateTime(text);
        }
        catch (FormatException)
        {
            return true;
        }

        // Accepted by the string parser: only shapes outside the fast path's may be declined by it.
        return text.Length < 20 || text[10] == ' ' || !(text.EndsWith('Z') || text.EndsWith('z') || text[^6] is '+' or '-')
            || text.Contains(".Z", StringComparison.Ordinal) || text.Length - text.IndexOf('.', StringComparison.Ordinal) > 11;
    }

    [Fact]
    public void Bytes_ToleratesUrlSafeAndMissingPadding()
    {
        var bytes = new byte[] { 0xfb, 0xff, 0xfe, 0x01 };
        Assert.Equal(bytes, WireFormat.ParseBytes(Convert.ToBase64String(bytes)));
        Assert.Equal(bytes, WireFormat.ParseBytes("-__-AQ"));
    }

    [Fact]
    public void Int64_IsWrittenAsAStringAndReadFromStringOrNumber()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonWire.WriteInt64(writer, -9_007_199_254_740_993);
        }

        Assert.Equal("\"-9007199254740993\"", Encoding.UTF8.GetString(buffer.WrittenSpan));
        Assert.Equal(-9_007_199_254_740_993, Read("\"-9007199254740993\"", JsonWire.ReadInt64));
        Assert.Equal(42L, Read("42", JsonWire.ReadInt64));
        Assert.Equal(7, Read("\"7\"", JsonWire.ReadInt32));
        Assert.Equal(double.PositiveInfinity, Read("\"Infinity\"", JsonWire.ReadDouble));
        Assert.Throws<JsonException>(() => Read("\"x\"", JsonWire.ReadInt64));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1724598711274191")]
    [InlineData("-9223372036854775808")]
    [InlineData("9223372036854775807")]
    [InlineData("9223372036854775808")]
    [InlineData("18446744073709551615")]
    [InlineData("18446744073709551616")]
    [InlineData("+5")]
    [InlineData("-5")]
    [InlineData("-0")]
    [InlineData("007")]
    [InlineData(" 12")]
    [InlineData("12 ")]
    [InlineData("1e3")]
    [InlineData("1.0")]
    [InlineData("0x10")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("\\u0031\\u0032")]
    public void Int64AndUInt64Strings_ReadAsTheInvariantIntegerParseReadsThem(string text)
    {
        // The fast path for plain digits must accept nothing, and give no value, that NumberStyles.Integer would not.
        var json = "\"" + text + "\"";
        var unescaped = JsonSerializer.Deserialize<string>(json)!;
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var style = System.Globalization.NumberStyles.Integer;

        if (long.TryParse(unescaped, style, invariant, out var signed))
        {
            Assert.Equal(signed, Read(json, JsonWire.ReadInt64));
        }
        else
        {
            Assert.Throws<JsonException>(() => Read(json, JsonWire.ReadInt64));
        }

        if (ulong.TryParse(unescaped, style, invariant, out var unsigned))
        {
            Assert.Equal(unsigned, Read(json, JsonWire.ReadUInt64));
        }
        else
        {
            Assert.Throws<JsonException>(() => Read(json, JsonWire.ReadUInt64));
        }
    }

    [Fact]
    public void Numbers_AreInvariantUnderAnyCulture()
    {
        var original = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo("fi-FI");
            Assert.Equal("-1.5", WireFormat.Format(-1.5));
            Assert.Equal("-3", WireFormat.Format(-3));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = original;
        }
    }

    private static T Read<T>(string json, JsonReadFunc<T> read)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return read(ref reader);
    }
}
