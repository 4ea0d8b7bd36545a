using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Synthetic.Features;
using Xunit;

namespace DiscoveryGen.EndToEnd.Tests;

/// <summary>
/// The generated <c>CreateBatch()</c> of the synthetic features client (servicePath <c>api/</c>, batchPath <c>batch</c>)
/// against Kestrel: the batch goes to the root URL's <c>/batch</c>, each call inside is the request the call sends on its
/// own, and a mixed answer completes each call with its typed result or ApiException.
/// </summary>
public sealed class BatchEndToEndTests : LoopbackTest
{
    private FeatureTestService _service = null!;

    protected override void OnStarted()
    {
        _service = new FeatureTestService(Http, new ClientOptions { BaseUri = new Uri(Server.BaseUri, "api/"), Retry = TestRetry.Fast() });
    }

    private static Everything Thing() => new()
    {
        Text = "t",
        Int64 = -9_007_199_254_740_993,
        Instant = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.FromHours(2)),
        Numbers = new List<long> { 1, -2 },
        RequiredOnCreate = "present",
    };

    [Fact]
    public async Task MixedBatch_SuccessesA404AndA429_EachCallGetsItsTypedOutcome()
    {
        Server.Responder = request =>
        {
            var parts = BatchWire.Parse(request);
            return BatchWire.Response(
                new BatchWire.Answer(429, """{"error":{"code":429,"message":"Slow down.","status":"RESOURCE_EXHAUSTED"}}""", BatchWire.ResponseId(parts[3])) { Headers = new Dictionary<string, string> { ["Retry-After"] = "2" } },
                new BatchWire.Answer(200, """{"text":"created","int64":"-9007199254740993","numbers":["1","-2"]}""", BatchWire.ResponseId(parts[2])),
                new BatchWire.Answer(404, """{"error":{"code":404,"message":"Thing x not found.","status":"NOT_FOUND"}}""", BatchWire.ResponseId(parts[1])),
                new BatchWire.Answer(200, "{}", BatchWire.ResponseId(parts[0])));
        };
        var batch = _service.CreateBatch();
        Assert.Equal(new Uri(Server.BaseUri, "batch"), batch.BatchUri);

        var ping = batch.Service.PingAsync();
        var missing = batch.Service.Things.GetAsync("x");
        var created = batch.Service.Things.CreateAsync("projects/p1", "thing-1", Thing());
        var labels = batch.Service.Things.LabelsAsync(new Labels { Owner = "me" });
        await batch.ExecuteAsync();

        await ping;
        var notFound = await Assert.ThrowsAsync<ApiException>(() => missing);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("Thing x not found.", notFound.Error!.Message);
        var thing = await created;
        Assert.Equal(("created", -9_007_199_254_740_993L), (thing.Text, thing.Int64));
        Assert.Equal(new List<long> { 1, -2 }, thing.Numbers);
        var limited = await Assert.ThrowsAsync<ApiException>(() => labels);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), limited.RetryAfter);

        var sent = Assert.Single(Server.Requests);
        Assert.Equal(("POST", "/batch"), (sent.Method, sent.RawTarget));
        Assert.Equal(
            new[] { "GET /api/ping", "GET /api/v1/things/x", "POST /api/v1/projects/p1/things?thingId=thing-1", "PUT /api/v1/labels" },
            BatchWire.Parse(sent).Select(p => p.Method + " " + p.PathAndQuery));
    }

    [Fact]
    public async Task ACallInsideTheBatch_IsTheRequestTheCallSendsOnItsOwn()
    {
        Server.Responder = request => request.Path == "/batch"
            ? BatchWire.Response(BatchWire.Parse(request).Select(p => new BatchWire.Answer(200, "{}", BatchWire.ResponseId(p))).ToArray())
            : CannedResponse.Json("{}");
        var options = new RequestOptions { Fields = "text", QuotaUser = "u-1", Headers = new Dictionary<string, string> { ["If-Match"] = "\"v1\"" } };

        await _service.Things.CreateAsync("projects/p1", "thing-1", Thing(), options: options);
        var batch = _service.CreateBatch();
        var queued = batch.Service.Things.CreateAsync("projects/p1", "thing-1", Thing(), options: options);
        await batch.ExecuteAsync();
        await queued;

        var alone = Server.Requests[0];
        var inside = BatchWire.Parse(Server.Requests[1]).Single();
        Assert.Equal(alone.Method, inside.Method);
        Assert.Equal(alone.RawTarget, inside.PathAndQuery);
        Assert.Equal(alone.Body, inside.Body);
        Assert.Equal(alone.ContentType, inside.Header("Content-Type"));
        Assert.Equal(alone.Headers["If-Match"], inside.Header("If-Match"));
    }
}
