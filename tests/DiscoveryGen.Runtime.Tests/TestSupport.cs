using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Runtime.Gemini;
using Xunit;

namespace DiscoveryGen.Runtime.Tests;

/// <summary>A Kestrel server, an HttpClient and the generated Gemini client over them, with fast retry settings.</summary>
public abstract class LoopbackTest : IAsyncLifetime
{
    protected const string OperationName = "projects/p1/locations/global/operations/op-1";
    protected const string IndexName = "projects/p1/locations/l/codeRepositoryIndexes/i";
    protected const string GroupName = "projects/p1/locations/l/codeRepositoryIndexes/i/repositoryGroups/g";

    /// <summary>Tiny backoff so retried tests take milliseconds; 4 attempts; a 10 s budget.</summary>
    protected static readonly RetryPolicy FastRetry = new()
    {
        MaxAttempts = 4,
        InitialDelay = TimeSpan.FromMilliseconds(5),
        MaxDelay = TimeSpan.FromMilliseconds(20),
        TotalBudget = TimeSpan.FromSeconds(10),
    };

    protected LoopbackServer Server { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    protected CapturingLogger Logs { get; } = new();

    /// <summary>A bound for every await in a test: no test can hang.</summary>
    protected CancellationToken TestTimeout => _testCts.Token;

    private readonly CancellationTokenSource _testCts = new(TimeSpan.FromSeconds(20));

    public virtual async Task InitializeAsync()
    {
        Server = await LoopbackServer.StartAsync();
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        _testCts.Dispose();
    }

    protected ClientOptions Options(Action<ClientOptions>? configure = null)
    {
        var options = new ClientOptions { BaseUri = Server.BaseUri, Retry = FastRetry, Timeout = TimeSpan.FromSeconds(15), Logger = Logs };
        configure?.Invoke(options);
        return options;
    }

    protected CloudAICompanionService Service(Action<ClientOptions>? configure = null) => new(Http, Options(configure));

    /// <summary>A responder that answers the given responses in order, repeating the last.</summary>
    protected static Func<RecordedRequest, CannedResponse> Sequence(params CannedResponse[] responses)
    {
        var index = -1;
        return _ => responses[Math.Min(Interlocked.Increment(ref index), responses.Length - 1)];
    }

    protected static CannedResponse Unavailable(IReadOnlyDictionary<string, string>? headers = null) =>
        new(503, """{"error":{"code":503,"message":"The service is currently unavailable.","status":"UNAVAILABLE"}}""") { Headers = headers };

    protected static CannedResponse OperationJson(string name = OperationName) => CannedResponse.Json($$"""{"name":"{{name}}","done":true}""");
}

/// <summary>Records every log entry at every level.</summary>
public sealed class CapturingLogger : IApiLogger
{
    private readonly ConcurrentQueue<ApiLogEntry> _entries = new();

    public IReadOnlyList<ApiLogEntry> Entries => _entries.ToArray();

    public bool IsEnabled(ApiLogLevel level) => true;

    public void Log(ApiLogEntry entry) => _entries.Enqueue(entry);

    public IEnumerable<ApiLogEntry> Events(int id) => Entries.Where(e => e.EventId == id);

    /// <summary>Everything a log sink could print: messages, values, templates and exceptions with their inner ones.</summary>
    public string AllText() => string.Join(
        "\n",
        Entries.Select(e => string.Join(" | ", e.Message, e.MessageTemplate, string.Join(",", e.Properties.Select(p => p.Key + "=" + p.Value)), e.Exception?.ToString())));
}

/// <summary>Collects the activities of the runtime's ActivitySource while alive.</summary>
public sealed class ActivityCollector : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public ActivityCollector()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ApiTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _stopped.Enqueue(activity),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> Stopped => _stopped.ToArray();

    public void Dispose() => _listener.Dispose();
}
