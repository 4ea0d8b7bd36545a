using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Batch;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Batch;

/// <summary>The batch format in memory: what the writer produces and what the reader accepts from a server.</summary>
public sealed class BatchFormatTests
{
    private static BatchResponse.Part[] Parse(string body, string boundary = "b") =>
        BatchResponseReader.Parse(Encoding.UTF8.GetBytes(body), boundary).ToArray();

    // ByteArrayContent: the bytes are in memory, reading them never blocks.
    private static string Text(BatchResponse.Part part) => new StreamReader(part.Response!.Content.ReadAsStream(), Encoding.UTF8).ReadToEnd();

    [Fact]
    public void Reader_TakesGoogleShapedAnswers_HeadersStatusAndBody()
    {
        var parts = Parse(
            "--b\r\nContent-Type: application/http\r\nContent-ID: <response-x+1>\r\n\r\n" +
            "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=UTF-8\r\nETag: \"e1\"\r\nVary: Origin\r\nVary: X-Origin\r\nContent-Length: 13\r\n\r\n{\"name\":\"a\"}\n\r\n" +
            "--b\r\nContent-Type: application/http\r\nContent-ID: <response-x+2>\r\n\r\n" +
            "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nRetry-After: 3\r\n\r\n{\"error\":{}}\r\n" +
            "--b--\r\n");

        Assert.Equal(2, parts.Length);
        Assert.Equal("<response-x+1>", parts[0].ContentId);
        Assert.Equal(HttpStatusCode.OK, parts[0].Response!.StatusCode);
        Assert.Equal("{\"name\":\"a\"}\n", Text(parts[0]));
        Assert.Equal("application/json", parts[0].Response!.Content.Headers.ContentType!.MediaType);
        Assert.Equal("\"e1\"", parts[0].Response!.Headers.ETag!.Tag);
        Assert.Equal(new[] { "Origin", "X-Origin" }, parts[0].Response!.Headers.Vary);
        Assert.Equal(HttpStatusCode.NotFound, parts[1].Response!.StatusCode);
        Assert.Equal("Not Found", parts[1].Response!.ReasonPhrase);
        Assert.Equal(TimeSpan.FromSeconds(3), parts[1].Response!.Headers.RetryAfter!.Delta);
        Assert.Equal("{\"error\":{}}", Text(parts[1]));
    }

    [Fact]
    public void Reader_IsLenient_LfLineEnds_Preamble_Padding_EmptyLinesBeforeTheStatus_NoBody()
    {
        var parts = Parse(
            "This is a preamble.\n--b  \nContent-Type: application/http\n\n\nHTTP/1.1 204 No Content\n\n" +
            "\n--b\ncontent-id: 7\n\nHTTP/1.0 200\nContent-Type: text/plain\n\nline one\nline two\n--b--\nepilogue --b\n");

        Assert.Equal(2, parts.Length);
        Assert.Null(parts[0].ContentId);
        Assert.Equal(HttpStatusCode.NoContent, parts[0].Response!.StatusCode);
        Assert.Equal(string.Empty, Text(parts[0]));
        Assert.Equal("7", parts[1].ContentId);
        Assert.Equal(HttpStatusCode.OK, parts[1].Response!.StatusCode);
        Assert.Equal("line one\nline two", Text(parts[1]));
    }

    [Fact]
    public void Reader_ADelimiterInsideALine_IsContent_AndACutOffPartIsLeftOut()
    {
        var parts = Parse(
            "--b\r\n\r\nHTTP/1.1 200 OK\r\n\r\nsays --b inside\r\n" +
            "--b\r\n\r\nHTTP/1.1 200 OK\r\n\r\ncut off with no closing boundary");

        Assert.Equal("says --b inside", Text(Assert.Single(parts)));
    }

    [Fact]
    public void Reader_ContentLengthShorterThanThePart_CutsTheBody_ButALargerOneIsIgnored()
    {
        var parts = Parse(
            "--b\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}\r\n\r\n" +
            "--b\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 999\r\n\r\n[]\r\n--b--");

        Assert.Equal(new[] { "{}", "[]" }, parts.Select(Text));
    }

    [Theory]
    [InlineData("--b\r\nContent-Type: application/http\r\n", "the part ends inside its headers")]
    [InlineData("--b\r\n\r\n\r\n", "the part holds no HTTP response")]
    [InlineData("--b\r\n\r\nHTTP/1.1 2000 OK\r\n\r\n", "'HTTP/1.1 2000 OK' is not an HTTP status line")]
    [InlineData("--b\r\n\r\nHTTP/1.1 099 Low\r\n\r\n", "'HTTP/1.1 099 Low' is not an HTTP status line")]
    [InlineData("--b\r\n\r\n<html>oops</html>\r\n", "'<html>oops</html>' is not an HTTP status line")]
    public void Reader_APartThatIsNoResponse_SaysWhy(string part, string problem)
    {
        var parsed = Assert.Single(Parse(part + "\r\n--b--"));

        Assert.Null(parsed.Response);
        Assert.Equal(problem, parsed.Problem);
    }

