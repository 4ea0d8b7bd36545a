using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Pipeline;
using DiscoveryGen.Runtime.Testing;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Pipeline;

/// <summary><see cref="TransportStage"/> over <see cref="ApiStubHandler"/>: one exchange, its answer read, its failure classified.</summary>
public sealed class TransportStageTests
{
    private readonly ApiStubHandler _stub = new();

    private static TransportStage Transport(ApiClient client) => new(client.HttpClient, new RequestFactory(client.BaseUri, client.Options));

    private async Task<CallContext<string?>> SendAsync(Action<ClientOptions>? configure = null, ApiRequest? request = null)
    {
        var client = Kit.Client(_stub, configure: configure);
        var call = Kit.Call(client, request);
        await Kit.Run(call, Transport(client)).AsTask().Bounded();
        return call;
    }

    [Fact]
    public async Task Success_IsReadWhileTheAttemptRuns_AndTheResponseIsDisposed()
    {
        _stub.RespondJson(Kit.Get.Id, """{"name":"items/a"}""");

        var call = await SendAsync();

        Assert.Equal("items/a", call.Result);
        Assert.Null(call.Failure);
        Assert.Null(call.Response);
        Assert.Equal("GET", Assert.Single(_stub.Requests).HttpMethod);
    }

    [Fact]
    public async Task ErrorStatus_IsAFailureCarryingTheParsedError_NotAnException()
    {
        _stub.RespondError(Kit.Get.Id, HttpStatusCode.ServiceUnavailable, "UNAVAILABLE", "try later");

        var call = await SendAsync();

        var failure = Assert.IsType<AttemptFailure>(call.Failure);
        var error = Assert.IsType<ApiException>(failure.Original);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal("try later", error.Error?.Message);
        Assert.True(failure.Retryable);
        Assert.Equal("HTTP 503 UNAVAILABLE", failure.Description);
        Assert.Null(call.Result);
    }

    [Theory]
    [InlineData(HttpRequestError.ConnectionError, true)]
    [InlineData(HttpRequestError.NameResolutionError, true)]
    [InlineData(HttpRequestError.ResponseEnded, false)]
    public async Task ConnectionFailure_IsATransportFailure_NothingSentOnlyWhenNoConnectionWasMade(HttpRequestError kind, bool nothingSent)
    {
        var broken = new HttpRequestException(kind, "no");
        _stub.Respond(Kit.Get.Id, _ => throw broken);

        var call = await SendAsync();

        var failure = Assert.IsType<AttemptFailure>(call.Failure);
        Assert.Same(broken, failure.Original);
        Assert.Equal(nothingSent, failure.NothingSent);
        Assert.Equal("the connection failed: HttpRequestException", failure.Description);
    }

    [Fact]
    public async Task BodyThatBreaksOff_IsATransportFailureWithTheStatus()
    {
        _stub.Respond(Kit.Get.Id, _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new BrokenContent(Utf8.Bytes("""{"name":""")) });

        var call = await SendAsync();

        var failure = Assert.IsType<AttemptFailure>(call.Failure);
        Assert.IsAssignableFrom<IOException>(failure.Original);
        Assert.Equal(HttpStatusCode.OK, failure.StatusCode);
        Assert.StartsWith("the response body could not be read", failure.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpClientTimeout_IsAnAttemptTimeout_WithHttpClientsLimit()
    {
        _stub.Respond(Kit.Get.Id, _ => throw new TaskCanceledException("HttpClient.Timeout", new TimeoutException()));

        var call = await SendAsync();

        Assert.Equal(TimeSpan.FromSeconds(100), call.Failure?.Limit);
    }

    [Fact]
    public async Task CancellationByTheCaller_IsNotClassified()
    {
        using var caller = new CancellationTokenSource();
        _stub.Respond(Kit.Get.Id, _ =>
        {
            caller.Cancel();
            throw new TaskCanceledException("canceled", new TimeoutException(), caller.Token);
        });
        var client = Kit.Client(_stub);
        var call = Kit.Call(client, cancellationToken: caller.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Kit.Run(call, Transport(client)).AsTask());
        Assert.Null(call.Failure);
    }

    [Fact]
    public async Task UnreadableSuccessBody_Throws_ForItIsNotRetryable()
    {
        _stub.RespondJson(Kit.Get.Id, """{"name":5}""");
        var client = Kit.Client(_stub);
        var call = Kit.Call(client);

        var ex = await Assert.ThrowsAsync<ApiException>(() => Kit.Run(call, Transport(client)).AsTask());

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Contains("the 200 response could not be read as String", ex.Message, StringComparison.Ordinal);
        Assert.Equal("""{"name":5}""", ex.RawBody);
    }

    [Fact]
    public async Task AcceptedStatus_IsAnAnswer_ReadByTheCallsReader()
    {
        _stub.Respond(Kit.Get.Id, _ => new HttpResponseMessage((HttpStatusCode)308));
        var client = Kit.Client(_stub);
        var call = Kit.Start(new CallContext<int>(client, Kit.Request(), null, static (c, _) => new ValueTask<int>((int)c.Response!.StatusCode)) { AlsoAccept = 308 });

        await Kit.Run(call, Transport(client)).AsTask();

        Assert.Null(call.Failure);
        Assert.Equal(308, call.Result);
    }

    [Fact]
    public async Task TakenResponse_StaysOpenForItsNewOwner()
    {
        _stub.RespondJson(Kit.Get.Id, """{"name":"streamed"}""");
        var client = Kit.Client(_stub);
        var call = Kit.Start(new CallContext<HttpResponseMessage>(client, Kit.Request(), null, static (c, _) => new ValueTask<HttpResponseMessage>(c.TakeResponse())));

        await Kit.Run(call, Transport(client)).AsTask();

        using var response = call.Result;
        Assert.Equal("""{"name":"streamed"}""", await response.Content.ReadAsStringAsync());
        Assert.Null(call.Response);
    }
}
