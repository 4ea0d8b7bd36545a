#if BENCHMARK_CORPUS
using System;
using System.IO;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Google.Apis.Json;
using Gen = DiscoveryGen.Benchmarks.Generated;
using GoogleStorage = Google.Apis.Storage.v1;

namespace DiscoveryGen.Benchmarks;

/// <summary>
/// objects.list (1000 items) deserialization alone, from UTF-8 bytes in memory: no HTTP. Two payloads, so a change is
/// judged on both: <c>realistic</c> (unique hashes, etags and times, a few content types and storage classes, metadata
/// on some items; <see cref="StoragePayloads.RealisticList"/>) and <c>uniform</c> (the original one, the same values
/// in every item; <see cref="StoragePayloads.List"/>).
/// </summary>
[MemoryDiagnoser]
public class DeserializationBenchmarks
{
    private byte[] _json = [];

    [Params("realistic", "uniform")]
    public string Payload { get; set; } = "realistic";

    [GlobalSetup]
    public void Setup() => _json = Payload == "uniform" ? StoragePayloads.List : StoragePayloads.RealisticList;

    [Benchmark(Baseline = true, Description = "Hand-written Utf8JsonReader")]
    public int HandWritten() => HandWrittenStorage.ReadObjects(_json).Items!.Count;

    [Benchmark(Description = "DiscoveryGen generated ReadJson")]
    public int Generated()
    {
        var reader = new Utf8JsonReader(_json);
        reader.Read();
        return Gen.Objects.ReadJson(ref reader).Items!.Count;
    }

    [Benchmark(Description = "Google.Apis (Newtonsoft.Json)")]
    public int Google()
    {
        using var stream = new MemoryStream(_json, writable: false);
        return NewtonsoftJsonSerializer.Instance.Deserialize<GoogleStorage.Data.Objects>(stream).Items.Count;
    }
}
#endif
