using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DiscoveryGen.Build.Tasks.Tests;

/// <summary>
/// The walk over the real generator's output (the shipped cloudaicompanion document and sidecar, the synthetic media
/// document): which generated helpers reach which discovery methods.
/// </summary>
public sealed class GeneratedClientTests
{
    private const string Usings = """
        using System;
        using System.Threading.Tasks;
        using CloudAICompanion.V1;
        using DiscoveryGen.Runtime;

        """;

    private static Analysis.AnalysisResult Gemini(string app) =>
        InMemoryBuild.Analyze(InMemoryBuild.CloudAICompanion(), OptimizationLevel.Release, Usings + app);

    [Fact]
    public void StartHelper_ReachesItsMethodAndOperationsGet_ButNotCancel()
    {
        var result = Gemini("""
            public static class App
            {
                public static async Task<object?> Run(CloudAICompanionService service)
                {
                    var handle = await service.Projects.Locations.CodeRepositoryIndexes.StartCreateAsync("projects/p/locations/l", "i", new CodeRepositoryIndex());
                    return await handle.WaitAsync();
                }
            }
            """);

        Assert.Equal(89, result.GeneratedApiMethodCount);
        Assert.Equal(
            new[] { "cloudaicompanion.projects.locations.codeRepositoryIndexes.create", "cloudaicompanion.projects.locations.operations.get" },
            result.Ids());
        Assert.All(result.Reached, r => Assert.Equal(new[] { "App.Run" }, r.CalledFrom));
    }

    [Fact]
    public void CancellingAnOperation_AddsOperationsCancel()
    {
        var result = Gemini("""
            public static class App
            {
                public static async Task Run(CloudAICompanionService service)
                {
                    var handle = await service.Projects.Locations.CodeRepositoryIndexes.StartDeleteAsync("projects/p/locations/l/codeRepositoryIndexes/i");
                    await handle.CancelAsync();
                }
            }
            """);

        Assert.Equal(
            new[]
            {
                "cloudaicompanion.projects.locations.codeRepositoryIndexes.delete",
                "cloudaicompanion.projects.locations.operations.cancel",
                "cloudaicompanion.projects.locations.operations.get",
            },
            result.Ids());
    }

    [Fact]
    public void TrackOperation_ReachesOperationsGet()
    {
        var result = Gemini("""
            public static class App
            {
                public static Task<Operation> Run(CloudAICompanionService service, string name) => service.TrackOperation(name).PollUntilDoneAsync();
            }
            """);

        Assert.Equal(new[] { "cloudaicompanion.projects.locations.operations.get" }, result.Ids());
    }

    [Fact]
    public void TypedResourceNames_AreAppVisibleTypesWithoutApiCalls_TheVirtualCallReachesItsMethodOnly()
    {
        var result = Gemini("""
            public static class App
            {
                public static async Task<string> Run(CloudAICompanionService service)
                {
                    var name = OperationName.Parse("projects/p/locations/l/operations/o");
                    await service.Projects.Locations.Operations.CancelAsync(name);
                    return name.Location + new LocationName("p", "l") + LocationName.TryParse(name, out _);
                }
            }
            """);

        Assert.Equal(new[] { "cloudaicompanion.projects.locations.operations.cancel" }, result.Ids());
        Assert.Equal(new[] { "App.Run" }, result.Reached.Single().CalledFrom);
    }

    [Fact]
    public void PagingHelpers_ReachTheirListMethod()
    {
        var result = Gemini("""
            public static class App
            {
                public static async Task<int> Run(CloudAICompanionService service)
                {
                    var count = 0;
                    await foreach (var setting in service.Projects.Locations.LoggingSettings.ListAllAsync("projects/p/locations/l"))
                    {
                        count++;
                    }

                    await foreach (var page in service.Projects.Locations.Operations.ListPagesAsync("projects/p/locations/l"))
                    {
                        count++;
                    }

                    return count;
                }
            }
            """);

        Assert.Equal(
            new[] { "cloudaicompanion.projects.locations.loggingSettings.list", "cloudaicompanion.projects.locations.operations.list" },
            result.Ids());
    }

    [Fact]
    public void MethodWithoutSidecarEntry_HasUnknownPermissions_AndOthersCarryTheSidecars()
    {
        var result = Gemini("""
            public static class App
            {
                public static Task Run(CloudAICompanionService service) =>
                    Task.WhenAll(
                        service.Projects.Locations.GetAsync("projects/p/locations/l"),
                        service.Projects.Locations.CodeRepositoryIndexes.RepositoryGroups.GetIamPolicyAsync("projects/p/locations/l/codeRepositoryIndexes/i/repositoryGroups/g"));
            }
            """);

        var get = result.Reached.Single(r => r.Method.Id == "cloudaicompanion.projects.locations.get").Method;
        Assert.Null(get.Permissions);
        Assert.Equal(new[] { "https://www.googleapis.com/auth/cloud-platform" }, get.Scopes);
        var policy = result.Reached.Single(r => r.Method.Id == "cloudaicompanion.projects.locations.codeRepositoryIndexes.repositoryGroups.getIamPolicy").Method;
        Assert.Equal(new[] { "cloudaicompanion.repositoryGroups.getIamPolicy", "cloudaicompanion.topics.getIamPolicy" }, policy.Permissions);
        Assert.True(policy.PermissionsAnyOf);
    }

    [Fact]
    public void MediaSiblings_ReachTheirMethod()
    {
        var result = InMemoryBuild.Analyze(
            new[] { InMemoryBuild.Document(InMemoryBuild.RepoFile("tests", "Shared", "TestDocuments", "media.v1.json")) },
            OptimizationLevel.Release,
            """
            using System.IO;
            using System.Threading.Tasks;
            using Mediatest.V1;

            public static class App
            {
                public static async Task Run(MediatestService service, Stream content, Stream destination)
                {
                    await service.Photos.GetMediaAsync("photos/1", destination);
                    await service.Imports.ClearMediaAsync("a", content, "text/plain");
                }
            }
            """);

        Assert.Equal(new[] { "mediatest.imports.clear", "mediatest.photos.get" }, result.Ids());
    }
}
