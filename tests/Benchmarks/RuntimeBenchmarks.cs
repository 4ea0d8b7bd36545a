#if BENCHMARK_CORPUS
using System;
using System.Net.Http;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using DiscoveryGen.Runtime;
using Google.Apis.Services;
using Gen = DiscoveryGen.Benchmarks.Generated;
using GoogleStorage = Google.Apis.Storage.v1;

namespace DiscoveryGen.Benchmarks;

/// <summary>
/// One storage.v1 call per operation against Kestrel on 127.0.0.1 through the generated client, Google.Apis.Storage.v1
/// (no auth, BaseUri pointed at the server) and hand-written HttpClient + Utf8JsonReader code (the baseline floor).
/// </summary>
[MemoryDiagnoser]
public class RuntimeBenchmarks
{
    private StorageServer _server = null!;
    private HttpClient _http = null!;
    private Gen.StorageService _generated = null!;
    private GoogleStorage.StorageService _google = null!;
    private HandWrittenStorage _hand = null!;

    [Params("objects.get", "objects.list")]
    public string Call { get; set; } = "objects.get";

    [GlobalSetup]
    public async Task Setup()
    {
        _server = await StorageServer.StartAsync();
        _http = new HttpClient();
        _generated = new Gen.StorageService(_http, new ClientOptions { BaseUri = _server.StorageBase });
        _google = new GoogleStorage.StorageService(new BaseClientService.Initializer
        {
            BaseUri = _server.StorageBase.ToString(),
            HttpClientInitializer = null,
            ApplicationName = "DiscoveryGen.Benchmarks",
        });
        _hand = new HandWrittenStorage(_http, _server.StorageBase);

        // Fail fast if any client does not read what the server sends.
        if (await Generated() != await Google() || await Google() != await HandWritten())
        {
            throw new InvalidOperationException("The three clients disagree about the response.");
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _google.Dispose();
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "Hand-written HttpClient + Utf8JsonReader")]
    public async Task<string> HandWritten() => Call == "objects.get"
        ? (await _hand.GetAsync(StoragePayloads.Bucket, StoragePayloads.ObjectName)).Name!
        : (await _hand.ListAsync(StoragePayloads.Bucket)).Items![999].Name!;

    [Benchmark(Description = "DiscoveryGen generated client")]
    public async Task<string> Generated() => Call == "objects.get"
        ? (await _generated.Objects.GetAsync(StoragePayloads.Bucket, StoragePayloads.ObjectName)).Name!
        : (await _generated.Objects.ListAsync(StoragePayloads.Bucket)).Items![999].Name!;

    [Benchmark(Description = "Google.Apis.Storage.v1")]
    public async Task<string> Google() => Call == "objects.get"
        ? (await _google.Objects.Get(StoragePayloads.Bucket, StoragePayloads.ObjectName).ExecuteAsync()).Name
        : (await _google.Objects.List(StoragePayloads.Bucket).ExecuteAsync()).Items[999].Name;
}
#endif
