using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using DiscoveryGen.Media.Tests.Infrastructure;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Synthetic.Media;
using Xunit;
using static DiscoveryGen.Media.Tests.Infrastructure.Clients;

namespace DiscoveryGen.Media.Tests;

/// <summary>
/// Which protocol an upload uses (Auto: by size, seekability and metadata; or the caller's choice), the exact shape of
/// simple and multipart requests, and the document's <c>accept</c> and <c>maxSize</c> checked before anything is sent.
/// </summary>
public sealed class UploadProtocolTests
{
    [Fact]
    public async Task Auto_SmallContentWithMetadata_IsOneMultipartRelatedRequest()
    {
        var media = PseudoRandomStream.Bytes(3000, 4);
        await using var server = await MediaServer.StartAsync();
        using var http = new HttpClient();
        var service = MediaService(http, server);

        await service.Photos.CreateMediaAsync("a1", new Photo { Title = "t", Name = "n" }, new MemoryStream(media), "image/png");

        var request = Assert.Single(server.Recorded);
        Assert.Empty(server.Exchanges);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/upload/mediatest/v1/albums/a1/photos?uploadType=multipart", request.RawTarget);
        var parts = await ReadMultipartAsync(request);
        Assert.Equal(2, parts.Count);
        Assert.Equal("application/json; charset=UTF-8", parts[0].ContentType);
        Assert.Equal("""{"name":"n","title":"t"}""", Encoding.UTF8.GetString(parts[0].Body));
        Assert.Equal("image/png", parts[1].ContentType);
        Assert.Equal(media, parts[1].Body);
        Assert.Equal(request.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Headers["Content-Length"]);
    }

    [Fact]
    public async Task Auto_SmallContentWithoutMetadata_IsOneSimpleRequest()
    {
        var media = PseudoRandomStream.Bytes(5000, 6);
        await using var server = await MediaServer.StartAsync();
        using var http = new HttpClient();
        var service = MediaService(http, server);
        var progress = new Recorder<MediaUploadProgress>();

        await service.Imports.UploadMediaAsync("a1", new MemoryStream(media), "application/zip", upload: new MediaUploadOptions { Progress = progress });

        var request = Assert.Single(server.Recorded);
        Assert.Equal("/upload/mediatest/v1/albums/a1/imports?uploadType=media", request.RawTarget);
        Assert.Equal("application/zip", request.ContentType);
        Assert.Equal("5000", request.Headers["Content-Length"]);
        Assert.Equal(media, request.Body);
        Assert.Equal(new MediaUploadProgress(5000, 5000), progress.Reports[^1]);
    }

    [Fact]
    public async Task Auto_ContentOverTheThreshold_IsResumable()
    {
        await using var server = await MediaServer.StartAsync();
        using var http = new HttpClient();
        var service = MediaService(http, server);

        await service.Imports.UploadMediaAsync("a1", new PseudoRandomStream(300 * KiB, 1, seekable: true), "application/zip",
            upload: new MediaUploadOptions { ResumableThreshold = 256 * KiB, ChunkSize = 256 * KiB });

        Assert.Empty(server.Recorded);
        Assert.Equal("POST", server.Exchanges[0].Method);
        Assert.Contains("uploadType=resumable", server.Exchanges[0].Target, StringComparison.Ordinal);
        Assert.Equal(2, server.Single().Chunks);
    }

    [Fact]
    public async Task Auto_AStreamThatCannotSeek_IsResumable_EvenWhenSmall()
    {
        await using var server = await MediaServer.StartAsync();
        using var http = new HttpClient();
        var service = MediaService(http, server);

        await service.Imports.UploadMediaAsync("a1", new PseudoRandomStream(100, 1, seekable: false), "application/zip");

        Assert.Empty(server.Recorded);
        Assert.Equal(new[] { "bytes 0-99/100" }, server.Single().ChunkRanges);
    }

    [Fact]
    public async Task Auto_WithoutAResumablePath_AStreamThatCannotSeek_IsStreamedAsMultipart()
    {
        // photos.replace offers simple/multipart only: the content of unknown length goes out chunked, never buffered.
        await using var server = await MediaServer.StartAsync();
        using var http = new HttpClient();
        var service = MediaService(http, server);

        await service.Photos.ReplaceMediaAsync("albums/a/photos/p 1", new Photo { Title = "x" }, new PseudoRandomStream(70_000, 8, seekable: false), "IMAGE/JPEG");

        var request = Assert.Single(server.Recorded);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/upload/mediatest/v1/photos/albums/a/photos/p%201?uploadType=multipart", request.RawTarget);
        Assert.False(request.Headers.ContainsKey("Content-Length"));
        var parts = await ReadMultipartAsync(request);
        Assert.Equal(PseudoRandomStream.Bytes(70_000, 8), parts[1].Body);
        Assert.Equal("IMAGE/JPEG", parts[1].ContentType);
    }

