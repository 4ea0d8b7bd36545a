using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace DiscoveryGen.Benchmarks;

/// <summary>
/// `-- large [doc...]` (corpus names, or paths ending in .json): what a document costs to build (README "Large APIs"): the generated C# (XML docs on), the IL
/// assembly of a Release compile, the generator's time and the in-memory compile time (parse + bind with
/// <c>GetDiagnostics()</c>, and a full Release emit), medians of 3 runs after one warm-up. Times are the process's CPU
/// time (all threads), which a loaded machine inflates far less than wall time.
/// </summary>
internal static class LargeApiReport
{
    public static int Run(TextWriter output, string[] documents)
    {
        output.WriteLine("| Document | JSON bytes | Generated C# chars | C# / JSON | IL DLL bytes | Generate CPU s | Parse + bind CPU s | Release emit CPU s |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var name in documents.Length > 0 ? documents : new[] { "oauth2.v2", "storage.v1", "aiplatform.v1" })
        {
            // A name from the shared corpus ("storage.v1"), or a path to any document (discovery/cloudaicompanion.v1.json).
            var path = name.EndsWith(".json", StringComparison.Ordinal) ? Path.GetFullPath(name) : Corpus.Discovery(name + ".json");
            var file = new MemoryText("/large/" + Path.GetFileName(path), File.ReadAllText(path));
            var jsonBytes = new FileInfo(path).Length;
            var sources = GeneratedCode.Generate(file, xmlDocs: true);
            var chars = sources.Sum(s => (long)s.Source.Length);
            long ilBytes = 0;
            var generate = Median(() => GeneratedCode.Generate(file, xmlDocs: true));
            var bind = Median(() =>
            {
                var errors = GeneratedCode.Compile(sources).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                if (errors.Count > 0)
                {
                    throw new InvalidOperationException(name + " does not compile:\n" + string.Join("\n", errors.Take(10)));
                }
            });
            var emit = Median(() =>
            {
                using var il = new MemoryStream();
                var result = GeneratedCode.Compile(sources, OptimizationLevel.Release).Emit(il);
                if (!result.Success)
                {
                    throw new InvalidOperationException(name + " does not emit:\n" + string.Join("\n", result.Diagnostics.Take(10)));
                }

                ilBytes = il.Length;
            });

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {jsonBytes:N0} | {chars:N0} | {(double)chars / jsonBytes:F2} | {ilBytes:N0} | {generate:F2} | {bind:F2} | {emit:F2} |"));
        }

        return 0;
    }

    private static double Median(Action action)
    {
        action();
        var times = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            action();
            times.Add((Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds);
        }

        times.Sort();
        return times[1];
    }
}
