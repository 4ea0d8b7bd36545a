#if PARITY_CORPUS
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Parity.Tests.Infrastructure;
using DiscoveryGen.Tests.Shared;
using Xunit;
using G = Google.Apis.Storage.v1;
using GData = Google.Apis.Storage.v1.Data;
using P = Parity.Storage;
using PS = Parity.Storage.StorageService;

namespace DiscoveryGen.Parity.Tests;

/// <summary>
/// Where DiscoveryGen differs from Google.Apis on purpose, each difference asserted as it is on the wire (README.md,
/// "Divergences from Google.Apis"). If either library changes, the matching test fails and the README must change.
/// </summary>
[Trait("Needs", "SharedCorpus")]
public sealed class DivergenceTests
{
    private static readonly CannedResponse ObjectJson = CannedResponse.Json("""{"kind":"storage#object","name":"n"}""");

    [Fact]
    public async Task Headers_UserAgentAndApiClientNameEachLibrary_BothCarryTheApplicationName()
    {
        var (google, ours) = await CaptureAsync(
            ObjectJson,
            g => g.Objects.Get("b", "o").ExecuteAsync(),
            o => o.Objects.GetAsync("b", "o"));

        var googleVersion = typeof(Google.Apis.Services.BaseClientService).Assembly.GetName().Version!.ToString();
        Assert.Equal($"parity google-api-dotnet-client/{googleVersion} (gzip)", google.Header("User-Agent"));
        Assert.Matches(@"^parity DiscoveryGen/\d+\.\d+\.\d+$", ours.Header("User-Agent"));

        // D3: the same tokens, each library's own versions (Google.Apis names the .NET it was built for).
        Assert.Matches(@"^gl-dotnet/\d+\.\d+\.\d+ gdcl/\d+\.\d+\.\d+(\.\d+)?$", google.Header("x-goog-api-client"));
        Assert.Equal($"gl-dotnet/{Environment.Version.ToString(3)} gdcl/{typeof(DiscoveryGen.Runtime.ApiClient).Assembly.GetName().Version!.ToString(3)}", ours.Header("x-goog-api-client"));
        Assert.NotEqual(google.Header("x-goog-api-client"), ours.Header("x-goog-api-client"));

        // Authorization and x-goog-user-project: the same on both sides (compared on every row of the parity tables).
        Assert.Equal("Bearer " + ParityHarness.Token, google.Header("Authorization"));
        Assert.Equal(google.Header("Authorization"), ours.Header("Authorization"));
        Assert.Equal(ParityHarness.QuotaProject, google.Header("x-goog-user-project"));
        Assert.Equal(google.Header("x-goog-user-project"), ours.Header("x-goog-user-project"));
    }