    [Fact]
    public async Task Simple_ChosenByTheCaller_IsUsedForLargeContent()
    {
        await using var server = await MediaServer.StartAsync();
        using var http = new HttpClient();
        var service = MediaService(http, server);

        await service.Imports.UploadMediaAsync("a1", new PseudoRandomStream(6 * 1024 * KiB, 2, seekable: true), "application/zip",
            upload: new MediaUploadOptions { Protocol = MediaUploadProtocol.Simple });

        var request = Assert.Single(server.Recorded);
        Assert.Contains("uploadType=media", request.RawTarget, StringComparison.Ordinal);
        Assert.Equal(6 * 1024 * KiB, request.Body.Length);
    }

    [Fact]
    public async Task EmptyRequestSchema_SendsNoMetadata_SoASimpleUploadWorks()
    {
        await using var server = await MediaServer.StartAsync();
        using var http = new HttpClient();
        var service = MediaService(http, server);

        await service.Imports.ClearMediaAsync("a1", new MemoryStream(Encoding.UTF8.GetBytes("a,b\n")), "text/csv");

        var request = Assert.Single(server.Recorded);
        Assert.Equal("/upload/mediatest/v1/albums/a1/imports:clear?uploadType=media", request.RawTarget);
        Assert.Equal("a,b\n", request.BodyText);
    }

    [Fact]
    public async Task TheCallersChoice_MustFitTheMethodAndTheMetadata()
    {
        await using var server = await MediaServer.StartAsync();
        using var http = new HttpClient();
        var service = MediaService(http, server);
        Stream Content() => new MemoryStream(new byte[10]);

        var simpleWithMetadata = await Assert.ThrowsAsync<ArgumentException>(() => service.Photos.CreateMediaAsync("a", new Photo { Title = "t" }, Content(), "image/png",
            upload: new MediaUploadOptions { Protocol = MediaUploadProtocol.Simple }));
        Assert.Contains("metadata", simpleWithMetadata.Message, StringComparison.Ordinal);
        var multipartWithout = await Assert.ThrowsAsync<ArgumentException>(() => service.Imports.UploadMediaAsync("a", Content(), "application/zip",
            upload: new MediaUploadOptions { Protocol = MediaUploadProtocol.Multipart }));
        Assert.Contains("needs metadata", multipartWithout.Message, StringComparison.Ordinal);
        var noResumable = await Assert.ThrowsAsync<ArgumentException>(() => service.Photos.ReplaceMediaAsync("albums/a/photos/p", null, Content(), "image/png",
            upload: new MediaUploadOptions { Protocol = MediaUploadProtocol.Resumable }));
        Assert.Contains("mediatest.photos.replace offers no resumable upload", noResumable.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => service.Photos.ReplaceMediaAsync("albums/a/photos/p", null, Content(), "image/png",
            upload: new MediaUploadOptions { Protocol = MediaUploadProtocol.Simple, ResumeSessionUri = new Uri(server.BaseUri, "s?upload_id=1") }));

        Assert.Empty(server.Recorded);
        Assert.Empty(server.Exchanges);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("imagery/png")]
    [InlineData("not a media type")]
    [InlineData("image/png\r\nX-Evil: 1")]
    public async Task Accept_AMediaTypeOutsideTheDocumentsRanges_IsRefusedBeforeSending(string contentType)
    {
        await using var server = await MediaServer.StartAsync();
        using var http = new HttpClient();
        var service = MediaService(http, server);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => service.Photos.CreateMediaAsync("a", new Photo { Title = "t" }, new MemoryStream(new byte[10]), contentType));

