using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using DiscoveryGen.Runtime;
using Gen = DiscoveryGen.Benchmarks.Generated;

namespace DiscoveryGen.Benchmarks;

/// <summary>
/// storage.v1 objects.get through the generated client and the hand-written floor over an in-memory handler (no socket,
/// no server): what the runtime itself costs per call, with far less noise than the Kestrel runs. "Production" adds a
/// token provider, a per-attempt timeout and a logger (its levels off), so every stage of the call pipeline does its
/// work; the default configuration lets the stages with nothing to do step aside.
/// </summary>
[MemoryDiagnoser]
public class InMemoryCallBenchmarks
{
    private static readonly Uri StorageBase = new("https://storage.example.test/storage/v1/");
    private HttpClient _http = null!;
    private Gen.StorageService _generated = null!;
    private HandWrittenStorage _hand = null!;

    [Params(false, true)]
    public bool Production { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _http = new HttpClient(new CannedHandler());
        var options = new ClientOptions { BaseUri = StorageBase };
        if (Production)
        {
            options.AccessTokenProvider = AccessTokenProvider.FromToken("ya29.benchmark-token");
            options.AttemptTimeout = TimeSpan.FromSeconds(30);
            options.Logger = new QuietLogger();
        }

        _generated = new Gen.StorageService(_http, options);
        _hand = new HandWrittenStorage(_http, StorageBase);
        if (await Generated() != await HandWritten())
        {
            throw new InvalidOperationException("The clients disagree about the response.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _http.Dispose();

    [Benchmark(Baseline = true, Description = "Hand-written HttpClient + Utf8JsonReader")]
    public async Task<string> HandWritten() => (await _hand.GetAsync(StoragePayloads.Bucket, StoragePayloads.ObjectName)).Name!;

    [Benchmark(Description = "DiscoveryGen generated client")]
    public async Task<string> Generated() => (await _generated.Objects.GetAsync(StoragePayloads.Bucket, StoragePayloads.ObjectName)).Name!;

    /// <summary>Answers every request with the objects.get payload, as the Kestrel server does.</summary>
    private sealed class CannedHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent(StoragePayloads.Get);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=UTF-8");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }

    /// <summary>A logger that wants nothing: the runtime checks, builds no entry.</summary>
    private sealed class QuietLogger : IApiLogger
    {
        public bool IsEnabled(ApiLogLevel level) => false;

        public void Log(ApiLogEntry entry)
        {
        }
    }
}
