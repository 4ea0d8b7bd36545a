#if PARITY_CORPUS
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using DiscoveryGen.Parity.Tests.Infrastructure;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Google.Apis.Requests;
using Microsoft.AspNetCore.WebUtilities;
using Xunit;
using Xunit.Abstractions;
using GData = Google.Apis.Storage.v1.Data;
using P = Parity.Storage;
using PS = Parity.Storage.StorageService;

namespace DiscoveryGen.Parity.Tests;

/// <summary>
/// Batch requests against Google.Apis.Storage.v1's <see cref="BatchRequest"/>: the same calls queued on both clients,
/// both batches sent to one recording server, and the batch requests compared (path, headers, then each inner request
/// with <see cref="WireComparer"/>, part by part).
/// </summary>
[Trait("Needs", "SharedCorpus")]
public sealed class BatchParityTests
{
    private const string Bucket = "parity-bucket";
    private const string ObjectName = "logs/2024 05/a+b (1)&x=y?#:e.txt";

    private readonly ITestOutputHelper _output;

    public BatchParityTests(ITestOutputHelper output) => _output = output;

    /// <summary>Answers every part of a batch in order with a small JSON body, echoing Content-IDs when the request has them.</summary>
    private static CannedResponse AnswerEveryPart(RecordedRequest request) => BatchWire.Response(BatchWire.Parse(request)
        .Select(p => new BatchWire.Answer(200, """{"kind":"storage#object","name":"n"}""", p.ContentId is null ? null : BatchWire.ResponseId(p)))
        .ToArray());

    [Fact]
    public async Task SameBatchRequest_SameOuterPathAndHeaders_SameInnerRequests()
    {
        await using var server = await LoopbackServer.StartAsync(AnswerEveryPart);

        // Google.Apis: its BatchUri ignores BaseUri overrides, so the loopback batch URL is given explicitly.
        using (var google = ParityHarness.GoogleStorage(server))
        {
            var batch = new BatchRequest(google, server.BaseUri + "batch/storage/v1");
            batch.Queue<GData.Bucket>(google.Buckets.Get(Bucket), (_, error, _, _) => Assert.Null(error));
            var patch = google.Objects.Patch(new GData.Object { ContentType = "text/plain", Metadata = new Dictionary<string, string> { ["k"] = "v" } }, Bucket, ObjectName);
            patch.IfGenerationMatch = 5;
            batch.Queue<GData.Object>(patch, (_, error, _, _) => Assert.Null(error));
            var list = google.Objects.List(Bucket);
            list.Prefix = "logs/";
            list.Versions = true;
            list.MaxResults = 10;
            batch.Queue<GData.Objects>(list, (_, error, _, _) => Assert.Null(error));
            var get = google.Objects.Get(Bucket, ObjectName);
            get.Fields = "name,generation";
            batch.Queue<GData.Object>(get, (_, error, _, _) => Assert.Null(error));
            batch.Queue<string>(google.Objects.Delete(Bucket, ObjectName), (_, _, _, _) => { });
            await batch.ExecuteAsync();
        }

        using (var http = new HttpClient())
        {
            var ours = ParityHarness.OurStorage(http, server);
            var batch = ours.CreateBatch();
            var calls = new List<Task>
            {
                batch.Service.Buckets.GetAsync(Bucket),
                batch.Service.Objects.PatchAsync(Bucket, ObjectName, new P.Object { ContentType = "text/plain", Metadata = new Dictionary<string, string?> { ["k"] = "v" } }, ifGenerationMatch: 5),
                batch.Service.Objects.ListAsync(Bucket, prefix: "logs/", versions: true, maxResults: 10),
                batch.Service.Objects.GetAsync(Bucket, ObjectName, options: new RequestOptions { Fields = "name,generation" }),
                batch.Service.Objects.DeleteAsync(Bucket, ObjectName),
            };
            await batch.ExecuteAsync();
            await Task.WhenAll(calls);
        }

        Assert.Equal(2, server.Requests.Count);
        var (googleBatch, ourBatch) = (server.Requests[0], server.Requests[1]);
        _output.WriteLine($"Google.Apis:\n{googleBatch.BodyText}\nDiscoveryGen:\n{ourBatch.BodyText}");

        // The batch request itself: POST /batch/storage/v1, multipart/mixed, the same credentials, quota project and client tokens.
        var outer = WireComparer.Compare(Outer(googleBatch), Outer(ourBatch), DiscoverySchemas.Load(ParityCorpus.StoragePath), "batch");
        ParityHarness.AssertSameRequest(outer, "batch request");
        Assert.Equal("/batch/storage/v1", ourBatch.RawTarget);
        Assert.Equal("Bearer " + ParityHarness.Token, ourBatch.Headers["Authorization"]);

        // The calls inside, part by part.
        var googleParts = BatchWire.Parse(googleBatch);
        var ourParts = BatchWire.Parse(ourBatch);
        var methods = new[] { "storage.buckets.get", "storage.objects.patch", "storage.objects.list", "storage.objects.get", "storage.objects.delete" };
        Assert.Equal(methods.Length, googleParts.Count);
        Assert.Equal(methods.Length, ourParts.Count);
        var schemas = DiscoverySchemas.Load(ParityCorpus.StoragePath);
        for (var i = 0; i < methods.Length; i++)
        {
            var (g, o) = (googleParts[i], ourParts[i]);
            Assert.Equal("application/http", g.PartHeader("Content-Type"));
            Assert.Equal("application/http", o.PartHeader("Content-Type"));

            // The same request line (the absolute URI) and the same headers by name: neither repeats the batch's
            // Authorization, User-Agent, x-goog-api-client or quota project inside a call.
            Assert.Equal(g.Method + " " + g.Target, o.Method + " " + o.Target);
            Assert.Equal(Names(g.Headers), Names(o.Headers));
            Assert.Null(o.Header("Authorization"));
            ParityHarness.AssertSameRequest(WireComparer.Compare(Inner(g), Inner(o), schemas, methods[i]), $"call {i + 1} ({methods[i]})");
            if (o.Header("Content-Length") is { } length)
            {
                // ASCII bodies: Google.Apis' character count equals the byte count (see the divergence test for non-ASCII).
                Assert.Equal(g.Header("Content-Length"), length);
            }
        }

        // Divergence: our parts carry a Content-ID (Google's batch documentation asks for it; answers are matched by it).
        Assert.All(googleParts, p => Assert.Null(p.ContentId));
        Assert.All(ourParts, p => Assert.NotNull(p.ContentId));
    }

