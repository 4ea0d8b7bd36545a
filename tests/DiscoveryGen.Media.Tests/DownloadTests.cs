using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using DiscoveryGen.Media.Tests.Infrastructure;
using DiscoveryGen.Runtime;
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
        var service = MediaService(http, server, FastRetry(maxAttempts: 3));
        using var destination = new MemoryStream();

        await Assert.ThrowsAsync<ApiException>(() => service.Photos.GetMediaAsync("albums/a/photos/p", destination));

        Assert.Equal(3, server.Exchanges.Count);
    }

    [Fact]
    public async Task BodyThatStopsFlowing_TimesOutAfterTimeout_KeepingWhatArrived()
    {
        await using var server = await MediaServer.StartAsync();
        server.DownloadLength = 1024 * KiB;
        using var http = new HttpClient();
        var service = MediaService(http, server);
        await WarmUpAsync(service);
        server.DownloadStallAfter = 100 * KiB;
        using var destination = new MemoryStream();

        var error = await Assert.ThrowsAsync<ApiTimeoutException>(() => service.Photos.GetMediaAsync("albums/a/photos/p", destination,
            options: new RequestOptions { Timeout = TimeSpan.FromSeconds(1.5) }));

        Assert.Equal("mediatest.photos.get", error.MethodId);
        Assert.Contains("received no data", error.Message, StringComparison.Ordinal);
        Assert.Equal(PseudoRandomStream.Bytes(100 * KiB, server.DownloadSeed), destination.ToArray());
    }

    [Fact]
    public async Task BodyThatKeepsFlowing_IsNotCutOffByTimeout()
    {
        // Ten writes of 64 KiB with 400 ms between them: the last byte arrives after at least 3.6 s, longer than the
        // 3 s timeout, but data never stops for 3 s.
        await using var server = await MediaServer.StartAsync();
        server.DownloadLength = 640 * KiB;
        using var http = new HttpClient();
        var service = MediaService(http, server);
        await WarmUpAsync(service);
        server.DownloadPause = TimeSpan.FromMilliseconds(400);
        using var sink = new HashingStream();
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await service.Photos.GetMediaAsync("albums/a/photos/p", sink, options: new RequestOptions { Timeout = TimeSpan.FromSeconds(3) });

        Assert.True(watch.Elapsed > TimeSpan.FromSeconds(3), $"the download took {watch.Elapsed}, not longer than the timeout");
        Assert.Equal(PseudoRandomStream.Sha256(640 * KiB, server.DownloadSeed), sink.Hash());
    }

    /// <summary>One untimed download first (JIT, connection), so a loaded machine's first request does not eat the timeout.</summary>
    private static Task WarmUpAsync(Synthetic.Media.MediatestService service) =>
        service.Photos.GetMediaAsync("albums/a/photos/warm", Stream.Null);

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
