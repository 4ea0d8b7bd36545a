using System;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using DiscoveryGen.Runtime;
using DiscoveryGen.Auth.GoogleApis;
using DiscoveryGen.Tests.Shared;

namespace DiscoveryGen.Benchmarks;

/// <summary>
/// One access token for a service-account key, as the client asks before each attempt: from the cache
/// (<c>ForceRefresh=false</c>) and newly obtained (<c>true</c>: sign the RS256 assertion and exchange it at a Kestrel
/// token endpoint on 127.0.0.1, the tests' <see cref="LoopbackServer"/> answering from its raw handler), through the runtime's <see cref="GoogleCredentials"/> and the Google.Apis.Auth adapter.
/// </summary>
[MemoryDiagnoser]
public class AuthBenchmarks
{
    private static readonly byte[] TokenResponse = Encoding.UTF8.GetBytes("{\"access_token\":\"ya29.bench\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");

    private LoopbackServer _server = null!;
    private GoogleCredentials _runtime = null!;
    private GoogleCredentialTokenProvider _googleApis = null!;
    private AccessTokenRequest _request = null!;

    [Params(false, true)]
    public bool ForceRefresh { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _server = await LoopbackServer.StartAsync();
        _server.RawHandler = async context =>
        {
            await context.Request.Body.CopyToAsync(System.IO.Stream.Null);
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = TokenResponse.Length;
            await context.Response.Body.WriteAsync(TokenResponse);
            return true;
        };

        using var key = RSA.Create(2048);
        var json = new JsonObject
        {
            ["type"] = "service_account",
            ["private_key_id"] = "bench",
            ["private_key"] = key.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = "bench@p1.iam.gserviceaccount.com",
            ["token_uri"] = new Uri(_server.BaseUri, "token").ToString(),
        }.ToJsonString();
        _runtime = GoogleCredentials.FromJson(json);
        _googleApis = GoogleCredentialTokenProvider.FromServiceAccountKeyJson(json);
        var method = new MethodDescriptor("storage.objects.get", "GET", "b/{bucket}/o/{object}", null, ["https://www.googleapis.com/auth/cloud-platform"], []);
        _request = new AccessTokenRequest(method, new Uri("https://storage.googleapis.com/storage/v1/")) { ForceRefresh = ForceRefresh };

        if (await Runtime() != "ya29.bench" || await GoogleApisAuth() != "ya29.bench")
        {
            throw new InvalidOperationException("A provider did not return the endpoint's token.");
        }
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _server.DisposeAsync();

    [Benchmark(Baseline = true, Description = "Google.Apis.Auth adapter")]
    public ValueTask<string> GoogleApisAuth() => _googleApis.GetAccessTokenAsync(_request, CancellationToken.None);

    [Benchmark(Description = "GoogleCredentials (runtime)")]
    public ValueTask<string> Runtime() => _runtime.GetAccessTokenAsync(_request, CancellationToken.None);
}
