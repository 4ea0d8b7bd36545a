using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Media.Tests.Infrastructure;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Xunit;
using static DiscoveryGen.Media.Tests.Infrastructure.Clients;

namespace DiscoveryGen.Media.Tests;

/// <summary>Downloads with <c>alt=media</c>: whole and ranged bodies streamed to the destination, progress, errors.</summary>
public sealed class DownloadTests
{
    [Fact]
    public async Task WholeContent_IsStreamedToTheDestination_WithAltMedia_AndNoDownloadPrefix()
    {
        const int length = 3 * 1024 * KiB + 17;
        await using var server = await MediaServer.StartAsync();
        server.DownloadLength = length;
        using var http = new HttpClient();
        var service = MediaService(http, server, tokens: AccessTokenProvider.FromToken("tok"));
        using var sink = new HashingStream();
        var progress = new Recorder<long>();

        await service.Photos.GetMediaAsync("albums/a/photos/p 1", sink, destination: "ignored-query", download: new MediaDownloadOptions { Progress = progress });

        Assert.Equal(PseudoRandomStream.Sha256(length, server.DownloadSeed), sink.Hash());
        var request = Assert.Single(server.Exchanges);
        Assert.Equal("GET", request.Method);

        // useMediaDownloadService is true here; as Google.Apis does, the method's own path is used (no "download/").
        Assert.Equal("/mediatest/v1/photos/albums/a/photos/p%201?destination=ignored-query&alt=media", request.Target);
        Assert.Equal("Bearer tok", request.Header("Authorization"));
        Assert.Null(request.Header("Range"));
        Assert.Equal(length, progress.Reports[^1]);
        Assert.Equal(progress.Reports.OrderBy(p => p), progress.Reports);
        Assert.True(progress.Reports.Count >= 3, "progress is reported about every MiB");
    }

    [Theory]
    [InlineData(100L, 1099L, "bytes=100-1099", 100, 1000)]
    [InlineData(4000L, null, "bytes=4000-", 4000, 1000)]
    [InlineData(null, 300L, "bytes=-300", 4700, 300)]
    public async Task Range_IsSentAndOnlyThoseBytesAreWritten(long? from, long? to, string header, int start, int count)
    {
        await using var server = await MediaServer.StartAsync();
        server.DownloadLength = 5000;
        using var http = new HttpClient();
        var service = MediaService(http, server);
        using var destination = new MemoryStream();

        await service.Photos.ExportMediaAsync("albums/a/photos/p", destination, new MediaDownloadOptions { Range = new RangeItemHeaderValue(from, to) });

        Assert.Equal(header, Assert.Single(server.Exchanges).Header("Range"));
        Assert.Equal(PseudoRandomStream.Bytes(5000, server.DownloadSeed).AsSpan(start, count).ToArray(), destination.ToArray());
    }

    [Fact]
    public async Task Range_AnsweredWithTheWholeContent_FailsBeforeWritingAnything()
    {
        await using var server = await MediaServer.StartAsync();
        server.DownloadLength = 5000;
        server.IgnoreRange = true;
        using var http = new HttpClient();
        var service = MediaService(http, server);
        using var destination = new MemoryStream();

        var error = await Assert.ThrowsAsync<IOException>(() => service.Photos.ExportMediaAsync("albums/a/photos/p", destination,
            new MediaDownloadOptions { Range = new RangeItemHeaderValue(0, 9) }));

        Assert.Contains("not 206", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, destination.Length);
    }

    [Fact]
    public async Task ErrorStatus_IsAnApiException_AndNothingIsWritten()
    {
        await using var server = await MediaServer.StartAsync();
        server.DownloadError = 404;
        using var http = new HttpClient();
        var service = MediaService(http, server);
        using var destination = new MemoryStream();

        var error = await Assert.ThrowsAsync<ApiException>(() => service.Photos.GetMediaAsync("albums/a/photos/p", destination));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("mediatest.photos.get", error.MethodId);
        Assert.Equal("notFound", error.Reason);
        Assert.Equal(0, destination.Length);
    }

    [Fact]
    public async Task ServerErrorBeforeTheBody_IsRetriedLikeAnyGet()
    {
        await using var server = await MediaServer.StartAsync();
        server.DownloadLength = 1000;
        server.DownloadError = 503;
        using var http = new HttpClient();
        var service = MediaService(http, server, TestRetry.Fast(maxAttempts: 3));
        using var destination = new MemoryStream();

        await Assert.ThrowsAsync<ApiException>(() => service.Photos.GetMediaAsync("albums/a/photos/p", destination));

        Assert.Equal(3, server.Exchanges.Count);
    }

