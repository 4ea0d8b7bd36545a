using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DiscoveryGen.Build.Tasks.Tests;

/// <summary>
/// The IL walk on small assemblies compiled in memory: a hand-written client shaped like generated code (attributes
/// from DiscoveryGen.Runtime) and app code reaching it through every construct the C# compiler rewrites. Each test
/// runs on Debug and Release builds, whose state machines differ (classes vs structs).
/// </summary>
public sealed class IlWalkTests
{
    /// <summary>A client shaped like generated code: a service class with nested resources and helpers.</summary>
    private const string Client = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using DiscoveryGen.Runtime;

        namespace Fake;

        public sealed class FakeService
        {
            public FakeService() => Things = new ThingsResource();

            public ThingsResource Things { get; }

            public interface IThings
            {
                Task<string> GetAsync(string id);
            }

            public sealed class ThingsResource : IThings
            {
                [DiscoveryMethod("fake.things.get", "GET", "things/{id}")]
                [RequiredScopes("https://example.com/auth/read", "https://example.com/auth/all")]
                [RequiredPermissions("fake.things.get")]
                public Task<string> GetAsync(string id) => Task.FromResult(id);

                [DiscoveryMethod("fake.things.list", "GET", "things")]
                [RequiredScopes("https://example.com/auth/read")]
                [RequiredPermissions("fake.things.list")]
                public Task<string[]> ListAsync(string? pageToken) => Task.FromResult(new[] { "a" });

                [DiscoveryMethod("fake.things.delete", "DELETE", "things/{id}")]
                [RequiredScopes("https://example.com/auth/all")]
                public Task DeleteAsync(string id) => Task.CompletedTask;

                // As generated code names a set of scopes many methods share: one constant, the scopes separated by spaces.
                private const string ReadOrAll = "https://example.com/auth/read https://example.com/auth/all";

                [DiscoveryMethod("fake.things.watch", "POST", "things:watch")]
                [RequiredScopes(ReadOrAll)]
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

                /// <summary>A generated helper the app never calls: what it reaches must not be reported.</summary>
                public Task UnusedHelperAsync() => DeleteAsync("x");

                private static Task<string[]> Fetch(System.Func<string?, Task<string[]>> page) => page(null);
            }
        }
        """;

    private static AnalysisResultView Analyze(OptimizationLevel optimization, string app) =>
        new(InMemoryBuild.Analyze(optimization, Client, app));

    [Theory]
    [InlineData(OptimizationLevel.Debug)]
    [InlineData(OptimizationLevel.Release)]
    public void NoCall_ReachesNothing_AndUnusedGeneratedHelpersDoNotCount(OptimizationLevel optimization)
    {
        var result = Analyze(optimization, """
            public static class App
            {
                public static Fake.FakeService Create() => new Fake.FakeService();
            }
            """);

        Assert.Equal(4, result.Result.GeneratedApiMethodCount);
        Assert.Empty(result.Ids);
    }

    [Theory]
    [InlineData(OptimizationLevel.Debug)]
    [InlineData(OptimizationLevel.Release)]
    public void AwaitInAsyncMethod_IsReachedThroughTheStateMachine(OptimizationLevel optimization)
    {
        var result = Analyze(optimization, """
            using System.Threading.Tasks;
            public static class App
            {
                public static async Task<int> RunAsync(Fake.FakeService service)
                {
                    await Task.Yield();
                    var thing = await service.Things.GetAsync("t1");
                    return thing.Length;
                }
            }
            """);

        Assert.Equal(new[] { "fake.things.get" }, result.Ids);
        Assert.Equal(new[] { "App.RunAsync" }, result.CalledFrom("fake.things.get"));
    }

    [Theory]
    [InlineData(OptimizationLevel.Debug)]
    [InlineData(OptimizationLevel.Release)]
    public void CallsInsideLambdas_CapturingAndNot_AreReached(OptimizationLevel optimization)
    {
        var result = Analyze(optimization, """
            using System;
            using System.Threading.Tasks;
            public static class App
            {
                private static readonly Fake.FakeService Shared = new();

