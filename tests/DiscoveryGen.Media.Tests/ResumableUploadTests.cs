using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using DiscoveryGen.Media.Tests.Infrastructure;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Synthetic.Media;
using Xunit;
using static DiscoveryGen.Media.Tests.Infrastructure.Clients;

namespace DiscoveryGen.Media.Tests;

/// <summary>
/// The resumable protocol against <see cref="MediaServer"/>, which checks every chunk starts exactly where it stands:
/// injected 5xx, connection resets mid-chunk and 308s that confirm only part of a chunk are survived by asking the
/// server (<c>Content-Range: bytes */N</c>) and continuing from its offset; a saved session URI resumes in a new call.
/// Each case runs with a seekable stream (read in place) and one that cannot seek (the current chunk is buffered).
/// </summary>
public sealed class ResumableUploadTests
{
    private const int Chunk = 512 * KiB;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Resumable_SurvivesA503_AResetMidChunk_AndA308ConfirmingPartOfAChunk(bool seekable)
    {
        const long total = 3 * 1024 * KiB + 1000;
        await using var server = await MediaServer.StartAsync();
        server.Faults = chunk => chunk.Number switch
        {
            2 => ChunkFault.Fail(503),
            4 => ChunkFault.Reset(after: 300 * KiB, persist: 256 * KiB),
            6 => ChunkFault.Partial(accept: 256 * KiB),
            _ => null,
        };
        using var http = new HttpClient();
        var service = MediaService(http, server);
        var progress = new Recorder<MediaUploadProgress>();
        var sessions = new List<Uri>();

        var report = await service.Imports.UploadMediaAsync(
            "album-1",
            new PseudoRandomStream(total, seed: 11, seekable),
            "application/zip",
            upload: new MediaUploadOptions { Protocol = MediaUploadProtocol.Resumable, ChunkSize = Chunk, Progress = progress, SessionStarted = sessions.Add });

        Assert.NotNull(report);
        var session = server.Single();
        Assert.Equal(PseudoRandomStream.Sha256(total, 11), session.Hash());
        Assert.Equal(total, session.Total);
        Assert.Equal(0, session.OffsetErrors);
        var uri = Assert.Single(sessions);
        Assert.Contains("upload_id=" + session.Id, uri.Query, StringComparison.Ordinal);

        // The 503 and the reset were each followed by a status query naming the total (or * while it is unknown).
        var expectedQuery = seekable ? $"bytes */{total}" : "bytes */*";
        Assert.Equal(new[] { expectedQuery, expectedQuery }, session.StatusQueries);

        // Chunks: 512 KiB each except the last; after the reset (256 KiB of chunk 4 kept) and the partial 308
        // (256 KiB of chunk 6 kept) the next chunk starts at the byte the server confirmed.
        var totalText = total.ToString(CultureInfo.InvariantCulture);
        var open = seekable ? totalText : "*";
        var expectedRanges = new[]
        {
            $"bytes 0-524287/{open}",
            $"bytes 524288-1048575/{open}",    // 503
            $"bytes 524288-1048575/{open}",
            $"bytes 1048576-1572863/{open}",   // reset after 300 KiB, 256 KiB kept
            $"bytes 1310720-1835007/{open}",
            $"bytes 1835008-2359295/{open}",   // 308 confirming 256 KiB
            $"bytes 2097152-2621439/{open}",
            $"bytes 2621440-3145727/{open}",
            $"bytes 3145728-3146727/{totalText}",
        };
        Assert.Equal(expectedRanges, session.ChunkRanges);

        var start = server.Exchanges.First();
        Assert.Equal("POST", start.Method);
        Assert.StartsWith("/resumable/upload/mediatest/v1/albums/album-1/imports?", start.Target, StringComparison.Ordinal);
        Assert.Equal("application/zip", start.Header("X-Upload-Content-Type"));
        Assert.Equal(seekable ? totalText : null, start.Header("X-Upload-Content-Length"));

        var sent = progress.Reports.Select(p => p.BytesSent).ToList();
        Assert.Equal(sent.OrderBy(b => b), sent);
        Assert.Equal(total, sent[^1]);
        Assert.Equal(total, progress.Reports[^1].TotalBytes);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Resumable_ContinuesFromASavedSessionUri_InANewCall(bool seekable)
    {
        const long total = 2 * 1024 * KiB + 5;
        await using var server = await MediaServer.StartAsync();

        // The first call dies at its third chunk: the server keeps failing and the retry policy allows two attempts.
        server.Faults = chunk => chunk.Number >= 3 ? ChunkFault.Fail(500) : null;
        using var http = new HttpClient();
        var service = MediaService(http, server, TestRetry.Fast(maxAttempts: 2));
        Uri? saved = null;
        var failure = await Assert.ThrowsAsync<ApiException>(() => service.Imports.UploadMediaAsync(
            "album-1",
            new PseudoRandomStream(total, seed: 5, seekable),
            "application/octet-stream",
            upload: new MediaUploadOptions { Protocol = MediaUploadProtocol.Resumable, ChunkSize = Chunk, SessionStarted = uri => saved = uri }));
        Assert.Equal(HttpStatusCode.InternalServerError, failure.StatusCode);
        Assert.NotNull(saved);
        var session = server.Single();
        Assert.Equal(2 * Chunk, session.Received);
        var before = server.Exchanges.Count;

        // A new call (a new process, say) with the saved URI and the same content from its beginning.
        server.Faults = null;
        var source = new PseudoRandomStream(total, seed: 5, seekable);
        var report = await service.Imports.UploadMediaAsync(
            "album-1",
            source,
            "application/octet-stream",
            upload: new MediaUploadOptions { ChunkSize = Chunk, ResumeSessionUri = saved });

        Assert.NotNull(report);
        Assert.Single(server.Sessions);
        var resumed = server.Exchanges.Skip(before).ToList();
        Assert.DoesNotContain(resumed, e => e.Method == "POST");
        Assert.True(resumed[0].IsStatusQuery, string.Join("\n", resumed));
        Assert.Equal(seekable ? $"bytes */{total}" : "bytes */*", resumed[0].Header("Content-Range"));
        Assert.StartsWith("bytes 1048576-", resumed[1].Header("Content-Range"), StringComparison.Ordinal);
        Assert.Equal(PseudoRandomStream.Sha256(total, 5), session.Hash());
        Assert.Equal(0, session.OffsetErrors);

        // The bytes the server already had were skipped (seeked over, or read and dropped), not sent again.
        Assert.Equal(total - 2 * Chunk, resumed.Where(e => e.IsChunk).Sum(e => e.BodyBytes));
    }

    [Fact]
    public async Task Resumable_StartIsRepeatedAfterA503_AndCarriesTheMetadataQueryAndUploadHeaders()
    {
        const int total = 600 * KiB;
        await using var server = await MediaServer.StartAsync();
        server.FailStarts = 1;
        using var http = new HttpClient();
        var service = MediaService(http, server);

        var photo = await service.Photos.CreateMediaAsync(
            "album 1",
            new Photo { Title = "sunset", Name = "p1" },
            new PseudoRandomStream(total, seed: 3, seekable: true),
            "image/png",
            ifGenerationMatch: 0,
            upload: new MediaUploadOptions { Protocol = MediaUploadProtocol.Resumable, ChunkSize = 256 * KiB });

        Assert.Equal("p1", photo.Name);
        Assert.Equal(total, photo.Size);
        var starts = server.Exchanges.Where(e => e.Method == "POST").ToList();
        Assert.Equal(new[] { 503, 200 }, starts.Select(s => s.Status));
        var start = starts[1];
        Assert.Equal("/resumable/upload/mediatest/v1/albums/album%201/photos?ifGenerationMatch=0&uploadType=resumable", start.Target);
        Assert.Equal("""{"name":"p1","title":"sunset"}""", start.Body);
        Assert.Equal("application/json; charset=utf-8", start.Header("Content-Type"));
        Assert.Equal("image/png", start.Header("X-Upload-Content-Type"));
        Assert.Equal("614400", start.Header("X-Upload-Content-Length"));
        Assert.Equal(PseudoRandomStream.Sha256(total, 3), server.Single().Hash());
        Assert.Equal(3, server.Single().Chunks);
    }

    [Fact]
    public async Task Resumable_GivesUpAfterMaxAttempts_WithTheServersError()
    {
        await using var server = await MediaServer.StartAsync();
        server.Faults = _ => ChunkFault.Fail(503);
        using var http = new HttpClient();
        var service = MediaService(http, server, TestRetry.Fast(maxAttempts: 3));

        var error = await Assert.ThrowsAsync<ApiException>(() => service.Imports.UploadMediaAsync(
            "a", new PseudoRandomStream(700 * KiB, 1, seekable: true), "application/zip",
            upload: new MediaUploadOptions { Protocol = MediaUploadProtocol.Resumable, ChunkSize = 256 * KiB }));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        var session = server.Single();
        Assert.Equal(3, session.Chunks);
        Assert.Equal(2, session.StatusQueries.Count);
        Assert.Equal(0, session.Received);
    }

    [Fact]
    public async Task Resumable_ClientErrorIsNotResumed()
    {
        await using var server = await MediaServer.StartAsync();
        server.Faults = _ => ChunkFault.Fail(403);
        using var http = new HttpClient();
        var service = MediaService(http, server);

        var error = await Assert.ThrowsAsync<ApiException>(() => service.Imports.UploadMediaAsync(
            "a", new PseudoRandomStream(300 * KiB, 1, seekable: false), "application/zip",
            upload: new MediaUploadOptions { ChunkSize = 256 * KiB }));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(1, server.Single().Chunks);
        Assert.Empty(server.Single().StatusQueries);
    }

    [Fact]
    public async Task Resumable_UnknownLengthEndingOnAChunkBoundary_NamesTheTotalInTheLastChunk()
    {
        // One byte is read ahead, so the second (last) chunk already knows the total: no empty closing request.
        await using var server = await MediaServer.StartAsync();
        using var http = new HttpClient();
        var service = MediaService(http, server);

        await service.Imports.UploadMediaAsync("a", new PseudoRandomStream(2 * Chunk, 9, seekable: false), "application/zip",
            upload: new MediaUploadOptions { ChunkSize = Chunk });

        var session = server.Single();
        Assert.Equal(new[] { "bytes 0-524287/*", "bytes 524288-1048575/1048576" }, session.ChunkRanges);
        Assert.Equal(PseudoRandomStream.Sha256(2 * Chunk, 9), session.Hash());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Resumable_EmptyContent_IsOneRequestNamingTotalZero(bool seekable)
    {
        await using var server = await MediaServer.StartAsync();
        using var http = new HttpClient();
        var service = MediaService(http, server);

        await service.Imports.UploadMediaAsync("a", new PseudoRandomStream(0, 1, seekable), "application/zip",
            upload: new MediaUploadOptions { Protocol = MediaUploadProtocol.Resumable });

        var puts = server.Exchanges.Where(e => e.Method == "PUT").ToList();
        var put = Assert.Single(puts);
        Assert.Equal("bytes */0", put.Header("Content-Range"));
        Assert.Equal(200, put.Status);
    }

    [Fact]
    public async Task Resumable_EveryRequestIsAuthorized_AndTheApiKeyGoesOnlyToTheStart()
    {
        await using var server = await MediaServer.StartAsync();
        server.Faults = chunk => chunk.Number == 1 ? ChunkFault.Fail(502) : null;
        using var http = new HttpClient();
        var service = MediaService(http, server, tokens: AccessTokenProvider.FromToken("tok-1"), apiKey: "key-1");

        await service.Imports.UploadMediaAsync("a", new PseudoRandomStream(300 * KiB, 2, seekable: true), "application/zip",
            upload: new MediaUploadOptions { Protocol = MediaUploadProtocol.Resumable, ChunkSize = 256 * KiB });

        var exchanges = server.Exchanges;
        Assert.True(exchanges.Count >= 4, string.Join("\n", exchanges));
        Assert.All(exchanges, e => Assert.Equal("Bearer tok-1", e.Header("Authorization")));
        Assert.All(exchanges, e => Assert.StartsWith("DiscoveryGen/", e.Header("User-Agent"), StringComparison.Ordinal));
        Assert.Contains("key=key-1", exchanges[0].Target, StringComparison.Ordinal);
        Assert.All(exchanges.Skip(1), e => Assert.DoesNotContain("key=", e.Target, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resumable_TracesEachRequest_WithTheSessionIdRedacted()
    {
        var stopped = new System.Collections.Concurrent.ConcurrentQueue<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == ApiTelemetry.ActivitySourceName,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        await using var server = await MediaServer.StartAsync();
        using var http = new HttpClient();
        var service = MediaService(http, server);

        await service.Imports.UploadMediaAsync("a", new PseudoRandomStream(300 * KiB, 2, seekable: true), "application/zip",
            upload: new MediaUploadOptions { Protocol = MediaUploadProtocol.Resumable, ChunkSize = 256 * KiB });

        var mine = stopped.Where(a => (a.GetTagItem("url.full") as string)?.Contains(server.BaseUri.Authority, StringComparison.Ordinal) == true).ToList();
        Assert.Equal(
            new[] { "POST", "PUT", "PUT" }.Select(verb => verb + " /resumable/upload/mediatest/v1/albums/{album}/imports"),
            mine.Select(a => a.DisplayName));
        var id = server.Single().Id;
        Assert.All(mine.Skip(1), a => Assert.EndsWith("&upload_id=[REDACTED]", (string)a.GetTagItem("url.full")!, StringComparison.Ordinal));
        Assert.DoesNotContain(mine, a => ((string)a.GetTagItem("url.full")!).Contains(id, StringComparison.Ordinal));
        Assert.All(mine, a => Assert.Equal("mediatest.imports.upload", a.GetTagItem("discoverygen.method.id")));
    }

    [Fact]
    public async Task Resumable_LogsNeverCarryTheSessionId()
    {
        await using var server = await MediaServer.StartAsync();
        server.Faults = chunk => chunk.Number == 2 ? ChunkFault.Fail(503) : null;
        using var http = new HttpClient();
        var logs = new CapturingLogger();
        var service = MediaService(http, server, logger: logs);

        // An upload that survives a 503 mid-session, then a saved session the server no longer knows (404).
        await service.Imports.UploadMediaAsync("a", new PseudoRandomStream(600 * KiB, 3, seekable: true), "application/zip",
            upload: new MediaUploadOptions { Protocol = MediaUploadProtocol.Resumable, ChunkSize = 256 * KiB });
        const string Lost = "lost-session-7f3a9c";
        var lost = new Uri(server.BaseUri, "resumable/upload/mediatest/v1/albums/a/imports?uploadType=resumable&upload_id=" + Lost);
        var error = await Assert.ThrowsAsync<ApiException>(() => service.Imports.UploadMediaAsync("a", new PseudoRandomStream(10, 1, true), "application/zip",
            upload: new MediaUploadOptions { ResumeSessionUri = lost }));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains(logs.Entries, e => e.EventId == ApiLogEvents.CallFailed && e.Exception is not null);
        Assert.True(logs.Entries.Count >= 5, string.Join("\n", logs.Entries.Select(e => e.Message)));
        var text = logs.AllText();
        Assert.DoesNotContain(server.Single().Id, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Lost, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResumeSessionUri_MustNotBePlainHttpToARemoteHost()
    {
        await using var server = await MediaServer.StartAsync();
        using var http = new HttpClient();
        var service = MediaService(http, server);

        await Assert.ThrowsAsync<ArgumentException>(() => service.Imports.UploadMediaAsync("a", new PseudoRandomStream(10, 1, true), "application/zip",
            upload: new MediaUploadOptions { ResumeSessionUri = new Uri("http://uploads.example.com/x?upload_id=1") }));
        Assert.Empty(server.Exchanges);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100 * 1024)]
    [InlineData(256 * 1024 + 1)]
    public async Task ChunkSize_MustBeAPositiveMultipleOf256KiB(int chunkSize)
    {
        await using var server = await MediaServer.StartAsync();
        using var http = new HttpClient();
        var service = MediaService(http, server);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => service.Imports.UploadMediaAsync("a", new PseudoRandomStream(10, 1, true), "application/zip",
            upload: new MediaUploadOptions { ChunkSize = chunkSize }));
        Assert.Empty(server.Exchanges);
        Assert.Empty(server.Recorded);
    }
}
