using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Xunit;
using static DiscoveryGen.Runtime.Tests.Auth.AuthTestKit;

namespace DiscoveryGen.Runtime.Tests.Auth;

/// <summary>The metadata server (at <c>GCE_METADATA_HOST</c>): flavor header, scopes query, universe domain, errors.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class MetadataServerCredentialsTests : CredentialTest
{
    private const string TokenPath = "/computeMetadata/v1/instance/service-accounts/default/token";
    private const string UniversePath = "/computeMetadata/v1/universe/universe-domain";
    private readonly TemporaryEnvironment _environment = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _environment.Set("GCE_METADATA_HOST", Server.BaseUri.Authority);
    }

    public override async Task DisposeAsync()
    {
        _environment.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>Answers like Google's metadata server, and refuses requests without <c>Metadata-Flavor: Google</c> as it does.</summary>
    internal static Func<RecordedRequest, CannedResponse> MetadataServer(string token = "ya29.metadata", string? universe = null, Func<RecordedRequest, CannedResponse>? other = null) => r =>
    {
        var metadata = r.Path == "/" || r.Path.StartsWith("/computeMetadata/", StringComparison.Ordinal);
        if (!metadata)
        {
            return other?.Invoke(r) ?? new CannedResponse(404, "Not Found", "text/html");
        }

        if (!r.Headers.TryGetValue("Metadata-Flavor", out var flavor) || flavor != "Google")
        {
            return new CannedResponse(403, "Missing required header \"Metadata-Flavor\"", "text/html");
        }

        var flavored = new Dictionary<string, string> { ["Metadata-Flavor"] = "Google" };
        return r.Path switch
        {
            "/" => new CannedResponse(200, "computeMetadata/\n", "application/text") { Headers = flavored },
            TokenPath => Token(token, expiresIn: 3599) with { Headers = flavored },
            UniversePath when universe is not null => new CannedResponse(200, universe, "application/text") { Headers = flavored },
            UniversePath => new CannedResponse(404, "Not Found", "text/html") { Headers = flavored },
            _ => new CannedResponse(404, "Not Found", "text/html") { Headers = flavored },
        };
    };

    [Fact]
    public async Task Subject_WithoutAKey_TheServersAccountHasIamSignItsDelegatedAssertion_AndGooglesTokenEndpointExchangesIt()
    {
        const string Account = "runner@p1.iam.gserviceaccount.com";
        const string SignJwtPath = "/v1/projects/-/serviceAccounts/" + Account + ":signJwt";
        var flavored = new Dictionary<string, string> { ["Metadata-Flavor"] = "Google" };
        Server.Responder = MetadataServer(other: r => r.Path switch
        {
            SignJwtPath => CannedResponse.Json("""{"keyId":"k1","signedJwt":"h.p.s"}"""),
            "/token" => Token("ya29.as-the-user"),
            _ => new CannedResponse(404, "{}"),
        });
        var server = Server.Responder;
        Server.Responder = r => r.Path == "/computeMetadata/v1/instance/service-accounts/default/email"
            ? new CannedResponse(200, Account, "application/text") { Headers = flavored }
            : server(r);
        var credentials = GoogleCredentials.FromMetadataServer(CredentialOptions(o =>
        {
            o.Subject = "admin@example.com";
            o.IamCredentialsRoot = Server.BaseUri;
            o.OAuthTokenEndpoint = TokenUri;
        }));

        Assert.Equal("ya29.as-the-user", await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeB), TestTimeout));

        // The server's own token is for cloud-platform (to call IAM), never for the user's scopes.
        var serverToken = Assert.Single(RequestsTo(TokenPath));
        Assert.Equal([ScopeA], serverToken.QueryValues("scopes"));
        var sign = Assert.Single(RequestsTo(SignJwtPath));
        Assert.Equal("Bearer ya29.metadata", sign.Headers["Authorization"]);
        using var body = System.Text.Json.JsonDocument.Parse(sign.Body);
        using var claims = System.Text.Json.JsonDocument.Parse(body.RootElement.GetProperty("payload").GetString()!);
        Assert.Equal(Account, claims.RootElement.GetProperty("iss").GetString());
        Assert.Equal("admin@example.com", claims.RootElement.GetProperty("sub").GetString());
        Assert.Equal(TokenUri.ToString(), claims.RootElement.GetProperty("aud").GetString());
        Assert.Equal(ScopeB, claims.RootElement.GetProperty("scope").GetString());
        var exchange = Form(Assert.Single(RequestsTo("/token")));
        Assert.Equal("urn:ietf:params:oauth:grant-type:jwt-bearer", exchange["grant_type"]);
        Assert.Equal("h.p.s", exchange["assertion"]);

        // Another universe has no token endpoint that acts as a user; a method without scopes has nothing to ask for.
        var sovereign = GoogleCredentials.FromMetadataServer(CredentialOptions(o => o.Subject = "admin@example.com"));
        Server.Responder = MetadataServer(universe: "example-tpc.goog");
        var error = await Assert.ThrowsAsync<GoogleAuthException>(() => sovereign.GetAccessTokenAsync(Request(GoogleService, false, ScopeB), TestTimeout).AsTask());
        Assert.Contains("'example-tpc.goog'", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<GoogleAuthException>(() => sovereign.GetAccessTokenAsync(Request(GoogleService), TestTimeout).AsTask());
    }

    [Fact]
    public async Task Subject_AnEmailThatIsNotOne_IsRefusedBeforeIamIsAsked()
    {
        var flavored = new Dictionary<string, string> { ["Metadata-Flavor"] = "Google" };
        var server = MetadataServer();
        Server.Responder = r => r.Path == "/computeMetadata/v1/instance/service-accounts/default/email"
            ? new CannedResponse(200, "x@y/../../v1/other:signBlob?", "application/text") { Headers = flavored }
            : server(r);
        var credentials = GoogleCredentials.FromMetadataServer(CredentialOptions(o =>
        {
            o.Subject = "admin@example.com";
            o.IamCredentialsRoot = Server.BaseUri;
            o.OAuthTokenEndpoint = TokenUri;
        }));

        var error = await Assert.ThrowsAsync<GoogleAuthException>(() => credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeB), TestTimeout).AsTask());

        Assert.Contains("not an email address", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Server.Requests, r => r.Path.StartsWith("/v1/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Token_IsAskedWithTheFlavorHeaderAndTheMethodsScopes()
    {
        Server.Responder = MetadataServer();
        var credentials = GoogleCredentials.FromMetadataServer(CredentialOptions());

        Assert.Equal("ya29.metadata", await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeB, ScopeA), TestTimeout));

        Assert.Equal(GoogleCredentialKind.MetadataServer, credentials.Kind);
        Assert.Null(credentials.QuotaProject);
        Assert.Equal("googleapis.com", await credentials.GetUniverseDomainAsync(TestTimeout)); // 404: the default universe
        var token = Assert.Single(RequestsTo(TokenPath));
        Assert.Equal("GET", token.Method);
        Assert.Equal("Google", token.Headers["Metadata-Flavor"]);
        Assert.Equal([ScopeA + "," + ScopeB], token.QueryValues("scopes"));
        Assert.Single(RequestsTo(UniversePath)); // asked once, then cached
        Assert.Empty(RequestsTo("/")); // an explicit metadata credential is not probed
    }

    [Fact]
    public async Task WithoutScopes_NoScopesQueryIsSent()
    {
        Server.Responder = MetadataServer();
        var credentials = GoogleCredentials.FromMetadataServer(CredentialOptions());

        await credentials.GetAccessTokenAsync(Request(GoogleService), TestTimeout);

        Assert.Equal(TokenPath, Assert.Single(RequestsTo(TokenPath)).RawTarget);
    }

    [Fact]
    public async Task GeneratedClient_CallsTheApiWithTheMetadataToken_AndFiftyCallsShareOneTokenRequest()
    {
        Server.Responder = MetadataServer(other: _ => OperationJson());
        var credentials = GoogleCredentials.FromMetadataServer(CredentialOptions());
        var service = Service(o => o.UseGoogleCredentials(credentials));

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout)));

        Assert.Single(RequestsTo(TokenPath));
        Assert.Equal(50, Server.Requests.Count(r => r.Path.StartsWith("/v1/", StringComparison.Ordinal) && r.Headers["Authorization"] == "Bearer ya29.metadata"));
    }

    [Fact]
    public async Task UniverseFromTheServer_RefusesAGoogleapisService()
    {
        Server.Responder = MetadataServer(universe: "example-tpc.goog");
        var credentials = GoogleCredentials.FromMetadataServer(CredentialOptions());

        Assert.Equal("example-tpc.goog", await credentials.GetUniverseDomainAsync(TestTimeout));
        var ex = await Assert.ThrowsAsync<GoogleAuthException>(() => credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA), TestTimeout).AsTask());
        Assert.Contains("universe domain 'example-tpc.goog'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(RequestsTo(TokenPath));
        Assert.Equal("ya29.metadata", await credentials.GetAccessTokenAsync(Request(new Uri("https://aiplatform.example-tpc.goog/"), false, ScopeA), TestTimeout));
    }

    [Fact]
    public async Task ServerError_IsReportedWithItsText()
    {
        Server.Responder = r => r.Path == TokenPath
            ? new CannedResponse(404, "The requested service account 'default' is not found.", "text/plain")
            : MetadataServer()(r);
        var credentials = GoogleCredentials.FromMetadataServer(CredentialOptions());

        var ex = await Assert.ThrowsAsync<GoogleAuthException>(() => credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA), TestTimeout).AsTask());

        Assert.Contains("the metadata server at " + Server.BaseUri.Authority, ex.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 404: The requested service account 'default' is not found.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MetadataHostVariable_MustBeAHost()
    {
        _environment.Set("GCE_METADATA_HOST", "http://evil.example/path");
        Assert.Contains("host[:port]", Assert.Throws<GoogleAuthException>(() => GoogleCredentials.FromMetadataServer()).Message, StringComparison.Ordinal);
    }
}
