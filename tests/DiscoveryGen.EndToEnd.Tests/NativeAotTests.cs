using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using DiscoveryGen.Tests.Shared;
using Microsoft.AspNetCore.WebUtilities;
using Xunit;

namespace DiscoveryGen.EndToEnd.Tests;

/// <summary>
/// samples/Gemini.Aot publishes as a NativeAOT binary with trimming/AOT warnings as errors, and the native binary talks
/// to a Kestrel server on 127.0.0.1 through the generated client, authenticated by the runtime's Google credentials
/// (a service-account key found by Application Default Credentials, then the metadata server). Twice: the client
/// generated into the app, and compiled apart (README "Large APIs", SeparateAssembly) and compiled into the binary by
/// the AOT compiler from its own assembly.
/// </summary>
[Trait("Category", "Slow")]
public sealed class NativeAotTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AotSample_PublishesWithoutWarnings_AndTheNativeBinaryAuthenticatesAndCallsTheLoopbackServer(bool separateClient)
    {
        var output = DotnetCli.NewTempFolder("discoverygen-aot");
        try
        {
            DotnetCli.Result publish;
            var started = DateTime.UtcNow;
            using (DotnetCli.RepositoryBuildLock())
            {
                publish = DotnetCli.Dotnet(
                    DotnetCli.RepoRoot,
                    TimeSpan.FromMinutes(12),
                    null,
                    "publish", Path.Combine("samples", "Gemini.Aot", "Gemini.Aot.csproj"), "-c", "Release", "-o", output,
                    "-p:DiscoveryGenSeparateAssembly=" + (separateClient ? "true" : "false")).EnsureSuccess("dotnet publish (NativeAOT)");
            }

            // Compiled apart: this publish wrote the client's own assembly, and the AOT compiler took it in.
            var clients = Directory.GetFiles(Path.Combine(DotnetCli.RepoRoot, "samples", "Gemini.Aot", "obj", "Release"), "Gemini.Aot.cloudaicompanion.v1.dll", SearchOption.AllDirectories)
                .Where(path => File.GetLastWriteTimeUtc(path) >= started.AddSeconds(-2))
                .ToArray();
            Assert.Equal(separateClient ? 1 : 0, clients.Length);
            Assert.False(File.Exists(Path.Combine(output, "Gemini.Aot.cloudaicompanion.v1.dll")), "the publish left the client as IL beside the binary");

            // The project makes every trim/AOT warning an error; this also catches any that slipped through as warnings.
            Assert.DoesNotMatch(@"warning (IL|CS)\d{4}", publish.Output);
            var binary = Path.Combine(output, "Gemini.Aot");
            Assert.True(File.Exists(binary), "no native binary at " + binary);
            Assert.False(File.Exists(Path.Combine(output, "Gemini.Aot.dll")), "the publish produced IL, not a native binary");

            using var key = RSA.Create(2048);
            await using var server = await LoopbackServer.StartAsync();
            server.Responder = request => Answer(request, key);
            var home = Path.Combine(output, "home");
            Directory.CreateDirectory(home);
            var keyFile = Path.Combine(output, "sa.json");
            File.WriteAllText(keyFile, new JsonObject
            {
                ["type"] = "service_account",
                ["private_key_id"] = "aot-key",
                ["private_key"] = key.ExportPkcs8PrivateKeyPem(),
                ["client_email"] = "aot@p1.iam.gserviceaccount.com",
                ["token_uri"] = new Uri(server.BaseUri, "token").ToString(),
                ["quota_project_id"] = "aot-quota",
            }.ToJsonString());
            var environment = new Dictionary<string, string>
            {
                ["HOME"] = home,
                ["CLOUDSDK_CONFIG"] = Path.Combine(home, "gcloud"),
                ["GOOGLE_CLOUD_QUOTA_PROJECT"] = "",
                ["GCE_METADATA_HOST"] = server.BaseUri.Authority,
            };

            // 1. Application Default Credentials find the service-account key: the native binary signs the RS256
            //    assertion, exchanges it at the key's token_uri, and every API call carries the token.
            environment["GOOGLE_APPLICATION_CREDENTIALS"] = keyFile;
            var run = DotnetCli.Run(binary, new[] { server.BaseUri.ToString() }, output, TimeSpan.FromMinutes(1), environment).EnsureSuccess("the native binary");

            Assert.Contains("native: True; methods: 89\n", run.Output, StringComparison.Ordinal);
            Assert.Contains("auth: ServiceAccount\n", run.Output, StringComparison.Ordinal);
            Assert.Contains("locations: us-central1 (Iowa), europe-west4 (Netherlands); next page: t2\n", run.Output, StringComparison.Ordinal);
            Assert.Contains("operation: projects/p1/locations/us-central1/operations/op-1 done=False\n", run.Output, StringComparison.Ordinal);
            Assert.Contains("operation name: op-1 in us-central1, equal: True\n", run.Output, StringComparison.Ordinal);
            Assert.Contains("error: 404 NOT_FOUND Operation not found.\n", run.Output, StringComparison.Ordinal);

            var token = Assert.Single(server.Requests, r => r.Path == "/token");
            var assertion = QueryHelpers.ParseQuery(token.BodyText)["assertion"].ToString();
            var claims = VerifiedClaims(assertion, key);
            Assert.Equal("aot@p1.iam.gserviceaccount.com", claims.GetProperty("iss").GetString());
            Assert.Equal("https://www.googleapis.com/auth/cloud-platform", claims.GetProperty("scope").GetString());
            var requests = server.Requests.Where(r => r.Path.StartsWith("/v1/", StringComparison.Ordinal)).ToArray();
            Assert.Equal(3, requests.Length);
            Assert.All(requests, r => Assert.Equal("Bearer ya29.aot-sa", r.Headers["Authorization"]));
            Assert.All(requests, r => Assert.Equal("aot-quota", r.Headers["x-goog-user-project"]));
            Assert.Equal("/v1/projects/p1/locations?pageSize=2", requests[0].RawTarget);
            Assert.Equal("POST", requests[1].Method);
            Assert.Equal("/v1/projects/p1/locations/us-central1/codeRepositoryIndexes?codeRepositoryIndexId=index-1", requests[1].RawTarget);
            using var body = JsonDocument.Parse(requests[1].Body);
            Assert.Equal("keys/k1", body.RootElement.GetProperty("kmsKey").GetString());
            Assert.Equal("aot", body.RootElement.GetProperty("labels").GetProperty("team").GetString());
            Assert.Equal("/v1/projects/p1/locations/us-central1/operations/missing", requests[2].Path);

            // 2. No file anywhere: Application Default Credentials probe the metadata server (GCE_METADATA_HOST) and
            //    ask it for a token with the methods' scope, as on Cloud Run.
            var before = server.Requests.Count;
            environment["GOOGLE_APPLICATION_CREDENTIALS"] = "";
            var onCloudRun = DotnetCli.Run(binary, new[] { server.BaseUri.ToString() }, output, TimeSpan.FromMinutes(1), environment).EnsureSuccess("the native binary, metadata server");

            Assert.Contains("auth: MetadataServer\n", onCloudRun.Output, StringComparison.Ordinal);
            var second = server.Requests.Skip(before).ToArray();
            // The probe waits 500 ms a try, up to 3 tries (MetadataServerCredentials): on a loaded machine the freshly
            // started binary's first try can time out after the server has recorded it, so a second one is correct.
            var probes = second.Where(r => r.Path == "/").ToArray();
            Assert.InRange(probes.Length, 1, 3);
            Assert.All(probes, r => Assert.Equal("Google", r.Headers["Metadata-Flavor"]));
            var metadataToken = Assert.Single(second, r => r.Path == "/computeMetadata/v1/instance/service-accounts/default/token");
            Assert.Equal("https://www.googleapis.com/auth/cloud-platform", metadataToken.QueryValues("scopes").Single());
            var api = second.Where(r => r.Path.StartsWith("/v1/", StringComparison.Ordinal)).ToArray();
            Assert.Equal(3, api.Length);
            Assert.All(api, r => Assert.Equal("Bearer ya29.aot-metadata", r.Headers["Authorization"]));

            // Without an argument the binary serves itself on 127.0.0.1:0 (token endpoint included) and prints the same answers.
            var standalone = DotnetCli.Run(binary, Array.Empty<string>(), output, TimeSpan.FromMinutes(1), environment).EnsureSuccess("the native binary, standalone");
            Assert.Equal(run.Output.Split('\n').Skip(1).ToArray(), standalone.Output.Split('\n').Skip(1).ToArray());
        }
        finally
        {
            DotnetCli.TryDelete(output);
        }
    }

    /// <summary>
    /// The API as the binary's own server answers it, behind a token endpoint that checks the assertion's signature and
    /// a metadata server; API calls without the issued token get 401.
    /// </summary>
    private static CannedResponse Answer(RecordedRequest request, RSA key)
    {
        var flavor = new Dictionary<string, string> { ["Metadata-Flavor"] = "Google" };
        switch (request.Path)
        {
            case "/token":
                VerifiedClaims(QueryHelpers.ParseQuery(request.BodyText)["assertion"].ToString(), key);
                return CannedResponse.Json("{\"access_token\":\"ya29.aot-sa\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
            case "/":
                return new CannedResponse(200, "computeMetadata/\n", "application/text") { Headers = flavor };
            case "/computeMetadata/v1/instance/service-accounts/default/token":
                return CannedResponse.Json("{\"access_token\":\"ya29.aot-metadata\",\"expires_in\":3599,\"token_type\":\"Bearer\"}") with { Headers = flavor };
            case "/computeMetadata/v1/universe/universe-domain":
                return new CannedResponse(200, "googleapis.com", "application/text") { Headers = flavor };
        }

        if (!request.Headers.TryGetValue("Authorization", out var authorization) || authorization is not ("Bearer ya29.aot-sa" or "Bearer ya29.aot-metadata"))
        {
            return CannedResponse.Json("{\"error\":{\"code\":401,\"message\":\"Request is missing required authentication credential.\",\"status\":\"UNAUTHENTICATED\"}}", 401);
        }

        return request switch
        {
            { Method: "GET" } when request.Path.EndsWith("/locations", StringComparison.Ordinal) => CannedResponse.Json(
                "{\"locations\":[{\"locationId\":\"us-central1\",\"displayName\":\"Iowa\"},{\"locationId\":\"europe-west4\",\"displayName\":\"Netherlands\"}],\"nextPageToken\":\"t2\"}"),
            { Method: "POST" } => CannedResponse.Json("{\"name\":\"projects/p1/locations/us-central1/operations/op-1\",\"done\":false}"),
            _ => CannedResponse.Json("{\"error\":{\"code\":404,\"message\":\"Operation not found.\",\"status\":\"NOT_FOUND\"}}", 404),
        };
    }

    /// <summary>The JWT's claims, after checking its RS256 signature with the key's public half.</summary>
    private static JsonElement VerifiedClaims(string jwt, RSA key)
    {
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        using var publicKey = RSA.Create();
        publicKey.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        Assert.True(publicKey.VerifyData(
            Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        return JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement;
    }
}
