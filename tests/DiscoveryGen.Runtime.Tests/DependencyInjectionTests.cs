using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Extensions.DependencyInjection;
using DiscoveryGen.Runtime;
using DiscoveryGen.Runtime.Testing;
using DiscoveryGen.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Runtime.Gemini;
using Xunit;

namespace DiscoveryGen.Runtime.Tests;

/// <summary>AddDiscoveryClient on IHttpClientFactory: options, configuration, ILogger, resilience handlers, substitution.</summary>
public sealed class DependencyInjectionTests : LoopbackTest
{
    [Fact]
    public async Task AddDiscoveryClient_ResolvesAWorkingServiceOnTheFactorysHandlers()
    {
        var services = new ServiceCollection();
        var created = 0;
        services.AddDiscoveryClient<CloudAICompanionService>(o =>
            {
                o.BaseUri = Server.BaseUri;
                o.ApplicationName = "di-app/1.0";
                o.Retry = FastRetry;
            })
            .ConfigureHttpClient(http => http.DefaultRequestHeaders.Add("x-from-factory", "yes"))
            .ConfigurePrimaryHttpMessageHandler(() =>
            {
                Interlocked.Increment(ref created);
                return new SocketsHttpHandler();
            });
        await using var provider = services.BuildServiceProvider();

        var first = provider.GetRequiredService<CloudAICompanionService>();
        var second = provider.GetRequiredService<CloudAICompanionService>();
        await first.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);
        await second.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        Assert.NotSame(first, second); // transient, like typed clients
        Assert.Equal(1, created);      // one pooled handler, owned by the factory
        Assert.All(Server.Requests, r => Assert.Equal("yes", r.Headers["x-from-factory"]));
        Assert.All(Server.Requests, r => Assert.StartsWith("di-app/1.0 DiscoveryGen/", r.Headers["User-Agent"], StringComparison.Ordinal));
        Assert.Equal(Timeout.InfiniteTimeSpan, first.Client.HttpClient.Timeout); // ClientOptions.Timeout governs
    }

    [Fact]
    public async Task Configuration_IsBound()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gemini:BaseUri"] = Server.BaseUri.ToString(),
            ["Gemini:QuotaProject"] = "cfg-quota",
            ["Gemini:ApiKey"] = "cfg-key",
            ["Gemini:Timeout"] = "00:00:07",
            ["Gemini:AttemptTimeout"] = "00:00:03",
            ["Gemini:GzipRequestBodies"] = "true",
            ["Gemini:MaxResponseBodySize"] = "1048576",
            ["Gemini:Retry:MaxAttempts"] = "3",
            ["Gemini:Retry:InitialDelay"] = "00:00:00.005",
            ["Gemini:Retry:MaxDelay"] = "00:00:00.010",
            ["Gemini:Retry:Multiplier"] = "1.5",
            ["Gemini:Retry:TotalBudget"] = "00:00:09",
            ["Gemini:Retry:RetryableStatusCodes:0"] = "503",
            ["Gemini:Retry:RetryableStatusCodes:1"] = "409",
        }).Build();
        var services = new ServiceCollection();
        services.AddDiscoveryClient<CloudAICompanionService>(configuration.GetSection("Gemini"));
        await using var provider = services.BuildServiceProvider();
        Server.Responder = Sequence(new CannedResponse(409), OperationJson());

        var service = provider.GetRequiredService<CloudAICompanionService>();
        await service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        var options = service.Client.Options;
        Assert.Equal(Server.BaseUri, options.BaseUri);
        Assert.Equal(TimeSpan.FromSeconds(7), options.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(3), options.AttemptTimeout);
        Assert.True(options.GzipRequestBodies);
        Assert.Equal(1048576, options.MaxResponseBodySize);
        Assert.Equal(3, options.Retry.MaxAttempts);
        Assert.Equal(1.5, options.Retry.Multiplier);
        Assert.Equal(TimeSpan.FromSeconds(9), options.Retry.TotalBudget);
        Assert.Equal(new[] { 409, 503 }, options.Retry.RetryableStatusCodes.Order());
        Assert.Equal(2, Server.Requests.Count);
        Assert.All(Server.Requests, r => Assert.Equal("cfg-quota", r.Headers["x-goog-user-project"]));
        Assert.All(Server.Requests, r => Assert.Equal(new[] { "cfg-key" }, r.QueryValues("key")));
    }

    [Fact]
    public void Configuration_BadValue_NamesTheKeyNotTheValue()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Timeout"] = "soon-ish" }).Build();

        var ex = Assert.Throws<InvalidOperationException>(() => ClientOptionsBinder.Bind(configuration, new ClientOptions()));

        Assert.Contains("'Timeout'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("soon-ish", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ILogger_AndIAccessTokenProvider_ComeFromTheContainer()
    {
        var sink = new ListLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(sink));
        services.AddSingleton(AccessTokenProvider.FromToken("di-token"));
        services.AddDiscoveryClient<CloudAICompanionService>((http, options) => new CloudAICompanionService(http, options), configure: o =>
        {
            o.BaseUri = Server.BaseUri;
            o.Retry = FastRetry;
        });
        await using var provider = services.BuildServiceProvider();
        Server.Responder = Sequence(Unavailable(), OperationJson());

        await provider.GetRequiredService<CloudAICompanionService>().Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        Assert.All(Server.Requests, r => Assert.Equal("Bearer di-token", r.Headers["Authorization"]));
        var retry = sink.Entries.Single(e => e.Id.Name == "RetryScheduled");
        Assert.Equal("DiscoveryGen.Runtime.ApiClient", retry.Category);
        Assert.Equal(LogLevel.Information, retry.Level);
        Assert.Equal("{MethodId} attempt {Attempt} failed ({Failure}); retrying in {DelayMs} ms", retry.State.Single(p => p.Key == "{OriginalFormat}").Value);
        Assert.Equal("cloudaicompanion.projects.locations.operations.get", retry.State.Single(p => p.Key == "MethodId").Value);
        Assert.Contains(sink.Entries, e => e.Id.Name == "CallSucceeded" && e.Level == LogLevel.Debug);
        Assert.DoesNotContain(sink.Entries, e => e.Message.Contains("di-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TimeProvider_ComesFromTheContainer_AndDrivesTheWaits()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddDiscoveryClient<CloudAICompanionService>(o =>
        {
            o.BaseUri = Server.BaseUri;
            o.Retry = FastRetry;
        });
        await using var provider = services.BuildServiceProvider();
        Server.Responder = Sequence(Unavailable(new Dictionary<string, string> { ["Retry-After"] = "2" }), OperationJson());
        var service = provider.GetRequiredService<CloudAICompanionService>();

        var call = service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        // The 2 s wait is a timer of the registered clock: it ends when that clock moves, not before.
        Assert.Same(Clock, service.Client.Options.TimeProvider);
        await Clock.WaitForTimerAsync(TimeSpan.FromSeconds(2), TestTimeout);
        Assert.Single(Server.Requests);
        Clock.Advance(TimeSpan.FromSeconds(2));
        await call;
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task ConfiguredOptions_AreReloadedWhenTheConfigurationChanges()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gemini:BaseUri"] = Server.BaseUri.ToString(),
            ["Gemini:QuotaProject"] = "quota-before",
        }).Build();
        var services = new ServiceCollection();
        services.AddDiscoveryClient<CloudAICompanionService>(configuration.GetSection("Gemini"));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<CloudAICompanionService>().Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);
        configuration["Gemini:QuotaProject"] = "quota-after";
        configuration.Reload();
        var reloaded = provider.GetRequiredService<CloudAICompanionService>();
        await reloaded.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        Assert.Equal(new[] { "quota-before", "quota-after" }, Server.Requests.Select(r => r.Headers["x-goog-user-project"]));
        Assert.Equal("quota-after", reloaded.Client.Options.QuotaProject);
    }

    [Fact]
    public async Task ComposesWithTheStandardResilienceHandler()
    {
        var services = new ServiceCollection();
        services.AddDiscoveryClient<CloudAICompanionService>(o =>
            {
                o.BaseUri = Server.BaseUri;
                o.Retry = RetryPolicy.None; // one retry layer: the resilience pipeline's
            })
            .AddStandardResilienceHandler(r =>
            {
                r.Retry.Delay = TimeSpan.FromMilliseconds(5);
                r.Retry.MaxRetryAttempts = 3;
                r.Retry.UseJitter = false;
            });
        await using var provider = services.BuildServiceProvider();
        Server.Responder = Sequence(Unavailable(), Unavailable(), OperationJson());

        var operation = await provider.GetRequiredService<CloudAICompanionService>().Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        Assert.True(operation.Done);
        Assert.Equal(3, Server.Requests.Count);
    }

    [Fact]
    public async Task ResilienceHandler_WithUnsafeMethodsDisabled_DoesNotRepeatAPost()
    {
        var services = new ServiceCollection();
        services.AddDiscoveryClient<CloudAICompanionService>(o => o.BaseUri = Server.BaseUri)
            .AddStandardResilienceHandler(r =>
            {
                r.Retry.Delay = TimeSpan.FromMilliseconds(5);
                r.Retry.DisableForUnsafeHttpMethods();
            });
        await using var provider = services.BuildServiceProvider();
        Server.Responder = _ => Unavailable();

        var ex = await Assert.ThrowsAsync<ApiException>(() =>
            provider.GetRequiredService<CloudAICompanionService>().Projects.Locations.Operations.CancelAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Single(Server.Requests); // neither layer repeats a POST without a request id
    }

    [Fact]
    public async Task UsersCanSubstituteTheServiceInTheirTests_WithTheStubHandler()
    {
        var stub = new ApiStubHandler()
            .RespondJson("cloudaicompanion.projects.locations.codeRepositoryIndexes.get", """{"name":"stubbed","state":"ACTIVE"}""")
            .RespondError("cloudaicompanion.projects.locations.codeRepositoryIndexes.delete", HttpStatusCode.NotFound, "NOT_FOUND", "no such index");
        var services = new ServiceCollection();
        services.AddDiscoveryClient<CloudAICompanionService>(o => o.Retry = RetryPolicy.None).ConfigurePrimaryHttpMessageHandler(() => stub);
        await using var provider = services.BuildServiceProvider();
        var service = provider.GetRequiredService<CloudAICompanionService>();

        var index = await service.Projects.Locations.CodeRepositoryIndexes.GetAsync(IndexName, cancellationToken: TestTimeout);
        var notFound = await Assert.ThrowsAsync<ApiException>(() => service.Projects.Locations.CodeRepositoryIndexes.DeleteAsync(IndexName, cancellationToken: TestTimeout));
        var unanswered = await Assert.ThrowsAsync<ApiException>(() => service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Equal("stubbed", index.Name);
        Assert.Equal(CodeRepositoryIndexState.Active, index.State);
        Assert.Equal("NOT_FOUND", notFound.Error!.Status);
        Assert.Equal(HttpStatusCode.NotImplemented, unanswered.StatusCode);
        Assert.Contains("cloudaicompanion.projects.locations.operations.get", unanswered.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(
            new[] { "cloudaicompanion.projects.locations.codeRepositoryIndexes.get", "cloudaicompanion.projects.locations.codeRepositoryIndexes.delete", "cloudaicompanion.projects.locations.operations.get" },
            stub.Requests.Select(r => r.MethodId));
        Assert.Equal("https://cloudaicompanion.googleapis.com/v1/" + IndexName, stub.Requests[0].Uri.ToString());
        Assert.Empty(Server.Requests); // nothing reached the network
    }

    [Fact]
    public void ClientName_IsStableAndPerService() =>
        Assert.Equal("DiscoveryGen:Runtime.Gemini.CloudAICompanionService", DiscoveryClientServiceCollectionExtensions.ClientName<CloudAICompanionService>());

    private sealed record LogRecord(string Category, LogLevel Level, EventId Id, string Message, IReadOnlyList<KeyValuePair<string, object?>> State);

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<LogRecord> _entries = new();

        public IReadOnlyList<LogRecord> Entries => _entries.ToArray();

        public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, _entries);

        public void Dispose()
        {
        }

        private sealed class ListLogger(string category, ConcurrentQueue<LogRecord> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new LogRecord(category, logLevel, eventId, formatter(state, exception), state as IReadOnlyList<KeyValuePair<string, object?>> ?? Array.Empty<KeyValuePair<string, object?>>()));
        }
    }
}
