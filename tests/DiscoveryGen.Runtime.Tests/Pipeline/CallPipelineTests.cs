using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Pipeline;
using DiscoveryGen.Runtime.Testing;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Pipeline;

/// <summary><see cref="CallPipeline"/>: the one order of the stages, and the entry every call (media included) goes through.</summary>
public sealed class CallPipelineTests
{
    [Fact]
    public void TheOrder_IsDiagnosticsDeadlineRetryAttemptTimeoutAuthorizationTransport()
    {
        var stages = Kit.Client().Pipeline.Stages.ToArray().Select(s => s.GetType());

        Assert.Equal(
            new[] { typeof(DiagnosticsStage), typeof(DeadlineStage), typeof(RetryStage), typeof(AttemptTimeoutStage), typeof(AuthorizationStage), typeof(TransportStage) },
            stages);
    }

    [Fact]
    public async Task BadArguments_AreRejectedBeforeAnythingIsSent()
    {
        var stub = new ApiStubHandler();
        var client = Kit.Client(stub);
        var options = new RequestOptions { Headers = new Dictionary<string, string> { ["X-Note"] = "a\r\nInjected: 1" } };

        await Assert.ThrowsAsync<ArgumentException>(() => client.SendAsync(Kit.Request(), options, CancellationToken.None));

        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task AlreadyCanceledToken_SendsNothing()
    {
        var stub = new ApiStubHandler();
        var client = Kit.Client(stub);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync(Kit.Request(), null, new CancellationToken(canceled: true)));

        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task ACall_IsRetriedAuthorizedAndRead_InOnePass()
    {
        var attempts = 0;
        var stub = new ApiStubHandler().Respond(Kit.Get.Id, _ => ++attempts == 1
            ? ApiStubHandler.Error(HttpStatusCode.ServiceUnavailable, "UNAVAILABLE", "later")
            : ApiStubHandler.Json(HttpStatusCode.OK, """{"name":"items/a"}"""));
        var client = Kit.Client(stub, configure: o =>
        {
            o.AccessTokenProvider = new RecordingTokenProvider("t1", "t2");
            o.Retry = new RetryPolicy { InitialDelay = TimeSpan.Zero };
        });

        var name = await client.SendAsync(Kit.Request(), null, Kit.ReadName, CancellationToken.None).Bounded();

        Assert.Equal("items/a", name);
        Assert.Equal(new[] { "Bearer t1", "Bearer t2" }, stub.Requests.Select(r => r.Headers["Authorization"]));
    }

    [Fact]
    public async Task MediaDownload_GoesThroughTheSamePipeline()
    {
        var attempts = 0;
        var stub = new ApiStubHandler().Respond(Kit.Download.Id, _ => ++attempts == 1
            ? ApiStubHandler.Error(HttpStatusCode.ServiceUnavailable, "UNAVAILABLE", "later")
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Utf8.Bytes("media bytes")) });
        var client = Kit.Client(stub, configure: o =>
        {
            o.AccessTokenProvider = new RecordingTokenProvider("t1", "t2");
            o.Retry = new RetryPolicy { InitialDelay = TimeSpan.Zero };
        });
        using var destination = new MemoryStream();

        await client.DownloadMediaAsync(Kit.Request(Kit.Download), destination, null, null, CancellationToken.None).Bounded();

        Assert.Equal("media bytes", System.Text.Encoding.UTF8.GetString(destination.ToArray()));
        Assert.Equal(2, stub.Requests.Count);
        Assert.All(stub.Requests, r => Assert.Contains("alt=media", r.Uri.Query, StringComparison.Ordinal));
        Assert.Equal(new[] { "Bearer t1", "Bearer t2" }, stub.Requests.Select(r => r.Headers["Authorization"]));
    }

    [Fact]
    public void CreateHttpRequest_BuildsTheFirstAttemptsMessage_WithoutAToken()
    {
        var client = Kit.Client(configure: o => o.AccessTokenProvider = AccessTokenProvider.FromToken("never-sent"));

        using var message = client.CreateHttpRequest(Kit.Request(), new RequestOptions { Fields = "name" });

        Assert.Equal("https://svc.example.test/v1/v1/items/a?fields=name", message.RequestUri!.OriginalString);
        Assert.DoesNotContain(message.Headers.NonValidated, h => h.Key == "Authorization");
        Assert.True(message.Options.TryGetValue(ApiClient.AttemptOptionKey, out var attempt));
        Assert.Equal(1, attempt);
    }
}
