using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.IO.Compression;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Pipeline;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Pipeline;

/// <summary><see cref="ResponseReader"/>: bodies decoded, bounded by the size limit, and read by the model's reader.</summary>
public sealed class ResponseReaderTests
{
    private static CallContext<string?> Call(Action<ClientOptions>? configure = null)
    {
        var call = Kit.Call(Kit.Client(configure: configure));
        call.Attempt = 1;
        return call;
    }

    private static HttpResponseMessage Response(byte[] body, string? encoding = null, bool declareLength = true)
    {
        HttpContent content = declareLength ? new ByteArrayContent(body) : new StreamContent(new NoLengthStream(body));
        if (encoding is not null)
        {
            content.Headers.ContentEncoding.Add(encoding);
        }

        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Utf8.Bytes(text));
        }

        return buffer.ToArray();
    }

    [Fact]
    public async Task JsonBody_IsReadWithTheModelsReader()
    {
        using var response = Response(Utf8.Bytes("""{"name":"a","other":[1,2]}"""));

        Assert.Equal("a", await ResponseReader.ReadJsonAsync(Call(), response, Kit.ReadName, default));
    }

    [Fact]
    public async Task GzipBodyTheHandlerLeftEncoded_IsDecoded()
    {
        using var response = Response(Gzip("""{"name":"zipped"}"""), "gzip");

        Assert.Equal("zipped", await ResponseReader.ReadJsonAsync(Call(), response, Kit.ReadName, default));
    }

    [Fact]
    public void WithDecompressionOff_TheBodyIsLeftEncoded()
    {
        using var response = Response(Gzip("{}"), "gzip");

        Assert.Equal("gzip", ResponseReader.DecodedEncoding(response.Content, new ClientOptions()));
        Assert.Null(ResponseReader.DecodedEncoding(response.Content, new ClientOptions { DecompressResponses = false }));
    }

    [Fact]
    public async Task DeclaredLengthOverTheLimit_FailsBeforeReading()
    {
        using var response = Response(new byte[100]);

        var ex = await Assert.ThrowsAsync<ApiException>(async () => await ResponseReader.ReadJsonAsync(Call(o => o.MaxResponseBodySize = 10), response, Kit.ReadName, default));

        Assert.Equal("test.items.get: the 200 response body (100 bytes) exceeds ClientOptions.MaxResponseBodySize (10 bytes); it was not read.", ex.Message);
    }

    [Fact]
    public async Task BodyOfUnknownLength_FailsOnceItPassesTheLimit()
    {
        using var response = Response(Gzip(new string(' ', 10_000) + "{}"), "gzip");

        var ex = await Assert.ThrowsAsync<ApiException>(async () => await ResponseReader.ReadJsonAsync(Call(o => o.MaxResponseBodySize = 1000), response, Kit.ReadName, default));

        Assert.Contains("exceeds ClientOptions.MaxResponseBodySize (1000 bytes)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BodyExactlyAtTheLimit_IsRead()
    {
        var json = """{"name":"exact"}""";
        using var response = Response(Utf8.Bytes(json), declareLength: false);

        Assert.Equal("exact", await ResponseReader.ReadJsonAsync(Call(o => o.MaxResponseBodySize = json.Length), response, Kit.ReadName, default));
    }

    [Fact]
    public async Task ErrorBodies_AreCutAtTheirLimit_NotFailed()
    {
        using var response = Response(Utf8.Bytes("0123456789"), declareLength: false);

        var (buffer, length) = await ResponseReader.ReadBodyAsync(Call(), response, limit: 4, throwWhenLarger: false, default);

        Assert.Equal("0123", System.Text.Encoding.UTF8.GetString(buffer, 0, length));
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
    }

    [Fact]
    public async Task CorruptCompressedBody_IsAnIOException_SoTheAttemptIsRetried()
    {
        using var response = Response(Utf8.Bytes("not gzip at all"), "gzip");

        var ex = await Assert.ThrowsAsync<IOException>(async () => await ResponseReader.ReadJsonAsync(Call(), response, Kit.ReadName, default));

        Assert.Equal("The gzip-encoded response body is corrupt.", ex.Message);
    }

    [Fact]
    public async Task EmptyBody_IsUnreadable_NamingTheExpectedType()
    {
        using var response = Response([]);

        var ex = await Assert.ThrowsAsync<ApiException>(async () => await ResponseReader.ReadJsonAsync(Call(), response, Kit.ReadName, default));

        Assert.StartsWith("test.items.get: the 200 response could not be read as String at $: ", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(ex.InnerException);
        Assert.Equal(1, ex.Attempts);
    }

    [Theory]
    [InlineData("{\"name\":\"a\"} x")]
    [InlineData("{\"name\":\"a\"}{\"name\":\"b\"}")]
    [InlineData("{\"name\":\"a\"}]")]
    [InlineData("{\"name\":\"a\"} // comment")]
    public async Task TrailingDataAfterTheJsonValue_IsUnreadable(string body)
    {
        using var response = Response(Utf8.Bytes(body));

        var ex = await Assert.ThrowsAsync<ApiException>(async () => await ResponseReader.ReadJsonAsync(Call(), response, Kit.ReadName, default));

        Assert.StartsWith("test.items.get: the 200 response could not be read as String at $: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("after a single JSON value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhiteSpaceAfterTheJsonValue_IsFine()
    {
        using var response = Response(Utf8.Bytes("{\"name\":\"a\"} \r\n\t "));

        Assert.Equal("a", await ResponseReader.ReadJsonAsync(Call(), response, Kit.ReadName, default));
    }

    [Theory]
    [InlineData("\"9999999999999999999999999999s\"", "is a google-duration longer than a TimeSpan holds")]
    [InlineData("\"922337203686s\"", "is a google-duration longer than a TimeSpan holds")]
    [InlineData("\"soon\"", "is not a google-duration")]
    [InlineData("12", "Expected a string but found Number")]
    public async Task ValueThatCannotBeConverted_IsAnApiException_NamingTheMethodAndTheJsonPath(string timeout, string complaint)
    {
        using var response = Response(Utf8.Bytes($$"""{"items":[{"timeout":"1s"},{},{"name":"x"},{"timeout":{{timeout}}}]}"""));

        var ex = await Assert.ThrowsAsync<ApiException>(async () => await ResponseReader.ReadJsonAsync(Call(), response, ReadTimeouts, default));

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.StartsWith("test.items.get: the 200 response could not be read as List`1 at $.items[3].timeout: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(complaint, ex.Message, StringComparison.Ordinal);
        var inner = Assert.IsType<System.Text.Json.JsonException>(ex.InnerException);
        Assert.Equal("$.items[3].timeout", inner.Path);
    }

    [Theory]
    [InlineData("""{"items":[{"timeout":"1s"},null]}""", "$.items[1]")]
    [InlineData("""{"items":[[]]}""", "$.items[0]")]
    [InlineData("""{"items":{}}""", "$.items")]
    [InlineData("""{"it\"ems":1,"items":[{"timeout":"1s","timeout":"x"}]}""", "$.items[0].timeout")]
    [InlineData("""{"items":[{"timeout":"1s"}],"items":[{"a.b":{"c":[1,{"timeout":2}]}, "timeout":true}]}""", "$.items[0].timeout")]
    [InlineData("""{"items":[{"timeout":"1s"}""", "$.items[0]")]
    public async Task ThePathIsWhereReadingStopped(string body, string path)
    {
        using var response = Response(Utf8.Bytes(body));

        var ex = await Assert.ThrowsAsync<ApiException>(async () => await ResponseReader.ReadJsonAsync(Call(), response, ReadTimeouts, default));

        Assert.Equal(path, Assert.IsType<System.Text.Json.JsonException>(ex.InnerException).Path);
    }

    [Theory]
    [InlineData("""{"\u0061.b":{"c":["x"]}}""", "$['a.b'].c[0]")]
    [InlineData("""{"":[["x"]]}""", "$[''][0][0]")]
    public async Task PropertyNamesThatAreNotIdentifiers_AreQuotedInThePath(string body, string path)
    {
        using var response = Response(Utf8.Bytes(body));

        var ex = await Assert.ThrowsAsync<ApiException>(async () => await ResponseReader.ReadJsonAsync(Call(), response, ReadAnyIntegers, default));

        Assert.Equal(path, Assert.IsType<System.Text.Json.JsonException>(ex.InnerException).Path);
    }

    [Fact]
    public async Task SecretEchoedInAValueTheReaderRejects_IsInNoPartOfTheException()
    {
        // The server puts the caller's token in a typed field, plainly in one place and JSON-escaped in another.
        const string Token = "ya29.echoed-token";
        var escaped = string.Concat(Token.Select(c => $"\\u{(int)c:x4}"));
        using var response = Response(Utf8.Bytes($$"""{"items":[{"timeout":"{{escaped}}"}],"other":"{{Token}}"}"""));
        response.Headers.TryAddWithoutValidation("x-echo", "Bearer " + Token);
        var call = Call();
        call.AddSecret(Token);

        var ex = await Assert.ThrowsAsync<ApiException>(async () => await ResponseReader.ReadJsonAsync(call, response, ReadTimeouts, default));

        Assert.Contains("'[REDACTED]' is not a google-duration", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, ex.RawBody, StringComparison.Ordinal);
        Assert.DoesNotContain(escaped, ex.RawBody, StringComparison.Ordinal);
        Assert.Null(ex.InnerException!.InnerException);
        Assert.Equal(["Bearer [REDACTED]"], ex.Headers["x-echo"]);
    }

    [Fact]
    public async Task LineBreaksInAValueTheReaderRejects_AreEscapedInTheMessage()
    {
        using var response = Response(Utf8.Bytes("""{"items":[{"timeout":"1s\r\nFAKE LOG LINE\u2028x"}]}"""));

        var ex = await Assert.ThrowsAsync<ApiException>(async () => await ResponseReader.ReadJsonAsync(Call(), response, ReadTimeouts, default));

        Assert.Contains("'1s\\r\\nFAKE LOG LINE\\u2028x' is not a google-duration", ex.Message, StringComparison.Ordinal);
        Assert.Equal(-1, ex.Message.AsSpan().IndexOfAny("\r\n\u2028"));
        Assert.Equal(-1, ex.InnerException!.Message.AsSpan().IndexOfAny("\r\n\u2028"));
        Assert.Null(ex.InnerException.InnerException);
    }

    [Fact]
    public async Task MoreValuesThanTheLimit_FailsBeforeTheModelReaderRuns()
    {
        var read = false;
        using var response = Response(Utf8.Bytes("[" + string.Join(",", Enumerable.Repeat("{}", 100)) + "]"));

        var ex = await Assert.ThrowsAsync<ApiException>(async () => await ResponseReader.ReadJsonAsync(
            Call(o => o.MaxResponseJsonValues = 100), response, (ref System.Text.Json.Utf8JsonReader r) => { read = true; r.Skip(); return 0; }, default));

        Assert.False(read);
        Assert.Equal("test.items.get: the 200 response body holds more than 100 JSON values (ClientOptions.MaxResponseJsonValues); it was not read. " +
            "Ask for smaller pages, or raise the limit for this service.", ex.Message);
    }

    [Theory]
    [InlineData("[" + "1,1,1,1,1,1,1,1,1" + "]", 10)]
    [InlineData("""{"a":[1,2,{"b":null}],"c":"x"}""", 7)]
    [InlineData("""["{{{[[[,,,,,,,,", "{{{[[[,,,,,,,,"]""", 3)]
    public async Task ValuesUpToTheLimit_AreRead_HoweverManyBracketsTheirStringsHold(string json, int values)
    {
        using var response = Response(Utf8.Bytes(json));

        var count = await ResponseReader.ReadJsonAsync(Call(o => o.MaxResponseJsonValues = values), response, CountAll, default);

        Assert.Equal(values, count);
        using var again = Response(Utf8.Bytes(json));
        await Assert.ThrowsAsync<ApiException>(async () => await ResponseReader.ReadJsonAsync(Call(o => o.MaxResponseJsonValues = values - 1), again, CountAll, default));
    }

    [Fact]
    public void TheBoundsCount_FindsEveryCommaBraceAndBracket_AtAnyLengthAndOffset()
    {
        var random = new Random(42);
        var alphabet = Utf8.Bytes(",{[}]\"a{[,;:[{Z\u007b\u005b");
        for (var length = 0; length < 200; length++)
        {
            var body = new byte[length + 7];
            for (var i = 0; i < body.Length; i++)
            {
                body[i] = random.Next(3) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            }

            foreach (var offset in new[] { 0, 3, 7 })
            {
                var span = body.AsSpan(offset, length);
                var expected = 0L;
                foreach (var b in span)
                {
                    expected += b is (byte)',' or (byte)'{' or (byte)'[' ? 1 : 0;
                }

                Assert.Equal(expected, ResponseReader.CountCommasAndOpeners(span));
            }
        }
    }

    [Fact]
    public void AHostileBodyOfEmptyObjects_IsRefusedWithoutAllocatingPerValue()
    {
        // 6 MB of {} in a list of operations: two million model objects if read.
        var body = Utf8.Bytes("{\"operations\":[" + string.Join(",", Enumerable.Repeat("{}", 2_000_000)) + "]}");
        Allocated(body, ClientOptions.DefaultMaxResponseJsonValues, out _); // the pooled body buffer, once

        var refused = Allocated(body, ClientOptions.DefaultMaxResponseJsonValues, out var error);
        var read = Allocated(body, long.MaxValue, out var none);

        Assert.IsType<ApiException>(error);
        Assert.Null(none);
        Assert.True(refused < 256 * 1024, $"refusing a {body.Length:N0}-byte body allocated {refused:N0} B");
        Assert.True(read > 100L * 1024 * 1024, $"reading it allocated {read:N0} B");
    }

    [Fact]
    public void AtTheLimit_WhatReadingAllocates_IsBoundedByTheNumberOfValues()
    {
        // 100,000 values, each an operation with a name: the limit, not the body's size, bounds the memory.
        var body = Utf8.Bytes("{\"operations\":[" + string.Join(",", Enumerable.Repeat("{}", 99_998)) + "]}");

        var allocated = Allocated(body, 100_000, out var error);

        Assert.Null(error);
        Assert.True(allocated < 100_000L * 300 + 3L * body.Length, $"{allocated:N0} B");
    }

    /// <summary>The bytes this thread allocated reading <paramref name="body"/> as a Gemini ListOperationsResponse (all of it synchronous).</summary>
    private static long Allocated(byte[] body, long limit, out Exception? error)
    {
        var call = Call(o => o.MaxResponseJsonValues = limit);
        using var response = Response(body);
        error = null;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var task = ResponseReader.ReadJsonAsync(call, response, global::Runtime.Gemini.ListOperationsResponse.ReadJson, default);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Completed before returning: everything was read on this thread, so the count above is all of it.
        Assert.True(task.IsCompleted);
        try
        {
            GC.KeepAlive(task.Result);
        }
        catch (Exception ex)
        {
            error = ex;
        }

        return allocated;
    }

    /// <summary>Reads <c>{"items": [{"timeout": google-duration}, …]}</c> with the runtime's wire helpers, as generated code does.</summary>
    private static List<TimeSpan?> ReadTimeouts(ref System.Text.Json.Utf8JsonReader reader)
    {
        JsonWire.ExpectStartObject(ref reader, "Page");
        var result = new List<TimeSpan?>();
        while (true)
        {
            JsonWire.ReadValue(ref reader);
            if (reader.TokenType == System.Text.Json.JsonTokenType.EndObject)
            {
                return result;
            }

            var isItems = reader.ValueTextEquals("items"u8);
            JsonWire.ReadValue(ref reader);
            if (!isItems)
            {
                reader.Skip();
                continue;
            }

            result = JsonWire.ReadList(ref reader, static (ref System.Text.Json.Utf8JsonReader item) =>
            {
                JsonWire.ExpectStartObject(ref item, "Item");
                TimeSpan? timeout = null;
                while (true)
                {
                    JsonWire.ReadValue(ref item);
                    if (item.TokenType == System.Text.Json.JsonTokenType.EndObject)
                    {
                        return timeout;
                    }

                    var isTimeout = item.ValueTextEquals("timeout"u8);
                    JsonWire.ReadValue(ref item);
                    if (isTimeout)
                    {
                        timeout = JsonWire.ReadDuration(ref item);
                    }
                    else
                    {
                        item.Skip();
                    }
                }
            });
        }
    }

    /// <summary>Reads any JSON value, requiring every string in it to be an integer.</summary>
    private static int ReadAnyIntegers(ref System.Text.Json.Utf8JsonReader reader)
    {
        var depth = reader.CurrentDepth;
        while (true)
        {
            if (reader.TokenType == System.Text.Json.JsonTokenType.String)
            {
                JsonWire.ReadInt32(ref reader);
            }

            if (reader.CurrentDepth == depth && reader.TokenType is not (System.Text.Json.JsonTokenType.StartObject or System.Text.Json.JsonTokenType.StartArray))
            {
                return 0;
            }

            reader.Read();
        }
    }

    /// <summary>Counts the values of any JSON value (itself included).</summary>
    private static int CountAll(ref System.Text.Json.Utf8JsonReader reader)
    {
        var depth = reader.CurrentDepth;
        var count = 0;
        while (true)
        {
            if (reader.TokenType is not (System.Text.Json.JsonTokenType.PropertyName or System.Text.Json.JsonTokenType.EndObject or System.Text.Json.JsonTokenType.EndArray))
            {
                count++;
            }

            if (reader.CurrentDepth == depth && reader.TokenType is not (System.Text.Json.JsonTokenType.StartObject or System.Text.Json.JsonTokenType.StartArray))
            {
                return count;
            }

            reader.Read();
        }
    }

    /// <summary>A body whose length the content does not declare (as a chunked response).</summary>
    private sealed class NoLengthStream(byte[] body) : MemoryStream(body)
    {
        public override bool CanSeek => false;
    }
}
