using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Auth.GoogleApis;
using DiscoveryGen.Tests.Shared;
using Google.Apis.Auth.OAuth2;
using Microsoft.AspNetCore.WebUtilities;
using Runtime.Gemini;
using Xunit;

namespace DiscoveryGen.Runtime.Tests;

/// <summary>
/// Access tokens per call with the method's scopes, Google.Apis.Auth service-account keys against a loopback token
/// endpoint that verifies the signed assertion, API keys, quota projects; and no credential in any message or log.
/// </summary>
public sealed class AuthTests : LoopbackTest
{
    private const string ClientEmail = "runtime-test@p1.iam.gserviceaccount.com";
    private const string IssuedToken = "ya29.c.loopback-token-6f1d2a9e";
    private const string RefreshedToken = "ya29.c.refreshed-token-77b0c3";
    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentQueue<JsonElement> _assertions = new();

    /// <summary>When set, every token after the first is <see cref="RefreshedToken"/>.</summary>
    private bool RotateTokens { get; set; }

    public override async Task DisposeAsync()
    {
        _key.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task ServiceAccountKey_TokenEndpointVerifiesTheAssertion_AndTheCallCarriesTheToken()
    {
        Server.Responder = TokenEndpointThen(_ => OperationJson());
        var provider = GoogleCredentialTokenProvider.FromServiceAccountKeyJson(ServiceAccountJson(quotaProject: "billing-p"));
        var service = Service(o => o.UseGoogleCredential(provider.Credential));

        await service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);
        await service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        var tokenRequests = Server.Requests.Where(r => r.Path == "/token").ToArray();
        var apiRequests = Server.Requests.Where(r => r.Path != "/token").ToArray();
        Assert.Single(tokenRequests); // cached by Google.Apis.Auth: one token for two calls
        Assert.Equal(2, apiRequests.Length);
        Assert.All(apiRequests, r => Assert.Equal("Bearer " + IssuedToken, r.Headers["Authorization"]));
        Assert.All(apiRequests, r => Assert.Equal("billing-p", r.Headers["x-goog-user-project"]));

        var claims = Assert.Single(_assertions);
        Assert.Equal(ClientEmail, claims.GetProperty("iss").GetString());
        Assert.Equal(CloudAICompanionService.CloudPlatformScope, claims.GetProperty("scope").GetString());
        // The assertion went to the key's token_uri (this server); Google.Apis.Auth addresses it to Google's token audience.
        Assert.Equal("https://oauth2.googleapis.com/token", claims.GetProperty("aud").GetString());
        Assert.Equal(
            CloudAICompanionService.Methods.Single(m => m.Id == "cloudaicompanion.projects.locations.operations.get").Scopes,
            claims.GetProperty("scope").GetString()!.Split(' '));
    }

    [Fact]
    public async Task ApplicationDefaultCredentials_FromAKeyFile_AuthenticateTheCall()
    {
        // ADC reads GOOGLE_APPLICATION_CREDENTIALS (process-wide; Google.Apis.Auth caches the result, so only this test
        // uses ADC). The same key file also loads directly.
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "discoverygen-adc-" + Guid.NewGuid().ToString("N") + ".json");
        await System.IO.File.WriteAllTextAsync(path, ServiceAccountJson(), TestTimeout);
        var previous = Environment.GetEnvironmentVariable("GOOGLE_APPLICATION_CREDENTIALS");
        try
        {
            Environment.SetEnvironmentVariable("GOOGLE_APPLICATION_CREDENTIALS", path);
            Server.Responder = TokenEndpointThen(_ => OperationJson());
            var adc = await GoogleCredentialTokenProvider.FromApplicationDefaultAsync(TestTimeout);
            var fromFile = GoogleCredentialTokenProvider.FromServiceAccountKeyFile(path);

            await Service(o => o.AccessTokenProvider = adc).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);
            await Service(o => o.AccessTokenProvider = fromFile).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

