using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Threading.Tasks;
using Acme.Gemini;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Xunit;

namespace DiscoveryGen.EndToEnd.Tests;

/// <summary>
/// The Gemini for Google Cloud API client, generated at build time from discovery/cloudaicompanion.v1.json by the
/// generator running as an analyzer, against a real Kestrel server on 127.0.0.1.
/// </summary>
public sealed class CloudAICompanionClientTests : LoopbackTest
{
    private const string OperationName = "projects/p1/locations/global/operations/op-1";
    private CloudAICompanionService _service = null!;

    protected override void OnStarted()
    {
        _service = new CloudAICompanionService(Http, new ClientOptions { BaseUri = Server.BaseUri });
    }

    [Fact]
    public async Task CancelAsync_PostsEmptyJsonObjectToTheCancelPath()
    {
        await _service.Projects.Locations.Operations.CancelAsync(OperationName);

        var request = Assert.Single(Server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/projects/p1/locations/global/operations/op-1:cancel", request.RawTarget);
        Assert.Equal("{}", request.BodyText);
        Assert.Equal("application/json", request.ContentType!.Split(';')[0]);
        Assert.StartsWith("DiscoveryGen/", request.Headers["User-Agent"], StringComparison.Ordinal);
        Assert.Matches(@"^gl-dotnet/\d+\.\d+\.\d+ gdcl/\d+\.\d+\.\d+$", request.Headers["x-goog-api-client"]);
    }

    [Fact]
    public async Task NotFound_ThrowsApiExceptionWithParsedStatus()
    {
        Server.Responder = _ => CannedResponse.Json(
            """{"error":{"code":404,"message":"Operation op-1 not found.","status":"NOT_FOUND","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"NOT_FOUND","domain":"cloudaicompanion.googleapis.com"}]}}""",
            404);

        var ex = await Assert.ThrowsAsync<ApiException>(() => _service.Projects.Locations.Operations.CancelAsync(OperationName));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal("cloudaicompanion.projects.locations.operations.cancel", ex.MethodId);
        Assert.NotNull(ex.Error);
        Assert.Equal(404, ex.Error!.Code);
        Assert.Equal("NOT_FOUND", ex.Error.Status);
        Assert.Equal("Operation op-1 not found.", ex.Error.Message);
        var detail = Assert.Single(ex.Error.Details);
        Assert.Equal("type.googleapis.com/google.rpc.ErrorInfo", detail.GetProperty("@type").GetString());
        Assert.Contains("NOT_FOUND", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Operation op-1 not found.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HtmlErrorBody_StillGivesAUsefulException()
    {
        Server.Responder = _ => new CannedResponse(502, "<html><body>Bad Gateway from the proxy</body></html>", "text/html");

        var ex = await Assert.ThrowsAsync<ApiException>(() => _service.Projects.Locations.Operations.CancelAsync(OperationName));

        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.Null(ex.Error);
        Assert.Contains("502", ex.Message, StringComparison.Ordinal);
        Assert.Contains("text/html", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Bad Gateway from the proxy", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Bad Gateway from the proxy", ex.RawBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyErrorBody_StillGivesAUsefulException()
    {
        Server.Responder = _ => new CannedResponse(503);

        var ex = await Assert.ThrowsAsync<ApiException>(() => _service.Projects.Locations.Operations.CancelAsync(OperationName));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Null(ex.Error);
        Assert.Null(ex.RawBody);
        Assert.Contains("503", ex.Message, StringComparison.Ordinal);
        Assert.Contains("empty body", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("projects/p1/../../x")]
    [InlineData("projects/p1/locations/global/operations/../../../../x")]
    [InlineData("projects/p1/locations/global/operations/a/b")]
    [InlineData("https://evil.example/v1/projects/p1/locations/global/operations/op-1")]
    public async Task NameNotMatchingThePattern_ThrowsBeforeAnythingIsSent(string name)
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _service.Projects.Locations.Operations.CancelAsync(name));

        Assert.Equal("name", ex.ParamName);
        Assert.Contains("^projects/[^/]+/locations/[^/]+/operations/[^/]+$", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task DotSegmentThatMatchesThePattern_IsStillRejected()
    {
        // "[^/]+" accepts "..", so the pattern alone would let this through; the path encoder refuses dot segments.
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _service.Projects.Locations.Operations.CancelAsync("projects/p1/locations/global/operations/.."));

        Assert.Equal("name", ex.ParamName);
        Assert.Empty(Server.Requests);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task MissingRequiredName_ThrowsBeforeAnythingIsSent(string? name)
    {
        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => _service.Projects.Locations.Operations.CancelAsync(name!));

        Assert.Equal("name", ex.ParamName);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task ReservedExpansion_EscapesEachSegmentButKeepsSlashes()
    {
        await _service.Projects.Locations.Operations.CancelAsync("projects/p 1/locations/glo%bal/operations/op?1#x");

        var request = Assert.Single(Server.Requests);
        Assert.Equal("/v1/projects/p%201/locations/glo%25bal/operations/op%3F1%23x:cancel", request.RawTarget);
    }

    [Fact]
    public async Task Create_SendsTypedBodyAndQuery_AndReadsTheOperation()
    {
        Server.Responder = _ => CannedResponse.Json(
            """{"name":"projects/p1/locations/us-central1/operations/op-7","done":false,"metadata":{"@type":"type.googleapis.com/google.cloud.cloudaicompanion.v1.OperationMetadata","verb":"create"}}""");

        var operation = await _service.Projects.Locations.CodeRepositoryIndexes.CreateAsync(
            "projects/p1/locations/us-central1",
            "index-1",
            new CodeRepositoryIndex
            {
                Name = "ignored-by-server",
                KmsKey = "projects/p1/locations/us-central1/keyRings/r/cryptoKeys/k",
                Labels = new Dictionary<string, string?> { ["team"] = "dev", ["tier"] = "gold" },
                State = CodeRepositoryIndexState.Creating,
                CreateTime = DateTimeOffset.Parse("2024-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture),
            },
            requestId: "8c5a3a59-9d2e-4f43-8f3d-6b7d8e6f0a11");

        var request = Assert.Single(Server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/projects/p1/locations/us-central1/codeRepositoryIndexes", request.Path);
        Assert.Equal(new[] { "index-1" }, request.QueryValues("codeRepositoryIndexId"));
        Assert.Equal(new[] { "8c5a3a59-9d2e-4f43-8f3d-6b7d8e6f0a11" }, request.QueryValues("requestId"));
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("projects/p1/locations/us-central1/keyRings/r/cryptoKeys/k", body.RootElement.GetProperty("kmsKey").GetString());
        Assert.Equal("gold", body.RootElement.GetProperty("labels").GetProperty("tier").GetString());
        Assert.Equal("ignored-by-server", body.RootElement.GetProperty("name").GetString());

        // Output-only fields (readOnly in the document) are never sent.
        Assert.False(body.RootElement.TryGetProperty("state", out _));
        Assert.False(body.RootElement.TryGetProperty("createTime", out _));

        Assert.Equal("projects/p1/locations/us-central1/operations/op-7", operation.Name);
        Assert.False(operation.Done);
        Assert.Equal("create", operation.Metadata!["verb"].GetString());
    }

    [Fact]
    public async Task Get_ReadsTypedFieldsAndIgnoresUnknownOnes()
    {
        Server.Responder = _ => CannedResponse.Json(
            """
            {"name":"projects/p1/locations/us-central1/codeRepositoryIndexes/index-1","state":"ACTIVE",
             "createTime":"2024-05-01T10:20:30.123456789Z","labels":{"a":"b"},
             "someFutureField":{"nested":[1,2,{"x":null}]},"kmsKey":"k"}
            """);

        var index = await _service.Projects.Locations.CodeRepositoryIndexes.GetAsync("projects/p1/locations/us-central1/codeRepositoryIndexes/index-1");

        var request = Assert.Single(Server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/v1/projects/p1/locations/us-central1/codeRepositoryIndexes/index-1", request.RawTarget);
        Assert.Empty(request.Body);
        Assert.Null(request.ContentType);
        Assert.Equal(CodeRepositoryIndexState.Active, index.State);
        Assert.True(index.State!.Value.IsKnown);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 20, 30, 123, TimeSpan.Zero).AddTicks(4567), index.CreateTime);
        Assert.Equal("b", index.Labels!["a"]);
        Assert.Equal("k", index.KmsKey);
    }

    [Fact]
    public async Task UnknownEnumValue_IsKeptNotRejected()
    {
        Server.Responder = _ => CannedResponse.Json("""{"name":"n","state":"SOME_FUTURE_STATE"}""");

        var index = await _service.Projects.Locations.CodeRepositoryIndexes.GetAsync("projects/p1/locations/l/codeRepositoryIndexes/i");

        Assert.Equal("SOME_FUTURE_STATE", index.State!.Value.Value);
        Assert.False(index.State.Value.IsKnown);
    }

    [Fact]
    public async Task List_SendsPagingQueryAndReadsItems()
    {
        Server.Responder = _ => CannedResponse.Json(
            """{"codeRepositoryIndexes":[{"name":"a","state":"ACTIVE"},{"name":"b","state":"DELETING"}],"nextPageToken":"tok-2"}""");

        var page = await _service.Projects.Locations.CodeRepositoryIndexes.ListAsync("projects/p1/locations/l", pageSize: 2, pageToken: "tok-1");

        var request = Assert.Single(Server.Requests);
        Assert.Equal("/v1/projects/p1/locations/l/codeRepositoryIndexes", request.Path);
        Assert.Equal(new[] { "2" }, request.QueryValues("pageSize"));
        Assert.Equal(new[] { "tok-1" }, request.QueryValues("pageToken"));
        Assert.Equal(new[] { "a", "b" }, page.CodeRepositoryIndexes!.Select(i => i.Name).ToArray());
        Assert.Equal(CodeRepositoryIndexState.Deleting, page.CodeRepositoryIndexes![1].State);
        Assert.Equal("tok-2", page.NextPageToken);
    }

    [Fact]
    public async Task QueryParameters_RepeatedBooleanFieldMaskAndRequestOptions()
    {
        Server.Responder = _ => CannedResponse.Json("""{"locations":[]}""");

        await _service.Projects.Locations.ListAsync(
            "projects/p1",
            extraLocationTypes: new[] { "a b", "c&d" },
            filter: "labels.env=prod",
            options: new RequestOptions
            {
                Fields = "locations(name),nextPageToken",
                QuotaUser = "user-42",
                PrettyPrint = false,
                Headers = new Dictionary<string, string> { ["x-goog-user-project"] = "billing-project" },
            });
        await _service.Projects.Locations.CodeRepositoryIndexes.DeleteAsync("projects/p1/locations/l/codeRepositoryIndexes/i", force: true);
        Server.Responder = _ => CannedResponse.Json("{}");
        await _service.Projects.Locations.CodeToolsSettings.PatchAsync("projects/p1/locations/l/codeToolsSettings/s", new CodeToolsSetting(), updateMask: "enabledTool,labels");

        var list = Server.Requests[0];
        Assert.Equal(new[] { "a b", "c&d" }, list.QueryValues("extraLocationTypes"));
        Assert.Contains("extraLocationTypes=a%20b&extraLocationTypes=c%26d", list.RawTarget, StringComparison.Ordinal);
        Assert.Equal(new[] { "labels.env=prod" }, list.QueryValues("filter"));
        Assert.Equal(new[] { "locations(name),nextPageToken" }, list.QueryValues("fields"));
        Assert.Equal(new[] { "user-42" }, list.QueryValues("quotaUser"));
        Assert.Equal(new[] { "false" }, list.QueryValues("prettyPrint"));
        Assert.Equal("billing-project", list.Headers["x-goog-user-project"]);
        Assert.Empty(list.QueryValues("pageSize"));

        var delete = Server.Requests[1];
        Assert.Equal("DELETE", delete.Method);
        Assert.Equal(new[] { "true" }, delete.QueryValues("force"));

        var patch = Server.Requests[2];
        Assert.Equal("PATCH", patch.Method);
        Assert.Equal(new[] { "enabledTool,labels" }, patch.QueryValues("updateMask"));
        Assert.Equal("{}", patch.BodyText);
    }

    [Fact]
    public async Task HeaderWithLineBreak_IsRejectedBeforeSending()
    {
        var options = new RequestOptions { Headers = new Dictionary<string, string> { ["x-test"] = "a\r\nInjected: yes" } };

        await Assert.ThrowsAsync<ArgumentException>(() => _service.Projects.Locations.Operations.CancelAsync(OperationName, options));

        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task GetIamPolicy_SendsDottedQueryParameterAndReadsBytes()
    {
        Server.Responder = _ => CannedResponse.Json("""{"version":3,"etag":"BwXhqDEFAAA=","bindings":[{"role":"roles/viewer","members":["user:a@example.com"]}]}""");

        var policy = await _service.Projects.Locations.CodeRepositoryIndexes.RepositoryGroups.GetIamPolicyAsync(
            "projects/p1/locations/l/codeRepositoryIndexes/i/repositoryGroups/g", optionsRequestedPolicyVersion: 3);

        var request = Assert.Single(Server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/v1/projects/p1/locations/l/codeRepositoryIndexes/i/repositoryGroups/g:getIamPolicy", request.Path);
        Assert.Equal(new[] { "3" }, request.QueryValues("options.requestedPolicyVersion"));
        Assert.Equal(3, policy.Version);
        Assert.Equal(Convert.FromBase64String("BwXhqDEFAAA="), policy.Etag);
        Assert.Equal("roles/viewer", Assert.Single(policy.Bindings!).Role);
    }

    [Fact]
    public async Task MalformedSuccessBody_ThrowsApiExceptionNamingTheMethod()
    {
        Server.Responder = _ => CannedResponse.Json("""{"name": 42""");

        var ex = await Assert.ThrowsAsync<ApiException>(() => _service.Projects.Locations.Operations.GetAsync(OperationName));

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Contains("cloudaicompanion.projects.locations.operations.get", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<JsonException>(ex.InnerException);
    }
}
