using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace DiscoveryGen.Generator.Tests.Corpus;

/// <summary>
/// Real discovery documents from ../shared/discovery generate with no error diagnostic and no generator exception, and
/// the output compiles with nullable enabled and warnings as errors. CI runs a fixed slice; set
/// DISCOVERYGEN_CORPUS=full for all documents.
/// </summary>
[Trait("Needs", "SharedCorpus")]
public sealed class CorpusTests
{
    private readonly ITestOutputHelper _output;

    public CorpusTests(ITestOutputHelper output) => _output = output;

    public static string CorpusDirectory => TestPaths.SharedDiscoveryFolder;

    /// <summary>Null when the document generates with no error and compiles; otherwise what went wrong.</summary>
    private static string? Check(string file)
    {
        var name = Path.GetFileName(file);
        try
        {
            var result = GeneratorHarness.Run(InMemoryAdditionalText.FromFile(file, "/corpus/" + name));
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (result.Sources.IsEmpty)
            {
                return $"{name}: nothing generated; {GeneratorHarness.Format(result.Diagnostics)}";
            }

            var compile = result.CompilationErrors();
            return errors.Count > 0 || !compile.IsEmpty
                ? $"{name}: {errors.Count} generator errors, {compile.Length} compile errors\n{GeneratorHarness.Format(errors.Concat(compile).Take(5))}"
                : null;
        }
        catch (Exception ex)
        {
            return $"{name}: generator exception {ex.GetType().Name}: {ex.Message.Split('\n')[0]}";
        }
    }

    [Fact]
    public void Slice_CoversEveryFeature()
    {
        Assert.True(Directory.Exists(CorpusDirectory), TestPaths.MissingShared(CorpusDirectory));
        var all = Directory.GetFiles(CorpusDirectory, "*.json").OrderBy(p => p, StringComparer.Ordinal).ToList();
        var slice = CorpusSlice.Select(all);
        var texts = slice.Select(File.ReadAllText).ToList();

        Assert.True(slice.Count >= 60, $"The CI slice has {slice.Count} documents; at least 60 are required.");
        Assert.All(CorpusSlice.Named, name => Assert.Contains(slice, p => Path.GetFileName(p) == name));
        foreach (var feature in CorpusSlice.Features)
        {
            Assert.True(texts.Any(t => t.Contains(feature, StringComparison.Ordinal)), $"No document of the CI slice has {feature}.");
        }

        var largest = all.OrderByDescending(p => new FileInfo(p).Length).Take(5);
        Assert.All(largest, p => Assert.Contains(p, slice));
        _output.WriteLine($"CI slice: {slice.Count} documents.");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Corpus_GeneratesAndCompiles()
    {
        Assert.True(Directory.Exists(CorpusDirectory), TestPaths.MissingShared(CorpusDirectory));
        var all = Directory.GetFiles(CorpusDirectory, "*.json").OrderBy(p => p, StringComparer.Ordinal).ToList();
        var full = Environment.GetEnvironmentVariable("DISCOVERYGEN_CORPUS") == "full";
        var files = full ? all : CorpusSlice.Select(all);

        var stopwatch = Stopwatch.StartNew();
        var results = new string?[files.Count];
        System.Threading.Tasks.Parallel.For(0, files.Count, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            results[i] = Check(files[i]));
        var failures = results.Where(r => r is not null).Select(r => r!).ToList();

        _output.WriteLine($"{files.Count - failures.Count}/{files.Count} documents generate and compile ({(full ? "full corpus" : "CI slice")}, {stopwatch.Elapsed.TotalSeconds:F0} s).");
        Assert.True(failures.Count == 0, $"{failures.Count}/{files.Count} documents failed:\n" + string.Join("\n", failures));
    }
}

/// <summary>
/// The fixed CI slice: every 7th document in ordinal order (a spread of ~60 APIs), the documents named below because
/// they carry a rare feature, and the five largest. <see cref="CorpusTests.Slice_CoversEveryFeature"/> proves it.
/// </summary>
public static class CorpusSlice
{
    public static readonly string[] Named =
    {
        "oauth2.v2.json",               // small, top-level methods
        "storage.v1.json",              // media upload/download, etag, int64 query parameters
        "translate.v2.json",            // features: dataWrapper
        "discovery.v1.json",            // etagRequired
        "admin.directory_v1.json",      // annotations.required, minimum/maximum, date
        "calendar.v3.json",             // date, date-time
        "drive.v3.json",                // mediaUpload, supportsMediaDownload
        "androidpublisher.v3.json",     // useMediaDownloadService
        "artifactregistry.v1.json",     // endpoints
        "alloydb.v1.json",              // apiVersion
        "adsense.v2.json",              // enumDeprecated
    };

    /// <summary>JSON fragments that identify each discovery feature the generator handles.</summary>
    public static readonly string[] Features =
    {
        "\"dataWrapper\"", "\"endpoints\"", "\"apiVersion\"", "\"etagRequired\"", "\"annotations\"", "\"minimum\"", "\"maximum\"",
        "\"enumDeprecated\"", "\"deprecated\": true", "\"format\": \"date\"", "\"format\": \"date-time\"", "\"google-datetime\"",
        "\"google-duration\"", "\"google-fieldmask\"", "\"int64\"", "\"uint64\"", "\"uint32\"", "\"float\"", "\"format\": \"byte\"",
        "\"mediaUpload\"", "\"supportsMediaDownload\"", "\"useMediaDownloadService\"", "\"repeated\": true", "\"type\": \"any\"",
        "\"additionalProperties\"", "\"readOnly\": true", "\"pattern\"", "\"flatPath\"", "\"parameterOrder\"", "\"batchPath\"",
        "\"mtlsRootUrl\"", "\"fullyEncodeReservedExpansion\"", "\"enumDescriptions\"",
    };

    public static List<string> Select(List<string> all)
    {
        var spread = all.Where((_, index) => index % 7 == 0);
        var named = all.Where(p => Named.Contains(Path.GetFileName(p), StringComparer.Ordinal));
        var largest = all.OrderByDescending(p => new FileInfo(p).Length).ThenBy(p => p, StringComparer.Ordinal).Take(5);
        return spread.Concat(named).Concat(largest).Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal).ToList();
    }
}
