using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Runtime.Gemini;
using Xunit;

namespace DiscoveryGen.Runtime.Tests;

/// <summary>Headers, compression both ways, response size limits, and the https-only base URI.</summary>
public sealed class WireTests : LoopbackTest
{
    [Fact]
    public async Task IdentifyingHeaders_AreSent()
    {
        await Service(o => o.ApplicationName = "acme-tool/2.1").Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        var request = Assert.Single(Server.Requests);
        Assert.Matches(@"^acme-tool/2\.1 DiscoveryGen/\d+\.\d+\.\d+$", request.Headers["User-Agent"]);
        Assert.Matches(@"^gl-dotnet/\d+\.\d+\.\d+ gdcl/\d+\.\d+\.\d+$", request.Headers["x-goog-api-client"]);
        Assert.Equal("gzip, deflate", request.Headers["Accept-Encoding"]);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public async Task CompressedResponses_AreDecompressed(string encoding)
    {
        var json = "{\"name\":\"projects/p1/locations/global/operations/op-1\",\"done\":true,\"metadata\":{\"pad\":\"" + new string('a', 5000) + "\"}}";
        Server.Responder = _ => new CannedResponse(200) { BodyBytes = Compress(json, encoding), Headers = new Dictionary<string, string> { ["Content-Encoding"] = encoding } };

        var operation = await Service().Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        Assert.Equal(OperationName, operation.Name);
        Assert.Equal(5000, operation.Metadata!["pad"].GetString()!.Length);
    }

    [Fact]
    public async Task CompressedResponse_WithAutomaticDecompressionHandler_IsNotDecompressedTwice()
    {
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.GZip });
        Server.Responder = _ => new CannedResponse(200) { BodyBytes = Compress("""{"name":"n","done":true}""", "gzip"), Headers = new Dictionary<string, string> { ["Content-Encoding"] = "gzip" } };

