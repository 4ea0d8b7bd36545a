using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using DiscoveryGen.Build.Tasks.Analysis;
using DiscoveryGen.Tests.Shared;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DiscoveryGen.Build.Tasks.Tests;

/// <summary>
/// README "Large APIs": the generated client in a class library of its own, the app in another assembly that
/// references it. The app's report follows the app's calls into the library's client (the in-assembly rules apply
/// there: helpers reach their methods, <c>operations.cancel</c> only through <c>CancelAsync</c>), with the library's
/// permissions and scopes and the app's methods in <c>calledFrom</c>.
/// </summary>
public sealed class CrossAssemblyTests
{
    /// <summary>
    /// A hand-written client library shaped like generated code, with nesting and generics; like generated API methods,
    /// some take the runtime's <c>RequestOptions</c>, so an assembly calling them references DiscoveryGen.Runtime.
    /// </summary>
    private const string FakeClient = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using DiscoveryGen.Runtime;

        namespace Fake;

        public sealed class FakeService
        {
            public ThingsResource Things { get; } = new();

            public sealed class ThingsResource
            {
                public BoxesResource<string> Boxes { get; } = new();

                [DiscoveryMethod("fake.things.get", "GET", "things/{id}")]
                [RequiredScopes("https://example.com/auth/read")]
                [RequiredPermissions("fake.things.get")]
                public Task<string> GetAsync(string id, RequestOptions? options = null) => Task.FromResult(id);

                [DiscoveryMethod("fake.things.list", "GET", "things")]
                [RequiredScopes("https://example.com/auth/read")]
                [RequiredPermissions("fake.things.list")]
                public Task<string[]> ListAsync(string? pageToken) => Task.FromResult(new[] { "a" });

                /// <summary>An overload of another signature that must not be confused with the one the app calls.</summary>
                [DiscoveryMethod("fake.things.getMany", "GET", "things:many")]
                [RequiredPermissions("fake.things.getMany")]
                public Task<string> GetAsync(string[] ids) => Task.FromResult(ids[0]);

                [DiscoveryMethod("fake.things.delete", "DELETE", "things/{id}")]
                [RequiredScopes("https://example.com/auth/all")]
                public Task DeleteAsync(string id, RequestOptions? options = null) => Task.CompletedTask;

                [DiscoveryMethod("fake.things.watch", "POST", "things:watch")]
                [RequiredPermissions("fake.things.watch", "fake.topics.watch", AnyOf = true)]
                public Task<T> WatchAsync<T>(T value) => Task.FromResult(value);

                /// <summary>A generated helper: counts only when the app calls it.</summary>
                public async IAsyncEnumerable<string> ListAllAsync()
                {
                    foreach (var item in await Fetch(token => ListAsync(token)))
                    {
                        yield return item;
                    }
                }

                /// <summary>A generated helper the app never calls.</summary>
                public Task UnusedHelperAsync() => DeleteAsync("x");

                private static Task<string[]> Fetch(System.Func<string?, Task<string[]>> page) => page(null);

                public sealed class BoxesResource<TItem>
                {
                    [DiscoveryMethod("fake.things.boxes.put", "PUT", "boxes")]
                    [RequiredPermissions("fake.boxes.put")]
                    public Task<TItem> PutAsync(TItem item) => Task.FromResult(item);
                }
            }
        }
        """;

    private static readonly Lazy<ImmutableArray<byte>> FakeLibrary = new(() =>
        InMemoryBuild.Compile("Fake.Client", Array.Empty<AdditionalText>(), OptimizationLevel.Release, Array.Empty<ImmutableArray<byte>>(), FakeClient));

    private static readonly Lazy<ImmutableArray<byte>> GeminiLibrary = new(() =>
        InMemoryBuild.Compile("Gemini.Client", InMemoryBuild.CloudAICompanion(), OptimizationLevel.Release, Array.Empty<ImmutableArray<byte>>(), "namespace Gemini.Client { internal static class Marker { } }"));

    private static AnalysisResult App(ImmutableArray<byte> library, OptimizationLevel optimization, string source)
    {
        var app = InMemoryBuild.Compile("App", Array.Empty<AdditionalText>(), optimization, new[] { library }, source);
        return ApiReachability.Analyze(app, new[] { InMemoryBuild.RuntimeImage(), library });
    }

    private static ReachedApiMethod Reached(AnalysisResult result, string id) => result.Reached.Single(r => r.Method.Id == id);

    [Theory]
    [InlineData(OptimizationLevel.Debug)]
    [InlineData(OptimizationLevel.Release)]
    public void CallsIntoALibrarysClient_PlainGenericNestedPagingAndLambda_AreReached(OptimizationLevel optimization)
    {
        var result = App(FakeLibrary.Value, optimization, """
            using System;
            using System.Threading.Tasks;
            using Fake;

