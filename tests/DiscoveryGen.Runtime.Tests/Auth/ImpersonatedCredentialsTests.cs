using System;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Xunit;
using static DiscoveryGen.Runtime.Tests.Auth.AuthTestKit;

namespace DiscoveryGen.Runtime.Tests.Auth;

/// <summary><c>impersonated_service_account</c>: the source credential's token, then IAM Credentials <c>generateAccessToken</c>.</summary>
public sealed class ImpersonatedCredentialsTests : CredentialTest
{
    private const string Target = "target@p1.iam.gserviceaccount.com";
    private const string IamPath = "/v1/projects/-/serviceAccounts/" + Target + ":generateAccessToken";

    private string ImpersonatedJson(JsonNode source, params string[] delegates) => new JsonObject
    {
        ["type"] = "impersonated_service_account",
        ["service_account_impersonation_url"] = new Uri(Server.BaseUri, IamPath.TrimStart('/')).ToString(),
        ["delegates"] = new JsonArray(delegates.Select(d => (JsonNode)JsonValue.Create(d)!).ToArray()),
        ["source_credentials"] = source,
        ["quota_project_id"] = "impersonation-quota",
    }.ToJsonString();

    [Fact]
    public async Task UserSource_GetsACloudPlatformToken_ThenGenerateAccessTokenWithDelegatesScopesAndLifetime()
    {
        var expires = Start.AddMinutes(50);
        Server.Responder = r => r.Path == "/token"
            ? Token("ya29.source")
            : CannedResponse.Json($$"""{"accessToken":"ya29.impersonated","expireTime":"{{expires:yyyy-MM-ddTHH:mm:ssZ}}"}""");
        var credentials = GoogleCredentials.FromJson(
            ImpersonatedJson(JsonNode.Parse(AuthorizedUserJson(TokenUri))!, "middle@p1.iam.gserviceaccount.com", "projects/-/serviceAccounts/second@p1.iam.gserviceaccount.com"),
            CredentialOptions());

        var token = await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeB), TestTimeout);

        Assert.Equal("ya29.impersonated", token);
        Assert.Equal(GoogleCredentialKind.ImpersonatedServiceAccount, credentials.Kind);
        Assert.Equal("impersonation-quota", credentials.QuotaProject);
        var iam = Assert.Single(RequestsTo(IamPath));
        Assert.Equal("POST", iam.Method);
        Assert.Equal("Bearer ya29.source", iam.Headers["Authorization"]);
        Assert.StartsWith("application/json", iam.ContentType, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(iam.Body);
        Assert.Equal(
            ["projects/-/serviceAccounts/middle@p1.iam.gserviceaccount.com", "projects/-/serviceAccounts/second@p1.iam.gserviceaccount.com"],
            body.RootElement.GetProperty("delegates").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([ScopeB], body.RootElement.GetProperty("scope").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("3600s", body.RootElement.GetProperty("lifetime").GetString());

        // The token's expireTime governs the cache: still fresh 46 minutes in, refreshed after 47 (3 min 45 s early).
        Clock.Advance(TimeSpan.FromMinutes(46));
        await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeB), TestTimeout);
        Assert.Single(RequestsTo(IamPath));
        Clock.Advance(TimeSpan.FromMinutes(1));
        await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeB), TestTimeout);
        Assert.Equal(2, RequestsTo(IamPath).Length);
        Assert.Single(RequestsTo("/token")); // the source's own token was still fresh
    }

    [Fact]
    public async Task ServiceAccountSource_SignsItsAssertionForCloudPlatform()
    {
        Server.Responder = r => r.Path == "/token"
            ? Token("ya29.sa-source")
            : CannedResponse.Json("""{"accessToken":"ya29.impersonated","expireTime":"2030-01-02T04:00:00Z"}""");
        var credentials = GoogleCredentials.FromJson(ImpersonatedJson(JsonNode.Parse(ServiceAccountJson(Key, TokenUri))!), CredentialOptions());

        Assert.Equal("ya29.impersonated", await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeB), TestTimeout));

        var claims = VerifyJwt(Form(Assert.Single(RequestsTo("/token")))["assertion"], Key).Claims;
        Assert.Equal(ScopeA, claims.GetProperty("scope").GetString()); // cloud-platform for the source
        using var body = JsonDocument.Parse(Assert.Single(RequestsTo(IamPath)).Body);
        Assert.False(body.RootElement.TryGetProperty("delegates", out _));
    }

    [Fact]
    public async Task IamRefusal_SurfacesStatusAndMessage_WithoutTheSourceToken()
    {
        Server.Responder = r => r.Path == "/token"
            ? Token("ya29.source-secret")
            : CannedResponse.Json("""{"error":{"code":403,"message":"Permission 'iam.serviceAccounts.getAccessToken' denied for ya29.source-secret","status":"PERMISSION_DENIED"}}""", 403);
        var credentials = GoogleCredentials.FromJson(ImpersonatedJson(JsonNode.Parse(AuthorizedUserJson(TokenUri))!), CredentialOptions());

        var ex = await Assert.ThrowsAsync<GoogleAuthException>(() => credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA), TestTimeout).AsTask());

        Assert.Equal("PERMISSION_DENIED", ex.Error);
        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Equal("Permission 'iam.serviceAccounts.getAccessToken' denied for [REDACTED]", ex.ErrorDescription);
        Assert.DoesNotContain("ya29.source-secret", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectedSourceToken_IsRefreshedOnce()
    {
        var sourceTokens = Counter("ya29.source");
        Server.Responder = r => r.Path == "/token"
            ? Token(sourceTokens())
            : r.Headers["Authorization"] == "Bearer ya29.source1"
                ? CannedResponse.Json("""{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}""", 401)
                : CannedResponse.Json("""{"accessToken":"ya29.impersonated","expireTime":"2030-01-02T04:00:00Z"}""");
        var credentials = GoogleCredentials.FromJson(ImpersonatedJson(JsonNode.Parse(AuthorizedUserJson(TokenUri))!), CredentialOptions());

        Assert.Equal("ya29.impersonated", await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA), TestTimeout));
        Assert.Equal(["Bearer ya29.source1", "Bearer ya29.source2"], RequestsTo(IamPath).Select(r => r.Headers["Authorization"]));
    }

    [Fact]
    public async Task Subject_WithoutAKey_IamSignsTheDelegatedAssertion_AndTheSourcesTokenEndpointExchangesIt()
    {
        const string SignJwtPath = "/v1/projects/-/serviceAccounts/" + Target + ":signJwt";
        const string Signed = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmVk";
        Server.Responder = r => r.Path switch
        {
            "/token" when Form(r)["grant_type"] == "refresh_token" => Token("ya29.source"),
            "/token" => Token("ya29.as-the-user"),
            SignJwtPath => CannedResponse.Json($$"""{"keyId":"k1","signedJwt":"{{Signed}}"}"""),
            _ => new CannedResponse(404, "{}"),
        };
        var credentials = GoogleCredentials.FromJson(
            ImpersonatedJson(JsonNode.Parse(AuthorizedUserJson(TokenUri))!, "middle@p1.iam.gserviceaccount.com"),
            CredentialOptions(o => o.Subject = "admin@example.com"));

        var token = await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeB), TestTimeout);

        Assert.Equal("ya29.as-the-user", token);
        Assert.Empty(RequestsTo(IamPath)); // no generateAccessToken: its token could not act as the user
        var sign = Assert.Single(RequestsTo(SignJwtPath));
        Assert.Equal("Bearer ya29.source", sign.Headers["Authorization"]);
        using var body = JsonDocument.Parse(sign.Body);
        Assert.Equal(["projects/-/serviceAccounts/middle@p1.iam.gserviceaccount.com"], body.RootElement.GetProperty("delegates").EnumerateArray().Select(e => e.GetString()));
        using var claims = JsonDocument.Parse(body.RootElement.GetProperty("payload").GetString()!);
        Assert.Equal(Target, claims.RootElement.GetProperty("iss").GetString());
        Assert.Equal("admin@example.com", claims.RootElement.GetProperty("sub").GetString());
        Assert.Equal(TokenUri.ToString(), claims.RootElement.GetProperty("aud").GetString());
        Assert.Equal(ScopeB, claims.RootElement.GetProperty("scope").GetString());
        Assert.Equal(Start.ToUnixTimeSeconds() + 3600, claims.RootElement.GetProperty("exp").GetInt64());
        var exchange = Form(RequestsTo("/token").Last());
        Assert.Equal("urn:ietf:params:oauth:grant-type:jwt-bearer", exchange["grant_type"]);
        Assert.Equal(Signed, exchange["assertion"]);
    }

    [Fact]
    public async Task Subject_WithAServiceAccountSource_TheSourceActsAsItself()
    {
        const string SignJwtPath = "/v1/projects/-/serviceAccounts/" + Target + ":signJwt";
        Server.Responder = r => r.Path switch
        {
            "/token" when Form(r)["assertion"] == "a.b.c" => Token("ya29.as-the-user"),
            "/token" => Token("ya29.source"),
            SignJwtPath => CannedResponse.Json("""{"keyId":"k1","signedJwt":"a.b.c"}"""),
            _ => new CannedResponse(404, "{}"),
        };
        var credentials = GoogleCredentials.FromJson(ImpersonatedJson(JsonNode.Parse(ServiceAccountJson(Key, TokenUri))!), CredentialOptions(o => o.Subject = "admin@example.com"));

        Assert.Equal("ya29.as-the-user", await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeB), TestTimeout));

        // The source's own assertion: cloud-platform, no sub (only the impersonated account acts as the user).
        var source = VerifyJwt(Form(RequestsTo("/token")[0])["assertion"], Key).Claims;
        Assert.False(source.TryGetProperty("sub", out _));
        Assert.Equal(ScopeA, source.GetProperty("scope").GetString());
        Assert.Equal("a.b.c", Form(RequestsTo("/token")[1])["assertion"]);
    }

    [Fact]
    public async Task Subject_WithoutScopes_OrOutsideGooglesUniverse_IsRefusedBeforeAnythingIsSent()
    {
        var credentials = GoogleCredentials.FromJson(ImpersonatedJson(JsonNode.Parse(AuthorizedUserJson(TokenUri))!), CredentialOptions(o => o.Subject = "admin@example.com"));

        var error = await Assert.ThrowsAsync<GoogleAuthException>(() => credentials.GetAccessTokenAsync(Request(GoogleService), TestTimeout).AsTask());

        Assert.Contains("GoogleCredentialsOptions.Scopes", error.Message, StringComparison.Ordinal);
        var sovereign = Assert.Throws<GoogleAuthException>(() => GoogleCredentials.FromJson(
            ImpersonatedJson(JsonNode.Parse(ServiceAccountJson(Key, TokenUri, universe: "example-tpc.goog"))!), CredentialOptions(o => o.Subject = "admin@example.com")));
        Assert.Contains("'example-tpc.goog'", sovereign.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public void BadConfigurations_AreRefusedAtLoad()
    {
        var source = JsonNode.Parse(AuthorizedUserJson(TokenUri))!;
        var json = JsonNode.Parse(ImpersonatedJson(source))!.AsObject();
        json["service_account_impersonation_url"] = "https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/x@y.com:signBlob";
        Assert.Contains("generateAccessToken", Assert.Throws<GoogleAuthException>(() => GoogleCredentials.FromJson(json.ToJsonString())).Message, StringComparison.Ordinal);

        json = JsonNode.Parse(ImpersonatedJson(JsonNode.Parse("""{"type":"external_account"}""")!))!.AsObject();
        Assert.Contains("authorized_user or service_account", Assert.Throws<GoogleAuthException>(() => GoogleCredentials.FromJson(json.ToJsonString())).Message, StringComparison.Ordinal);
    }
}
