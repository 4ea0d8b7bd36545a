using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Xunit;
using static DiscoveryGen.Runtime.Tests.Auth.AuthTestKit;

namespace DiscoveryGen.Runtime.Tests.Auth;

/// <summary><c>external_account</c> (workload identity federation): file/URL subject tokens, the STS exchange, impersonation.</summary>
public sealed class ExternalAccountCredentialsTests : CredentialTest
{
    private const string Audience = "//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/pool/providers/oidc";
    private const string Jwt = "eyJhbGciOiJSUzI1NiJ9.subject-token-secret.sig";
    private readonly string _tokenFile = Path.Combine(Path.GetTempPath(), "discoverygen-wif-" + Guid.NewGuid().ToString("N") + ".jwt");

    public override async Task DisposeAsync()
    {
        File.Delete(_tokenFile);
        await base.DisposeAsync();
    }

    private JsonObject Config(JsonObject credentialSource) => new()
    {
        ["type"] = "external_account",
        ["audience"] = Audience,
        ["subject_token_type"] = "urn:ietf:params:oauth:token-type:jwt",
        ["token_url"] = new Uri(Server.BaseUri, "v1/token").ToString(),
        ["credential_source"] = credentialSource,
    };

    [Fact]
    public async Task FileSourcedToken_IsExchangedAtSts_ForTheMethodsScopes()
    {
        await File.WriteAllTextAsync(_tokenFile, Jwt + "\n", TestTimeout);
        Server.Responder = _ => CannedResponse.Json("""{"access_token":"ya29.federated","issued_token_type":"urn:ietf:params:oauth:token-type:access_token","token_type":"Bearer","expires_in":3599}""");
        var credentials = GoogleCredentials.FromJson(Config(new JsonObject { ["file"] = _tokenFile }).ToJsonString(), CredentialOptions());

        Assert.Equal("ya29.federated", await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeB, ScopeA), TestTimeout));

        Assert.Equal(GoogleCredentialKind.ExternalAccount, credentials.Kind);
        var form = Form(Assert.Single(RequestsTo("/v1/token")));
        Assert.Equal("urn:ietf:params:oauth:grant-type:token-exchange", form["grant_type"]);
        Assert.Equal(Audience, form["audience"]);
        Assert.Equal(ScopeA + " " + ScopeB, form["scope"]);
        Assert.Equal("urn:ietf:params:oauth:token-type:access_token", form["requested_token_type"]);
        Assert.Equal(Jwt, form["subject_token"]); // the file's trailing newline is not part of the token
        Assert.Equal("urn:ietf:params:oauth:token-type:jwt", form["subject_token_type"]);
        Assert.False(form.ContainsKey("options"));
    }

    [Fact]
    public async Task UrlSourcedJsonToken_WithHeaders_ThenImpersonation()
    {
        Server.Responder = r => r.Path switch
        {
            "/identity" => CannedResponse.Json($$"""{"access_token":"{{Jwt}}"}"""),
            "/v1/token" => Token("ya29.federated"),
            _ => CannedResponse.Json("""{"accessToken":"ya29.as-service-account","expireTime":"2030-01-02T05:00:00Z"}"""),
        };
        var config = Config(new JsonObject
        {
            ["url"] = new Uri(Server.BaseUri, "identity").ToString(),
            ["headers"] = new JsonObject { ["Metadata"] = "True" },
            ["format"] = new JsonObject { ["type"] = "json", ["subject_token_field_name"] = "access_token" },
        });
        config["service_account_impersonation_url"] = new Uri(Server.BaseUri, "v1/projects/-/serviceAccounts/wif@p1.iam.gserviceaccount.com:generateAccessToken").ToString();
        config["service_account_impersonation"] = new JsonObject { ["token_lifetime_seconds"] = 1800 };
        var credentials = GoogleCredentials.FromJson(config.ToJsonString(), CredentialOptions());

        Assert.Equal("ya29.as-service-account", await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeB), TestTimeout));

        Assert.Equal("True", Assert.Single(RequestsTo("/identity")).Headers["Metadata"]);
        var sts = Form(Assert.Single(RequestsTo("/v1/token")));
        Assert.Equal(Jwt, sts["subject_token"]);
        Assert.Equal(ScopeA, sts["scope"]); // cloud-platform for the federated token that impersonates
        var iam = Server.Requests.Single(r => r.Path.EndsWith(":generateAccessToken", StringComparison.Ordinal));
        Assert.Equal("Bearer ya29.federated", iam.Headers["Authorization"]);
        using var body = JsonDocument.Parse(iam.Body);
        Assert.Equal([ScopeB], body.RootElement.GetProperty("scope").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("1800s", body.RootElement.GetProperty("lifetime").GetString());
    }

    [Fact]
    public async Task WorkforcePool_SendsTheUserProject_AndStsErrorsHideTheSubjectToken()
    {
        await File.WriteAllTextAsync(_tokenFile, Jwt, TestTimeout);
        Server.Responder = _ => CannedResponse.Json($$"""{"error":"invalid_grant","error_description":"The subject token {{Jwt}} is expired."}""", 400);
        var config = Config(new JsonObject { ["file"] = _tokenFile });
        config["audience"] = "//iam.googleapis.com/locations/global/workforcePools/pool/providers/p";
        config["workforce_pool_user_project"] = "user-project-1";
        var credentials = GoogleCredentials.FromJson(config.ToJsonString(), CredentialOptions());

        var ex = await Assert.ThrowsAsync<GoogleAuthException>(() => credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA), TestTimeout).AsTask());

        Assert.Equal("""{"userProject":"user-project-1"}""", Form(Assert.Single(Server.Requests))["options"]);
        Assert.Equal("invalid_grant", ex.Error);
        Assert.DoesNotContain(Jwt, ex.ToString(), StringComparison.Ordinal);
        Assert.Contains("The subject token [REDACTED] is expired.", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"environment_id":"aws1","region_url":"http://169.254.169.254/latest/meta-data/placement/availability-zone"}""", "AWS")]
    [InlineData("""{"executable":{"command":"/bin/token","timeout_millis":5000}}""", "Executable")]
    public void AwsAndExecutableSources_AreNotSupported_AndNameTheAdapter(string credentialSource, string kind)
    {
        var config = Config(JsonNode.Parse(credentialSource)!.AsObject());

        var ex = Assert.Throws<NotSupportedException>(() => GoogleCredentials.FromJson(config.ToJsonString()));

        Assert.StartsWith(kind, ex.Message, StringComparison.Ordinal);
        Assert.Contains("Google.Apis.Auth adapter (package DiscoveryGen.Auth.GoogleApis", ex.Message, StringComparison.Ordinal);
    }
}
