#if PARITY_CORPUS
using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Parity.Tests.Infrastructure;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Google;
using Xunit;
using P = Parity.Storage;

namespace DiscoveryGen.Parity.Tests;

/// <summary>Behaviour around the request: errors, refused path values, retries.</summary>
[Trait("Needs", "SharedCorpus")]
public sealed class BehaviourParityTests
{
    private const string PreconditionFailed = """
        {"error":{"code":412,"message":"At least one of the pre-conditions you specified did not hold.",
                  "errors":[{"message":"At least one of the pre-conditions you specified did not hold.","domain":"global","reason":"conditionNotMet","locationType":"header","location":"If-Match"}]}}
        """;

    [Fact]
    public async Task ErrorResponse_BothExposeStatusCodeMessageAndTheLegacyReason()
    {
        await using var server = await LoopbackServer.StartAsync(_ => CannedResponse.Json(PreconditionFailed, 412));
        using var google = ParityHarness.GoogleStorage(server);
        using var http = new HttpClient();
        var ours = ParityHarness.OurStorage(http, server);

        var g = await Assert.ThrowsAsync<GoogleApiException>(() =>
        {
            var r = google.Objects.Get("b", "o");
            r.IfGenerationMatch = 1;
            return r.ExecuteAsync();
        });
        var o = await Assert.ThrowsAsync<ApiException>(() => ours.Objects.GetAsync("b", "o", ifGenerationMatch: 1));

        Assert.Equal(HttpStatusCode.PreconditionFailed, g.HttpStatusCode);
        Assert.Equal(g.HttpStatusCode, o.StatusCode);
        Assert.Equal(412, g.Error.Code);
        Assert.Equal(g.Error.Code, o.Error!.Code);
        Assert.Equal(g.Error.Message, o.Error.Message);
        Assert.Equal("storage.objects.get", o.MethodId);
        var googleLegacy = Assert.Single(g.Error.Errors);
        var ourLegacy = Assert.Single(o.Error.Errors);
        Assert.Equal("conditionNotMet", googleLegacy.Reason);
        Assert.Equal((googleLegacy.Domain, googleLegacy.Reason, googleLegacy.Location, googleLegacy.LocationType, googleLegacy.Message),
            (ourLegacy.Domain, ourLegacy.Reason, ourLegacy.Location, ourLegacy.LocationType, ourLegacy.Message));
        Assert.Equal("conditionNotMet", o.Reason);
        Assert.Equal("global", o.Domain);
        Assert.Equal(2, server.Requests.Count);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public async Task DotSegmentObjectName_BothRefuseBeforeSending(string name)
    {
        await using var server = await LoopbackServer.StartAsync();
        using var google = ParityHarness.GoogleStorage(server);
        using var http = new HttpClient();
        var ours = ParityHarness.OurStorage(http, server);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => google.Objects.Get("b", name).ExecuteAsync());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => ours.Objects.GetAsync("b", name));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task MissingRequiredPathValue_BothRefuseBeforeSending()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var google = ParityHarness.GoogleStorage(server);
        using var http = new HttpClient();
        var ours = ParityHarness.OurStorage(http, server);

        await Assert.ThrowsAnyAsync<Exception>(() => google.Objects.Get("b", null).ExecuteAsync());
        // The path's PathEncoding call is the check: null and empty name the parameter, and nothing is sent.
        var missing = await Assert.ThrowsAsync<ArgumentNullException>(() => ours.Objects.GetAsync("b", null!));
        Assert.Equal("object", missing.ParamName);
        var empty = await Assert.ThrowsAsync<ArgumentException>(() => ours.Objects.GetMediaAsync("", "o", System.IO.Stream.Null));
        Assert.Equal("bucket", empty.ParamName);
        var withBody = await Assert.ThrowsAsync<ArgumentNullException>(() => ours.Objects.ComposeAsync("b", null!, new P.ComposeRequest { SourceObjects = new() }));
        Assert.Equal("destinationObject", withBody.ParamName);
        // A null body: the request's SetJsonBody is the check (as ParameterCheck.RequiredObject words it), still before sending.
        var noBody = await Assert.ThrowsAsync<ArgumentNullException>(() => ours.Buckets.PatchAsync("b", null!));
        Assert.Equal("body", noBody.ParamName);
        Assert.StartsWith("Required parameter 'body' is null.", noBody.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    /// <summary>
    /// A 503 on an idempotent GET: Google.Apis retries it (DefaultExponentialBackOffPolicy = UnsuccessfulResponse503),
    /// and so does DiscoveryGen (AIP-194 backoff with full jitter), so both succeed on the second attempt.
    /// </summary>
    [Fact]
    public async Task ServiceUnavailable_BothRetryAnIdempotentGet()
    {
        var count = 0;
        await using var server = await LoopbackServer.StartAsync(_ =>
            Interlocked.Increment(ref count) == 1 ? new CannedResponse(503) : CannedResponse.Json("""{"kind":"storage#object","name":"o"}"""));
        using (var google = ParityHarness.GoogleStorage(server))
        {
            var result = await google.Objects.Get("b", "o").ExecuteAsync();
            Assert.Equal("o", result.Name);
        }

        Assert.Equal(2, server.Requests.Count);

        Volatile.Write(ref count, 0);
        using var http = new HttpClient();
        var ours = await ParityHarness.OurStorage(http, server).Objects.GetAsync("b", "o");
        Assert.Equal("o", ours.Name);
        Assert.Equal(4, server.Requests.Count);
    }
}
#endif