                public static Func<string, Task> Capturing(Fake.FakeService service) => id => service.Things.DeleteAsync(id);

                public static Func<Task<string>> NonCapturing() => static () => Shared.Things.GetAsync("cached");
            }
            """);

        Assert.Equal(new[] { "fake.things.delete", "fake.things.get" }, result.Ids);
        Assert.Equal(new[] { "App.Capturing" }, result.CalledFrom("fake.things.delete"));
        Assert.Equal(new[] { "App.NonCapturing" }, result.CalledFrom("fake.things.get"));
    }

    [Theory]
    [InlineData(OptimizationLevel.Debug)]
    [InlineData(OptimizationLevel.Release)]
    public void LocalFunctions_AsyncLambdas_AndAsyncLocalFunctions_AreReached(OptimizationLevel optimization)
    {
        var result = Analyze(optimization, """
            using System;
            using System.Threading.Tasks;
            public static class App
            {
                public static async Task RunAsync(Fake.FakeService service)
                {
                    Func<Task> later = async () => await service.Things.DeleteAsync("d");
                    await later();
                    await Local("x");
                    await LocalAsync();

                    Task<string> Local(string id) => service.Things.GetAsync(id);

                    async Task LocalAsync() => await service.Things.ListAsync(null);
                }
            }
            """);

        Assert.Equal(new[] { "fake.things.delete", "fake.things.get", "fake.things.list" }, result.Ids);
        Assert.All(result.Ids, id => Assert.Equal(new[] { "App.RunAsync" }, result.CalledFrom(id)));
    }

    [Theory]
    [InlineData(OptimizationLevel.Debug)]
    [InlineData(OptimizationLevel.Release)]
    public void Iterators_AndAsyncIterators_AreReached(OptimizationLevel optimization)
    {
        var result = Analyze(optimization, """
            using System.Collections.Generic;
            using System.Threading.Tasks;
            public static class App
            {
                public static IEnumerable<Task<string>> Each(Fake.FakeService service, string[] ids)
                {
                    foreach (var id in ids)
                    {
                        yield return service.Things.GetAsync(id);
                    }
                }

                public static async IAsyncEnumerable<int> Sizes(Fake.FakeService service)
                {
                    yield return (await service.Things.ListAsync(null)).Length;
                }
            }
            """);

        Assert.Equal(new[] { "fake.things.get", "fake.things.list" }, result.Ids);
        Assert.Equal(new[] { "App.Each" }, result.CalledFrom("fake.things.get"));
        Assert.Equal(new[] { "App.Sizes" }, result.CalledFrom("fake.things.list"));
    }

    [Theory]
    [InlineData(OptimizationLevel.Debug)]
    [InlineData(OptimizationLevel.Release)]
    public void GenericCalls_ThroughMethodSpecsAndGenericTypes_AreReached(OptimizationLevel optimization)
    {
        var result = Analyze(optimization, """
            using System.Threading.Tasks;
            public sealed class Repository<T>
            {
                public Task<T> Watch(Fake.FakeService service, T value) => service.Things.WatchAsync(value);
            }

            public static class App
            {
                public static Task<int> Run(Fake.FakeService service) => new Repository<int>().Watch(service, 1);

