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

    /// <summary>Tiny backoff so retried tests take milliseconds; 4 attempts (<see cref="TestRetry.Fast"/>).</summary>
    protected static readonly RetryPolicy FastRetry = TestRetry.Fast();

    protected LoopbackServer Server { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    protected CapturingLogger Logs { get; } = new();

    /// <summary>
    /// A clock only the test moves. Give it to a service (<c>o.TimeProvider = Clock</c>) and its timeouts and waits
    /// happen when the test advances it, however slow the machine is.
    /// </summary>
    protected TestClock Clock { get; } = new();

    /// <summary>
    /// A bound for every await in a test, so no test can hang. Generous on purpose: it only turns a hang into a
    /// failure; no test passes or fails by how fast the machine is (deadlines under test run on <see cref="Clock"/>).
    /// </summary>
    protected CancellationToken TestTimeout => _testCts.Token;

    private readonly CancellationTokenSource _testCts = new(TimeSpan.FromSeconds(90));

    public virtual async Task InitializeAsync()
    {
        Server = await LoopbackServer.StartAsync();
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        _testCts.Dispose();
    }

    protected ClientOptions Options(Action<ClientOptions>? configure = null)
    {
        var options = new ClientOptions { BaseUri = Server.BaseUri, Retry = FastRetry, Timeout = TimeSpan.FromSeconds(60), Logger = Logs };
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

/// <summary>
/// Counts the response body bytes the runtime actually reads from the network (before any decompression of its own),
/// so a test can tell "stopped reading near the limit" from "read everything, then complained".
/// </summary>
public sealed class BodyCountingHandler : DelegatingHandler
{
    private long _read;

    public BodyCountingHandler()
        : base(new SocketsHttpHandler())
    {
    }

    /// <summary>Body bytes read so far, over every response.</summary>
    public long BytesRead => Interlocked.Read(ref _read);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var original = response.Content;
        var counted = new StreamContent(new CountingStream(await original.ReadAsStreamAsync(cancellationToken), this));
        foreach (var header in original.Headers.NonValidated)
        {
            counted.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = counted;
        return response;
    }

    private sealed class CountingStream(System.IO.Stream inner, BodyCountingHandler owner) : System.IO.Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, System.IO.SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Count(int read)
        {
            Interlocked.Add(ref owner._read, read);
            return read;
        }
    }
}
