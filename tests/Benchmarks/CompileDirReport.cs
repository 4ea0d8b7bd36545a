using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DiscoveryGen.Benchmarks;

/// <summary>
/// `-- compile [--emit | --emit-ref] [--rounds N] folder[=runtime.dll] ...`: parses and binds (with <c>--emit</c>: emits IL and a PDB in Release, as a build does) the C# files of each folder in memory (as
/// <c>-- large</c> does, nullable on), the folders taking turns, and reports the median CPU time and allocations of 5
/// rounds (or N). A folder may name the runtime assembly its code was generated for (an older emitter's output, written by
/// that commit's build with <c>EmitCompilerGeneratedFiles</c>), so two emitters are compared in one run.
/// </summary>
internal static class CompileDirReport
{
    public static int Run(TextWriter output, string[] arguments)
    {
        // --emit: a full Release emit (IL and a portable PDB to a null stream), as a real build does, instead of diagnostics only.
        var emit = arguments.Contains("--emit") || arguments.Contains("--emit-ref");
        // --emit-ref: the same emit plus a reference assembly beside it, as csc's /refout (ProduceReferenceAssembly) does.
        var refOut = arguments.Contains("--emit-ref");
        // --rounds N: measured rounds after the first (default 5); more rounds narrow the median on a noisy machine.
        var at = Array.IndexOf(arguments, "--rounds");
        var rounds = at >= 0 ? int.Parse(arguments[at + 1], CultureInfo.InvariantCulture) : 5;
        var inputs = arguments.Where((a, i) => a != "--emit" && a != "--emit-ref" && (at < 0 || (i != at && i != at + 1))).Select(Load).ToList();
        var cpu = inputs.Select(_ => new List<double>()).ToList();
        var bytes = inputs.Select(_ => new List<double>()).ToList();
        for (var round = 0; round <= rounds; round++)
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                GC.Collect();
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var errors = (emit ? EmitDiagnostics(inputs[i].Compilation(OptimizationLevel.Release), refOut) : inputs[i].Compilation().GetDiagnostics())
                    .Where(d => d.Severity == DiagnosticSeverity.Error || d.Severity == DiagnosticSeverity.Warning).ToList();
                var seconds = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds;
                var megabytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6;
                if (errors.Count > 0)
                {
                    throw new InvalidOperationException(inputs[i].Name + " does not compile cleanly:\n" + string.Join("\n", errors.Take(10)));
                }

                if (round > 0)
                {
                    cpu[i].Add(seconds);
                    bytes[i].Add(megabytes);
                }
            }
        }

        output.WriteLine("| Sources | C# chars | " + (emit ? "Parse, bind and emit" : "Parse + bind") + " CPU s (median of " + rounds.ToString(CultureInfo.InvariantCulture) + ") | Allocated MB |");
        output.WriteLine("|---|---:|---:|---:|");
        for (var i = 0; i < inputs.Count; i++)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {inputs[i].Name} | {inputs[i].Chars:N0} | {Median(cpu[i]):F2} | {Median(bytes[i]):F0} |"));
        }

        return 0;
    }

    private static ImmutableArray<Diagnostic> EmitDiagnostics(CSharpCompilation compilation, bool refOut)
    {
        var result = compilation.Emit(Stream.Null, pdbStream: Stream.Null, metadataPEStream: refOut ? new MemoryStream() : null, options: new Microsoft.CodeAnalysis.Emit.EmitOptions(debugInformationFormat: Microsoft.CodeAnalysis.Emit.DebugInformationFormat.PortablePdb, includePrivateMembers: !refOut));
        return result.Diagnostics;
    }

    /// <summary>The middle value (the upper one of an even count); sorts <paramref name="values"/>.</summary>
    internal static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static Input Load(string argument)
    {
        var parts = argument.Split('=', 2);
        var files = Directory.GetFiles(parts[0], "*.cs", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f))).ToImmutableArray();
        var runtime = parts.Length > 1 ? parts[1] : typeof(DiscoveryGen.Runtime.ApiClient).Assembly.Location;
        var references = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(runtime)).ToImmutableArray();
        return new Input(parts[0], files, references);
    }

    private sealed record Input(string Name, ImmutableArray<(string Hint, string Source)> Files, ImmutableArray<MetadataReference> References)
    {
        public long Chars => Files.Sum(f => (long)f.Source.Length);

        public CSharpCompilation Compilation(OptimizationLevel optimization = OptimizationLevel.Debug) => CSharpCompilation.Create(
            "Generated",
            Files.Select(f => CSharpSyntaxTree.ParseText(Microsoft.CodeAnalysis.Text.SourceText.From(f.Source, System.Text.Encoding.UTF8), GeneratedCode.ParseOptions, f.Hint)),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: optimization, nullableContextOptions: NullableContextOptions.Enable, deterministic: true));
    }
}