    [Fact]
    public async Task Divergence_ContentLengthCountsBytes_WhereGoogleApisCountsCharacters()
    {
        await using var server = await LoopbackServer.StartAsync(AnswerEveryPart);
        const string ContentType = "text/plain; charset=é";
        using (var google = ParityHarness.GoogleStorage(server))
        {
            var batch = new BatchRequest(google, server.BaseUri + "batch/storage/v1");
            batch.Queue<GData.Object>(google.Objects.Patch(new GData.Object { ContentType = ContentType }, Bucket, "o"), (_, _, _, _) => { });
            await batch.ExecuteAsync();
        }

        using (var http = new HttpClient())
        {
            var batch = ParityHarness.OurStorage(http, server).CreateBatch();
            var patch = batch.Service.Objects.PatchAsync(Bucket, "o", new P.Object { ContentType = ContentType });
            await batch.ExecuteAsync();
            await patch;
        }

        var google1 = BatchWire.Parse(server.Requests[0]).Single();
        var ours1 = BatchWire.Parse(server.Requests[1]).Single();

        // Google.Apis appends a newline after the body and declares the body's length in UTF-16 characters.
        const string Body = """{"contentType":"text/plain; charset=é"}""";
        Assert.Equal(Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), google1.Header("Content-Length"));
        Assert.Equal(Encoding.UTF8.GetByteCount(Body).ToString(System.Globalization.CultureInfo.InvariantCulture), ours1.Header("Content-Length"));
        Assert.Equal(Body, ours1.BodyText);
    }

    [Fact]
    public async Task SameMixedAnswer_SuccessesA404AndA429_ReadAlike()
    {
        // Answers in the order of the calls, echoing Content-IDs when the request has them (Google's server does).
        await using var server = await LoopbackServer.StartAsync(request =>
        {
            var parts = BatchWire.Parse(request);
            string? Id(int i) => parts[i].ContentId is null ? null : BatchWire.ResponseId(parts[i]);
            return BatchWire.Response(
                new BatchWire.Answer(200, """{"kind":"storage#bucket","name":"parity-bucket","metageneration":"42"}""", Id(0)),
                new BatchWire.Answer(404, """{"error":{"code":404,"message":"No such object: parity-bucket/missing","errors":[{"message":"No such object: parity-bucket/missing","domain":"global","reason":"notFound"}]}}""", Id(1)),
                new BatchWire.Answer(429, """{"error":{"code":429,"message":"The rate of change requests to the object is too high.","errors":[{"message":"rate","domain":"usageLimits","reason":"rateLimitExceeded"}]}}""", Id(2)),
                new BatchWire.Answer(200, """{"kind":"storage#object","name":"o","generation":"1717171717171717"}""", Id(3)));
        });

        var google = new (object? Content, Google.Apis.Requests.RequestError? Error, System.Net.HttpStatusCode Status)[4];
        using (var service = ParityHarness.GoogleStorage(server))
        {
            var batch = new BatchRequest(service, server.BaseUri + "batch/storage/v1");
            batch.Queue<GData.Bucket>(service.Buckets.Get(Bucket), (c, e, i, m) => google[i] = (c, e, m.StatusCode));
            batch.Queue<GData.Object>(service.Objects.Get(Bucket, "missing"), (c, e, i, m) => google[i] = (c, e, m.StatusCode));
            batch.Queue<GData.Object>(service.Objects.Patch(new GData.Object(), Bucket, "hot"), (c, e, i, m) => google[i] = (c, e, m.StatusCode));
            batch.Queue<GData.Object>(service.Objects.Get(Bucket, "o"), (c, e, i, m) => google[i] = (c, e, m.StatusCode));
            await batch.ExecuteAsync();
        }

        using var http = new HttpClient();
        var ours = ParityHarness.OurStorage(http, server).CreateBatch();
        var bucket = ours.Service.Buckets.GetAsync(Bucket);
        var missing = ours.Service.Objects.GetAsync(Bucket, "missing");
        var hot = ours.Service.Objects.PatchAsync(Bucket, "hot", new P.Object());
        var found = ours.Service.Objects.GetAsync(Bucket, "o");
        await ours.ExecuteAsync();

        Assert.Equal(((GData.Bucket)google[0].Content!).Name, (await bucket).Name);
        Assert.Equal(((GData.Bucket)google[0].Content!).Metageneration, (await bucket).Metageneration);
        var notFound = await Assert.ThrowsAsync<ApiException>(() => missing);
        Assert.Equal(google[1].Status, notFound.StatusCode);
        Assert.Equal(google[1].Error!.Code, notFound.Error!.Code);
        Assert.Equal(google[1].Error!.Message, notFound.Error.Message);
        Assert.Equal(google[1].Error!.Errors.Single().Reason, notFound.Reason);
        var limited = await Assert.ThrowsAsync<ApiException>(() => hot);
        Assert.Equal(google[2].Status, limited.StatusCode);
        Assert.Equal(google[2].Error!.Errors.Single().Reason, limited.Reason);
        Assert.Equal(((GData.Object)google[3].Content!).Generation, (await found).Generation);

        // Neither client retried a call, nor the batch.
        Assert.Equal(2, server.Requests.Count);
    }

    /// <summary>The batch request without its multipart body (compared part by part instead).</summary>
    private static WireRequest Outer(RecordedRequest recorded) => WireRequest.From(recorded) with { WireBody = Array.Empty<byte>(), BodyText = string.Empty };

    /// <summary>One call inside a batch, as <see cref="WireComparer"/> compares requests.</summary>
    private static WireRequest Inner(BatchPart part)
    {
        var target = part.PathAndQuery;
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var queryText = question < 0 ? string.Empty : target[(question + 1)..];
        var query = QueryHelpers.ParseQuery(queryText).SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? string.Empty))).ToList();
        var headers = part.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase);
        var body = part.BodyText.TrimEnd('\r', '\n');
        return new WireRequest(
            part.Method,
            target,
            path,
            query,
            queryText.Length == 0 ? new List<string>() : queryText.Split('&').ToList(),
            part.Header("Content-Type"),
            part.Header("Content-Encoding"),
            headers,
            part.Body,
            body);
    }

    private static string[] Names(IEnumerable<KeyValuePair<string, string>> headers) =>
        headers.Select(h => h.Key.ToLowerInvariant()).OrderBy(n => n, StringComparer.Ordinal).ToArray();
}
#endif