            Assert.IsType<ServiceAccountCredential>(adc.Credential.UnderlyingCredential);
            Assert.Equal(2, _assertions.Count);
            Assert.All(Server.Requests.Where(r => r.Path != "/token"), r => Assert.Equal("Bearer " + IssuedToken, r.Headers["Authorization"]));
        }
        finally
        {
            Environment.SetEnvironmentVariable("GOOGLE_APPLICATION_CREDENTIALS", previous);
            System.IO.File.Delete(path);
        }
    }

    [Fact]
    public async Task Token_NeverAppearsInExceptionsOrLogs_EvenWhenTheServerEchoesIt()
    {
        Server.Responder = TokenEndpointThen(r => CannedResponse.Json(
            "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials: " + r.Headers["Authorization"] + "\",\"status\":\"UNAUTHENTICATED\"}}",
            401));
        RotateTokens = true;
        var provider = GoogleCredentialTokenProvider.FromServiceAccountKeyJson(ServiceAccountJson());
        var service = Service(o => o.UseGoogleCredential(provider.Credential));

        var ex = await Assert.ThrowsAsync<ApiException>(() => service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal(2, ex.Attempts); // one forced refresh after the first 401, then the error
        Assert.Contains(Server.Requests, r => r.Headers.TryGetValue("Authorization", out var a) && a == "Bearer " + RefreshedToken);
        foreach (var secret in new[] { RefreshedToken, "refreshed-token" })
        {
            Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, ex.RawBody, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, Logs.AllText(), StringComparison.Ordinal);
        }

        Assert.Contains(Server.Requests, r => r.Headers.TryGetValue("Authorization", out var a) && a.Contains(IssuedToken, StringComparison.Ordinal));
        Assert.DoesNotContain(IssuedToken, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(IssuedToken, ex.RawBody, StringComparison.Ordinal);
        Assert.DoesNotContain(IssuedToken, ex.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("credentials: Bearer " + Redaction.Placeholder, ex.Error.Message, StringComparison.Ordinal);
        Assert.Contains("Bearer " + Redaction.Placeholder, ex.Message, StringComparison.Ordinal);
        Assert.NotEmpty(Logs.Entries);
        Assert.DoesNotContain(IssuedToken, Logs.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN PRIVATE KEY", Logs.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectedToken_IsRefreshedOnceAndTheCallRepeated_EvenForAPost()
    {
        RotateTokens = true;
        Server.Responder = TokenEndpointThen(r => r.Headers["Authorization"] == "Bearer " + IssuedToken
            ? CannedResponse.Json("""{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}""", 401)
            : OperationJson());
        var provider = GoogleCredentialTokenProvider.FromServiceAccountKeyJson(ServiceAccountJson());

        await Service(o => { o.UseGoogleCredential(provider.Credential); o.Retry = RetryPolicy.None; })
            .Projects.Locations.Operations.CancelAsync(OperationName, cancellationToken: TestTimeout);

        var api = Server.Requests.Where(r => r.Path != "/token").ToArray();
        Assert.Equal(new[] { "Bearer " + IssuedToken, "Bearer " + RefreshedToken }, api.Select(r => r.Headers["Authorization"]));
        Assert.Equal(2, _assertions.Count); // the cached token was not reused: a new assertion was signed
    }

    [Fact]
    public async Task WithoutATokenProvider_A401IsNotRepeated()
    {
        Server.Responder = _ => CannedResponse.Json("""{"error":{"code":401,"message":"Login required.","status":"UNAUTHENTICATED"}}""", 401);

        await Assert.ThrowsAsync<ApiException>(() => Service().Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task TokenProvider_IsAskedPerAttemptWithTheMethodsScopes()
    {
        var asked = new ConcurrentQueue<AccessTokenRequest>();
        var count = 0;
        var provider = AccessTokenProvider.FromCallback((request, _) =>
        {
            asked.Enqueue(request);
            return new ValueTask<string>("token-" + Interlocked.Increment(ref count).ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        Server.Responder = Sequence(Unavailable(), OperationJson());

        await Service(o => o.AccessTokenProvider = provider).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        Assert.Equal(2, asked.Count);
        Assert.All(asked, r => Assert.Equal(new[] { CloudAICompanionService.CloudPlatformScope }, r.Scopes));
        Assert.All(asked, r => Assert.Equal("cloudaicompanion.projects.locations.operations.get", r.Method.Id));
        Assert.Equal(new[] { "Bearer token-1", "Bearer token-2" }, Server.Requests.Select(r => r.Headers["Authorization"]));
    }

    [Fact]
    public async Task PerCallCredentialAndQuotaProject_OverrideTheServices()
    {
        var service = Service(o =>
        {
            o.AccessTokenProvider = AccessTokenProvider.FromToken("service-token");
            o.QuotaProject = "service-quota";
        });

        await service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);
        await service.Projects.Locations.Operations.GetAsync(
            OperationName,
            new RequestOptions { AccessTokenProvider = AccessTokenProvider.FromToken("call-token"), QuotaProject = "call-quota" },
            TestTimeout);

        Assert.Equal(new[] { "Bearer service-token", "Bearer call-token" }, Server.Requests.Select(r => r.Headers["Authorization"]));
        Assert.Equal(new[] { "service-quota", "call-quota" }, Server.Requests.Select(r => r.Headers["x-goog-user-project"]));
    }

    [Fact]
    public async Task NoCredential_SendsNoAuthorizationHeader()
    {
        await Service().Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        Assert.False(Assert.Single(Server.Requests).Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task TokenWithLineBreak_IsRejectedBeforeSending_WithoutEchoingIt()
    {
        var service = Service(o => o.AccessTokenProvider = AccessTokenProvider.FromToken("abc\r\nX-Injected: 1"));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Empty(Server.Requests);
        Assert.DoesNotContain("abc", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKey_IsSentAsKey_AndRedactedFromExceptionsLogsAndTraces()
    {
        const string ApiKey = "AIzaSyD-loopback-key-0123456789";
        using var activities = new ActivityCollector();
        Server.Responder = r => CannedResponse.Json("{\"error\":{\"code\":400,\"message\":\"API key not valid: " + r.QueryValues("key").Single() + "\",\"status\":\"INVALID_ARGUMENT\"}}", 400);

        var ex = await Assert.ThrowsAsync<ApiException>(() => Service(o => o.ApiKey = ApiKey).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Equal(new[] { ApiKey }, Assert.Single(Server.Requests).QueryValues("key"));
        Assert.DoesNotContain(ApiKey, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, ex.RawBody, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, Logs.AllText(), StringComparison.Ordinal);
        var span = activities.Stopped.Single(a => Equals(a.GetTagItem("server.port"), Server.BaseUri.Port));
        Assert.EndsWith("?key=" + Redaction.Placeholder, (string)span.GetTagItem("url.full")!, StringComparison.Ordinal);
        Assert.DoesNotContain(span.Tags, t => t.Value?.Contains(ApiKey, StringComparison.Ordinal) == true);
        Assert.DoesNotContain(span.Events, e => e.Tags.Any(t => t.Value?.ToString()?.Contains(ApiKey, StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task QuotaProjectWithLineBreak_IsRejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Service().Projects.Locations.Operations.GetAsync(
            OperationName, new RequestOptions { QuotaProject = "p\nX: y" }, TestTimeout));
        Assert.Throws<ArgumentException>(() => Service(o => o.QuotaProject = "p\r\n"));
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public void UseGoogleCredential_KeepsAnExplicitQuotaProject()
    {
        var provider = GoogleCredentialTokenProvider.FromServiceAccountKeyJson(ServiceAccountJson(quotaProject: "from-key"));

        var explicitQuota = new ClientOptions { QuotaProject = "explicit" }.UseGoogleCredential(provider.Credential);
        var fromKey = new ClientOptions().UseGoogleCredential(provider.Credential);

        Assert.Equal("explicit", explicitQuota.QuotaProject);
        Assert.Equal("from-key", fromKey.QuotaProject);
        Assert.IsType<GoogleCredentialTokenProvider>(fromKey.AccessTokenProvider);
    }

    private string ServiceAccountJson(string? quotaProject = null)
    {
        var values = new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["project_id"] = "p1",
            ["private_key_id"] = "key-1",
            ["private_key"] = _key.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = ClientEmail,
            ["client_id"] = "1234567890",
            ["auth_uri"] = new Uri(Server.BaseUri, "auth").ToString(),
            ["token_uri"] = new Uri(Server.BaseUri, "token").ToString(),
            ["universe_domain"] = "googleapis.com",
        };
        if (quotaProject is not null)
        {
            values["quota_project_id"] = quotaProject;
        }

        return JsonSerializer.Serialize(values);
    }

    /// <summary>POST /token: verify the JWT bearer assertion (RS256 with the test's key, claims) and issue a token.</summary>
    private Func<RecordedRequest, CannedResponse> TokenEndpointThen(Func<RecordedRequest, CannedResponse> api) => request =>
    {
        if (request.Path != "/token")
        {
            return api(request);
        }

        var form = QueryHelpers.ParseQuery(request.BodyText);
        if (request.Method != "POST" || form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer")
        {
            return CannedResponse.Json("""{"error":"unsupported_grant_type"}""", 400);
        }

        var parts = form["assertion"].ToString().Split('.');
        if (parts.Length != 3 ||
            !_key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64UrlDecode(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return CannedResponse.Json("""{"error":"invalid_grant","error_description":"bad signature"}""", 400);
        }

        using var header = JsonDocument.Parse(Base64UrlDecode(parts[0]));
        using var claims = JsonDocument.Parse(Base64UrlDecode(parts[1]));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (header.RootElement.GetProperty("alg").GetString() != "RS256" ||
            claims.RootElement.GetProperty("exp").GetInt64() <= now ||
            claims.RootElement.GetProperty("iat").GetInt64() > now + 60)
        {
            return CannedResponse.Json("""{"error":"invalid_grant"}""", 400);
        }

        _assertions.Enqueue(claims.RootElement.Clone());
        var token = _assertions.Count == 1 || !RotateTokens ? IssuedToken : RefreshedToken;
        return CannedResponse.Json($$"""{"access_token":"{{token}}","expires_in":3600,"token_type":"Bearer"}""");
    };

    private static byte[] Base64UrlDecode(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }
}
