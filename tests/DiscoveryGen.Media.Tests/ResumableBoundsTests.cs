using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Media.Tests.Infrastructure;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Synthetic.Media;
using Xunit;
using static DiscoveryGen.Media.Tests.Infrastructure.Clients;

namespace DiscoveryGen.Media.Tests;

/// <summary>
/// Hostile upload servers cannot make a resumable upload loop: progress counts only past the furthest byte ever
/// confirmed, and an upload makes a bounded number of requests (twice its chunks plus the retry policy's attempts).
/// Each server stops answering 308 after a few hundred requests, so a client without the bounds fails these tests
/// instead of hanging them.
/// </summary>
public sealed class ResumableBoundsTests
{
    private const int Chunk = 256 * KiB;
    private const string StopError = """{"error":{"code":400,"message":"the test server stopped a client that would not stop"}}""";

    [Fact]
    public async Task RangeGoingBackAndForth_UsesUpTheRetryBudget_AndFailsWithAClearException()
    {
        await using var server = await LoopbackServer.StartAsync();
        var puts = 0;
        server.Responder = request =>
        {
            if (request.Method == "POST")
            {
                return new CannedResponse(200) { Headers = new System.Collections.Generic.Dictionary<string, string> { ["Location"] = new Uri(server.BaseUri, "session?upload_id=s1").ToString() } };
            }

            // 0-262143 (a whole chunk), then 0-0 (back to one byte), then 0-262143 again, … as the attacked client saw.
            var n = Interlocked.Increment(ref puts);
            return n > 300
                ? CannedResponse.Json(StopError, 400)
                : new CannedResponse(308) { Headers = new System.Collections.Generic.Dictionary<string, string> { ["Range"] = n % 2 == 1 ? "bytes=0-262143" : "bytes=0-0" } };
        };
        using var http = new HttpClient();
        var service = Service(http, server.BaseUri, maxAttempts: 5);

        var error = await Assert.ThrowsAsync<IOException>(() => service.Imports.UploadMediaAsync(
            "a", new PseudoRandomStream(1024 * KiB, 1, seekable: true), "application/zip",
            upload: new MediaUploadOptions { Protocol = MediaUploadProtocol.Resumable, ChunkSize = Chunk }));

        // PUT 1 is confirmed (progress); PUTs 2-6 answer 0-0 or the same 0-262143: five without progress end it.
        Assert.Contains("went back to byte 1 after confirming 262144 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("RetryPolicy.MaxAttempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(6, Volatile.Read(ref puts));
    }

    [Theory]
    [InlineData(true, 18)]   // 1 MiB known: 4 chunks → 2 × (4 + 5) requests
    [InlineData(false, 12)]  // length unknown: 1 chunk up to the furthest byte → 2 × (1 + 5) requests
    public async Task ServerConfirmingOneByteAChunk_RunsOutOfTheRequestBudget(bool seekable, int budget)
    {
        await using var server = await MediaServer.StartAsync();
        server.Faults = chunk => chunk.Number > 300 ? ChunkFault.Fail(400) : ChunkFault.Partial(accept: 1);
        using var http = new HttpClient();
        var service = MediaService(http, server, TestRetry.Fast(maxAttempts: 5));

        var error = await Assert.ThrowsAsync<IOException>(() => service.Imports.UploadMediaAsync(
            "a", new PseudoRandomStream(1024 * KiB, 1, seekable), "application/zip",
            upload: new MediaUploadOptions { Protocol = MediaUploadProtocol.Resumable, ChunkSize = Chunk }));

        Assert.Contains($"after {budget} requests", error.Message, StringComparison.Ordinal);
        var session = server.Single();
        Assert.Equal(budget, session.Chunks);
        Assert.Equal(budget, session.Received);
    }

    [Fact]
    public async Task ServerKeepingHalfOfEveryChunk_StillCompletes()
    {
        const long total = 1024 * KiB;
        await using var server = await MediaServer.StartAsync();
        server.Faults = _ => ChunkFault.Partial(accept: Chunk / 2);
        using var http = new HttpClient();
        var service = MediaService(http, server, TestRetry.Fast(maxAttempts: 1));

        var report = await service.Imports.UploadMediaAsync(
            "a", new PseudoRandomStream(total, 3, seekable: true), "application/zip",
            upload: new MediaUploadOptions { Protocol = MediaUploadProtocol.Resumable, ChunkSize = Chunk });

        Assert.NotNull(report);
        var session = server.Single();
        Assert.Equal(PseudoRandomStream.Sha256(total, 3), session.Hash());
        Assert.Equal(8, session.Chunks);
    }

    private static MediatestService Service(HttpClient http, Uri baseUri, int maxAttempts) =>
        new(http, new ClientOptions { BaseUri = new Uri(baseUri, "mediatest/v1/"), Retry = TestRetry.Fast(maxAttempts) });
}