            public static class App
            {
                public static Task<string> Plain(FakeService service) => service.Things.GetAsync("t1");

                public static Task<int> Generic(FakeService service) => service.Things.WatchAsync(42);

                public static Task<string> NestedGeneric(FakeService service) => service.Things.Boxes.PutAsync("b");

                public static async Task<int> Paging(FakeService service)
                {
                    var count = 0;
                    await foreach (var item in service.Things.ListAllAsync())
                    {
                        count++;
                    }

                    return count;
                }

                public static Func<string, Task> InLambda(FakeService service) => id => service.Things.DeleteAsync(id);
            }
            """);

        Assert.Equal(0, result.GeneratedApiMethodCount);
        Assert.Equal(new[] { "Fake.Client" }, result.ReachedClientAssemblies);
        Assert.True(result.HasClient);
        Assert.Equal(
            new[] { "fake.things.boxes.put", "fake.things.delete", "fake.things.get", "fake.things.list", "fake.things.watch" },
            result.Ids());
        Assert.Equal(new[] { "App.Plain" }, Reached(result, "fake.things.get").CalledFrom);
        Assert.Equal(new[] { "App.Generic" }, Reached(result, "fake.things.watch").CalledFrom);
        Assert.Equal(new[] { "App.NestedGeneric" }, Reached(result, "fake.things.boxes.put").CalledFrom);
        Assert.Equal(new[] { "App.Paging" }, Reached(result, "fake.things.list").CalledFrom);
        Assert.Equal(new[] { "App.InLambda" }, Reached(result, "fake.things.delete").CalledFrom);

        // Permissions and scopes come from the library's attributes.
        Assert.Equal(new[] { "fake.things.get" }, Reached(result, "fake.things.get").Method.Permissions);
        Assert.Equal(new[] { "https://example.com/auth/read" }, Reached(result, "fake.things.get").Method.Scopes);
        Assert.Equal(new[] { "fake.things.watch", "fake.topics.watch" }, Reached(result, "fake.things.watch").Method.Permissions);
        Assert.True(Reached(result, "fake.things.watch").Method.PermissionsAnyOf);
        Assert.Null(Reached(result, "fake.things.delete").Method.Permissions);
        Assert.Equal(new[] { "fake.boxes.put" }, Reached(result, "fake.things.boxes.put").Method.Permissions);
    }

    [Fact]
    public void AppReferencingTheLibraryWithoutCallingItsClient_ReachesNothing_ButHasAReport()
    {
        var result = App(FakeLibrary.Value, OptimizationLevel.Release, """
            public static class App
            {
                public static Fake.FakeService Create() => new Fake.FakeService();
            }
            """);

        Assert.Empty(result.Reached);
        Assert.Equal(new[] { "Fake.Client" }, result.ReachedClientAssemblies);
        Assert.True(result.HasClient);
    }

    [Fact]
    public void AppThatDoesNotUseTheLibrary_HasNoClient()
    {
        var result = App(FakeLibrary.Value, OptimizationLevel.Release, """
            public static class App
            {
                public static int Answer() => 42;
            }
            """);

        Assert.Empty(result.Reached);
        Assert.Empty(result.ReachedClientAssemblies);
        Assert.False(result.HasClient);
    }

    [Fact]
    public void TheLibraryAlone_ReachesNothing()
    {
        var result = ApiReachability.Analyze(FakeLibrary.Value, new[] { InMemoryBuild.RuntimeImage() });

        Assert.Equal(6, result.GeneratedApiMethodCount);
        Assert.Empty(result.Reached);
        Assert.Empty(result.ReachedClientAssemblies);
    }

    [Fact]
    public void GeneratedClientLibrary_StartHelperReachesOperationsGet_PagingItsList_NotCancel()
    {
        var result = App(GeminiLibrary.Value, OptimizationLevel.Release, """
            using System;
            using System.Threading.Tasks;
            using CloudAICompanion.V1;

            public static class App
            {
                public static async Task<object?> Start(CloudAICompanionService service)
                {
                    var handle = await service.Projects.Locations.CodeRepositoryIndexes.StartCreateAsync("projects/p/locations/l", "i", new CodeRepositoryIndex());
                    return await handle.WaitAsync();
                }

                public static async Task<int> Count(CloudAICompanionService service)
                {
                    var count = 0;
                    await foreach (var setting in service.Projects.Locations.LoggingSettings.ListAllAsync("projects/p/locations/l"))
                    {
                        count++;
                    }

                    return count;
                }

