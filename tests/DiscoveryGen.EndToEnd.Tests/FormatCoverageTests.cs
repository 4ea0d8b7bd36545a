using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Synthetic.Features;
using Xunit;

namespace DiscoveryGen.EndToEnd.Tests;

/// <summary>Every discovery type and feature, generated at build time from the synthetic features document, on the wire.</summary>
public sealed class FormatCoverageTests : LoopbackTest
{
    private FeatureTestService _service = null!;

    protected override void OnStarted()
    {
        _service = new FeatureTestService(Http, new ClientOptions { BaseUri = new Uri(Server.BaseUri, "api/") });
    }

    private static Everything Full() => new()
    {
        Text = "t",
        Int32 = -5,
        Uint32 = 4_000_000_000,
        Int64 = -9_007_199_254_740_993,
        Uint64 = 18_446_744_073_709_551_615,
        Double = 0.1,
        Float = 1.5f,
        Flag = true,
        Day = new DateOnly(2024, 2, 29),
        Instant = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.FromHours(2)),
        GoogleInstant = new DateTimeOffset(2024, 5, 1, 12, 0, 0, 250, TimeSpan.FromHours(2)),
        Duration = TimeSpan.FromSeconds(3.5),
        Mask = new FieldMask("a.b", "c"),
        Bytes = new byte[] { 0xfb, 0xff, 0x00 },
        Anything = JsonDocument.Parse("""{"free":[1,"x",null]}""").RootElement.Clone(),
        Level = EverythingLevel.High,
        Numbers = new List<long> { 1, -2 },
        Matrix = new List<List<int>> { new() { 1, 2 }, new() { 3 } },
        Counts = new Dictionary<string, long> { ["a"] = 10_000_000_000 },
        Children = new List<Everything> { new() { Text = "child" } },
        Parts = new List<EverythingPartsItem> { new() { PartName = "p" } },
        Nested = new EverythingNested { Deeper = new EverythingNestedDeeper { Leaf = false } },
        OutputOnly = "never sent",
        RequiredOnCreate = "present",
    };

    [Fact]
    public async Task EveryTypeIsWrittenInItsWireFormat()
    {
        Server.Responder = r => CannedResponse.Json(r.BodyText);

        await _service.Things.CreateAsync("projects/p1", "thing-1", Full());

        var body = JsonDocument.Parse(Server.Requests[0].Body).RootElement;
        Assert.Equal(-5, body.GetProperty("int32").GetInt32());
        Assert.Equal(4_000_000_000, body.GetProperty("uint32").GetUInt32());
        Assert.Equal("-9007199254740993", body.GetProperty("int64").GetString());
        Assert.Equal("18446744073709551615", body.GetProperty("uint64").GetString());
        Assert.Equal(0.1, body.GetProperty("double").GetDouble());
        Assert.True(body.GetProperty("flag").GetBoolean());
        Assert.Equal("2024-02-29", body.GetProperty("day").GetString());
        Assert.Equal("2024-05-01T12:00:00+02:00", body.GetProperty("instant").GetString());
        Assert.Equal("2024-05-01T10:00:00.25Z", body.GetProperty("googleInstant").GetString());
        Assert.Equal("3.5s", body.GetProperty("duration").GetString());
        Assert.Equal("a.b,c", body.GetProperty("mask").GetString());
        Assert.Equal("+/8A", body.GetProperty("bytes").GetString());
        Assert.Equal("x", body.GetProperty("anything").GetProperty("free")[1].GetString());
        Assert.Equal("HIGH", body.GetProperty("level").GetString());
        Assert.Equal(new[] { "1", "-2" }, body.GetProperty("numbers").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3, body.GetProperty("matrix")[1][0].GetInt32());
        Assert.Equal("10000000000", body.GetProperty("counts").GetProperty("a").GetString());
        Assert.Equal("child", body.GetProperty("children")[0].GetProperty("text").GetString());
        Assert.Equal("p", body.GetProperty("parts")[0].GetProperty("partName").GetString());
        Assert.False(body.GetProperty("nested").GetProperty("deeper").GetProperty("leaf").GetBoolean());
        Assert.False(body.TryGetProperty("outputOnly", out _));
    }

    [Fact]
    public async Task EveryTypeRoundTripsThroughTheReader()
    {
        var sent = Full();
        Server.Responder = r => CannedResponse.Json(r.BodyText);

        var back = await _service.Things.CreateAsync("projects/p1", "thing-1", sent);

        Assert.Equal(sent.Int32, back.Int32);
        Assert.Equal(sent.Uint32, back.Uint32);
        Assert.Equal(sent.Int64, back.Int64);
        Assert.Equal(sent.Uint64, back.Uint64);
        Assert.Equal(sent.Double, back.Double);
        Assert.Equal(sent.Float, back.Float);
        Assert.Equal(sent.Day, back.Day);
        Assert.Equal(sent.Instant, back.Instant);
        Assert.Equal(sent.GoogleInstant, back.GoogleInstant);
        Assert.Equal(sent.Duration, back.Duration);
        Assert.Equal(sent.Mask, back.Mask);
        Assert.Equal(sent.Bytes, back.Bytes);
        Assert.Equal(sent.Level, back.Level);
        Assert.Equal(sent.Numbers, back.Numbers);
        Assert.Equal(sent.Matrix, back.Matrix);
        Assert.Equal(sent.Counts, back.Counts);
        Assert.Equal("child", back.Children![0].Text);
        Assert.False(back.Nested!.Deeper!.Leaf);
        Assert.Null(back.OutputOnly);
    }

    [Fact]
    public async Task Int64ReadsFromNumbersToo_AndBase64UrlIsTolerated()
    {
        Server.Responder = _ => CannedResponse.Json("""{"int64": 42, "uint64": "7", "bytes": "-_8A", "float": "NaN", "int32": "12"}""");

        var value = await _service.Things.GetAsync("x");

        Assert.Equal(42, value.Int64);
        Assert.Equal(7UL, value.Uint64);
        Assert.Equal(new byte[] { 0xfb, 0xff, 0x00 }, value.Bytes);
        Assert.True(float.IsNaN(value.Float!.Value));
        Assert.Equal(12, value.Int32);
    }

    [Fact]
    public async Task UnknownPropertiesSurviveReadModifyWrite()
    {
        Server.Responder = _ => CannedResponse.Json("""{"text":"a","futureField":{"x":[1,2]},"futureFlag":true,"nested":{"deeper":{"leaf":true,"futureLeaf":"z"}}}""");
        var value = await _service.Things.GetAsync("x");
        value.Text = "changed";

        Server.Responder = r => CannedResponse.Json("{}");
        await _service.Things.CreateAsync("projects/p1", "thing-1", new Everything
        {
            Text = value.Text,
            ExtensionData = value.ExtensionData,
            Nested = value.Nested,
            RequiredOnCreate = "r",
        });

        var body = JsonDocument.Parse(Server.Requests[1].Body).RootElement;
        Assert.Equal("changed", body.GetProperty("text").GetString());
        Assert.Equal(2, body.GetProperty("futureField").GetProperty("x")[1].GetInt32());
        Assert.True(body.GetProperty("futureFlag").GetBoolean());
        Assert.Equal("z", body.GetProperty("nested").GetProperty("deeper").GetProperty("futureLeaf").GetString());
    }

    [Fact]
    public async Task NullFields_SendsAnExplicitNullOnPurpose()
    {
        await _service.Things.CreateAsync("projects/p1", "thing-1", new Everything
        {
            RequiredOnCreate = "r",
            NullFields = new HashSet<string> { "text", "counts", "level" },
            Level = EverythingLevel.Low,
        });

        var body = JsonDocument.Parse(Server.Requests[0].Body).RootElement;
        Assert.Equal(JsonValueKind.Null, body.GetProperty("text").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("counts").ValueKind);
        Assert.Equal("LOW", body.GetProperty("level").GetString());
        Assert.False(body.TryGetProperty("int32", out _));
    }

    [Fact]
    public async Task TypedAdditionalPropertiesBesideFixedOnes()
    {
        Server.Responder = r => CannedResponse.Json(r.BodyText);

        var back = await _service.Things.LabelsAsync(new Labels { Owner = "me", AdditionalProperties = new() { ["cpu"] = 4, ["ram"] = 16 } });

        var body = JsonDocument.Parse(Server.Requests[0].Body).RootElement;
        Assert.Equal("me", body.GetProperty("owner").GetString());
        Assert.Equal(4, body.GetProperty("cpu").GetInt32());
        Assert.Equal("me", back.Owner);
        Assert.Equal(16, back.AdditionalProperties!["ram"]);
        Assert.False(back.AdditionalProperties.ContainsKey("owner"));
    }

    [Fact]
    public async Task QueryParameters_AreSerializedInvariantlyAndEncoded()
    {
        var original = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo("fi-FI");
        try
        {
            await _service.Things.CreateAsync(
                "projects/p1",
                "thing-1",
                new Everything { RequiredOnCreate = "r" },
                pageSize: 10,
                ratio: 0.25,
                generation: 1_234_567_890_123,
                since: new DateOnly(2024, 1, 31),
                at: new DateTimeOffset(2024, 1, 31, 23, 0, 0, TimeSpan.FromHours(-5)),
                timeout: TimeSpan.FromMilliseconds(1500),
                updateMask: "text,level",
                view: ThingsCreateView(),
                tags: new[] { "a b", "ü&=" },
                ids: new long[] { -1, 2 },
                legacy: false);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = original;
        }

        var request = Server.Requests[0];
        Assert.Equal("/api/v1/projects/p1/things", request.Path);
        Assert.Equal("2024-05-01", request.Headers["X-Goog-Api-Version"]);
        Assert.Equal(new[] { "thing-1" }, request.QueryValues("thingId"));
        Assert.Equal(new[] { "10" }, request.QueryValues("pageSize"));
        Assert.Equal(new[] { "0.25" }, request.QueryValues("ratio"));
        Assert.Equal(new[] { "1234567890123" }, request.QueryValues("generation"));
        Assert.Equal(new[] { "2024-01-31" }, request.QueryValues("since"));
        Assert.Equal(new[] { "2024-02-01T04:00:00Z" }, request.QueryValues("at"));
        Assert.Equal(new[] { "1.5s" }, request.QueryValues("timeout"));
        Assert.Equal(new[] { "text,level" }, request.QueryValues("updateMask"));
        Assert.Equal(new[] { "FULL" }, request.QueryValues("view"));
        Assert.Equal(new[] { "a b", "ü&=" }, request.QueryValues("tags"));
        Assert.Contains("tags=a%20b&tags=%C3%BC%26%3D", request.RawTarget, StringComparison.Ordinal);
        Assert.Equal(new[] { "-1", "2" }, request.QueryValues("ids"));
        Assert.Equal(new[] { "false" }, request.QueryValues("legacy"));
    }

    private static FeatureTestService.ThingsResource.CreateView ThingsCreateView() => FeatureTestService.ThingsResource.CreateView.Full;

    [Theory]
    [InlineData(0, null, "pageSize")]
    [InlineData(1001, null, "pageSize")]
    [InlineData(null, 1.5, "ratio")]
    [InlineData(null, -0.1, "ratio")]
    public async Task MinimumAndMaximum_AreCheckedBeforeSending(int? pageSize, double? ratio, string parameter)
    {
        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            _service.Things.CreateAsync("projects/p1", "thing-1", new Everything { RequiredOnCreate = "r" }, pageSize: pageSize, ratio: ratio));

        Assert.Equal(parameter, ex.ParamName);
        Assert.Empty(Server.Requests);
    }

    [Theory]
    [InlineData("projects/p1/extra", "thing-1", "parent")]
    [InlineData("projects/p1", "Bad_Id", "thingId")]
    [InlineData("projects/p1", "thing-1\n", "thingId")]   // .NET's $ also matches before a final \n; RE2's (and ours) does not
    public async Task QueryAndPathPatterns_AreCheckedBeforeSending(string parent, string thingId, string parameter)
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() =>
            _service.Things.CreateAsync(parent, thingId, new Everything { RequiredOnCreate = "r" }));

        Assert.Equal(parameter, ex.ParamName);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task RequiredAnnotation_IsCheckedBeforeSending()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _service.Things.CreateAsync("projects/p1", "thing-1", new Everything()));

        Assert.Equal("body", ex.ParamName);
        Assert.Contains("requiredOnCreate", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task Variant_ReadsTheMappedTypeByDiscriminant()
    {
        Server.Responder = _ => CannedResponse.Json("""{"kind":"circle","radius":2.5,"id":"c-1"}""");

        var shape = await _service.Things.ShapeAsync();

        Assert.Equal("circle", shape.Kind);
        var circle = shape.AsCircle();
        Assert.NotNull(circle);
        Assert.Equal(2.5, circle!.Radius);
        Assert.Equal("c-1", circle.Id);
        Assert.Null(shape.AsSquare());
    }

    [Fact]
    public async Task NamesThatCollideWithOurParameters_AreRenamedAndStillSent()
    {
        Server.Responder = r => CannedResponse.Json(r.BodyText);

        var back = await _service.Things.NamesAsync("obj", new Names { Class = "c", _2fa = true, Ref = "r", Type = "t" }, optionsValue: "o", bodyValue: "b", cancellationTokenValue: "x");

        var request = Server.Requests[0];
        Assert.Equal("/api/v1/names/obj", request.Path);
        Assert.Equal(new[] { "o" }, request.QueryValues("options"));
        Assert.Equal(new[] { "b" }, request.QueryValues("body"));
        Assert.Equal(new[] { "x" }, request.QueryValues("cancellationToken"));
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("c", body.GetProperty("class").GetString());
        Assert.True(body.GetProperty("2fa").GetBoolean());
        Assert.Equal("r", body.GetProperty("$ref").GetString());
        Assert.Equal("t", body.GetProperty("@type").GetString());
        Assert.Equal("c", back.Class);
    }

    [Fact]
    public async Task AliasSchemas_ResolveToTheirTypes()
    {
        Server.Responder = _ => CannedResponse.Json("""[{"text":"one"},{"text":"two"}]""");

        var list = await _service.Things.AliasAsync(new Wrapper { Alias = "plain string", List = new List<Everything> { new() { Text = "in" } } });

        Assert.Equal(new[] { "one", "two" }, list.Select(e => e.Text));
        var body = JsonDocument.Parse(Server.Requests[0].Body).RootElement;
        Assert.Equal("plain string", body.GetProperty("alias").GetString());
        Assert.Equal("in", body.GetProperty("list")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task TopLevelMethodsAndDeepResources()
    {
        await _service.PingAsync();
        await _service.Things.Get.GetAsync();
        await _service.Things.Things.Deep.ListAsync(pageToken: "t");

        Assert.Equal(new[] { "/api/ping", "/api/v1/get/get", "/api/v1/deep" }, Server.Requests.Select(r => r.Path));
    }

    [Fact]
    public void Endpoints_AreSelectableByLocation()
    {
        using var http = new HttpClient();
        Assert.Equal(new Uri("https://us-east1-features.example.com/api/"), new FeatureTestService(http, new ClientOptions { Location = "us-east1" }).Client.BaseUri);
        Assert.Equal(new Uri("https://features.example.com/api/"), new FeatureTestService(http).Client.BaseUri);
        Assert.Equal(new Uri("https://features.mtls.example.com/api/"), FeatureTestService.MtlsBaseUri);
        Assert.Equal(new[] { "europe-west4", "us-east1" }, FeatureTestService.Endpoints.Keys.OrderBy(k => k, StringComparer.Ordinal));
        var ex = Assert.Throws<ArgumentException>(() => new FeatureTestService(http, new ClientOptions { Location = "mars-north1" }));
        Assert.Contains("europe-west4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeprecatedElements_AreObsolete_AndCollidingSchemasAreRenamed()
    {
        var old = Assert.IsType<ObsoleteAttribute>(typeof(FeatureTestService.ThingsResource).GetMethod("OldAsync")!.GetCustomAttributes(typeof(ObsoleteAttribute), false).SingleOrDefault());
        Assert.Equal("Deprecated: use `get` instead.", old.Message);
        Assert.Equal("DGAPI001", old.DiagnosticId);
        var oldField = Assert.IsType<ObsoleteAttribute>(typeof(Everything).GetProperty("OldField")!.GetCustomAttributes(typeof(ObsoleteAttribute), false).SingleOrDefault());
        Assert.Equal("Deprecated in the API.", oldField.Message);
        Assert.Equal("DGAPI001", oldField.DiagnosticId);
        Assert.NotNull(typeof(EverythingLevel).GetProperty("Legacy")!.GetCustomAttributes(typeof(ObsoleteAttribute), false).SingleOrDefault());
        Assert.Null(typeof(EverythingLevel).GetProperty("High")!.GetCustomAttributes(typeof(ObsoleteAttribute), false).SingleOrDefault());
        Assert.Equal("FeatureTestServiceModel", typeof(FeatureTestServiceModel).Name);
        Assert.Equal("RequestOptionsModel", typeof(RequestOptionsModel).Name);
        Assert.Equal("ApiExceptionModel", typeof(ApiExceptionModel).Name);
    }

    [Fact]
    public void MethodTable_CarriesFlatPathAndScopes()
    {
        var create = FeatureTestService.Methods.Single(m => m.Id == "features.things.create");
        Assert.Equal("v1/projects/{projectsId}/things", create.FlatPath);
        Assert.Equal(new[] { "https://www.googleapis.com/auth/cloud-platform" }, create.Scopes);
        Assert.Equal(FeatureTestService.CloudPlatformScope, create.Scopes[0]);
        Assert.Equal(10, FeatureTestService.Methods.Count);
    }
}

/// <summary>APIs with the dataWrapper feature wrap bodies in {"data": ...} both ways.</summary>
public sealed class DataWrapperTests
{
    [Fact]
    public async Task RequestAndResponse_AreWrappedInData()
    {
        await using var server = await LoopbackServer.StartAsync(_ => CannedResponse.Json("""{"data":{"translations":[{"translatedText":"Hallo"}]}}"""));
        using var http = new HttpClient();
        var service = new Synthetic.Wrapped.WrappedService(http, new ClientOptions { BaseUri = new Uri(server.BaseUri, "language/wrapped/v2/") });

        var result = await service.Translations.TranslateAsync(new Synthetic.Wrapped.TranslateRequest { Q = new() { "Hello" }, Target = "de" });

        Assert.Equal("Hallo", result.Translations![0].TranslatedText);
        var body = JsonDocument.Parse(server.Requests[0].Body).RootElement;
        Assert.Equal("Hello", body.GetProperty("data").GetProperty("q")[0].GetString());
        Assert.Equal("/language/wrapped/v2/v2", server.Requests[0].Path);
    }
}
