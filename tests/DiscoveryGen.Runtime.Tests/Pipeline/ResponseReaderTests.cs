using System;
using System.IO;
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

        Assert.StartsWith("test.items.get: the 200 response could not be read as String: ", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(ex.InnerException);
        Assert.Equal(1, ex.Attempts);
    }

    /// <summary>A body whose length the content does not declare (as a chunked response).</summary>
    private sealed class NoLengthStream(byte[] body) : MemoryStream(body)
    {
        public override bool CanSeek => false;
    }
}