                public static Func<string, Task<LoggingSetting>> Read(CloudAICompanionService service) =>
                    name => service.Projects.Locations.LoggingSettings.GetAsync(name);
            }
            """);

        Assert.Equal(new[] { "Gemini.Client" }, result.ReachedClientAssemblies);
        Assert.Equal(
            new[]
            {
                "cloudaicompanion.projects.locations.codeRepositoryIndexes.create",
                "cloudaicompanion.projects.locations.loggingSettings.get",
                "cloudaicompanion.projects.locations.loggingSettings.list",
                "cloudaicompanion.projects.locations.operations.get",
            },
            result.Ids());
        Assert.Equal(new[] { "App.Start" }, Reached(result, "cloudaicompanion.projects.locations.codeRepositoryIndexes.create").CalledFrom);
        Assert.Equal(new[] { "App.Start" }, Reached(result, "cloudaicompanion.projects.locations.operations.get").CalledFrom);
        Assert.Equal(new[] { "App.Count" }, Reached(result, "cloudaicompanion.projects.locations.loggingSettings.list").CalledFrom);
        Assert.Equal(new[] { "App.Read" }, Reached(result, "cloudaicompanion.projects.locations.loggingSettings.get").CalledFrom);
        Assert.Equal(new[] { "cloudaicompanion.codeRepositoryIndexes.create" }, Reached(result, "cloudaicompanion.projects.locations.codeRepositoryIndexes.create").Method.Permissions);
        Assert.Equal(new[] { "cloudaicompanion.operations.get" }, Reached(result, "cloudaicompanion.projects.locations.operations.get").Method.Permissions);
        Assert.All(result.Reached, r => Assert.Equal(new[] { "https://www.googleapis.com/auth/cloud-platform" }, r.Method.Scopes));
    }

    [Fact]
    public void GeneratedClientLibrary_CancelAsyncInTheApp_AddsOperationsCancel()
    {
        var result = App(GeminiLibrary.Value, OptimizationLevel.Release, """
            using System.Threading.Tasks;
            using CloudAICompanion.V1;

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
        Assert.All(result.Reached, r => Assert.Equal(new[] { "App.Run" }, r.CalledFrom));
    }

    /// <summary>A helper library between the app and the client library: no client of its own, no client type in its public signatures.</summary>
    private const string Helper = """
        using System.Threading.Tasks;

        namespace Helpers;

        public static class Things
        {
            private static readonly Fake.FakeService Service = new();

            public static Task<string> LookUp(string id) => Service.Things.GetAsync(id);

            public static Task Remove(string id) => Service.Things.DeleteAsync(id);

            public static int Answer() => 42;
        }
        """;

    private static readonly Lazy<ImmutableArray<byte>> HelperLibrary = new(() =>
        InMemoryBuild.Compile("Helpers", Array.Empty<AdditionalText>(), OptimizationLevel.Release, new[] { FakeLibrary.Value, InMemoryBuild.RuntimeImage() }, Helper));

    [Fact]
    public void ThroughAHelperLibrary_TheAppsCallsReachTheClientLibrary_OnlyThroughTheHelperMethodsItCalls()
    {
        var app = InMemoryBuild.Compile("App", Array.Empty<AdditionalText>(), OptimizationLevel.Release, new[] { HelperLibrary.Value }, """
            public static class App
            {
                public static System.Threading.Tasks.Task<string> Run() => Helpers.Things.LookUp("t");
            }
            """);

        var result = ApiReachability.Analyze(app, new[] { InMemoryBuild.RuntimeImage(), HelperLibrary.Value, FakeLibrary.Value });

        Assert.Equal(new[] { "fake.things.get" }, result.Ids()); // not Remove's fake.things.delete: the app never calls it
        Assert.Equal(new[] { "App.Run" }, Reached(result, "fake.things.get").CalledFrom);
        Assert.Equal(new[] { "Fake.Client" }, result.ReachedClientAssemblies); // the helper is walked, not reported as a client
        Assert.True(result.HasClient);
    }

    [Fact]
    public void ThroughAHelperLibrary_AnAppThatCallsNoneOfItsClientCalls_HasNoClient()
    {
        var app = InMemoryBuild.Compile("App", Array.Empty<AdditionalText>(), OptimizationLevel.Release, new[] { HelperLibrary.Value }, """
            public static class App
            {
                public static int Run() => Helpers.Things.Answer();
            }
            """);

        var result = ApiReachability.Analyze(app, new[] { InMemoryBuild.RuntimeImage(), HelperLibrary.Value, FakeLibrary.Value });

        Assert.Empty(result.Reached);
        Assert.Empty(result.ReachedClientAssemblies);
        Assert.False(result.HasClient);
    }

    [Fact]
    public void FromFiles_AHelperLibraryNamedByTheApp_LeadsToTheClientLibraryTheAppDoesNotName()
    {
        var folder = Path.Combine(Path.GetTempPath(), "discoverygen-xasm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var app = InMemoryBuild.Compile("App", Array.Empty<AdditionalText>(), OptimizationLevel.Debug, new[] { HelperLibrary.Value }, """
                public static class App
                {
                    public static async System.Threading.Tasks.Task Run()
                    {
                        await Helpers.Things.Remove("t");
                    }
                }
                """);
            var appPath = Path.Combine(folder, "App.dll");
            File.WriteAllBytes(appPath, app.ToArray());
            File.WriteAllBytes(Path.Combine(folder, "Helpers.dll"), HelperLibrary.Value.ToArray());
            File.WriteAllBytes(Path.Combine(folder, "Fake.Client.dll"), FakeLibrary.Value.ToArray());
            using (var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(appPath)))
            {
                var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
                var named = reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name)).ToArray();
                Assert.Contains("Helpers", named);
                Assert.DoesNotContain("Fake.Client", named); // only the helper leads there
            }

            var references = new[] { typeof(object).Assembly.Location, typeof(DiscoveryGen.Runtime.ApiClient).Assembly.Location, Path.Combine(folder, "Helpers.dll"), Path.Combine(folder, "Fake.Client.dll") };
            var result = ApiReachability.Analyze(appPath, references);

            Assert.Equal(new[] { "fake.things.delete" }, result.Ids());
            Assert.Equal(new[] { "App.Run" }, result.Reached.Single().CalledFrom);
            Assert.Equal(new[] { "Fake.Client" }, result.ReachedClientAssemblies);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void FromFiles_OnlyReferencesTheAppNamesAreRead_AndFrameworkReferencesAreSkipped()
    {
        var folder = DotnetCli.NewTempFolder("discoverygen-xasm");
        try
        {
            var (appPath, libraryPath) = WriteGetThingApp(folder, "Fake.Client.dll");

            var result = ApiReachability.Analyze(appPath, new[] { FrameworkPath, RuntimePath, libraryPath, Path.Combine(folder, "Missing.dll") });

            AssertGetThingReached(result);

            // Without the reference list the app holds no client: today's behaviour.
            Assert.False(ApiReachability.Analyze(appPath).HasClient);
        }
        finally
        {
            DotnetCli.TryDelete(folder);
        }
    }

    [Fact]
    public void FromFiles_AClientLibraryInAFileNamedOtherwiseThanItsAssembly_IsFoundByItsAssemblyName()
    {
        var folder = DotnetCli.NewTempFolder("discoverygen-xasm");
        try
        {
            // The assembly is Fake.Client; its file is not (a package that ships a renamed file, a copy kept beside it).
            var (appPath, libraryPath) = WriteGetThingApp(folder, "Vendor.Fake.dll");
            File.WriteAllText(Path.Combine(folder, "NotAnAssembly.dll"), "not a PE file");

            var result = ApiReachability.Analyze(appPath, new[] { FrameworkPath, RuntimePath, Path.Combine(folder, "NotAnAssembly.dll"), libraryPath, Path.Combine(folder, "Missing.dll") });

            AssertGetThingReached(result);
        }
        finally
        {
            DotnetCli.TryDelete(folder);
        }
    }

    private static string FrameworkPath => typeof(object).Assembly.Location;

    private static string RuntimePath => typeof(DiscoveryGen.Runtime.ApiClient).Assembly.Location;

    /// <summary>Writes an app calling <c>fake.things.get</c> as <c>App.dll</c> and the fake client library under <paramref name="libraryFileName"/>.</summary>
    private static (string AppPath, string LibraryPath) WriteGetThingApp(string folder, string libraryFileName)
    {
        var library = FakeLibrary.Value;
        var app = InMemoryBuild.Compile("App", Array.Empty<AdditionalText>(), OptimizationLevel.Release, new[] { library }, """
            public static class App
            {
                public static System.Threading.Tasks.Task<string> Run(Fake.FakeService service) => service.Things.GetAsync("t");
            }
            """);
        var appPath = Path.Combine(folder, "App.dll");
        var libraryPath = Path.Combine(folder, libraryFileName);
        File.WriteAllBytes(appPath, app.ToArray());
        File.WriteAllBytes(libraryPath, library.ToArray());
        return (appPath, libraryPath);
    }

    private static void AssertGetThingReached(AnalysisResult result)
    {
        Assert.Equal(new[] { "fake.things.get" }, result.Ids());
        Assert.Equal(new[] { "App.Run" }, result.Reached.Single().CalledFrom);
        Assert.Equal(new[] { "Fake.Client" }, result.ReachedClientAssemblies);
    }
}
