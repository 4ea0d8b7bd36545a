using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Xunit;
using static DiscoveryGen.Runtime.Tests.Auth.AuthTestKit;

namespace DiscoveryGen.Runtime.Tests.Auth;

/// <summary><c>authorized_user</c> (gcloud's user credentials): the refresh-token grant, rotation, and errors without secrets.</summary>
public sealed class AuthorizedUserCredentialsTests : CredentialTest
{
    [Fact]
    public async Task RefreshGrant_SendsClientAndRefreshToken_AndOneTokenServesEveryScopeSet()
    {
        Server.Responder = _ => Token("ya29.user");
        var credentials = GoogleCredentials.FromJson(AuthorizedUserJson(TokenUri, quotaProject: "user-quota"), CredentialOptions());

        Assert.Equal("ya29.user", await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA), TestTimeout));
        Assert.Equal("ya29.user", await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeB), TestTimeout));

        Assert.Equal(GoogleCredentialKind.AuthorizedUser, credentials.Kind);
        Assert.Equal("user-quota", credentials.QuotaProject);
        var request = Assert.Single(Server.Requests); // the grant cannot change scopes: one token for all
        Assert.Equal("POST", request.Method);
        Assert.Equal("/token", request.Path);
        var form = Form(request);
        Assert.Equal("refresh_token", form["grant_type"]);
        Assert.Equal("client-77.apps.googleusercontent.com", form["client_id"]);
        Assert.Equal("client-secret-d41", form["client_secret"]);
        Assert.Equal("1//refresh-secret-9f3", form["refresh_token"]);
        Assert.False(form.ContainsKey("scope"));
    }

    [Fact]
    public async Task RotatedRefreshToken_IsUsedForTheNextGrant()
    {
        Server.Responder = Sequence(
            CannedResponse.Json("""{"access_token":"ya29.a","expires_in":3600,"refresh_token":"1//rotated"}"""),
            Token("ya29.b"));
        var credentials = GoogleCredentials.FromJson(AuthorizedUserJson(TokenUri), CredentialOptions());

        Assert.Equal("ya29.a", await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA), TestTimeout));
        Assert.Equal("ya29.b", await credentials.GetAccessTokenAsync(Request(GoogleService, forceRefresh: true, ScopeA), TestTimeout));

        Assert.Equal(["1//refresh-secret-9f3", "1//rotated"], Server.Requests.Select(r => Form(r)["refresh_token"]));
    }

    [Fact]
    public async Task InvalidGrant_IsReported_WithoutTheRefreshTokenOrClientSecret()
    {
        Server.Responder = _ => CannedResponse.Json(
            """{"error":"invalid_grant","error_description":"Token has been expired or revoked (1//refresh-secret-9f3, client-secret-d41)."}""", 400);
        var credentials = GoogleCredentials.FromJson(AuthorizedUserJson(TokenUri), CredentialOptions());

        var ex = await Assert.ThrowsAsync<GoogleAuthException>(() => Service(o => o.UseGoogleCredentials(credentials))
            .Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Equal("invalid_grant", ex.Error);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal("Token has been expired or revoked ([REDACTED], [REDACTED]).", ex.ErrorDescription);
        Assert.Single(Server.Requests); // a refusal is not retried, and the API was never called
        foreach (var secret in new[] { "1//refresh-secret-9f3", "client-secret-d41" })
        {
            Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, Logs.AllText(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void WithoutTokenUri_GooglesEndpointIsUsed_AndOtherUniversesAreRefused()
    {
        var credentials = GoogleCredentials.FromJson(AuthorizedUserJson(tokenUri: null));
        Assert.Equal(GoogleCredentialKind.AuthorizedUser, credentials.Kind);

        var json = System.Text.Json.Nodes.JsonNode.Parse(AuthorizedUserJson(null))!.AsObject();
        json["universe_domain"] = "example-tpc.goog";
        var ex = Assert.Throws<GoogleAuthException>(() => GoogleCredentials.FromJson(json.ToJsonString()));
        Assert.Contains("only in 'googleapis.com'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("has no 'refresh_token'", Assert.Throws<GoogleAuthException>(() => GoogleCredentials.FromJson("""{"type":"authorized_user","client_id":"a","client_secret":"b"}""")).Message, StringComparison.Ordinal);
    }
}