                public static Task<U> Generic<U>(Fake.FakeService service, U value) => service.Things.WatchAsync<U>(value);
            }
            """);

        Assert.Equal(new[] { "fake.things.watch" }, result.Ids);
        Assert.Equal(new[] { "App.Generic", "Repository`1.Watch" }, result.CalledFrom("fake.things.watch"));
        var watch = result.Method("fake.things.watch");
        Assert.Equal(new[] { "fake.things.watch", "fake.topics.watch" }, watch.Permissions);
        Assert.True(watch.PermissionsAnyOf);
        Assert.Equal(new[] { "https://example.com/auth/read", "https://example.com/auth/all" }, watch.Scopes);
    }

    [Theory]
    [InlineData(OptimizationLevel.Debug)]
    [InlineData(OptimizationLevel.Release)]
    public void GeneratedHelper_CountsWhatItReaches_OnlyWhenTheAppCallsIt(OptimizationLevel optimization)
    {
        var result = Analyze(optimization, """
            using System.Threading.Tasks;
            public static class App
            {
                public static async Task<int> Count(Fake.FakeService service)
                {
                    var count = 0;
                    await foreach (var _ in service.Things.ListAllAsync())
                    {
                        count++;
                    }

                    return count;
                }
            }
            """);

        // ListAllAsync (an async iterator) passes a lambda calling ListAsync to a helper: list is reached, delete (only
        // behind the unused helper) is not.
        Assert.Equal(new[] { "fake.things.list" }, result.Ids);
        Assert.Equal(new[] { "App.Count" }, result.CalledFrom("fake.things.list"));
    }

    [Theory]
    [InlineData(OptimizationLevel.Debug)]
    [InlineData(OptimizationLevel.Release)]
    public void CallsThroughAGeneratedInterface_ReachTheImplementation(OptimizationLevel optimization)
    {
        var result = Analyze(optimization, """
            using System.Threading.Tasks;
            public static class App
            {
                public static Task<string> Run(Fake.FakeService.IThings things) => things.GetAsync("i");
            }
            """);

        Assert.Equal(new[] { "fake.things.get" }, result.Ids);
    }

    [Theory]
    [InlineData(OptimizationLevel.Debug)]
    [InlineData(OptimizationLevel.Release)]
    public void MethodsInExpressionTrees_Count(OptimizationLevel optimization)
    {
        var result = Analyze(optimization, """
            using System;
            using System.Linq.Expressions;
            using System.Threading.Tasks;
            public static class App
            {
                public static Expression<Func<Fake.FakeService, Task>> Later() => s => s.Things.DeleteAsync("x");
            }
            """);

        Assert.Equal(new[] { "fake.things.delete" }, result.Ids);
    }

    [Fact]
    public void AttributeValues_AreReadFromTheBlobs()
    {
        var result = Analyze(OptimizationLevel.Release, """
            public static class App
            {
                public static object Run(Fake.FakeService s) => (s.Things.GetAsync("a"), s.Things.DeleteAsync("b"));
            }
            """);

        var get = result.Method("fake.things.get");
        Assert.Equal("GET", get.HttpMethod);
        Assert.Equal("things/{id}", get.Path);
        Assert.Equal(new[] { "https://example.com/auth/read", "https://example.com/auth/all" }, get.Scopes);
        Assert.Equal(new[] { "fake.things.get" }, get.Permissions);
        Assert.False(get.PermissionsAnyOf);

        // No [RequiredPermissions]: unknown (null), never an empty list that would read as "needs nothing".
        Assert.Null(result.Method("fake.things.delete").Permissions);
    }

    [Fact]
    public void AnAssemblyWithoutAGeneratedClient_HasNoApiMethods()
    {
        var result = InMemoryBuild.Analyze(OptimizationLevel.Release, "public static class App { public static int Run() => 1; }");

        Assert.Equal(0, result.GeneratedApiMethodCount);
        Assert.Empty(result.Reached);
    }

    /// <summary>Lookups over an analysis result.</summary>
    private sealed class AnalysisResultView
    {
        public AnalysisResultView(Analysis.AnalysisResult result) => Result = result;

        public Analysis.AnalysisResult Result { get; }

        public string[] Ids => Result.Ids();

        public Analysis.ApiMethod Method(string id) => Result.Reached.Single(r => r.Method.Id == id).Method;

        public string[] CalledFrom(string id) => Result.Reached.Single(r => r.Method.Id == id).CalledFrom.ToArray();
    }
}
