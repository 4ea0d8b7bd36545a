#if PARITY_CORPUS
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using DiscoveryGen.Parity.Tests.Infrastructure;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Xunit;
using G = Google.Apis.Storage.v1;
using GData = Google.Apis.Storage.v1.Data;
using P = Parity.Storage;
using PS = Parity.Storage.StorageService;

namespace DiscoveryGen.Parity.Tests;

/// <summary>
/// objects.insert with media and objects.get with alt=media, through Google.Apis.Storage.v1 and through the generated
/// client, on one recording server. Google.Apis uploads only resumably (its InsertMediaUpload is a ResumableUpload), so
/// the resumable start and chunk are compared request for request; our simple and multipart uploads are compared with
/// what Google sends for the same call: its start (target, query but uploadType, metadata) and its media bytes and type.
/// The one difference, the resumable path, is asserted as it is (see README "Divergences from Google.Apis").
/// </summary>
[Trait("Needs", "SharedCorpus")]
public sealed class MediaParityTests
{
    private const string Bucket = "parity-bucket";
    private const string ObjectName = "logs/2024 05/a+b (1)&x=y?#:é.txt";
    private const string MediaType = "text/plain; charset=utf-8";
    private const string GooglePath = "/upload/storage/v1/b/parity-bucket/o";
    private const string OurResumablePath = "/resumable/upload/storage/v1/b/parity-bucket/o";
    private static readonly byte[] Media = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("media line é\n", 500)));
    private static readonly string ObjectJson = """{"kind":"storage#object","bucket":"parity-bucket","name":"n","generation":"1717171717171717","size":"6500"}""";

    private static GData.Object GoogleMetadata() => new()
    {
        Name = ObjectName,
        ContentType = "text/plain",
        CacheControl = "no-cache",
        Metadata = new Dictionary<string, string> { ["origin"] = "parity", ["empty"] = string.Empty },
    };

    private static P.Object OurMetadata() => new()
    {
        Name = ObjectName,
        ContentType = "text/plain",
        CacheControl = "no-cache",
        Metadata = new Dictionary<string, string?> { ["origin"] = "parity", ["empty"] = string.Empty },
    };

    /// <summary>Google's upload with the same optional parameters every test sets on ours.</summary>
    private static async Task GoogleInsertAsync(LoopbackServer server, GData.Object? metadata)
    {
        using var google = ParityHarness.GoogleStorage(server);
        var upload = google.Objects.Insert(metadata, Bucket, new MemoryStream(Media), MediaType);
        upload.IfGenerationMatch = 0;
        upload.PredefinedAcl = G.ObjectsResource.InsertMediaUpload.PredefinedAclEnum.BucketOwnerRead;
        upload.UserProject = "billing-project";
        if (metadata is null)
        {
            upload.Name = ObjectName;
        }

        var progress = await upload.UploadAsync();
        Assert.Null(progress.Exception);
        Assert.Equal(Google.Apis.Upload.UploadStatus.Completed, progress.Status);
    }

    private static Task<P.Object> OurInsertAsync(PS ours, P.Object? metadata, MediaUploadProtocol protocol) =>
        ours.Objects.InsertMediaAsync(
            Bucket,
            metadata,
            new MemoryStream(Media),
            MediaType,
            ifGenerationMatch: 0,
            name: metadata is null ? ObjectName : null,
            predefinedAcl: PS.ObjectsResource.InsertPredefinedAcl.BucketOwnerRead,
            userProject: "billing-project",
            upload: new MediaUploadOptions { Protocol = protocol });

    /// <summary>A server that starts sessions (Location on the same server) and answers chunks and uploads with an object.</summary>
    private static Task<LoopbackServer> StartServerAsync() => StartServerAsync(null);

    private static async Task<LoopbackServer> StartServerAsync(Func<RecordedRequest, CannedResponse?>? other)
    {
        LoopbackServer? server = null;
        server = await LoopbackServer.StartAsync(request =>
        {
            if (other?.Invoke(request) is { } answer)
            {
                return answer;
            }

            if (request.QueryValues("uploadType").SingleOrDefault() == "resumable" && !request.Query.Any(p => p.Key == "upload_id"))
            {
                return new CannedResponse(200, string.Empty)
                {
                    Headers = new Dictionary<string, string> { ["Location"] = server!.BaseUri + "upload/storage/v1/b/parity-bucket/o?uploadType=resumable&upload_id=session-1" },
                };
            }

            return CannedResponse.Json(ObjectJson);
        });
        return server;
    }

    [Fact]
    public async Task Insert_ResumableStartAndChunk_MatchGoogle_ButForTheDocumentsResumablePath()
    {
        await using var server = await StartServerAsync();
        await GoogleInsertAsync(server, GoogleMetadata());
        var googleCount = server.Requests.Count;
        Assert.Equal(2, googleCount);
        using var http = new HttpClient();
        var result = await OurInsertAsync(ParityHarness.OurStorage(http, server), OurMetadata(), MediaUploadProtocol.Resumable);
        Assert.Equal(1717171717171717, result.Generation);

        var requests = server.Requests.Select(WireRequest.From).ToList();
        Assert.Equal(4, requests.Count);
        var (googleStart, googleChunk, ourStart, ourChunk) = (requests[0], requests[1], requests[2], requests[3]);

        // The divergence: Google.Apis always uses "/upload/" + servicePath + path; we use protocols.resumable.path.
        Assert.Equal(GooglePath, googleStart.RawPath);
        Assert.Equal(OurResumablePath, ourStart.RawPath);
        var start = WireComparer.Compare(googleStart, ourStart with { RawPath = GooglePath }, DiscoverySchemas.Load(ParityCorpus.StoragePath), "storage.objects.insert");
        ParityHarness.AssertSameRequest(start, "objects.insert resumable start");
        Assert.Contains("uploadType=resumable", ourStart.RawQueryPairs);
        foreach (var header in new[] { "X-Upload-Content-Type", "X-Upload-Content-Length" })
        {
            Assert.Equal(googleStart.Header(header), ourStart.Header(header));
        }

        // The chunk: same verb, session URI, Content-Range, type and bytes.
        Assert.Equal(googleChunk.Method, ourChunk.Method);
        Assert.Equal(googleChunk.RawTarget, ourChunk.RawTarget);
        Assert.Equal($"bytes 0-{Media.Length - 1}/{Media.Length}", googleChunk.Header("Content-Range"));
        Assert.Equal(googleChunk.Header("Content-Range"), ourChunk.Header("Content-Range"));
        Assert.Equal(googleChunk.ContentType, ourChunk.ContentType);
        Assert.Equal(Media, googleChunk.WireBody);
        Assert.Equal(Media, ourChunk.WireBody);
    }

    [Fact]
    public async Task Insert_Multipart_CarriesGooglesTargetQueryMetadataAndMedia()
    {
        await using var server = await StartServerAsync();
        await GoogleInsertAsync(server, GoogleMetadata());
        using var http = new HttpClient();
        await OurInsertAsync(ParityHarness.OurStorage(http, server), OurMetadata(), MediaUploadProtocol.Multipart);

        var recorded = server.Requests;
        Assert.Equal(3, recorded.Count);
        var (googleStart, googleChunk, ours) = (WireRequest.From(recorded[0]), WireRequest.From(recorded[1]), recorded[2]);
        Assert.Equal("POST", ours.Method);
        Assert.Contains("uploadType=multipart", ours.RawTarget, StringComparison.Ordinal);

        // multipart/related: the JSON metadata part, then the media part (parsed with ASP.NET Core's MultipartReader).
        var parts = await ReadMultipartAsync(ours);
        Assert.Equal(2, parts.Count);
        Assert.Equal("application/json; charset=UTF-8", parts[0].ContentType);
        Assert.Equal(googleStart.Header("X-Upload-Content-Type"), parts[1].ContentType);
        Assert.Equal(googleChunk.WireBody, parts[1].Body);

        // Target, query (but uploadType) and metadata: as Google's start of the same upload.
        var asStart = WireRequest.From(ours with
        {
            RawTarget = ours.RawTarget.Replace("uploadType=multipart", "uploadType=resumable", StringComparison.Ordinal),
            Query = ours.Query.Select(p => p.Key == "uploadType" ? new KeyValuePair<string, string>("uploadType", "resumable") : p).ToList(),
            ContentType = "application/json; charset=utf-8",
            Headers = ours.Headers.Where(h => h.Key != "Content-Type").ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase),
            Body = parts[0].Body,
        });
        ParityHarness.AssertSameRequest(WireComparer.Compare(googleStart, asStart, DiscoverySchemas.Load(ParityCorpus.StoragePath), "storage.objects.insert"), "objects.insert multipart");
    }

    [Fact]
    public async Task Insert_Simple_CarriesGooglesTargetQueryAndMedia()
    {
        await using var server = await StartServerAsync();
        await GoogleInsertAsync(server, metadata: null);
        using var http = new HttpClient();
        await OurInsertAsync(ParityHarness.OurStorage(http, server), metadata: null, MediaUploadProtocol.Simple);

        var recorded = server.Requests;
        Assert.Equal(3, recorded.Count);
        var (googleStart, googleChunk, ours) = (WireRequest.From(recorded[0]), WireRequest.From(recorded[1]), WireRequest.From(recorded[2]));
        Assert.Contains("uploadType=media", ours.RawQueryPairs);
        Assert.Equal(googleStart.Header("X-Upload-Content-Type"), ours.ContentType);
        Assert.Equal(googleChunk.WireBody, ours.WireBody);
        Assert.Equal(Media.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), ours.Header("Content-Length"));

        // Without metadata Google's start has no JSON body; ours has the media: compare target and query only.
        Assert.Equal(googleStart.Method, ours.Method);
        Assert.Equal(googleStart.RawPath, ours.RawPath);
        Assert.Equal(
            googleStart.RawQueryPairs.Where(p => !p.StartsWith("uploadType=", StringComparison.Ordinal)).OrderBy(p => p, StringComparer.Ordinal),
            ours.RawQueryPairs.Where(p => !p.StartsWith("uploadType=", StringComparison.Ordinal)).OrderBy(p => p, StringComparer.Ordinal));
        Assert.Contains($"name={Uri.EscapeDataString(ObjectName)}", ours.RawQueryPairs);
    }

    [Fact]
    public async Task Get_Download_MatchesGoogle_NoDownloadPrefix()
    {
        var content = Encoding.UTF8.GetBytes("the object's bytes");
        await using var server = await StartServerAsync(request =>
            request.QueryValues("alt").SingleOrDefault() == "media"
                ? new CannedResponse(200) { BodyBytes = content, }
                : null);
        using (var google = ParityHarness.GoogleStorage(server))
        {
            var get = google.Objects.Get(Bucket, ObjectName);
            get.Generation = 1717171717171717;
            get.UserProject = "billing-project";
            var sink = new MemoryStream();
            var progress = await get.DownloadAsync(sink);
            Assert.Null(progress.Exception);
            Assert.Equal(content, sink.ToArray());
        }

        using var http = new HttpClient();
        var destination = new MemoryStream();
        await ParityHarness.OurStorage(http, server).Objects.GetMediaAsync(Bucket, ObjectName, destination, generation: 1717171717171717, userProject: "billing-project");
        Assert.Equal(content, destination.ToArray());

        var requests = server.Requests.Select(WireRequest.From).ToList();
        Assert.Equal(2, requests.Count);

        // storage.objects.get has useMediaDownloadService: true; Google.Apis still uses the method's own path.
        Assert.Equal("/storage/v1/b/parity-bucket/o/" + Uri.EscapeDataString(ObjectName), requests[0].RawPath);
        ParityHarness.AssertSameRequest(WireComparer.Compare(requests[0], requests[1], DiscoverySchemas.Load(ParityCorpus.StoragePath), "storage.objects.get"), "objects.get alt=media");
        Assert.Contains("alt=media", requests[1].RawQueryPairs);
    }

    [Fact]
    public async Task Get_DownloadRange_SendsGooglesRangeHeader()
    {
        await using var server = await StartServerAsync(request =>
            request.QueryValues("alt").SingleOrDefault() == "media"
                ? new CannedResponse(206) { BodyBytes = new byte[100], Headers = new Dictionary<string, string> { ["Content-Range"] = "bytes 0-99/1000" } }
                : null);
        using (var google = ParityHarness.GoogleStorage(server))
        {
            var progress = await google.Objects.Get(Bucket, ObjectName).DownloadRangeAsync(new MemoryStream(), new System.Net.Http.Headers.RangeHeaderValue(0, 99));
            Assert.Null(progress.Exception);
        }

        using var http = new HttpClient();
        await ParityHarness.OurStorage(http, server).Objects.GetMediaAsync(Bucket, ObjectName, new MemoryStream(),
            download: new MediaDownloadOptions { Range = new System.Net.Http.Headers.RangeItemHeaderValue(0, 99) });

        var requests = server.Requests;
        Assert.Equal("bytes=0-99", requests[0].Headers["Range"]);
        Assert.Equal(requests[0].Headers["Range"], requests[1].Headers["Range"]);
        Assert.Equal(requests[0].RawTarget, requests[1].RawTarget);
    }

    private static async Task<List<(string? ContentType, byte[] Body)>> ReadMultipartAsync(RecordedRequest request)
    {
        var type = MediaTypeHeaderValue.Parse(request.ContentType);
        Assert.Equal("multipart/related", type.MediaType.Value);
        var reader = new MultipartReader(HeaderUtilities.RemoveQuotes(type.Boundary).Value!, new MemoryStream(request.Body));
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
#endif
