using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading;
using DiscoveryGen.Generator.Building;
using DiscoveryGen.Generator.Emitting;
using DiscoveryGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace DiscoveryGen.Benchmarks;

/// <summary>
/// `-- phases [doc...]`: cold generation (a new GeneratorDriver running the generator) and where its time goes (parse,
/// build, emit), beside JsonDocument.Parse of the same bytes.
/// Times are the thread's CPU time on Linux (not the process's, which also counts the JIT tiering code up in the
/// background and, under server GC, its collector threads spinning), with wall time beside for JsonDocument.Parse, cold
/// generation and emit (a shared machine's load inflates it many times over; a collection on server GC's own threads
/// is in it and not in the thread's CPU time). Medians of 31 runs after 10 warm-ups (garbage collections included,
/// where they fall, and their pause beside); allocations are exact and do not depend on the machine's load.
/// </summary>
internal static class PhaseReport
{
    private const int WarmUps = 10;
    private const int Runs = 31;
    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(2);

    /// <summary>What the reports' clock measures: thread CPU time on Linux, wall time elsewhere.</summary>
    internal static string ClockKind => CpuClock.Kind;

    /// <summary>This thread's CPU time (wall time off Linux) in milliseconds, from an arbitrary origin.</summary>
    internal static double ThreadCpuMilliseconds() => CpuClock.Now();

    public static int Run(TextWriter output, string[] documents)
    {
        // csc and VBCSCompiler run with server GC (their runtimeconfig.json), so a real build generates under it; this
        // process runs with workstation GC unless started with DOTNET_gcServer=1.
        output.WriteLine($"Medians of {Runs} runs, {CpuClock.Kind}, {(System.Runtime.GCSettings.IsServerGC ? "server GC (as csc runs generators)" : "workstation GC (csc runs generators with server GC: DOTNET_gcServer=1)")}.");
        output.WriteLine();
        output.WriteLine("| Document | JSON bytes | Generated chars | JsonDocument.Parse | Cold generation | ratio | Cold generation, wall | ratio | Parse | ratio | Build | Emit | Emit, wall | Output floor | ratio | Parse alloc | Build alloc | Emit alloc | Collections (all / gen1+) per cold run | GC pause per cold run |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var name in documents.Length > 0 ? documents : new[] { "oauth2.v2", "storage.v1", "aiplatform.v1" })
        {
            var path = Corpus.Discovery(name + ".json");
            var bytes = File.ReadAllBytes(path);
            var text = CompilerText.From(File.ReadAllText(path));
            var generation = new ColdGeneration(name, File.ReadAllText(path));

            // Warm-up: at least 10 runs and 2 s, so the JIT has tiered everything up before the clock counts.
            var warmUp = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; i < WarmUps || warmUp.Elapsed < WarmUpTime; i++)
            {
                RunOnce(path, bytes, text, generation);
            }

            var samples = new Sample[Runs];
            for (var i = 0; i < Runs; i++)
            {
                samples[i] = RunOnce(path, bytes, text, generation);
            }

            double Median(Func<Sample, double> of)
            {
                var values = Array.ConvertAll(samples, s => of(s));
                Array.Sort(values);
                return values[values.Length / 2];
            }

            var last = samples[Runs - 1];
            var jsonMs = Median(s => s.JsonMs);
            var coldMs = Median(s => s.ColdMs);
            var coldWallMs = Median(s => s.ColdWallMs);
            var jsonWallMs = Median(s => s.JsonWallMs);
            var parseMs = Median(s => s.ParseMs);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {bytes.Length:N0} | {last.Chars:N0} | {jsonMs:F2} ms | {coldMs:F2} ms | {coldMs / jsonMs:F1}× | {coldWallMs:F2} ms | {coldWallMs / jsonWallMs:F1}× | {parseMs:F2} ms | {parseMs / jsonMs:F1}× | {Median(s => s.BuildMs):F2} ms | {Median(s => s.EmitMs):F2} ms | {Median(s => s.EmitWallMs):F2} ms | {Median(s => s.FloorMs):F2} ms | {Median(s => s.FloorMs) / jsonMs:F1}× | {Megabytes(last.ParseBytes):F2} MB | {Megabytes(last.BuildBytes):F2} MB | {Megabytes(last.EmitBytes):F2} MB | {Median(s => s.ColdCollections):F0} / {Median(s => s.ColdGen1):F0} | {Median(s => s.ColdPauseMs):F2} ms |"));
        }

        return 0;
    }

    /// <summary>
    /// CPU time used by this thread since the clock was made: clock_gettime(CLOCK_THREAD_CPUTIME_ID) on Linux
    /// (nanoseconds; Environment.CpuUsage counts the whole process in scheduler ticks of milliseconds), wall time elsewhere.
    /// </summary>
    private readonly struct CpuClock
    {
        private readonly double _start;

        public CpuClock() => _start = Now();

        public static string Kind => OperatingSystem.IsLinux() ? "thread CPU time" : "wall time";

        public double Milliseconds => Now() - _start;

        public static double Now()
        {
            if (!OperatingSystem.IsLinux())
            {
                return System.Diagnostics.Stopwatch.GetTimestamp() * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
            }

            ClockGetTime(ThreadCpuTimeClock, out var time);
            return (time.Seconds * 1000.0) + (time.Nanoseconds / 1e6);
        }

        private const int ThreadCpuTimeClock = 3; // CLOCK_THREAD_CPUTIME_ID

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int ClockGetTime(int clock, out TimeSpec time);

        [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }
    }