    [Fact]
    public async Task BodyThatStopsFlowing_TimesOutAtTimeout_KeepingWhatArrived()
    {
        await using var server = await MediaServer.StartAsync();
        server.DownloadLength = 1024 * KiB;
        server.DownloadStallAfter = 100 * KiB;
        var clock = new TestClock();
        using var http = new HttpClient();
        var service = MediaService(http, server, clock: clock);
        using var sink = new HashingStream();
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        var download = service.Photos.GetMediaAsync("albums/a/photos/p", sink, options: new RequestOptions { Timeout = TimeSpan.FromSeconds(1.5) });

        // Once the 100 KiB that will ever come have arrived, the call's 1.5 s on the client's clock end the download.
        await sink.WaitForBytesAsync(100 * KiB, bound.Token);
        clock.Advance(TimeSpan.FromSeconds(1.5));
        var error = await Assert.ThrowsAsync<ApiTimeoutException>(() => download.WaitAsync(bound.Token));

        Assert.Equal("mediatest.photos.get", error.MethodId);
        Assert.Equal(TimeSpan.FromSeconds(1.5), error.Timeout);
        Assert.Contains("did not complete within its timeout of 00:00:01.5000000 (the whole download, body included) after 102400 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(100 * KiB, sink.BytesWritten);
        Assert.Equal(PseudoRandomStream.Sha256(100 * KiB, server.DownloadSeed), sink.Hash());
    }

    [Fact]
    public async Task TricklingBody_IsCutOffAtTimeout()
    {
        // Ten pieces of 64 KiB. Once each has reached the destination, the server moves the client's clock on by 1 s
        // before sending the next: the body never stops flowing for long, yet the 3 s timeout holds for the whole of it.
        await using var server = await MediaServer.StartAsync();
        server.DownloadLength = 640 * KiB;
        var clock = new TestClock();
        using var http = new HttpClient();
        var service = MediaService(http, server, clock: clock);
        using var sink = new HashingStream();
        server.DownloadPacer = async (sent, aborted) =>
        {
            await sink.WaitForBytesAsync(sent, aborted);
            clock.Advance(TimeSpan.FromSeconds(1));
        };
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        var error = await Assert.ThrowsAsync<ApiTimeoutException>(() =>
            service.Photos.GetMediaAsync("albums/a/photos/p", sink, options: new RequestOptions { Timeout = TimeSpan.FromSeconds(3) }).WaitAsync(bound.Token));

        Assert.Equal(TimeSpan.FromSeconds(3), error.Timeout);
        Assert.Contains("the whole download, body included", error.Message, StringComparison.Ordinal);
        Assert.Equal(3 * 64 * KiB, sink.BytesWritten);
    }

    [Fact]
    public async Task WithoutATimeout_ReadTimeoutCatchesAStall()
    {
        await using var server = await MediaServer.StartAsync();
        server.DownloadLength = 1024 * KiB;
        server.DownloadStallAfter = 100 * KiB;
        var clock = new TestClock();
        using var http = new HttpClient();
        var service = MediaService(http, server, clock: clock);
        using var sink = new HashingStream();
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        var download = service.Photos.GetMediaAsync(
            "albums/a/photos/p", sink,
            download: new MediaDownloadOptions { ReadTimeout = TimeSpan.FromSeconds(2) },
            options: new RequestOptions { Timeout = Timeout.InfiniteTimeSpan });

        await sink.WaitForBytesAsync(100 * KiB, bound.Token);
        clock.Advance(TimeSpan.FromSeconds(2));
        var error = await Assert.ThrowsAsync<ApiTimeoutException>(() => download.WaitAsync(bound.Token));

        Assert.Equal(TimeSpan.FromSeconds(2), error.Timeout);
        Assert.Contains("received no data for 00:00:02 (MediaDownloadOptions.ReadTimeout) after 102400 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutATimeout_AFlowingBodyIsNeverCutOff_ByTheReadTimeout()
    {
        // Ten pieces, 1 s apart on the client's clock: 9 s in all, never more than 1 s between two reads.
        await using var server = await MediaServer.StartAsync();
        server.DownloadLength = 640 * KiB;
        var clock = new TestClock();
        var started = clock.GetUtcNow();
        using var http = new HttpClient();
        var service = MediaService(http, server, clock: clock);
        using var sink = new HashingStream();
        server.DownloadPacer = async (sent, aborted) =>
        {
            await sink.WaitForBytesAsync(sent, aborted);
            clock.Advance(TimeSpan.FromSeconds(1));
        };
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        await service.Photos.GetMediaAsync(
            "albums/a/photos/p", sink,
            download: new MediaDownloadOptions { ReadTimeout = TimeSpan.FromSeconds(2) },
            options: new RequestOptions { Timeout = Timeout.InfiniteTimeSpan }).WaitAsync(bound.Token);

        Assert.InRange(clock.GetUtcNow() - started, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(10));
        Assert.Equal(PseudoRandomStream.Sha256(640 * KiB, server.DownloadSeed), sink.Hash());
    }

    [Fact]
    public async Task GzipBody_DecompressingPastMaxSize_FailsAtTheLimit()
    {
        // 256 MiB of zeros compress to about 256 KB; the client asks for at most 1 MiB.
        var compressed = GzipZeros(256 * 1024 * KiB);
        await using var server = await LoopbackServer.StartAsync(_ => new CannedResponse(200, ContentType: "application/octet-stream")
        {
            BodyBytes = compressed,
            Headers = new System.Collections.Generic.Dictionary<string, string> { ["Content-Encoding"] = "gzip" },
        });
        using var http = new HttpClient();
        var service = new Synthetic.Media.MediatestService(http, new ClientOptions { BaseUri = new Uri(server.BaseUri, "mediatest/v1/") });
        using var sink = new HashingStream();

        var error = await Assert.ThrowsAsync<ApiException>(() =>
            service.Photos.GetMediaAsync("albums/a/photos/p", sink, download: new MediaDownloadOptions { MaxSize = 1024 * KiB }));

        Assert.Contains("larger than MediaDownloadOptions.MaxSize (1048576 bytes, counted after decompression)", error.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.InRange(sink.BytesWritten, 1, 1024 * KiB);
        Assert.True(compressed.Length < 1024 * KiB, "the body on the wire is well under the limit");
    }

    [Fact]
    public async Task GzipBody_WithinMaxSize_IsDecompressedWhole()
    {
        var compressed = GzipZeros(1024 * KiB);
        await using var server = await LoopbackServer.StartAsync(_ => new CannedResponse(200, ContentType: "application/octet-stream")
        {
            BodyBytes = compressed,
            Headers = new System.Collections.Generic.Dictionary<string, string> { ["Content-Encoding"] = "gzip" },
        });
        using var http = new HttpClient();
        var service = new Synthetic.Media.MediatestService(http, new ClientOptions { BaseUri = new Uri(server.BaseUri, "mediatest/v1/") });
        using var destination = new MemoryStream();

        await service.Photos.GetMediaAsync("albums/a/photos/p", destination, download: new MediaDownloadOptions { MaxSize = 1024 * KiB });

        Assert.Equal(1024 * KiB, destination.Length);
        Assert.All(destination.ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task ContentLengthOverMaxSize_FailsBeforeWritingAnything()
    {
        await using var server = await MediaServer.StartAsync();
        server.DownloadLength = 2048 * KiB;
        using var http = new HttpClient();
        var service = MediaService(http, server);
        using var sink = new HashingStream();

        var error = await Assert.ThrowsAsync<ApiException>(() =>
            service.Photos.GetMediaAsync("albums/a/photos/p", sink, download: new MediaDownloadOptions { MaxSize = 1024 * KiB }));

        Assert.Contains("its Content-Length is 2097152; nothing was written", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, sink.BytesWritten);
    }

    [Theory]
    [InlineData(-1L, null)]
    [InlineData(null, 0.0)]
    [InlineData(null, -2.0)]
    public async Task NonsenseDownloadOptions_AreRejectedBeforeSending(long? maxSize, double? readTimeoutSeconds)
    {
        await using var server = await MediaServer.StartAsync();
        using var http = new HttpClient();
        var service = MediaService(http, server);
        var options = new MediaDownloadOptions { MaxSize = maxSize, ReadTimeout = readTimeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : null };

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => service.Photos.GetMediaAsync("albums/a/photos/p", new MemoryStream(), download: options));
        Assert.Empty(server.Exchanges);
    }

    private static byte[] GzipZeros(int length)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[64 * KiB];
            for (var written = 0; written < length; written += zeros.Length)
            {
                gzip.Write(zeros, 0, Math.Min(zeros.Length, length - written));
            }
        }

        return output.ToArray();
    }

    [Fact]
    public async Task Destination_MustBeWritable()
    {
        await using var server = await MediaServer.StartAsync();
        using var http = new HttpClient();
        var service = MediaService(http, server);

        await Assert.ThrowsAsync<ArgumentException>(() => service.Photos.GetMediaAsync("albums/a/photos/p", new MemoryStream(new byte[4], writable: false)));
        Assert.Empty(server.Exchanges);
    }
}
