using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Runtime.Gemini;
using Xunit;
using static DiscoveryGen.Runtime.Tests.Auth.AuthTestKit;

namespace DiscoveryGen.Runtime.Tests.Auth;

/// <summary>Caching per scope set, refresh 3 min 45 s before expiry (fake clock), single flight, forced refresh after a 401.</summary>
public sealed class TokenCachingTests : CredentialTest
{
    [Fact]
    public async Task Token_IsReusedUntil3Min45SecondsBeforeExpiry_ThenRefreshed()
    {
        var tokens = Counter();
        Server.Responder = _ => Token(tokens(), expiresIn: 3600);
        var credentials = GoogleCredentials.FromJson(ServiceAccountJson(Key, TokenUri), CredentialOptions());
        Task<string> Get() => credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA), TestTimeout).AsTask();

        Assert.Equal("ya29.t1", await Get());
        Clock.Advance(TimeSpan.FromSeconds(3600 - 225 - 1));
        Assert.Equal("ya29.t1", await Get());
        Assert.Single(Server.Requests);

        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("ya29.t2", await Get());
        Assert.Equal(2, Server.Requests.Count);
        // The new assertion was signed at the new time.
        var claims = VerifyJwt(Form(Server.Requests[1])["assertion"], Key).Claims;
        Assert.Equal(Start.AddSeconds(3600 - 225).ToUnixTimeSeconds(), claims.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task ShortLivedToken_IsRefreshedHalfWayThrough()
    {
        var tokens = Counter();
        Server.Responder = _ => Token(tokens(), expiresIn: 120);
        var credentials = GoogleCredentials.FromJson(AuthorizedUserJson(TokenUri), CredentialOptions());
        Task<string> Get() => credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA), TestTimeout).AsTask();

        Assert.Equal("ya29.t1", await Get());
        Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("ya29.t1", await Get());
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("ya29.t2", await Get());
    }

    [Fact]
    public async Task EachScopeSet_HasItsOwnToken()
    {
        var tokens = Counter();
        Server.Responder = _ => Token(tokens());
        var credentials = GoogleCredentials.FromJson(ServiceAccountJson(Key, TokenUri), CredentialOptions());

        var a = await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA), TestTimeout);
        var ab = await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA, ScopeB), TestTimeout);
        var ba = await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeB, ScopeA), TestTimeout);

        Assert.Equal(["ya29.t1", "ya29.t2", "ya29.t2"], new[] { a, ab, ba });
        Assert.Equal([ScopeA, ScopeA + " " + ScopeB], Server.Requests.Select(r => VerifyJwt(Form(r)["assertion"], Key).Claims.GetProperty("scope").GetString()));
    }

    [Fact]
    public async Task ExplicitScopes_ReplaceTheMethodsScopes()
    {
        Server.Responder = _ => Token("ya29.fixed");
        var credentials = GoogleCredentials.FromJson(ServiceAccountJson(Key, TokenUri), CredentialOptions(o => o.Scopes = [ScopeB]));

        await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA), TestTimeout);

        Assert.Equal(ScopeB, VerifyJwt(Form(Assert.Single(Server.Requests))["assertion"], Key).Claims.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task FiftyParallelCalls_MakeExactlyOneTokenRequest()
    {
        Server.Responder = _ => Token("ya29.shared") with { Delay = TimeSpan.FromMilliseconds(300) };
        var credentials = GoogleCredentials.FromJson(ServiceAccountJson(Key, TokenUri), CredentialOptions());

        var tokens = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(
            () => credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA), TestTimeout).AsTask())));

        Assert.All(tokens, t => Assert.Equal("ya29.shared", t));
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task FiftyParallelApiCalls_ThroughTheGeneratedClient_ShareOneToken()
    {
        Server.Responder = r => r.Path == "/token" ? Token("ya29.shared") with { Delay = TimeSpan.FromMilliseconds(200) } : OperationJson();
        var credentials = GoogleCredentials.FromJson(ServiceAccountJson(Key, TokenUri), CredentialOptions());
        var service = Service(o => o.UseGoogleCredentials(credentials));

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout)));

        Assert.Single(RequestsTo("/token"));
        Assert.Equal(50, Server.Requests.Count(r => r.Headers.TryGetValue("Authorization", out var a) && a == "Bearer ya29.shared"));
    }

    [Fact]
    public async Task ACallerGivingUp_DoesNotCancelTheSharedFetch()
    {
        // The token endpoint answers only when the test says so: the first caller gives up while the fetch is in flight.
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.Responder = _ => Token("ya29.slow") with { Release = answer.Task };
        var credentials = GoogleCredentials.FromJson(ServiceAccountJson(Key, TokenUri), CredentialOptions());
        using var impatient = CancellationTokenSource.CreateLinkedTokenSource(TestTimeout);

        var first = credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA), impatient.Token).AsTask();
        var second = credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA), TestTimeout).AsTask();
        await Server.WaitForRequestsAsync(1, TestTimeout);
        impatient.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        answer.SetResult();
        Assert.Equal("ya29.slow", await second);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task RejectedToken_IsReplacedOnce_AndTheCallRepeated()
    {
        var tokens = Counter();
        Server.Responder = r => r.Path == "/token"
            ? Token(tokens())
            : r.Headers["Authorization"] == "Bearer ya29.t1"
                ? CannedResponse.Json("""{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}""", 401)
                : OperationJson();
        var credentials = GoogleCredentials.FromJson(ServiceAccountJson(Key, TokenUri), CredentialOptions());

        await Service(o => { o.UseGoogleCredentials(credentials); o.Retry = RetryPolicy.None; })
            .Projects.Locations.Operations.CancelAsync(OperationName, cancellationToken: TestTimeout);

        Assert.Equal(2, RequestsTo("/token").Length); // the cached (still unexpired) token was not reused
        Assert.Equal(["Bearer ya29.t1", "Bearer ya29.t2"], Server.Requests.Where(r => r.Path != "/token").Select(r => r.Headers["Authorization"]));
        Assert.Equal("ya29.t2", await credentials.GetAccessTokenAsync(Request(GoogleService, false, CloudAICompanionService.CloudPlatformScope), TestTimeout));
    }

    [Fact]
    public async Task AFailedFetch_IsNotCached()
    {
        Server.Responder = Sequence(CannedResponse.Reset(), Token("ya29.after-reset"));
        var credentials = GoogleCredentials.FromJson(ServiceAccountJson(Key, TokenUri), CredentialOptions());

        await Assert.ThrowsAsync<HttpRequestException>(() => credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA), TestTimeout).AsTask());
        Assert.Equal("ya29.after-reset", await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA), TestTimeout));
    }
}
