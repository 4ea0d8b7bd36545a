using System;
using System.Net.Http;
using System.Threading.Tasks;
using DiscoveryGen.Media.Tests.Infrastructure;
using DiscoveryGen.Runtime;
using Xunit;
using Xunit.Abstractions;
using static DiscoveryGen.Media.Tests.Infrastructure.Clients;

namespace DiscoveryGen.Media.Tests;

/// <summary>Runs alone: the allocation counter is process-wide, so no other test may run beside these.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "Measured alone";
}

/// <summary>
/// 50 MB up and down, from a generated source into a hashing sink, with the bytes allocated measured around the
/// transfer: memory stays flat (streamed), far below the payload.
/// </summary>
/// <remarks>
/// Why 16 MB for 50 MB: <c>GC.GetTotalAllocatedBytes(precise: true)</c> counts every allocation in the process — the
/// client, the in-process Kestrel server, the thread pool — so it is an upper bound on what the transfer itself holds.
/// A streamed upload from a stream that cannot seek rents one 8 MiB chunk buffer (the default ChunkSize, kept so a
/// failed chunk can be sent again) and a few 80 KiB copy buffers; a download rents one 80 KiB buffer. Anything that
/// buffered the body (a MemoryStream, ReadAsByteArrayAsync, a LOH copy per chunk) would allocate at least the payload
/// (50 MB) or one more 8 MiB array per chunk (six of them): 16 MB sits well above the streamed cost and well below
/// either failure.
/// </remarks>
[Collection(AloneCollection.Name)]
public sealed class StreamingMemoryTests
{
    private const long Payload = 50L * 1000 * 1000;
    private const long Limit = 16L * 1000 * 1000;
    private readonly ITestOutputHelper _output;

    public StreamingMemoryTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Upload_50MB_Resumable_StaysFlat(bool seekable)
    {
        await using var server = await MediaServer.StartAsync();
        using var http = new HttpClient();
        var service = MediaService(http, server);

        // Warm up (JIT, connection, pools) with a small upload, outside the measurement.
        await service.Imports.UploadMediaAsync("warm", new PseudoRandomStream(600 * KiB, 1, seekable: false), "application/zip",
            upload: new MediaUploadOptions { ChunkSize = 256 * KiB });

        var source = new PseudoRandomStream(Payload, seed: 42, seekable);
        var started = DateTime.UtcNow;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await service.Imports.UploadMediaAsync("big", source, "application/octet-stream");
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        var elapsed = DateTime.UtcNow - started;

        var session = Assert.Single(server.Sessions.Values, s => s.Total == Payload);
        Assert.Equal(PseudoRandomStream.Sha256(Payload, 42), session.Hash());
        Assert.Equal(Payload, source.BytesRead);
        _output.WriteLine($"upload ({(seekable ? "seekable" : "cannot seek")}): {Payload:N0} bytes in {session.Chunks} chunks, {elapsed.TotalMilliseconds:F0} ms, allocated {allocated:N0} bytes (limit {Limit:N0})");
        Assert.True(allocated < Limit, $"Uploading {Payload:N0} bytes allocated {allocated:N0} bytes; the limit is {Limit:N0}.");
    }

    [Fact]
    public async Task Download_50MB_ToAHashingSink_StaysFlat()
    {
        await using var server = await MediaServer.StartAsync();
        using var http = new HttpClient();
        var service = MediaService(http, server);
        server.DownloadLength = 1000 * KiB;
        using (var warm = new HashingStream())
        {
            await service.Photos.GetMediaAsync("albums/a/photos/warm", warm);
        }

        server.DownloadLength = Payload;
        using var sink = new HashingStream();
        var started = DateTime.UtcNow;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await service.Photos.GetMediaAsync("albums/a/photos/big", sink);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        var elapsed = DateTime.UtcNow - started;

        Assert.Equal(Payload, sink.BytesWritten);
        Assert.Equal(PseudoRandomStream.Sha256(Payload, server.DownloadSeed), sink.Hash());
        _output.WriteLine($"download: {Payload:N0} bytes, {elapsed.TotalMilliseconds:F0} ms, allocated {allocated:N0} bytes (limit {Limit:N0})");
        Assert.True(allocated < Limit, $"Downloading {Payload:N0} bytes allocated {allocated:N0} bytes; the limit is {Limit:N0}.");
    }
}
