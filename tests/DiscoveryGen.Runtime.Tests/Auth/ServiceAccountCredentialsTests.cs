using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Runtime.Gemini;
using Xunit;
using static DiscoveryGen.Runtime.Tests.Auth.AuthTestKit;

namespace DiscoveryGen.Runtime.Tests.Auth;

/// <summary>
/// <c>service_account</c> keys: the RS256 assertion exchanged at <c>token_uri</c> (signature verified with the public
/// half), self-signed JWTs where Google uses them, universe domains, and token-endpoint errors without secrets.
/// </summary>
public sealed class ServiceAccountCredentialsTests : CredentialTest
{
    [Fact]
    public async Task Assertion_IsRs256SignedByTheKey_WithIssScopeAudienceAndOneHour_AndExchangedAtTokenUri()
    {
        Server.Responder = _ => Token("ya29.sa-token");
        var credentials = GoogleCredentials.FromJson(ServiceAccountJson(Key, TokenUri), CredentialOptions());

        var token = await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeB, ScopeA, ScopeB), TestTimeout);

        Assert.Equal("ya29.sa-token", token);
        Assert.Equal(GoogleCredentialKind.ServiceAccount, credentials.Kind);
        var request = Assert.Single(Server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/token", request.Path);
        var form = Form(request);
        Assert.Equal(["assertion", "grant_type"], form.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("urn:ietf:params:oauth:grant-type:jwt-bearer", form["grant_type"]);

        var (header, claims) = VerifyJwt(form["assertion"], Key);
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.GetProperty("typ").GetString());
        Assert.Equal("kid-7", header.GetProperty("kid").GetString());
        Assert.Equal(ClientEmail, claims.GetProperty("iss").GetString());
        Assert.Equal(TokenUri.ToString(), claims.GetProperty("aud").GetString());
        Assert.Equal(ScopeA + " " + ScopeB, claims.GetProperty("scope").GetString()); // distinct, ordinal order
        Assert.Equal(Start.ToUnixTimeSeconds(), claims.GetProperty("iat").GetInt64());
        Assert.Equal(Start.ToUnixTimeSeconds() + 3600, claims.GetProperty("exp").GetInt64());
        Assert.False(claims.TryGetProperty("sub", out _));
    }

    [Fact]
    public async Task GeneratedClient_SendsTheExchangedToken_AndTheFilesQuotaProject()
    {
        Server.Responder = r => r.Path == "/token" ? Token("ya29.for-the-api") : OperationJson();
        var credentials = GoogleCredentials.FromJson(ServiceAccountJson(Key, TokenUri, quotaProject: "billing-7"), CredentialOptions());

        await Service(o => o.UseGoogleCredentials(credentials)).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);
        await Service(o => o.UseGoogleCredentials(credentials)).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        Assert.Equal("billing-7", credentials.QuotaProject);
        Assert.Single(RequestsTo("/token"));
        var api = Server.Requests.Where(r => r.Path != "/token").ToArray();
        Assert.Equal(2, api.Length);
        Assert.All(api, r => Assert.Equal("Bearer ya29.for-the-api", r.Headers["Authorization"]));
        Assert.All(api, r => Assert.Equal("billing-7", r.Headers["x-goog-user-project"]));
        var claims = VerifyJwt(Form(RequestsTo("/token")[0])["assertion"], Key).Claims;
        var method = CloudAICompanionService.Methods.Single(m => m.Id == "cloudaicompanion.projects.locations.operations.get");
        Assert.Equal(string.Join(' ', method.Scopes.Order(StringComparer.Ordinal)), claims.GetProperty("scope").GetString());
    }

    [Fact]
    public void ExplicitQuotaProject_WinsOverTheFiles()
    {
        var credentials = GoogleCredentials.FromJson(ServiceAccountJson(Key, TokenUri, quotaProject: "from-file"), CredentialOptions());

        var options = new ClientOptions { QuotaProject = "explicit" }.UseGoogleCredentials(credentials);

        Assert.Equal("explicit", options.QuotaProject);
        Assert.Same(credentials, options.AccessTokenProvider);
    }

    [Fact]
    public async Task MethodWithoutScopes_GetsASelfSignedJwtForTheService_WithoutATokenRequest()
    {
        var credentials = GoogleCredentials.FromJson(ServiceAccountJson(Key, TokenUri), CredentialOptions());

        var jwt = await credentials.GetAccessTokenAsync(Request(GoogleService), TestTimeout);

        Assert.Empty(Server.Requests);
        var (header, claims) = VerifyJwt(jwt, Key);
        Assert.Equal("kid-7", header.GetProperty("kid").GetString());
        Assert.Equal(ClientEmail, claims.GetProperty("iss").GetString());
        Assert.Equal(ClientEmail, claims.GetProperty("sub").GetString());
        Assert.Equal("https://cloudaicompanion.googleapis.com/", claims.GetProperty("aud").GetString());
        Assert.False(claims.TryGetProperty("scope", out _));
        Assert.Equal(3600, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task UseSelfSignedJwt_PutsTheScopesInTheJwt_AndNothingIsSent()
    {
        var credentials = GoogleCredentials.FromJson(ServiceAccountJson(Key, TokenUri), CredentialOptions(o => o.UseSelfSignedJwt = true));

        var jwt = await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA), TestTimeout);
        var again = await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA), TestTimeout);

        Assert.Empty(Server.Requests);
        Assert.Equal(jwt, again); // cached like any token
        var claims = VerifyJwt(jwt, Key).Claims;
        Assert.Equal(ScopeA, claims.GetProperty("scope").GetString());
        Assert.False(claims.TryGetProperty("aud", out _));
        Assert.Equal(Start.ToUnixTimeSeconds(), claims.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task OtherUniverse_UsesSelfSignedJwts_AndRefusesAGoogleapisService()
    {
        var credentials = GoogleCredentials.FromJson(ServiceAccountJson(Key, TokenUri, universe: "example-tpc.goog"), CredentialOptions());

        Assert.Equal("example-tpc.goog", await credentials.GetUniverseDomainAsync(TestTimeout));
        var refused = await Assert.ThrowsAsync<GoogleAuthException>(() => credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA), TestTimeout).AsTask());
        Assert.Contains("'example-tpc.goog'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("'googleapis.com'", refused.Message, StringComparison.Ordinal);

        var jwt = await credentials.GetAccessTokenAsync(Request(new Uri("https://cloudaicompanion.example-tpc.goog/"), false, ScopeA), TestTimeout);
        Assert.Equal(ScopeA, VerifyJwt(jwt, Key).Claims.GetProperty("scope").GetString());
        Assert.Empty(Server.Requests); // no token endpoint outside googleapis.com
    }

    [Fact]
    public async Task DefaultUniverse_IsNotRefusedForCustomOrLoopbackHosts()
    {
        Server.Responder = _ => Token("ya29.custom");
        var credentials = GoogleCredentials.FromJson(ServiceAccountJson(Key, TokenUri), CredentialOptions());

        Assert.Equal("googleapis.com", await credentials.GetUniverseDomainAsync(TestTimeout));
        Assert.Equal("ya29.custom", await credentials.GetAccessTokenAsync(Request(new Uri("https://private.example.internal/"), false, ScopeA), TestTimeout));
        Assert.Equal("ya29.custom", await credentials.GetAccessTokenAsync(Request(Server.BaseUri, false, ScopeA), TestTimeout));
    }

    [Fact]
    public async Task Subject_ActsAsTheUser_TheAssertionCarriesSub_AndIsAlwaysExchanged()
    {
        Server.Responder = r => r.Path == "/token" ? Token("ya29.as-the-user") : OperationJson();
        var credentials = GoogleCredentials.FromJson(ServiceAccountJson(Key, TokenUri), CredentialOptions(o => o.Subject = "admin@example.com"));

        await Service(o => o.UseGoogleCredentials(credentials)).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        var token = Assert.Single(RequestsTo("/token"));
        var claims = VerifyJwt(Form(token)["assertion"], Key).Claims;
        Assert.Equal(ClientEmail, claims.GetProperty("iss").GetString());
        Assert.Equal("admin@example.com", claims.GetProperty("sub").GetString());
        Assert.Equal(TokenUri.ToString(), claims.GetProperty("aud").GetString());
        var method = CloudAICompanionService.Methods.Single(m => m.Id == "cloudaicompanion.projects.locations.operations.get");
        Assert.Equal(string.Join(' ', method.Scopes.Order(StringComparer.Ordinal)), claims.GetProperty("scope").GetString());
        Assert.Equal("Bearer ya29.as-the-user", Server.Requests.Last().Headers["Authorization"]);
    }

    [Fact]
    public async Task Subject_IsRefusedBeforeAnythingIsSent_WhereDelegationCannotWork()
    {
        var options = CredentialOptions(o => o.Subject = "admin@example.com");
        var sa = GoogleCredentials.FromJson(ServiceAccountJson(Key, TokenUri), options);
        var noScopes = await Assert.ThrowsAsync<GoogleAuthException>(() => sa.GetAccessTokenAsync(Request(GoogleService), TestTimeout).AsTask());
        Assert.Contains("GoogleCredentialsOptions.Scopes", noScopes.Message, StringComparison.Ordinal);

        var sovereign = GoogleCredentials.FromJson(ServiceAccountJson(Key, TokenUri, universe: "example-tpc.goog"), options);
        var noEndpoint = await Assert.ThrowsAsync<GoogleAuthException>(
            () => sovereign.GetAccessTokenAsync(Request(new Uri("https://cloudaicompanion.example-tpc.goog/"), false, ScopeA), TestTimeout).AsTask());
        Assert.Contains("'example-tpc.goog'", noEndpoint.Message, StringComparison.Ordinal);

        var user = Assert.Throws<GoogleAuthException>(() => GoogleCredentials.FromJson(AuthorizedUserJson(TokenUri), options));
        Assert.Contains("AuthorizedUser", user.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => GoogleCredentials.FromJson(ServiceAccountJson(Key, TokenUri), CredentialOptions(o => { o.Subject = "admin@example.com"; o.UseSelfSignedJwt = true; })));
        Assert.Throws<ArgumentException>(() => GoogleCredentials.FromJson(ServiceAccountJson(Key, TokenUri), CredentialOptions(o => o.Subject = " ")));
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task TokenEndpointRefusal_CarriesErrorAndDescription_ButNoSecret()
    {
        string? assertion = null;
        Server.Responder = r =>
        {
            assertion = Form(r)["assertion"];
            return CannedResponse.Json($$"""{"error":"invalid_grant","error_description":"Invalid JWT Signature: {{assertion}}"}""", 400);
        };
        var json = ServiceAccountJson(Key, TokenUri);
        var credentials = GoogleCredentials.FromJson(json, CredentialOptions());

        var ex = await Assert.ThrowsAsync<GoogleAuthException>(() => credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA), TestTimeout).AsTask());

        Assert.Equal("invalid_grant", ex.Error);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal(TokenUri.ToString(), ex.Endpoint);
        Assert.Equal("Invalid JWT Signature: " + Redaction.Placeholder, ex.ErrorDescription);
        Assert.Contains("HTTP 400: invalid_grant (Invalid JWT Signature: [REDACTED])", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(assertion);
        foreach (var secret in new[] { assertion!, assertion!.Split('.')[2], "PRIVATE KEY", Key.ExportPkcs8PrivateKeyPem().Split('\n')[1] })
        {
            Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TransientTokenEndpointFailure_IsAnHttpRequestException_AndTheClientRetriesIt()
    {
        var tokenCalls = 0;
        Server.Responder = r => r.Path == "/token"
            ? (++tokenCalls == 1 ? CannedResponse.Json("""{"error":"temporarily_unavailable"}""", 503) : Token("ya29.second-try"))
            : OperationJson();
        var credentials = GoogleCredentials.FromJson(ServiceAccountJson(Key, TokenUri), CredentialOptions());

        var direct = await Assert.ThrowsAsync<HttpRequestException>(() => credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA), TestTimeout).AsTask());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, direct.StatusCode);
        Assert.Contains("temporarily_unavailable", direct.Message, StringComparison.Ordinal);

        tokenCalls = 0;
        await Service(o => o.UseGoogleCredentials(credentials)).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);
        Assert.Equal(2, tokenCalls); // the failure was not cached, and the call retried
        Assert.Equal("Bearer ya29.second-try", Server.Requests.Last().Headers["Authorization"]);
    }

    [Fact]
    public void MalformedKeys_FailWithTheFieldNamed_NeverTheKey()
    {
        var good = JsonDocument.Parse(ServiceAccountJson(Key, TokenUri)).RootElement;
        string With(string name, string? value)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(good.GetRawText())!.AsObject();
            if (value is null)
            {
                node.Remove(name);
            }
            else
            {
                node[name] = value;
            }

            return node.ToJsonString();
        }

        Assert.Contains("has no 'client_email'", Assert.Throws<GoogleAuthException>(() => GoogleCredentials.FromJson(With("client_email", null))).Message, StringComparison.Ordinal);
        var badKey = Assert.Throws<GoogleAuthException>(() => GoogleCredentials.FromJson(With("private_key", "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----\n")));
        Assert.Contains("private_key", badKey.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", badKey.ToString(), StringComparison.Ordinal);
        Assert.Contains("token_uri", Assert.Throws<GoogleAuthException>(() => GoogleCredentials.FromJson(With("token_uri", "http://tokens.example.com/token"))).Message, StringComparison.Ordinal);
        var notJson = Assert.Throws<GoogleAuthException>(() => GoogleCredentials.FromJson("{\"private_key\": \"-----BEGIN PRIVATE KEY-----\nMIIE"));
        Assert.DoesNotContain("MIIE", notJson.ToString(), StringComparison.Ordinal);
        Assert.Contains("'nonsense'", Assert.Throws<GoogleAuthException>(() => GoogleCredentials.FromJson("{\"type\":\"nonsense\"}")).Message, StringComparison.Ordinal);
        Assert.Contains("Google.Apis.Auth", Assert.Throws<NotSupportedException>(() => GoogleCredentials.FromJson("{\"type\":\"external_account_authorized_user\"}")).Message, StringComparison.Ordinal);
    }
}