    private static Sample RunOnce(string path, byte[] bytes, SourceText text, ColdGeneration generation)
    {
        var g0 = GC.CollectionCount(0);
        var g1 = GC.CollectionCount(1);
        var pause0 = GC.GetTotalPauseDuration();
        var wall = System.Diagnostics.Stopwatch.StartNew();
        var clock = new CpuClock();
        using (var document = JsonDocument.Parse(bytes))
        {
            _ = document.RootElement.GetPropertyCount();
        }

        var json = clock.Milliseconds;
        var jsonWall = wall.Elapsed.TotalMilliseconds;
        wall.Restart();
        clock = new CpuClock();
        generation.Run();
        var cold = clock.Milliseconds;
        var coldWall = wall.Elapsed.TotalMilliseconds;
        var coldPause = (GC.GetTotalPauseDuration() - pause0).TotalMilliseconds;
        var coldCollections = GC.CollectionCount(0) - g0; // CollectionCount(0) counts every collection
        var coldGen1 = GC.CollectionCount(1) - g1;
        var phases = GenerateByPhase(path, text);
        var floor = OutputFloor(phases.FileLengths);
        return new Sample(json, jsonWall, cold, coldWall, phases.ParseMs, phases.BuildMs, phases.EmitMs, phases.EmitWallMs, floor, phases.ParseBytes, phases.BuildBytes, phases.EmitBytes, phases.Chars, coldCollections, coldGen1, coldPause);
    }

    /// <summary>The generator's three phases called directly over one document (parse, build, emit), each timed on this thread's clock (emit also on the wall clock), with its allocations.</summary>
    internal static Phases GenerateByPhase(string path, SourceText text)
    {
        var a0 = GC.GetAllocatedBytesForCurrentThread();
        var clock = new CpuClock();
        var parsed = DiscoveryParser.Parse(path, null, text, CancellationToken.None).Document!;
        var parseMs = clock.Milliseconds;
        var a1 = GC.GetAllocatedBytesForCurrentThread();
        clock = new CpuClock();
        var @namespace = ClientBuilder.DefaultNamespace(parsed);
        var model = ClientBuilder.Build(parsed, parsed.Root, @namespace, null, "/bench.json", null, new System.Collections.Generic.List<DiscoveryGen.Generator.Model.DiagnosticInfo>(), CancellationToken.None);
        var buildMs = clock.Milliseconds;
        var a2 = GC.GetAllocatedBytesForCurrentThread();
        var emitWall = System.Diagnostics.Stopwatch.StartNew();
        clock = new CpuClock();
        var chars = 0;
        var lengths = new System.Collections.Generic.List<int>();
        foreach (var (_, source) in ClientEmitter.Emit(new DiscoveryGen.Generator.Model.EmitInput(model, @namespace + "." + model.ServiceClassName, DiscoveryGen.Generator.Model.EmitOptions.Default)))
        {
            chars += source.Length;
            lengths.Add(source.Length);
        }

        var emitMs = clock.Milliseconds;
        var emitWallMs = emitWall.Elapsed.TotalMilliseconds;
        var a3 = GC.GetAllocatedBytesForCurrentThread();
        return new Phases(parseMs, buildMs, emitMs, emitWallMs, a1 - a0, a2 - a1, a3 - a2, chars, lengths.ToArray());
    }

    internal readonly record struct Phases(double ParseMs, double BuildMs, double EmitMs, double EmitWallMs, long ParseBytes, long BuildBytes, long EmitBytes, int Chars, int[] FileLengths);

    /// <summary>
    /// What any generator writing this output pays at least: new arrays of one byte per generated char (as the compiler's
    /// texts hold them), written once, all alive at the end (as the compilation keeps them). Fresh memory: the page
    /// faults of a large output are in it.
    /// </summary>
    private static double OutputFloor(int[] lengths)
    {
        var arrays = new byte[lengths.Length][];
        var clock = new CpuClock();
        for (var i = 0; i < lengths.Length; i++)
        {
            arrays[i] = new byte[lengths[i]];
            arrays[i].AsSpan().Fill((byte)' ');
        }

        var ms = clock.Milliseconds;
        GC.KeepAlive(arrays);
        return ms;
    }

    /// <summary>What "Cold generation" in GeneratorBenchmarks measures: a new driver running the generator over the document.</summary>
    private sealed class ColdGeneration
    {
        private readonly MemoryText _file;
        private readonly CSharpCompilation _compilation;

        public ColdGeneration(string name, string json)
        {
            _file = new MemoryText("/bench/" + name + ".json", json);
            _compilation = CSharpCompilation.Create("Bench", new[] { CSharpSyntaxTree.ParseText("class Placeholder { }", new CSharpParseOptions(LanguageVersion.Latest)) });
        }

        public int Run() => CSharpGeneratorDriver.Create(
                new[] { new DiscoveryGen.Generator.DiscoveryClientGenerator().AsSourceGenerator() },
                additionalTexts: new AdditionalText[] { _file },
                parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
                optionsProvider: new NoOptions())
            .RunGenerators(_compilation).GetRunResult().GeneratedTrees.Length;
    }

    private readonly record struct Sample(double JsonMs, double JsonWallMs, double ColdMs, double ColdWallMs, double ParseMs, double BuildMs, double EmitMs, double EmitWallMs, double FloorMs, long ParseBytes, long BuildBytes, long EmitBytes, int Chars, int ColdCollections, int ColdGen1, double ColdPauseMs);

    private static double Megabytes(long bytes) => bytes / (1024.0 * 1024.0);
}
