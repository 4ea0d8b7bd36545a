using System;
using System.IO;
using DiscoveryGen.Tests.Shared;
using Xunit;
#if MEDIA_CORPUS
using System.Net.Http;
using System.Threading.Tasks;
using DiscoveryGen.Media.Tests.Infrastructure;
using DiscoveryGen.Runtime;
using static DiscoveryGen.Media.Tests.Infrastructure.Clients;
#endif

namespace DiscoveryGen.Media.Tests;

/// <summary>
/// The real storage.v1 document (../shared/discovery, read in place): objects.insert uploads resumably through injected
/// failures with metadata, and objects.get downloads. Without the document these are compiled out and the presence test
/// fails, naming the path, so a missing corpus never passes silently.
/// </summary>
[Trait("Needs", "SharedCorpus")]
public sealed class StorageMediaTests
{
    private static string DocumentPath => TestPaths.SharedDiscovery("storage.v1.json");

    [Fact]
    public void StorageDocument_IsPresent_AndTheClientWasGenerated()
    {
        Assert.True(File.Exists(DocumentPath), TestPaths.MissingShared(DocumentPath));
#if !MEDIA_CORPUS
        Assert.Fail($"{DocumentPath} exists now, but this assembly was built without it (no MEDIA_CORPUS symbol): rebuild the project.");
#endif
    }

#if MEDIA_CORPUS
    private static global::Media.Storage.StorageService Storage(HttpClient http, MediaServer server) =>
        new(http, new ClientOptions { BaseUri = new Uri(server.BaseUri, "storage/v1/"), Retry = TestRetry.Fast(maxAttempts: 5) });

    [Fact]
    public async Task ObjectsInsert_ResumableWithMetadata_FromAStreamThatCannotSeek_SurvivesFailures()
    {
        const long total = 3 * 1024 * KiB + 3;
        await using var server = await MediaServer.StartAsync();
        server.Faults = chunk => chunk.Number switch
        {
            1 => ChunkFault.Reset(after: 100 * KiB, persist: 0),
            3 => ChunkFault.Fail(502),
            _ => null,
        };
        using var http = new HttpClient();

        var stored = await Storage(http, server).Objects.InsertMediaAsync(
            "bucket-1",
            new global::Media.Storage.Object { Name = "dir/file.bin", ContentType = "application/octet-stream" },
            new PseudoRandomStream(total, 21, seekable: false),
            "application/octet-stream",
            ifGenerationMatch: 0,
            upload: new MediaUploadOptions { ChunkSize = 1024 * KiB });

        Assert.Equal("dir/file.bin", stored.Name);
        Assert.Equal((ulong)total, stored.Size);
        var session = server.Single();
        Assert.Equal(PseudoRandomStream.Sha256(total, 21), session.Hash());
        Assert.Equal("""{"contentType":"application/octet-stream","name":"dir/file.bin"}""", session.Metadata);
        Assert.Equal(new[] { "bytes */*", "bytes */*" }, session.StatusQueries);
        var start = server.Exchanges[0];
        Assert.Equal("/resumable/upload/storage/v1/b/bucket-1/o?ifGenerationMatch=0&uploadType=resumable", start.Target);
    }

    [Fact]
    public async Task ObjectsGet_DownloadsTheMedia_Streamed()
    {
        await using var server = await MediaServer.StartAsync();
        server.DownloadLength = 2 * 1024 * KiB + 1;
        using var http = new HttpClient();
        using var sink = new HashingStream();

        await Storage(http, server).Objects.GetMediaAsync("bucket-1", "dir/file.bin", sink, generation: 5);

        Assert.Equal(PseudoRandomStream.Sha256(server.DownloadLength, server.DownloadSeed), sink.Hash());
        Assert.Equal("/storage/v1/b/bucket-1/o/dir%2Ffile.bin?generation=5&alt=media", Assert.Single(server.Exchanges).Target);
    }
#endif
}
