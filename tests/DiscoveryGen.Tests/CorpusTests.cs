using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using DiscoveryGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace DiscoveryGen.Tests;

/// <summary>
/// Real discovery documents from ../shared/discovery generate with no error diagnostic and no generator exception, and
/// the output compiles with nullable enabled and warnings as errors. CI runs a fixed slice; set
/// DISCOVERYGEN_CORPUS=full for all documents.
/// </summary>
public sealed class CorpusTests
{
    private readonly ITestOutputHelper _output;

    public CorpusTests(ITestOutputHelper output) => _output = output;

    public static string CorpusDirectory => Path.Combine(TestPaths.SharedRoot, "discovery");

    [Fact]
    public void Corpus_GeneratesAndCompiles()
    {
        Assert.True(Directory.Exists(CorpusDirectory), $"The discovery corpus is missing: expected {CorpusDirectory} (../shared/discovery beside the repository).");
        var all = Directory.GetFiles(CorpusDirectory, "*.json").OrderBy(p => p, StringComparer.Ordinal).ToList();
        var full = Environment.GetEnvironmentVariable("DISCOVERYGEN_CORPUS") == "full";
        var files = full ? all : CorpusSlice.Select(all);

        var failures = new List<string>();
        var stopwatch = Stopwatch.StartNew();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            try
            {
                var result = GeneratorHarness.Run(InMemoryAdditionalText.FromFile(file, "/corpus/" + name));
                var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                if (result.Sources.IsEmpty)
                {
                    failures.Add($"{name}: nothing generated; {GeneratorHarness.Format(result.Diagnostics)}");
                    continue;
                }

                var compile = result.CompilationErrors();
                if (errors.Count > 0 || !compile.IsEmpty)
                {
                    failures.Add($"{name}: {errors.Count} generator errors, {compile.Length} compile errors\n{GeneratorHarness.Format(errors.Concat(compile).Take(5))}");
                }
            }
            catch (Exception ex)
            {
                failures.Add($"{name}: generator exception {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
            }
        }

        _output.WriteLine($"{files.Count - failures.Count}/{files.Count} documents generate and compile ({(full ? "full corpus" : "CI slice")}, {stopwatch.Elapsed.TotalSeconds:F0} s).");
        Assert.True(failures.Count == 0, $"{failures.Count}/{files.Count} documents failed:\n" + string.Join("\n", failures));
    }
}

/// <summary>The fixed CI slice: documents chosen to cover every discovery feature, plus the five largest.</summary>
public static class CorpusSlice
{
    public static readonly string[] Names =
    {
        "oauth2.v2.json",
        "storage.v1.json",
    };

    public static List<string> Select(List<string> all)
    {
        var largest = all.OrderByDescending(p => new FileInfo(p).Length).ThenBy(p => p, StringComparer.Ordinal).Take(5);
        return all.Where(p => Names.Contains(Path.GetFileName(p), StringComparer.Ordinal))
            .Concat(largest)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
    }
}