        var operation = await new CloudAICompanionService(http, Options()).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        Assert.Equal("n", operation.Name);
    }

    [Fact]
    public async Task CompressedErrorBody_IsDecompressedIntoTheException()
    {
        Server.Responder = _ => new CannedResponse(404)
        {
            BodyBytes = Compress("""{"error":{"code":404,"message":"gone","status":"NOT_FOUND"}}""", "gzip"),
            Headers = new Dictionary<string, string> { ["Content-Encoding"] = "gzip" },
        };

        var ex = await Assert.ThrowsAsync<ApiException>(() => Service().Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Equal("NOT_FOUND", ex.Error!.Status);
    }

    [Fact]
    public async Task GzipRequestBodies_AreCompressedAndMarked()
    {
        var kmsKey = "projects/p1/locations/l/keyRings/r/cryptoKeys/" + new string('k', 2000);

        await Service(o => o.GzipRequestBodies = true).Projects.Locations.CodeRepositoryIndexes.CreateAsync(
            "projects/p1/locations/l", "index-1", new CodeRepositoryIndex { KmsKey = kmsKey }, requestId: "r-1", cancellationToken: TestTimeout);
        await Service().Projects.Locations.CodeRepositoryIndexes.CreateAsync(
            "projects/p1/locations/l", "index-2", new CodeRepositoryIndex { KmsKey = kmsKey }, options: new RequestOptions { GzipRequestBody = true }, cancellationToken: TestTimeout);

        Assert.All(Server.Requests, request =>
        {
            Assert.Equal("gzip", request.Headers["Content-Encoding"]);
            Assert.True(request.Body.Length < 500, "compressed");
            using var gzip = new GZipStream(new MemoryStream(request.Body), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            Assert.Equal($$"""{"kmsKey":"{{kmsKey}}"}""", reader.ReadToEnd());
        });
    }

    [Fact]
    public async Task UncompressedByDefault()
    {
        await Service().Projects.Locations.Operations.CancelAsync(OperationName, cancellationToken: TestTimeout);

        var request = Assert.Single(Server.Requests);
        Assert.False(request.Headers.ContainsKey("Content-Encoding"));
        Assert.Equal("{}", request.BodyText);
    }

    [Fact]
    public async Task ResponseLargerThanTheLimit_ByContentLength_IsRejectedWithoutReading()
    {
        var json = "{\"name\":\"n\",\"metadata\":{\"pad\":\"" + new string('a', 10_000) + "\"}}";
        Server.Responder = _ => CannedResponse.Json(json);

        var ex = await Assert.ThrowsAsync<ApiException>(() => Service(o => o.MaxResponseBodySize = 4096).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Contains("exceeds ClientOptions.MaxResponseBodySize (4096 bytes)", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"({json.Length} bytes)", ex.Message, StringComparison.Ordinal);
        Assert.Single(Server.Requests); // not a transient failure: never retried
    }

    [Fact]
    public async Task StreamedResponseWithoutContentLength_FailsAtTheLimit_AndReadingStopsThere()
    {
        const int Limit = 1024 * 1024;
        var requests = 0;
        Server.RawHandler = async context =>
        {
            // Chunked, no Content-Length: 16 MiB of JSON in 64 KiB writes, until the client goes away.
            Interlocked.Increment(ref requests);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            var piece = Encoding.UTF8.GetBytes(new string('a', 64 * 1024));
            try
            {
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("{\"name\":\"n\",\"metadata\":{\"pad\":\""), context.RequestAborted);
                for (var i = 0; i < 256; i++)
                {
                    await context.Response.Body.WriteAsync(piece, context.RequestAborted);
                }

                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("\"}}"), context.RequestAborted);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                // The client stopped reading and closed the connection: expected.
            }

            return true;
        };
        var counter = new BodyCountingHandler();
        using var http = new HttpClient(counter);

        var ex = await Assert.ThrowsAsync<ApiException>(() =>
            new CloudAICompanionService(http, Options(o => o.MaxResponseBodySize = Limit)).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Contains("exceeds ClientOptions.MaxResponseBodySize (1048576 bytes)", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.Headers.ContainsKey("Content-Length"), "the body was streamed without a declared length");
        Assert.InRange(counter.BytesRead, Limit, Limit + (64 * 1024));
        Assert.Equal(1, requests); // not a transient failure: never retried
    }

    [Fact]
    public async Task DecompressionBomb_StopsReadingNearTheLimit()
    {
        // 256 MiB of JSON whitespace gzips to about 256 KiB; the limit applies to the decompressed bytes.
        var bomb = GzipBomb.Value;
        Assert.InRange(bomb.Length, 128 * 1024, 1024 * 1024);
        Server.Responder = _ => new CannedResponse(200) { BodyBytes = bomb, Headers = new Dictionary<string, string> { ["Content-Encoding"] = "gzip" } };
        var counter = new BodyCountingHandler();
        using var http = new HttpClient(counter);

        var ex = await Assert.ThrowsAsync<ApiException>(() =>
            new CloudAICompanionService(http, Options(o => o.MaxResponseBodySize = 1024 * 1024)).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Contains("exceeds ClientOptions.MaxResponseBodySize (1048576 bytes)", ex.Message, StringComparison.Ordinal);

        // 1 MiB of output takes about 1 KiB of input: reading stopped there, far from the end of the compressed body
        // (a client that inflated everything and then compared would have read all of it).
        Assert.True(counter.BytesRead < 64 * 1024, $"read {counter.BytesRead:N0} of the {bomb.Length:N0} compressed bytes");
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task ResponseExactlyAtTheLimit_IsRead()
    {
        var json = """{"name":"n","done":true}""";
        Server.Responder = _ => CannedResponse.Json(json);

        var operation = await Service(o => o.MaxResponseBodySize = json.Length).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        Assert.Equal("n", operation.Name);
    }

    [Theory]
    [InlineData("http://cloudaicompanion.googleapis.com/")]
    [InlineData("http://10.0.0.8:8080/")]
    [InlineData("ftp://127.0.0.1/")]
    public void InsecureBaseUri_IsRejected(string uri)
    {
        var ex = Assert.Throws<ArgumentException>(() => new CloudAICompanionService(Http, new ClientOptions { BaseUri = new Uri(uri) }));

        Assert.Equal("options", ex.ParamName);
    }

    [Theory]
    [InlineData("https://cloudaicompanion.googleapis.com/")]
    [InlineData("http://127.0.0.1:5000/")]
    [InlineData("http://localhost:5000/")]
    [InlineData("http://[::1]:5000/")]
    public void SecureOrLoopbackBaseUri_IsAccepted(string uri) =>
        Assert.Equal(new Uri(uri), new CloudAICompanionService(Http, new ClientOptions { BaseUri = new Uri(uri) }).Client.BaseUri);

    [Fact]
    public void InsecureHttp_NeedsAnExplicitOptIn()
    {
        var service = new CloudAICompanionService(Http, new ClientOptions { BaseUri = new Uri("http://proxy.internal:8080/"), AllowInsecureHttp = true });

        Assert.Equal("http", service.Client.BaseUri.Scheme);
        Assert.Equal("https", new CloudAICompanionService(Http).Client.BaseUri.Scheme);
    }

    [Fact]
    public async Task HeaderValuesWithLineBreaks_AreRejectedBeforeSending()
    {
        var options = new RequestOptions { Headers = new Dictionary<string, string> { ["x-goog-request-params"] = "name=a\nInjected: 1" } };

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Service().Projects.Locations.Operations.GetAsync(OperationName, options, TestTimeout));

        Assert.DoesNotContain("Injected", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Service(o => o.ApplicationName = "app\r\nX: 1"));
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public void Redaction_RemovesCredentialQueryValuesOnly()
    {
        var uri = new Uri("https://user:pw@example.googleapis.com/v1/x?key=AIza1&fields=name&access_token=ya29&X-Goog-Signature=abc");

        Assert.Equal(
            "https://example.googleapis.com/v1/x?key=[REDACTED]&fields=name&access_token=[REDACTED]&X-Goog-Signature=[REDACTED]",
            Redaction.RedactUri(uri));
    }

    private static readonly Lazy<byte[]> GzipBomb = new(() =>
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write("{\"name\":\"n\""u8);
            var spaces = new byte[1024 * 1024];
            spaces.AsSpan().Fill((byte)' ');
            for (var i = 0; i < 256; i++)
            {
                gzip.Write(spaces);
            }

            gzip.Write("}"u8);
        }

        return output.ToArray();
    });

    private static byte[] Compress(string text, string encoding)
    {
        using var output = new MemoryStream();
        using (Stream stream = encoding == "gzip" ? new GZipStream(output, CompressionLevel.Optimal) : new ZLibStream(output, CompressionLevel.Optimal))
        {
            stream.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }
}
