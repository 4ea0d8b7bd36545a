using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Xunit;
using static DiscoveryGen.Runtime.Tests.Auth.AuthTestKit;

namespace DiscoveryGen.Runtime.Tests.Auth;

/// <summary>
/// The Application Default Credentials lookup order — GOOGLE_APPLICATION_CREDENTIALS, gcloud's file (HOME,
/// CLOUDSDK_CONFIG), the metadata server — with a temporary HOME and the environment restored after each test.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ApplicationDefaultCredentialsTests : CredentialTest
{
    private readonly TemporaryEnvironment _environment = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // Every test has a metadata server; whether it is reached shows the lookup order.
        _environment.Set("GCE_METADATA_HOST", Server.BaseUri.Authority);
        Server.Responder = MetadataServerCredentialsTests.MetadataServer(
            "ya29.from-metadata",
            other: r => r.Path == "/token" ? Token("ya29.from-file") : OperationJson());
    }

    public override async Task DisposeAsync()
    {
        _environment.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task EnvironmentVariable_ComesFirst()
    {
        var path = _environment.WriteFile("keys/sa.json", ServiceAccountJson(Key, TokenUri, quotaProject: "sa-quota"));
        _environment.Set("GOOGLE_APPLICATION_CREDENTIALS", path);
        _environment.WriteFile(_environment.WellKnownFile, AuthorizedUserJson(TokenUri));

        var credentials = GoogleCredentials.FromApplicationDefault(CredentialOptions());

        Assert.Equal(GoogleCredentialKind.ServiceAccount, credentials.Kind);
        Assert.Contains(path, credentials.Source, StringComparison.Ordinal);
        Assert.Contains("GOOGLE_APPLICATION_CREDENTIALS", credentials.Source, StringComparison.Ordinal);
        Assert.Equal("sa-quota", credentials.QuotaProject);
        Assert.Equal("ya29.from-file", await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA), TestTimeout));
        Assert.Equal(ClientEmail, VerifyJwt(Form(Assert.Single(RequestsTo("/token")))["assertion"], Key).Claims.GetProperty("iss").GetString());
        Assert.Empty(RequestsTo("/"));
    }

    [Fact]
    public async Task GcloudFileUnderHome_ComesSecond()
    {
        _environment.WriteFile(_environment.WellKnownFile, AuthorizedUserJson(TokenUri, quotaProject: "user-quota"));

        var credentials = await GoogleCredentials.FromApplicationDefaultAsync(CredentialOptions(), TestTimeout);

        Assert.Equal(GoogleCredentialKind.AuthorizedUser, credentials.Kind);
        Assert.Contains(_environment.WellKnownFile, credentials.Source, StringComparison.Ordinal);
        Assert.Equal("user-quota", credentials.QuotaProject);
        Assert.Equal("ya29.from-file", await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA), TestTimeout));
        Assert.Equal("refresh_token", Form(Assert.Single(RequestsTo("/token")))["grant_type"]);
        Assert.Empty(RequestsTo("/"));
    }

    [Fact]
    public void CloudSdkConfig_MovesGcloudsFolder()
    {
        var config = Path.Combine(_environment.Home, "elsewhere");
        _environment.WriteFile(Path.Combine(config, "application_default_credentials.json"), ServiceAccountJson(Key, TokenUri));
        _environment.WriteFile(_environment.WellKnownFile, AuthorizedUserJson(TokenUri));
        _environment.Set("CLOUDSDK_CONFIG", config);

        var credentials = GoogleCredentials.FromApplicationDefault(CredentialOptions());

        Assert.Equal(GoogleCredentialKind.ServiceAccount, credentials.Kind);
        Assert.Contains(config, credentials.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetadataServer_ComesLast_AfterAProbe()
    {
        var credentials = GoogleCredentials.FromApplicationDefault(CredentialOptions());

        Assert.Equal(GoogleCredentialKind.MetadataServer, credentials.Kind);
        Assert.Empty(Server.Requests); // probed on first use
        Assert.Equal("ya29.from-metadata", await credentials.GetAccessTokenAsync(Request(GoogleService, false, ScopeA), TestTimeout));
        var probe = Assert.Single(RequestsTo("/"));
        Assert.Equal("Google", probe.Headers["Metadata-Flavor"]);
        Assert.Single(RequestsTo("/computeMetadata/v1/instance/service-accounts/default/token"));

        await credentials.GetAccessTokenAsync(Request(GoogleService, true, ScopeA), TestTimeout);
        Assert.Single(RequestsTo("/")); // probed once
    }

    [Fact]
    public async Task QuotaProjectVariable_OverridesTheFiles()
    {
        _environment.WriteFile(_environment.WellKnownFile, AuthorizedUserJson(TokenUri, quotaProject: "from-file"));
        _environment.Set("GOOGLE_CLOUD_QUOTA_PROJECT", "from-env");

        var service = Service(o => o.UseApplicationDefaultCredentials(CredentialOptions()));
        await service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        var api = Server.Requests.Single(r => r.Path.StartsWith("/v1/", StringComparison.Ordinal));
        Assert.Equal("from-env", api.Headers["x-goog-user-project"]);
        Assert.Equal("Bearer ya29.from-file", api.Headers["Authorization"]);
    }

    [Fact]
    public async Task NothingFound_FailsListingEverythingTried()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        _environment.Set("GCE_METADATA_HOST", "127.0.0.1:" + port);

        var lazy = GoogleCredentials.FromApplicationDefault(CredentialOptions());
        var atFirstCall = await Assert.ThrowsAsync<GoogleAuthException>(() => Service(o => o.UseGoogleCredentials(lazy))
            .Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));
        var eager = await Assert.ThrowsAsync<GoogleAuthException>(() => GoogleCredentials.FromApplicationDefaultAsync(CredentialOptions(), TestTimeout));

        foreach (var ex in new[] { atFirstCall, eager })
        {
            Assert.Contains("GOOGLE_APPLICATION_CREDENTIALS (not set)", ex.Message, StringComparison.Ordinal);
            Assert.Contains($"gcloud's credentials file '{_environment.WellKnownFile}' (not found)", ex.Message, StringComparison.Ordinal);
            Assert.Contains($"the metadata server at 127.0.0.1:{port} (ConnectionError, 3 tries)", ex.Message, StringComparison.Ordinal);
            Assert.Contains("gcloud auth application-default login", ex.Message, StringComparison.Ordinal);
        }

        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task ProbeTimeout_IsShort_AndSaidSo()
    {
        // The server never answers: only the probe's own timeout (real time, 100 ms per try) can end the lookup.
        Server.Responder = _ => CannedResponse.Json("{}") with { Delay = CannedResponse.Forever };
        var started = System.Diagnostics.Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<GoogleAuthException>(() => GoogleCredentials.FromApplicationDefaultAsync(
            CredentialOptions(o => o.MetadataProbeTimeout = TimeSpan.FromMilliseconds(100)), TestTimeout));

        Assert.Contains("(no answer within 100 ms, 3 tries)", ex.Message, StringComparison.Ordinal);
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(300), $"three tries of 100 ms took {started.Elapsed}");
        Assert.Equal(3, RequestsTo("/").Length);
    }

    [Fact]
    public async Task AServerWithoutTheFlavorHeader_IsNotTheMetadataServer()
    {
        Server.Responder = _ => CannedResponse.Json("{}");

        var ex = await Assert.ThrowsAsync<GoogleAuthException>(() => GoogleCredentials.FromApplicationDefaultAsync(CredentialOptions(), TestTimeout));

        Assert.Contains("(HTTP 200 without the Metadata-Flavor: Google header)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VariableNamingAMissingFile_IsAnError_NotAFallThrough()
    {
        var missing = Path.Combine(_environment.Home, "nope.json");
        _environment.Set("GOOGLE_APPLICATION_CREDENTIALS", missing);
        _environment.WriteFile(_environment.WellKnownFile, AuthorizedUserJson(TokenUri));

        var ex = Assert.Throws<GoogleAuthException>(() => GoogleCredentials.FromApplicationDefault(CredentialOptions()));

        Assert.Contains($"'{missing}' named by GOOGLE_APPLICATION_CREDENTIALS does not exist", ex.Message, StringComparison.Ordinal);
    }
}
