using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Acme.Gemini;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Xunit;

namespace DiscoveryGen.EndToEnd.Tests;

/// <summary>Typed resource names against a real Kestrel server on 127.0.0.1 (README "Typed resource names").</summary>
public sealed class ResourceNameEndToEndTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;
    private HttpClient _http = null!;
    private CloudAICompanionService _service = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(Answer);
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        _service = new CloudAICompanionService(_http, new ClientOptions { BaseUri = _server.BaseUri });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    /// <summary>Two pages of operations (one done), and an empty answer to every cancel.</summary>
    private static CannedResponse Answer(RecordedRequest request)
    {
        if (request.Method == "GET" && request.Path == "/v1/projects/p1/locations/global/operations")
        {
            return request.QueryValues("pageToken").Any()
                ? CannedResponse.Json("""{"operations":[{"name":"projects/p1/locations/global/operations/op-3","done":false}]}""")
                : CannedResponse.Json("""{"operations":[{"name":"projects/p1/locations/global/operations/op-1","done":false},{"name":"projects/p1/locations/global/operations/op-0","done":true},{"name":"projects/p1/locations/global/operations/op 2","done":false}],"nextPageToken":"t2"}""");
        }

        return request.Method is "POST" or "DELETE" ? CannedResponse.Json("{}") : new CannedResponse(404, """{"error":{"code":404,"message":"no route"}}""");
    }

    [Fact]
    public async Task ANameValue_IsAcceptedWhereTheMethodTakesAString_AndSentAsTheSamePath()
    {
        await _service.Projects.Locations.Operations.CancelAsync(new OperationName("p1", "global", "op-1"));

        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/projects/p1/locations/global/operations/op-1:cancel", request.RawTarget);
    }

    [Fact]
    public async Task ComponentsAreEscapedPerSegmentOnTheWire_AndToStringKeepsThemAsTheApiWritesThem()
    {
        var name = new OperationName("p1", "global", "op ü:1");

        await _service.Projects.Locations.Operations.CancelAsync(name);

        Assert.Equal("projects/p1/locations/global/operations/op ü:1", name.ToString());
        Assert.Equal("/v1/projects/p1/locations/global/operations/op%20%C3%BC%3A1:cancel", Assert.Single(_server.Requests).RawTarget);
    }

    [Fact]
    public void AComponentWithASlash_IsRejectedWhenTheNameBecomesText_BeforeAnyRequest()
    {
        var name = new OperationName("p1", "global/x", "op-1");
        var renamed = new OperationName("p1", "global", "op-1") with { Operation = "op/2" };

        Assert.Equal("Location", Assert.Throws<ArgumentException>(() => name.ToString()).ParamName);
        Assert.Equal("Location", Assert.Throws<ArgumentException>(() => { _ = _service.Projects.Locations.Operations.CancelAsync(name); }).ParamName);
        Assert.Equal("Operation", Assert.Throws<ArgumentException>(() => { _ = _service.Projects.Locations.Operations.GetAsync(renamed); }).ParamName);
        Assert.Equal("Project", Assert.Throws<ArgumentNullException>(() => (string)new OperationName(null!, "global", "op-1")).ParamName);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task NamesReturnedByTheServer_ParseIntoTheirComponents_AndAShapeMismatchIsReported()
    {
        var page = await _service.Projects.Locations.Operations.ListAsync(new LocationName("p1", "global"));

        var first = OperationName.Parse(page.Operations![0].Name);
        Assert.Equal(("p1", "global", "op-1"), (first.Project, first.Location, first.Operation));
        Assert.Equal(new OperationName("p1", "global", "op-1"), first);
        Assert.Equal(page.Operations[0].Name, first.ToString());
        Assert.False(LocationName.TryParse(page.Operations[0].Name, out _));
        Assert.Throws<FormatException>(() => LocationName.Parse(page.Operations[0].Name));
        Assert.Equal("/v1/projects/p1/locations/global/operations", Assert.Single(_server.Requests).RawTarget);
    }

    [Fact]
    public async Task AppCode_ListsWithANameAndCancelsByParsedNames()
    {
        var cancelled = await OperationJanitor.CancelUnfinishedAsync(_service, new LocationName("p1", "global"));

        Assert.Equal(new[] { "op-1", "op 2", "op-3" }, cancelled);
        Assert.Equal(
            new[]
            {
                "GET /v1/projects/p1/locations/global/operations",
                "POST /v1/projects/p1/locations/global/operations/op-1:cancel",
                "POST /v1/projects/p1/locations/global/operations/op%202:cancel",
                "GET /v1/projects/p1/locations/global/operations?pageToken=t2",
                "POST /v1/projects/p1/locations/global/operations/op-3:cancel",
            },
            _server.Requests.Select(r => r.Method + " " + r.RawTarget));
    }

    [Fact]
    public async Task TheSameLastSegmentUnderDifferentParents_HasDistinctTypes()
    {
        await _service.Projects.Locations.LoggingSettings.SettingBindings.DeleteAsync(new LoggingSettingSettingBindingName("p1", "global", "ls", "b1"));
        await _service.Projects.Locations.CodeToolsSettings.SettingBindings.DeleteAsync(new CodeToolsSettingSettingBindingName("p1", "global", "cts", "b1"));

        Assert.Equal(
            new[] { "/v1/projects/p1/locations/global/loggingSettings/ls/settingBindings/b1", "/v1/projects/p1/locations/global/codeToolsSettings/cts/settingBindings/b1" },
            _server.Requests.Select(r => r.RawTarget));
        Assert.False(LoggingSettingSettingBindingName.TryParse("projects/p1/locations/global/codeToolsSettings/cts/settingBindings/b1", out _));
    }

    [Fact]
    public void ADefaultValue_FormatsEmpty_SoAMethodRejectsItAsEmpty()
    {
        string text = default(OperationName);

        Assert.Equal(string.Empty, text);
        // Checked synchronously, before any request exists.
        Assert.Throws<ArgumentException>(() => { _ = _service.Projects.Locations.Operations.CancelAsync(default(OperationName)); });
        Assert.Empty(_server.Requests);
    }
}
