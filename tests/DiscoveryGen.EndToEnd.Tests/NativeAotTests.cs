using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using DiscoveryGen.Tests.Shared;
using Xunit;

namespace DiscoveryGen.EndToEnd.Tests;

/// <summary>
/// samples/Gemini.Aot publishes as a NativeAOT binary with trimming/AOT warnings as errors, and the native binary talks
/// to a Kestrel server on 127.0.0.1 through the generated client.
/// </summary>
[Trait("Category", "Slow")]
public sealed class NativeAotTests
{
    [Fact]
    public async Task AotSample_PublishesWithoutWarnings_AndTheNativeBinaryCallsTheLoopbackServer()
    {
        var output = DotnetCli.NewTempFolder("discoverygen-aot");
        try
        {
            DotnetCli.Result publish;
            using (DotnetCli.RepositoryBuildLock())
            {
                publish = DotnetCli.Dotnet(
                    DotnetCli.RepoRoot,
                    TimeSpan.FromMinutes(12),
                    null,
                    "publish", Path.Combine("samples", "Gemini.Aot", "Gemini.Aot.csproj"), "-c", "Release", "-o", output).EnsureSuccess("dotnet publish (NativeAOT)");
            }

            // The project makes every trim/AOT warning an error; this also catches any that slipped through as warnings.
            Assert.DoesNotMatch(@"warning (IL|CS)\d{4}", publish.Output);
            var binary = Path.Combine(output, "Gemini.Aot");
            Assert.True(File.Exists(binary), "no native binary at " + binary);
            Assert.False(File.Exists(Path.Combine(output, "Gemini.Aot.dll")), "the publish produced IL, not a native binary");

            await using var server = await LoopbackServer.StartAsync(request => request switch
            {
                { Method: "GET" } when request.Path.EndsWith("/locations", StringComparison.Ordinal) => CannedResponse.Json(
                    "{\"locations\":[{\"locationId\":\"us-central1\",\"displayName\":\"Iowa\"},{\"locationId\":\"europe-west4\",\"displayName\":\"Netherlands\"}],\"nextPageToken\":\"t2\"}"),
                { Method: "POST" } => CannedResponse.Json("{\"name\":\"projects/p1/locations/us-central1/operations/op-1\",\"done\":false}"),
                _ => CannedResponse.Json("{\"error\":{\"code\":404,\"message\":\"Operation not found.\",\"status\":\"NOT_FOUND\"}}", 404),
            });

            var run = DotnetCli.Run(binary, new[] { server.BaseUri.ToString() }, output, TimeSpan.FromMinutes(1)).EnsureSuccess("the native binary");

            Assert.Contains("native: True; methods: 89\n", run.Output, StringComparison.Ordinal);
            Assert.Contains("locations: us-central1 (Iowa), europe-west4 (Netherlands); next page: t2\n", run.Output, StringComparison.Ordinal);
            Assert.Contains("operation: projects/p1/locations/us-central1/operations/op-1 done=False\n", run.Output, StringComparison.Ordinal);
            Assert.Contains("error: 404 NOT_FOUND Operation not found.\n", run.Output, StringComparison.Ordinal);

            var requests = server.Requests;
            Assert.Equal(3, requests.Count);
            Assert.Equal("/v1/projects/p1/locations?pageSize=2", requests[0].RawTarget);
            Assert.Equal("POST", requests[1].Method);
            Assert.Equal("/v1/projects/p1/locations/us-central1/codeRepositoryIndexes?codeRepositoryIndexId=index-1", requests[1].RawTarget);
            using var body = JsonDocument.Parse(requests[1].Body);
            Assert.Equal("keys/k1", body.RootElement.GetProperty("kmsKey").GetString());
            Assert.Equal("aot", body.RootElement.GetProperty("labels").GetProperty("team").GetString());
            Assert.Equal("/v1/projects/p1/locations/us-central1/operations/missing", requests[2].Path);

            // Without an argument the binary serves itself on 127.0.0.1:0 and prints the same answers.
            var standalone = DotnetCli.Run(binary, Array.Empty<string>(), output, TimeSpan.FromMinutes(1)).EnsureSuccess("the native binary, standalone");
            Assert.Equal(run.Output.Split('\n').Skip(1).ToArray(), standalone.Output.Split('\n').Skip(1).ToArray());
        }
        finally
        {
            DotnetCli.TryDelete(output);
        }
    }
}