    [Theory]
    [InlineData("multipart/mixed; boundary=batch_x", "batch_x")]
    [InlineData("multipart/mixed; boundary=\"batch x\"", "batch x")]
    [InlineData("Multipart/Mixed; charset=utf-8; BOUNDARY=abc", "abc")]
    [InlineData("application/json", null)]
    [InlineData("multipart/related; boundary=abc", null)]
    [InlineData("multipart/mixed", null)]
    public void Reader_Boundary_OnlyFromMultipartMixed(string contentType, string? boundary) =>
        Assert.Equal(boundary, BatchResponseReader.Boundary(MediaTypeHeaderValue.Parse(contentType)));

    [Fact]
    public async Task Writer_RequestLineHeadersAndByteCountedBody()
    {
        using var message = new HttpRequestMessage(HttpMethod.Patch, "https://storage.example.com/storage/v1/b/b/o/o%2F%C3%A9?ifGenerationMatch=5");
        message.Headers.TryAddWithoutValidation("User-Agent", "app DiscoveryGen/1.0");
        message.Headers.TryAddWithoutValidation("x-goog-api-client", "gl-dotnet/10.0.0 gdcl/1.0.0");
        message.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate");
        message.Headers.TryAddWithoutValidation("If-Match", "\"e1\"");
        message.Content = new StringContent("{\"contentType\":\"text/é\"}", Encoding.UTF8, "application/json");
        var call = Pipeline.Kit.Call(Pipeline.Kit.Client());

        var part = Encoding.UTF8.GetString(await BatchWriter.SerializeAsync(message, call, default));

        Assert.Equal(
            "PATCH https://storage.example.com/storage/v1/b/b/o/o%2F%C3%A9?ifGenerationMatch=5\r\n" +
            "If-Match: \"e1\"\r\n" +
            "Content-Type: application/json; charset=utf-8\r\n" +
            "Content-Length: 25\r\n" +
            "\r\n" +
            "{\"contentType\":\"text/é\"}",
            part);
    }

    [Fact]
    public void Writer_Body_PartsWithContentIds_AndAClosingDelimiter()
    {
        var body = BatchWriter.Compose(new[] { Encoding.ASCII.GetBytes("GET https://x/a\r\n\r\n"), Encoding.ASCII.GetBytes("GET https://x/b\r\n\r\n") });

        Assert.StartsWith("batch_", body.Boundary, StringComparison.Ordinal);
        Assert.Equal(
            $"--{body.Boundary}\r\nContent-Type: application/http\r\nContent-ID: <{body.IdPrefix}+1>\r\n\r\nGET https://x/a\r\n\r\n\r\n" +
            $"--{body.Boundary}\r\nContent-Type: application/http\r\nContent-ID: <{body.IdPrefix}+2>\r\n\r\nGET https://x/b\r\n\r\n\r\n" +
            $"--{body.Boundary}--\r\n",
            Encoding.ASCII.GetString(body.Bytes));
        Assert.Equal($"multipart/mixed; boundary={body.Boundary}", body.CreateContent().Headers.ContentType!.ToString());
    }

    [Theory]
    [InlineData("<response-abc+1>", 0)]
    [InlineData("response-abc+12", 11)]
    [InlineData("<abc+2>", 1)]
    [InlineData(" <RESPONSE-abc+3> ", 2)]
    [InlineData("<response-abd+1>", -1)]
    [InlineData("<response-abc+0>", -1)]
    [InlineData("<response-abc+>", -1)]
    [InlineData("<response-abc-1>", -1)]
    [InlineData("<response-abc+1x>", -1)]
    [InlineData(null, -1)]
    public void ContentId_NamesTheCall(string? contentId, int index) => Assert.Equal(index, BatchWriter.IndexOf(contentId, "abc"));

    [Fact]
    public async Task Reader_KeepsTheBytesOfACompressedPart()
    {
        // A part may declare Content-Encoding; its bytes stay intact (the call's reader decompresses it like any body).
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write("{\"name\":\"z\"}"u8);
        }

        var head = Encoding.ASCII.GetBytes("--b\r\n\r\nHTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n");
        var tail = Encoding.ASCII.GetBytes("\r\n--b--\r\n");
        var part = Assert.Single(BatchResponseReader.Parse(head.Concat(compressed.ToArray()).Concat(tail).ToArray(), "b"));

        Assert.Equal("gzip", Assert.Single(part.Response!.Content.Headers.ContentEncoding));
        Assert.Equal(compressed.ToArray(), await part.Response.Content.ReadAsByteArrayAsync());
    }
}
