using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using DiscoveryGen.Generator.Building;
using DiscoveryGen.Generator.Emitting;
using DiscoveryGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace DiscoveryGen.Benchmarks;

/// <summary>
/// One generator phase over one document, again and again for a while: something for a profiler to sample
/// (<c>perf record</c> with <c>DOTNET_PerfMapEnabled=1</c>), with the phase's mean time printed at the end.
/// </summary>
internal static class LoopReport
{
    public static int Run(TextWriter output, string[] args)
    {
        if (args.Length >= 2 && args[1] == "read")
        {
            return Read(output, args);
        }

        if (args.Length < 2 || args[1] is not ("parse" or "build" or "emit" or "cold"))
        {
            output.WriteLine("usage: loop <document> parse|build|emit|cold [seconds] | loop realistic|uniform read [seconds]");
            return 2;
        }

        var path = Corpus.Discovery(args[0] + ".json");
        var seconds = args.Length > 2 && args[2] != "--alloc" ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;
        var text = CompilerText.From(File.ReadAllText(path));
        var parsed = DiscoveryParser.Parse(path, null, text, CancellationToken.None).Document!;
        var @namespace = ClientBuilder.DefaultNamespace(parsed);
        var model = ClientBuilder.Build(parsed, parsed.Root, @namespace, null, "/bench.json", null, new System.Collections.Generic.List<DiscoveryGen.Generator.Model.DiagnosticInfo>(), CancellationToken.None);
        var input = new DiscoveryGen.Generator.Model.EmitInput(model, @namespace + "." + model.ServiceClassName, DiscoveryGen.Generator.Model.EmitOptions.Default);

        var file = new MemoryText("/bench/" + args[0] + ".json", File.ReadAllText(path));
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("Bench");
        // --alloc: which types the phase allocates, from the runtime's allocation samples (one per ~100 KB allocated).
        using var allocations = args.Contains("--alloc") ? new AllocationSampler() : null;
        var runs = 0;
        var chars = 0L;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            switch (args[1])
            {
                case "parse":
                    GC.KeepAlive(DiscoveryParser.Parse(path, null, text, CancellationToken.None).Document);
                    break;
                case "build":
                    GC.KeepAlive(ClientBuilder.Build(parsed, parsed.Root, @namespace, null, "/bench.json", null, new System.Collections.Generic.List<DiscoveryGen.Generator.Model.DiagnosticInfo>(), CancellationToken.None));
                    break;
                case "cold":
                    var trees = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(
                            new[] { new DiscoveryGen.Generator.DiscoveryClientGenerator().AsSourceGenerator() },
                            additionalTexts: new Microsoft.CodeAnalysis.AdditionalText[] { file },
                            optionsProvider: new NoOptions())
                        .RunGenerators(compilation).GetRunResult().GeneratedTrees;
                    foreach (var tree in trees)
                    {
                        chars += tree.Length;
                    }

                    break;
                default:
                    foreach (var (_, source) in ClientEmitter.Emit(input))
                    {
                        GC.KeepAlive(source);
                    }

                    break;
            }

            runs++;
        }

        allocations?.Report(output, runs);
        output.WriteLine($"{args[1]} of {args[0]}: {runs} runs, {clock.Elapsed.TotalMilliseconds / runs:F2} ms each (wall){(chars > 0 ? $", {chars / runs:N0} chars each" : "")}");
        return 0;
    }

    /// <summary>`loop realistic|uniform read [seconds] [--alloc]`: the generated storage client reads objects.list (1,000 items) again and again.</summary>
    private static int Read(TextWriter output, string[] args)
    {
#if BENCHMARK_CORPUS
        var benchmark = new DeserializationBenchmarks { Payload = args[0] == "uniform" ? "uniform" : "realistic" };
        benchmark.Setup();
        var seconds = args.Length > 2 && args[2] != "--alloc" ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;
        using var allocations = args.Contains("--alloc") ? new AllocationSampler() : null;
        var runs = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            benchmark.Generated();
            runs++;
        }

        allocations?.Report(output, runs);
        output.WriteLine($"read of objects.list ({benchmark.Payload}): {runs} runs, {clock.Elapsed.TotalMilliseconds * 1000 / runs:F1} µs each (wall)");
        return 0;
#else
        output.WriteLine("The generated storage client is compiled out: ../shared/discovery/storage.v1.json is missing.");
        return 1;
#endif
    }

    /// <summary>Totals the runtime's GCAllocationTick samples by type name.</summary>
    private sealed class AllocationSampler : System.Diagnostics.Tracing.EventListener
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _bytes = new();

        protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x1); // GC
            }
        }

        protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
        {
            if (e.EventName is not null && e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) && e.Payload is { } payload)
            {
                var type = payload[e.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
                var amount = Convert.ToInt64(payload[e.PayloadNames.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
                _bytes.AddOrUpdate(type, amount, (_, total) => total + amount);
            }
        }

        public void Report(TextWriter output, int runs)
        {
            foreach (var (type, bytes) in _bytes.OrderByDescending(static p => p.Value).Take(30))
            {
                output.WriteLine($"{bytes / (double)runs / 1024:F0} KB/run  {type}");
            }
        }
    }
}
