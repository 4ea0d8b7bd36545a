using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Pipeline;
using DiscoveryGen.Runtime.Testing;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Pipeline;

/// <summary><see cref="AuthorizationStage"/>: a token per attempt, fresh after a 401, checked, sent and never shown.</summary>
public sealed class AuthorizationStageTests
{
    private static readonly AuthorizationStage Stage = new(Kit.BaseUri);

    [Fact]
    public async Task EveryAttempt_AsksForATokenWithTheMethodsScopes_AndCarriesIt()
    {
        var tokens = new RecordingTokenProvider("t1", "t2");
        var client = Kit.Client(configure: o => o.AccessTokenProvider = tokens);
        var call = Kit.Call(client);
        var transport = new ScriptedStage(ScriptedStage.Fail(c => Kit.Unavailable(c)), ScriptedStage.Succeed);

        await Kit.Run(call, transport, new RetryStage(client.Options, new FixedRandom(0)), Stage).AsTask().Bounded();

        Assert.Equal(new[] { "t1", "t2" }, transport.AccessTokens);
        Assert.All(tokens.Requests, r => Assert.Equal(new[] { Kit.Scope }, r.Scopes));
        Assert.All(tokens.Requests, r => Assert.Equal(Kit.BaseUri, r.BaseUri));
        Assert.All(tokens.Requests, r => Assert.Same(Kit.Get, r.Method));
        Assert.All(tokens.Requests, r => Assert.False(r.ForceRefresh));
    }

    [Fact]
    public async Task AfterA401_TheNextTokenIsAskedForFresh_Once()
    {
        var tokens = new RecordingTokenProvider("stale", "fresh");
        var client = Kit.Client(configure: o => o.AccessTokenProvider = tokens);
        var call = Kit.Call(client);
        var unauthorized = ScriptedStage.Fail(c => AttemptFailure.Status(new ApiException(c.MethodId, System.Net.HttpStatusCode.Unauthorized, null, null, "401"), c.Policy));
        var transport = new ScriptedStage(unauthorized, ScriptedStage.Succeed);

        await Kit.Run(call, transport, new RetryStage(client.Options, new FixedRandom(0)), Stage).AsTask().Bounded();

        Assert.Equal(new[] { false, true }, tokens.Requests.Select(r => r.ForceRefresh));
        Assert.Equal(new[] { "stale", "fresh" }, transport.AccessTokens);
    }

    [Theory]
    [InlineData("")]
    [InlineData("secret-part\r\nX-Injected: 1")]
    [InlineData("secret-part\n")]
    public async Task EmptyOrMalformedToken_IsRejectedBeforeSending_WithoutEchoingIt(string token)
    {
        var client = Kit.Client(configure: o => o.AccessTokenProvider = AccessTokenProvider.FromCallback((_, _) => new ValueTask<string>(token)));
        var call = Kit.Call(client);
        var transport = new ScriptedStage(ScriptedStage.Succeed);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Kit.Run(call, transport, Stage).AsTask());

        Assert.Contains("empty or malformed token for test.items.get", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-part", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, transport.Calls);
    }

    [Fact]
    public async Task TokenEndpointFailure_IsARetryableFailure_WithNothingSent()
    {
        var down = new HttpRequestException("token endpoint down");
        var client = Kit.Client(configure: o => o.AccessTokenProvider = AccessTokenProvider.FromCallback((_, _) => throw down));
        var call = Kit.Call(client, Kit.Request(Kit.Post, "v1/items"));
        var transport = new ScriptedStage(ScriptedStage.Succeed);

        await Kit.Run(call, transport, Stage).AsTask();

        var failure = Assert.IsType<AttemptFailure>(call.Failure);
        Assert.Same(down, failure.Original);
        Assert.True(failure.NothingSent);
        Assert.True(failure.Retryable);
        Assert.Contains("the access token could not be obtained", failure.Description, StringComparison.Ordinal);
        Assert.Equal(0, transport.Calls);
    }

    [Fact]
    public async Task Token_IsASecretOfTheCall()
    {
        var client = Kit.Client(configure: o => o.AccessTokenProvider = AccessTokenProvider.FromToken("ya29.token-value"));
        var call = Kit.Call(client);

        await Kit.Run(call, new ScriptedStage(ScriptedStage.Succeed), Stage).AsTask();

        Assert.Equal("Bearer [REDACTED] was rejected", call.Redact("Bearer ya29.token-value was rejected"));
    }

    [Fact]
    public async Task Token_TravelsAsABearerHeader()
    {
        var stub = new ApiStubHandler().RespondJson(Kit.Get.Id, """{"name":"a"}""");
        var client = Kit.Client(stub, configure: o => o.AccessTokenProvider = AccessTokenProvider.FromToken("ya29.token-value"));
        var call = Kit.Call(client);

        await Kit.Run(call, new TransportStage(client.HttpClient, new RequestFactory(client.BaseUri, client.Options)), Stage).AsTask();

        Assert.Equal("Bearer ya29.token-value", Assert.Single(stub.Requests).Headers["Authorization"]);
    }

    [Fact]
    public void WithoutAProvider_NothingIsAsked_AndTheStageAddsNoStep()
    {
        var client = Kit.Client();
        var call = Kit.Call(client);
        var transport = new ScriptedStage(ScriptedStage.Succeed);

        var run = Kit.Run(call, transport, Stage);

        Assert.True(run.IsCompletedSuccessfully);
        Assert.Null(Assert.Single(transport.AccessTokens));
        Assert.False(call.HasSecrets);
    }
}