    [Fact]
    public async Task Gzip_GoogleCompressesRequestBodiesByDefault_DiscoveryGenOnlyWhenAskedAndBothAcceptGzip()
    {
        var (google, ours) = await CaptureAsync(
            ObjectJson,
            g => g.Objects.Patch(new GData.Object { ContentType = "text/plain" }, "b", "o").ExecuteAsync(),
            o => o.Objects.PatchAsync("b", "o", new P.Object { ContentType = "text/plain" }));

        Assert.Equal("gzip", google.ContentEncoding);
        Assert.Equal(0x1f, google.WireBody[0]); // gzip magic
        Assert.Contains("gzip", google.Header("Accept-Encoding") ?? string.Empty, StringComparison.Ordinal);

        // Request-body gzip is opt-in here (RequestOptions/ClientOptions.GzipRequestBody); responses are accepted gzipped.
        Assert.Null(ours.ContentEncoding);
        Assert.Contains("gzip", ours.Header("Accept-Encoding") ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal("""{"contentType":"text/plain"}""", ours.BodyText);
        Assert.Equal(ours.BodyText, google.BodyText); // the same JSON once gunzipped
    }

    [Fact]
    public async Task Gzip_WithGZipDisabled_GoogleSendsThePlainBody()
    {
        await using var server = await LoopbackServer.StartAsync(_ => ObjectJson);
        using (var google = ParityHarness.GoogleStorage(server, gzip: false))
        {
            await google.Objects.Patch(new GData.Object { ContentType = "text/plain" }, "b", "o").ExecuteAsync();
        }

        var request = WireRequest.From(Assert.Single(server.Requests));
        Assert.Null(request.ContentEncoding);
        Assert.Equal("""{"contentType":"text/plain"}""", System.Text.Encoding.UTF8.GetString(request.WireBody));
    }

    [Fact]
    public async Task StandardParameters_NeitherSendsAltNorPrettyPrintByDefault()
    {
        var (google, ours) = await CaptureAsync(
            ObjectJson,
            g => g.Objects.Get("b", "o").ExecuteAsync(),
            o => o.Objects.GetAsync("b", "o"));

        foreach (var request in new[] { google, ours })
        {
            Assert.DoesNotContain(request.Query, p => p.Key is "alt" or "prettyPrint" or "key" or "fields" or "quotaUser");
        }
    }

    /// <summary>
    /// Google.Apis drops an optional query parameter whose value equals the discovery <c>default</c>; DiscoveryGen sends
    /// every parameter the caller set. The server applies the same value either way.
    /// </summary>
    [Theory]
    [InlineData("storage.objects.list", "maxResults", "1000")]
    [InlineData("storage.buckets.list", "maxResults", "1000")]
    [InlineData("storage.projects.hmacKeys.list", "maxResults", "250")]
    [InlineData("storage.buckets.insert", "enableObjectRetention", "false")]
    public async Task QueryValueEqualToTheDiscoveryDefault_GoogleOmitsIt_DiscoveryGenSendsIt(string methodId, string parameter, string value)
    {
        Assert.Equal(value, DiscoveryDefault(methodId, parameter));
        var (google, ours) = methodId switch
        {
            "storage.objects.list" => await CaptureAsync(
                CannedResponse.Json("{}"),
                g =>
                {
                    var r = g.Objects.List("b");
                    r.MaxResults = 1000;
                    return r.ExecuteAsync();
                },
                o => o.Objects.ListAsync("b", maxResults: 1000)),
            "storage.buckets.list" => await CaptureAsync(
                CannedResponse.Json("{}"),
                g =>
                {
                    var r = g.Buckets.List("p");
                    r.MaxResults = 1000;
                    return r.ExecuteAsync();
                },
                o => o.Buckets.ListAsync("p", maxResults: 1000)),
            "storage.projects.hmacKeys.list" => await CaptureAsync(
                CannedResponse.Json("{}"),
                g =>
                {
                    var r = g.Projects.HmacKeys.List("p");
                    r.MaxResults = 250;
                    return r.ExecuteAsync();
                },
                o => o.Projects.HmacKeys.ListAsync("p", maxResults: 250)),
            _ => await CaptureAsync(
                CannedResponse.Json("{}"),
                g =>
                {
                    var r = g.Buckets.Insert(new GData.Bucket { Name = "n" }, "p");
                    r.EnableObjectRetention = false;
                    return r.ExecuteAsync();
                },
                o => o.Buckets.InsertAsync("p", new P.Bucket { Name = "n" }, enableObjectRetention: false)),
        };

        Assert.DoesNotContain(google.Query, p => p.Key == parameter);
        Assert.Contains(new KeyValuePair<string, string>(parameter, value), ours.Query);
        Assert.Equal(google.Query.OrderBy(p => p.Key, StringComparer.Ordinal), ours.Query.Where(p => p.Key != parameter).OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    /// <summary>
    /// An empty-string query value: Google.Apis' RequestBuilder writes the bare name (<c>?prefix</c>), DiscoveryGen
    /// writes <c>?prefix=</c> (the form-urlencoded spelling). Both decode to the same name with an empty value.
    /// </summary>
    [Fact]
    public async Task EmptyStringQueryValue_GoogleSendsTheBareName_DiscoveryGenSendsNameEquals()
    {
        var (google, ours) = await CaptureAsync(
            CannedResponse.Json("{}"),
            g =>
            {
                var r = g.Objects.List("b");
                r.Prefix = string.Empty;
                r.Delimiter = string.Empty;
                return r.ExecuteAsync();
            },
            o => o.Objects.ListAsync("b", delimiter: string.Empty, prefix: string.Empty));

        Assert.Equal("/storage/v1/b/b/o?delimiter&prefix", google.RawTarget);
        Assert.Equal("/storage/v1/b/b/o?delimiter=&prefix=", ours.RawTarget);
        Assert.Equal(google.Query.OrderBy(p => p.Key, StringComparer.Ordinal), ours.Query.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.All(ours.Query, p => Assert.Equal(string.Empty, p.Value));
    }

    [Fact]
    public async Task Int64BodyFields_GoogleWritesJsonNumbers_DiscoveryGenWritesJsonStrings()
    {
        var (google, ours) = await CaptureAsync(
            ObjectJson,
            g => g.Objects.Compose(new GData.ComposeRequest { SourceObjects = new List<GData.ComposeRequest.SourceObjectsData> { new() { Name = "a", Generation = 9007199254740993 } } }, "b", "o").ExecuteAsync(),
            o => o.Objects.ComposeAsync("b", "o", new P.ComposeRequest { SourceObjects = new List<P.ComposeRequestSourceObjectsItem> { new() { Name = "a", Generation = 9007199254740993 } } }));

        Assert.Equal("""{"sourceObjects":[{"generation":9007199254740993,"name":"a"}]}""", google.BodyText);
        Assert.Equal("""{"sourceObjects":[{"generation":"9007199254740993","name":"a"}]}""", ours.BodyText);
    }

    /// <summary>
    /// Both keep the value's offset. Google.Apis 1.78 drops a zero minutes part (<c>+02</c>, which RFC 3339 does not
    /// allow: it requires <c>+02:00</c>) and writes 0, 3 or 9 fraction digits; DiscoveryGen writes RFC 3339
    /// (<c>+02:00</c>, <c>Z</c> for UTC) with the shortest exact fraction. Same instant either way.
    /// </summary>
    [Theory]
    [InlineData(500, 120, "2024-05-01T10:00:00.500+02", "2024-05-01T10:00:00.5+02:00")]
    [InlineData(0, 120, "2024-05-01T10:00:00+02", "2024-05-01T10:00:00+02:00")]
    [InlineData(0, 330, "2024-05-01T10:00:00+05:30", "2024-05-01T10:00:00+05:30")]
    [InlineData(120, -150, "2024-05-01T10:00:00.120-02:30", "2024-05-01T10:00:00.12-02:30")]
    [InlineData(500, 0, "2024-05-01T10:00:00.500Z", "2024-05-01T10:00:00.5Z")]
    [InlineData(0, 0, "2024-05-01T10:00:00Z", "2024-05-01T10:00:00Z")]
    public async Task DateTimeBodyFields_BothKeepTheOffset_OnlyDiscoveryGenWritesRfc3339Offsets(int milliseconds, int offsetMinutes, string googleText, string ourText)
    {
        var time = new DateTimeOffset(2024, 5, 1, 10, 0, 0, milliseconds, TimeSpan.FromMinutes(offsetMinutes));
        var (google, ours) = await CaptureAsync(
            ObjectJson,
            g => g.Objects.Patch(new GData.Object { CustomTimeDateTimeOffset = time }, "b", "o").ExecuteAsync(),
            o => o.Objects.PatchAsync("b", "o", new P.Object { CustomTime = time }));

        Assert.Equal(googleText, google.Json!["customTime"]!.GetValue<string>());
        Assert.Equal(ourText, ours.Json!["customTime"]!.GetValue<string>());
        Assert.Equal(time, DateTimeOffset.ParseExact(ourText, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture));
        Assert.Equal(time.Offset, DateTimeOffset.Parse(ourText, CultureInfo.InvariantCulture).Offset);
    }

    [Fact]
    public async Task JsonStrings_BothSendUtf8AsIs_OnlyQuotesAndControlCharactersEscaped()
    {
        const string Name = "é <&> \"q\" +";
        var (google, ours) = await CaptureAsync(
            ObjectJson,
            g => g.Objects.Patch(new GData.Object { ContentDisposition = Name }, "b", "o").ExecuteAsync(),
            o => o.Objects.PatchAsync("b", "o", new P.Object { ContentDisposition = Name }));

        Assert.Equal("""{"contentDisposition":"é <&> \"q\" +"}""", google.BodyText);
        Assert.Equal(google.BodyText, ours.BodyText);
        Assert.Equal(Name, google.Json!["contentDisposition"]!.GetValue<string>());
        Assert.Equal(Name, ours.Json!["contentDisposition"]!.GetValue<string>());
    }

    /// <summary>
    /// Google.Apis formats query numbers with the current culture (long.ToString()); under sv-SE a negative value gets
    /// U+2212 MINUS SIGN. DiscoveryGen always formats with the invariant culture.
    /// </summary>
    [Fact]
    public async Task QueryNumbers_DiscoveryGenIsInvariant_GoogleFollowsTheCurrentCulture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("sv-SE");
            Assert.Equal("\u22125", (-5L).ToString(CultureInfo.CurrentCulture)); // ICU data is present: the premise holds
            var (google, ours) = await CaptureAsync(
                ObjectJson,
                g =>
                {
                    var r = g.Objects.Get("b", "o");
                    r.IfGenerationNotMatch = -5;
                    return r.ExecuteAsync();
                },
                o => o.Objects.GetAsync("b", "o", ifGenerationNotMatch: -5));

            Assert.Equal(new[] { new KeyValuePair<string, string>("ifGenerationNotMatch", "\u22125") }, google.Query);
            Assert.Equal(new[] { new KeyValuePair<string, string>("ifGenerationNotMatch", "-5") }, ours.Query);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    /// <summary>
    /// Google.Apis retries a 503, and only a 503, for every verb (its default UnsuccessfulResponse503 back-off policy);
    /// DiscoveryGen retries 408/429/500/502/503/504 for idempotent calls only (AIP-194), so a POST without a request id
    /// or precondition is never repeated, while a GET answered 500 is.
    /// </summary>
    [Fact]
    public async Task Retries_GoogleRepeatsA503OfAnyVerb_DiscoveryGenRepeatsOnlyIdempotentCalls()
    {
        var failNext = true;
        await using var server = await LoopbackServer.StartAsync(request =>
        {
            if (failNext)
            {
                failNext = false;
                return CannedResponse.Json(request.Method == "POST" ? """{"error":{"code":503,"message":"busy"}}""" : """{"error":{"code":500,"message":"oops"}}""", request.Method == "POST" ? 503 : 500);
            }

            return ObjectJson;
        });
        var compose = new GData.ComposeRequest { SourceObjects = new List<GData.ComposeRequest.SourceObjectsData> { new() { Name = "a" }, new() { Name = "b" } } };
        var ourCompose = new P.ComposeRequest { SourceObjects = new List<P.ComposeRequestSourceObjectsItem> { new() { Name = "a" }, new() { Name = "b" } } };
        using var google = ParityHarness.GoogleStorage(server);
        using var http = new HttpClient();
        var ours = ParityHarness.OurStorage(http, server);

        // objects.compose: a POST with no request id and no precondition, answered 503 once.
        await google.Objects.Compose(compose, "b", "c").ExecuteAsync();
        Assert.Equal(2, server.Requests.Count);
        failNext = true;
        var refused = await Assert.ThrowsAsync<DiscoveryGen.Runtime.ApiException>(() => ours.Objects.ComposeAsync("b", "c", ourCompose));
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(3, server.Requests.Count);

        // objects.get: a GET answered 500 once.
        failNext = true;
        var failed = await Assert.ThrowsAsync<Google.GoogleApiException>(() => google.Objects.Get("b", "o").ExecuteAsync());
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, failed.HttpStatusCode);
        Assert.Equal(4, server.Requests.Count);
        failNext = true;
        await ours.Objects.GetAsync("b", "o");
        Assert.Equal(6, server.Requests.Count);
        Assert.Equal(new[] { "POST", "POST", "POST", "GET", "GET", "GET" }, server.Requests.Select(r => r.Method));
    }

    /// <summary>
    /// storage.v1 marks <c>acl</c> as required (<c>annotations.required</c>) in the body of objects.update and
    /// buckets.update: Google.Apis sends the call without it, DiscoveryGen refuses before sending.
    /// </summary>
    [Fact]
    public async Task RequiredBodyProperty_GoogleSendsWithoutIt_DiscoveryGenThrowsBeforeSending()
    {
        await using var server = await LoopbackServer.StartAsync(_ => ObjectJson);
        using var google = ParityHarness.GoogleStorage(server);
        using var http = new HttpClient();
        var ours = ParityHarness.OurStorage(http, server);

        await google.Objects.Update(new GData.Object { Name = "n", ContentLanguage = "fi" }, "b", "n").ExecuteAsync();
        await google.Buckets.Update(new GData.Bucket { Name = "b", StorageClass = "STANDARD" }, "b").ExecuteAsync();
        Assert.Equal(new[] { "PUT", "PUT" }, server.Requests.Select(r => r.Method));
        Assert.All(server.Requests.Select(WireRequest.From), r => Assert.False(r.Json!.AsObject().ContainsKey("acl")));

        var objectError = await Assert.ThrowsAsync<ArgumentException>(() => ours.Objects.UpdateAsync("b", "n", new P.Object { Name = "n", ContentLanguage = "fi" }));
        var bucketError = await Assert.ThrowsAsync<ArgumentException>(() => ours.Buckets.UpdateAsync("b", new P.Bucket { Name = "b", StorageClass = "STANDARD" }));
        Assert.Contains("acl", objectError.Message, StringComparison.Ordinal);
        Assert.Contains("acl", bucketError.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
    }

    /// <summary>
    /// Google.Apis turns a body's <c>etag</c> into an <c>If-Match</c> header on PUT/PATCH (its ETagAction.Default);
    /// DiscoveryGen sends the body as given and <c>If-Match</c> only when the caller sets it (RequestOptions.Headers),
    /// which then matches Google's request header for header.
    /// </summary>
    [Fact]
    public async Task BodyEtag_GoogleSendsItAsIfMatch_DiscoveryGenOnlyWhenTheCallerAsks()
    {
        var acl = new List<GData.ObjectAccessControl> { new() { Entity = "allUsers", Role = "READER" } };
        var ourAcl = new List<P.ObjectAccessControl> { new() { Entity = "allUsers", Role = "READER" } };
        var (google, ours) = await CaptureAsync(
            ObjectJson,
            g => g.Objects.Update(new GData.Object { Name = "n", ETag = "CAE=", Acl = acl }, "b", "n").ExecuteAsync(),
            o => o.Objects.UpdateAsync("b", "n", new P.Object { Name = "n", Etag = "CAE=", Acl = ourAcl }));

        Assert.Equal("CAE=", google.Header("If-Match"));
        Assert.Null(ours.Header("If-Match"));
        Assert.Contains(WireComparer.Compare(google, ours, DiscoverySchemas.Load(ParityCorpus.StoragePath), "storage.objects.update").Differences,
            d => d.StartsWith("Header If-Match", StringComparison.Ordinal));

        var (_, asked) = await CaptureAsync(
            ObjectJson,
            g => g.Objects.Update(new GData.Object { Name = "n", ETag = "CAE=", Acl = acl }, "b", "n").ExecuteAsync(),
            o => o.Objects.UpdateAsync("b", "n", new P.Object { Name = "n", Etag = "CAE=", Acl = ourAcl },
                options: new DiscoveryGen.Runtime.RequestOptions { Headers = new Dictionary<string, string> { ["If-Match"] = "CAE=" } }));
        ParityHarness.AssertSameRequest(WireComparer.Compare(google, asked, DiscoverySchemas.Load(ParityCorpus.StoragePath), "storage.objects.update"), "objects.update with If-Match");
    }

    /// <summary>Reading: Google.Apis' DateTimeOffset accessors reject RFC 3339 fractions other than 3 digits long.</summary>
    [Fact]
    public async Task ReadingDateTime_WithOneFractionDigit_DiscoveryGenParses_GoogleThrows()
    {
        const string Body = """{"kind":"storage#object","name":"n","timeCreated":"2024-01-02T00:00:00.5Z"}""";
        await using var server = await LoopbackServer.StartAsync(_ => CannedResponse.Json(Body));
        using var google = ParityHarness.GoogleStorage(server);
        using var http = new HttpClient();

        var g = await google.Objects.Get("b", "n").ExecuteAsync();
        var o = await ParityHarness.OurStorage(http, server).Objects.GetAsync("b", "n");

        Assert.Equal("2024-01-02T00:00:00.5Z", g.TimeCreatedRaw);
        Assert.Throws<FormatException>(() => g.TimeCreatedDateTimeOffset);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 0, 0, 0, 500, TimeSpan.Zero), o.TimeCreated);
    }

    private static string? DiscoveryDefault(string methodId, string parameter)
    {
        using var document = JsonDocument.Parse(System.IO.File.ReadAllBytes(ParityCorpus.StoragePath));
        var path = methodId.Split('.').Skip(1).ToArray();
        var node = document.RootElement;
        for (var i = 0; i < path.Length - 1; i++)
        {
            node = node.GetProperty("resources").GetProperty(path[i]);
        }

        var p = node.GetProperty("methods").GetProperty(path[^1]).GetProperty("parameters").GetProperty(parameter);
        return p.TryGetProperty("default", out var value) ? value.GetString() : null;
    }

    private static async Task<(WireRequest Google, WireRequest Ours)> CaptureAsync(
        CannedResponse response, Func<G.StorageService, Task> google, Func<PS, Task> ours)
    {
        await using var server = await LoopbackServer.StartAsync(_ => response);
        using (var googleService = ParityHarness.GoogleStorage(server))
        {
            await google(googleService);
        }

        using var http = new HttpClient();
        await ours(ParityHarness.OurStorage(http, server));
        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        return (WireRequest.From(requests[0]), WireRequest.From(requests[1]));
    }
}
#endif