        Assert.Empty(server.Recorded);
        Assert.Empty(server.Exchanges);
    }

    [Fact]
    public async Task Accept_ExactTypesAreMatchedCaseInsensitively()
    {
        await using var server = await MediaServer.StartAsync();
        using var http = new HttpClient();
        var service = MediaService(http, server);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => service.Photos.ReplaceMediaAsync("albums/a/photos/p", null, new MemoryStream(new byte[1]), "image/gif"));
        Assert.Contains("accepts image/png, image/jpeg", refused.Message, StringComparison.Ordinal);
        await service.Photos.ReplaceMediaAsync("albums/a/photos/p", null, new MemoryStream(new byte[1]), "Image/PNG");
        Assert.Single(server.Recorded);
    }

    [Fact]
    public async Task MaxSize_KnownLength_IsCheckedBeforeSending()
    {
        // photos.create: maxSize "1MB" = 1048576 bytes.
        await using var server = await MediaServer.StartAsync();
        using var http = new HttpClient();
        var service = MediaService(http, server);

        var tooLarge = await Assert.ThrowsAsync<ArgumentException>(() => service.Photos.CreateMediaAsync("a", new Photo { Title = "t" },
            new PseudoRandomStream(1024 * KiB + 1, 1, seekable: true), "image/png"));
        Assert.Contains("at most 1048576 bytes", tooLarge.Message, StringComparison.Ordinal);
        Assert.Empty(server.Recorded);
        Assert.Empty(server.Exchanges);

        await service.Photos.CreateMediaAsync("a", new Photo { Title = "t" }, new PseudoRandomStream(1024 * KiB, 1, seekable: true), "image/png",
            upload: new MediaUploadOptions { Protocol = MediaUploadProtocol.Multipart });
        Assert.Single(server.Recorded);
    }

    [Fact]
    public async Task MaxSize_UnknownLength_Resumable_FailsBeforeTheChunkThatWouldPassIt()
    {
        await using var server = await MediaServer.StartAsync();
        using var http = new HttpClient();
        var service = MediaService(http, server);

        var tooLarge = await Assert.ThrowsAsync<ArgumentException>(() => service.Photos.CreateMediaAsync("a", new Photo { Title = "t" },
            new PseudoRandomStream(1024 * KiB + 1, 1, seekable: false), "image/png", upload: new MediaUploadOptions { ChunkSize = 2048 * KiB }));

        Assert.Contains("maxSize", tooLarge.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Exchanges, e => e.IsChunk);
    }

    [Fact]
    public async Task MaxSize_UnknownLength_Simple_StopsTheUploadOnceItIsPassed()
    {
        // imports.clear: maxSize "10KB", simple only; a stream of unknown length is counted as it goes out.
        await using var server = await MediaServer.StartAsync();
        using var http = new HttpClient();
        var service = MediaService(http, server);

        var tooLarge = await Assert.ThrowsAsync<ArgumentException>(() => service.Imports.ClearMediaAsync("a",
            new PseudoRandomStream(20 * KiB, 1, seekable: false), "text/plain"));

        Assert.Contains("at most 10240 bytes", tooLarge.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Recorded, r => r.Body.Length > 10 * KiB);
    }

    [Fact]
    public async Task RequiredMetadataProperties_AreCheckedOnlyWhenMetadataIsGiven()
    {
        await using var server = await MediaServer.StartAsync();
        using var http = new HttpClient();
        var service = MediaService(http, server);

        // "title" is annotations.required for mediatest.photos.create.
        await Assert.ThrowsAsync<ArgumentException>(() => service.Photos.CreateMediaAsync("a", new Photo { Name = "n" }, new MemoryStream(new byte[1]), "image/png"));
        Assert.Empty(server.Recorded);
        await service.Photos.CreateMediaAsync("a", null, new MemoryStream(new byte[1]), "image/png");
        Assert.Contains("uploadType=media", Assert.Single(server.Recorded).RawTarget, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SimpleUpload_FromASeekableStream_IsRepeatedAfterA401WithAFreshToken()
    {
        // The 401 refresh repeats the call: the media is read again from the stream's starting position.
        await using var server = await MediaServer.StartAsync();
        var first = true;
        using var http = new HttpClient();
        var tokens = 0;
        var service = MediaService(http, server, tokens: AccessTokenProvider.FromCallback((_, _) => ValueTask.FromResult("t" + ++tokens)));
        var stream = new MemoryStream(PseudoRandomStream.Bytes(3000, 2));
        stream.Position = 1000;
        server.Responder = request =>
        {
            if (first)
            {
                first = false;
                return new CannedResponse(401, """{"error":{"code":401,"message":"expired"}}""");
            }

            return CannedResponse.Json("""{"count":1}""");
        };

        await service.Imports.UploadMediaAsync("a", stream, "application/zip");

        Assert.Equal(2, server.Recorded.Count);
        Assert.All(server.Recorded, r => Assert.Equal(PseudoRandomStream.Bytes(3000, 2)[1000..], r.Body));
        Assert.Equal(new[] { "Bearer t1", "Bearer t2" }, server.Recorded.Select(r => r.Headers["Authorization"]));
    }

    /// <summary>Parses a recorded multipart body with ASP.NET Core's MultipartReader (an independent MIME parser).</summary>
    internal static async Task<List<(string? ContentType, byte[] Body)>> ReadMultipartAsync(RecordedRequest request)
    {
        var type = MediaTypeHeaderValue.Parse(request.ContentType);
        Assert.Equal("multipart/related", type.MediaType.Value);
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value!;
        var reader = new MultipartReader(boundary, new MemoryStream(request.Body));
        var parts = new List<(string?, byte[])>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            using var body = new MemoryStream();
            await section.Body.CopyToAsync(body);
            parts.Add((section.ContentType, body.ToArray()));
        }

        return parts;
    }
}
