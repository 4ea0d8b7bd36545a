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

    /// <summary>Knobs set for a document, and what the output must show of them (null when it does; otherwise what is wrong).</summary>
    private sealed record Variant(KnobOptionsProvider Options, Func<IReadOnlyList<string>, string?> Ignored);

    /// <summary>
    /// Null when the document generates with no error and compiles (with <paramref name="variant"/>'s knobs, which the
    /// output shows); otherwise what went wrong.
    /// </summary>
    private static string? Check(string file, Func<string, string, Variant>? variant)
    {
        var name = Path.GetFileName(file);
        try
        {
            var path = "/corpus/" + name;
            var knobs = variant?.Invoke(path, File.ReadAllText(file));
            var result = GeneratorHarness.Run(new[] { InMemoryAdditionalText.FromFile(file, path) }, knobs?.Options);
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (result.Sources.IsEmpty)
            {
                return $"{name}: nothing generated; {GeneratorHarness.Format(result.Diagnostics)}";
            }

            var compile = result.CompilationErrors();
            if (errors.Count > 0 || !compile.IsEmpty)
            {
                return $"{name}: {errors.Count} generator errors, {compile.Length} compile errors\n{GeneratorHarness.Format(errors.Concat(compile).Take(5))}";
            }

            return knobs?.Ignored(result.Sources.Select(s => s.Source).ToList()) is { } ignored ? $"{name}: {ignored}" : null;
        }
        catch (Exception ex)
        {
            return $"{name}: generator exception {ex.GetType().Name}: {ex.Message.Split('\n')[0]}";
        }
    }

    [Theory]
    [InlineData("""{"schemas":{"GoogleCloudFooV1Bar":{},"GoogleCloudFooV1BazQux":{},"GoogleRpcStatus":{}}}""", "GoogleCloudFooV1")]
    [InlineData("""{"schemas":{"Bucket":{},"Object":{},"BucketAccessControl":{}}}""", null)]
    [InlineData("""{"schemas":{"ApiThing":{}}}""", null)]
    [InlineData("""{"name":"none"}""", null)]
    public void CommonestSchemaPrefix_IsTheLongestWordPrefixOfHalfTheSchemas(string json, string? expected) =>
        Assert.Equal(expected, CommonestSchemaPrefix(json));

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
    public void Corpus_GeneratesAndCompiles() => GenerateAndCompile(CorpusSlice.Select, variant: null);

    /// <summary>
    /// One project with many APIs: the documents of <see cref="CorpusSlice.SelectForKnobs"/> (all of them with
    /// DISCOVERYGEN_CORPUS=full) generated and compiled together, in one compilation, each in its default namespace.
    /// </summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void Corpus_ManyDocumentsInOneProject_GenerateAndCompileTogether()
    {
        Assert.True(Directory.Exists(CorpusDirectory), TestPaths.MissingShared(CorpusDirectory));
        var all = Directory.GetFiles(CorpusDirectory, "*.json").OrderBy(p => p, StringComparer.Ordinal).ToList();
        var files = Environment.GetEnvironmentVariable("DISCOVERYGEN_CORPUS") == "full" ? all : CorpusSlice.SelectForKnobs(all);
        var stopwatch = Stopwatch.StartNew();

        var result = GeneratorHarness.Run(files.Select(f => (AdditionalText)InMemoryAdditionalText.FromFile(f, "/corpus/" + Path.GetFileName(f))).ToList());

        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var compile = result.CompilationErrors();
        _output.WriteLine($"{files.Count} documents in one compilation: {result.Sources.Length} files, {errors.Count} generator errors, {compile.Length} compile errors ({stopwatch.Elapsed.TotalSeconds:F0} s).");
        Assert.True(errors.Count == 0 && compile.IsEmpty, GeneratorHarness.Format(errors.Concat(compile).Take(10)));
        // One service class per document, each in a namespace of its own (none lost, none merged into another's).
        var services = result.Sources
            .Select(source => (Namespace: System.Text.RegularExpressions.Regex.Match(source.Source, @"^namespace (\S+);", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value,
                Class: System.Text.RegularExpressions.Regex.Match(source.Source, @"^public partial class (\w+) : _dg::ApiResource$", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value))
            .Where(s => s.Class.Length > 0)
            .Distinct()
            .ToList();
        Assert.Equal(files.Count, services.Count);
        Assert.Equal(files.Count, services.Select(s => s.Namespace).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>
    /// The same with every knob a user sets per document away from its default (internal types, no XML docs, no
    /// <c>[Obsolete]</c>, the document's commonest schema-name prefix stripped), over a smaller slice in CI.
    /// </summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void Corpus_WithEveryKnobSet_GeneratesAndCompiles() => GenerateAndCompile(CorpusSlice.SelectForKnobs, EveryKnob);

    /// <summary>
    /// The same with the resource filters: <c>exclude</c> leaves out every resource named <c>operations</c> (what the
    /// long-running helpers poll with), <c>include</c> keeps only the last resource with methods in document order.
    /// </summary>
    [Theory]
    [Trait("Category", "Slow")]
    [InlineData("exclude")]
    [InlineData("include")]
    public void Corpus_WithResourcesFiltered_GeneratesAndCompiles(string mode) =>
        GenerateAndCompile(CorpusSlice.SelectForKnobs, (path, json) => ResourceFilter(path, json, mode));

    /// <summary>The resource filter of <paramref name="mode"/> for the document, and what its output must (not) hold.</summary>
    private static Variant ResourceFilter(string path, string json, string mode)
    {
        var paths = ResourcePaths(json);
        var knobs = new KnobOptionsProvider();
        if (mode == "exclude")
        {
            var excluded = paths.Where(p => p.Path.Split('.')[^1] == "operations").Select(p => p.Path).ToList();
            return excluded.Count == 0
                ? new Variant(knobs, _ => null)
                : new Variant(knobs.Metadata(path, "ExcludeResources", string.Join(",", excluded)), sources =>
                    sources.Any(s => s.Contains(" class OperationsResource ", StringComparison.Ordinal)) ? "ExcludeResources left an OperationsResource" : null);
        }

        var leaf = paths.LastOrDefault(p => p.MethodIds.Count > 0 && p.Path.Split('.')[^1] != "operations").Path;
        if (leaf is null)
        {
            return new Variant(knobs, _ => null);
        }

        // The kept resource's class is there; a method outside its subtree (an ancestor's own methods go too) is not.
        var kept = " class " + DiscoveryGen.Generator.Building.Naming.Pascal(leaf.Split('.')[^1]) + "Resource ";
        var outside = paths.Where(p => p.Path != leaf && !p.Path.StartsWith(leaf + ".", StringComparison.Ordinal))
            .SelectMany(p => p.MethodIds).Select(id => "\"" + id + "\"").FirstOrDefault();
        return new Variant(knobs.Metadata(path, "IncludeResources", leaf), sources =>
            !sources.Any(s => s.Contains(kept, StringComparison.Ordinal)) ? $"IncludeResources={leaf} left out its{kept.TrimEnd()}"
            : outside is not null && sources.Any(s => s.Contains(outside, StringComparison.Ordinal)) ? $"IncludeResources={leaf} kept the method {outside}"
            : null);
    }

    /// <summary>Every resource's dotted path in document order (the document itself first, as ""), with its own methods' ids.</summary>
    private static List<(string Path, List<string> MethodIds)> ResourcePaths(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var paths = new List<(string Path, List<string> MethodIds)> { (string.Empty, MethodIds(document.RootElement)) };
        Walk(document.RootElement, string.Empty);
        return paths.Where(p => p.Path.Length > 0 || p.MethodIds.Count > 0).ToList();

        static List<string> MethodIds(System.Text.Json.JsonElement owner) =>
            owner.TryGetProperty("methods", out var methods) && methods.ValueKind == System.Text.Json.JsonValueKind.Object
                ? methods.EnumerateObject().Select(m => m.Value.TryGetProperty("id", out var id) ? id.GetString() : null).Where(id => id is not null).Select(id => id!).ToList()
                : new List<string>();

        void Walk(System.Text.Json.JsonElement owner, string prefix)
        {
            if (!owner.TryGetProperty("resources", out var resources) || resources.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                return;
            }

            foreach (var resource in resources.EnumerateObject())
            {
                var path = prefix.Length == 0 ? resource.Name : prefix + "." + resource.Name;
                paths.Add((path, MethodIds(resource.Value)));
                Walk(resource.Value, path);
            }
        }
    }

    private void GenerateAndCompile(Func<List<string>, List<string>> slice, Func<string, string, Variant>? variant)
    {
        Assert.True(Directory.Exists(CorpusDirectory), TestPaths.MissingShared(CorpusDirectory));
        var all = Directory.GetFiles(CorpusDirectory, "*.json").OrderBy(p => p, StringComparer.Ordinal).ToList();
        var full = Environment.GetEnvironmentVariable("DISCOVERYGEN_CORPUS") == "full";
        var files = full ? all : slice(all);

        var stopwatch = Stopwatch.StartNew();
        var results = new string?[files.Count];
        System.Threading.Tasks.Parallel.For(0, files.Count, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            results[i] = Check(files[i], variant));
        var failures = results.Where(r => r is not null).Select(r => r!).ToList();

        _output.WriteLine($"{files.Count - failures.Count}/{files.Count} documents generate and compile ({(full ? "full corpus" : "CI slice")}, {stopwatch.Elapsed.TotalSeconds:F0} s).");
        Assert.True(failures.Count == 0, $"{failures.Count}/{files.Count} documents failed:\n" + string.Join("\n", failures));
    }

    /// <summary>
    /// Every per-document knob away from its default for the document at <paramref name="path"/>; its output must have
    /// no doc comment, no public top-level type, no <c>[Obsolete]</c>, and a schema named without the prefix.
    /// </summary>
    private static Variant EveryKnob(string path, string json)
    {
        var prefix = CommonestSchemaPrefix(json);
        var knobs = new KnobOptionsProvider()
            .Metadata(path, "Visibility", "internal")
            .Metadata(path, "XmlDocs", "false")
            .Metadata(path, "Deprecated", "omit");
        return new Variant(prefix is null ? knobs : knobs.Metadata(path, "StripSchemaPrefix", prefix), sources =>
        {
            var lines = sources.SelectMany(s => s.Split('\n')).ToList();
            if (lines.Any(l => l.TrimStart().StartsWith("///", StringComparison.Ordinal)))
            {
                return "XmlDocs=false left a doc comment";
            }

            if (lines.FirstOrDefault(l => l.StartsWith("public ", StringComparison.Ordinal)) is { } visible)
            {
                return $"Visibility=internal left a public top-level type: {visible}";
            }

            if (lines.FirstOrDefault(l => l.Contains("Obsolete(", StringComparison.Ordinal)) is { } obsolete)
            {
                return $"Deprecated=omit left an [Obsolete]: {obsolete.Trim()}";
            }

            if (prefix is null)
            {
                return null;
            }

            using var document = System.Text.Json.JsonDocument.Parse(json);
            var shortNames = document.RootElement.GetProperty("schemas").EnumerateObject().Select(p => p.Name)
                .Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Select(n => DiscoveryGen.Generator.Building.Naming.Pascal(n[prefix.Length..])).ToList();
            return shortNames.Any(n => lines.Any(l => l.Contains(" class " + n + " ", StringComparison.Ordinal) || l.EndsWith(" class " + n, StringComparison.Ordinal) || l.Contains(" enum " + n, StringComparison.Ordinal)))
                ? null
                : $"StripSchemaPrefix={prefix} stripped no schema name";
        });
    }

    /// <summary>
    /// The longest run of leading PascalCase words that at least half of the document's schema names share (as
    /// <c>GoogleCloudAiplatformV1</c> in aiplatform.v1), or null when there is none.
    /// </summary>
    internal static string? CommonestSchemaPrefix(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("schemas", out var schemas) || schemas.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            return null;
        }

        var names = schemas.EnumerateObject().Select(p => p.Name).ToList();
        if (names.Count < 2)
        {
            return null;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            // Every prefix that ends where a new capitalized word starts.
            for (var i = 1; i < name.Length; i++)
            {
                if (char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
                {
                    var prefix = name[..i];
                    counts[prefix] = counts.TryGetValue(prefix, out var n) ? n + 1 : 1;
                }
            }
        }

        return counts.Where(c => c.Value * 2 >= names.Count)
            .OrderByDescending(c => c.Key.Length).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => c.Key).FirstOrDefault();
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

    /// <summary>The slice for the run with every knob set: every 21st document, the named ones and the five largest.</summary>
    public static List<string> SelectForKnobs(List<string> all)
    {
        var spread = all.Where((_, index) => index % 21 == 0);
        var named = all.Where(p => Named.Contains(Path.GetFileName(p), StringComparer.Ordinal));
        var largest = all.OrderByDescending(p => new FileInfo(p).Length).ThenBy(p => p, StringComparer.Ordinal).Take(5);
        return spread.Concat(named).Concat(largest).Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal).ToList();
    }

    public static List<string> Select(List<string> all)
    {
        var spread = all.Where((_, index) => index % 7 == 0);
        var named = all.Where(p => Named.Contains(Path.GetFileName(p), StringComparer.Ordinal));
        var largest = all.OrderByDescending(p => new FileInfo(p).Length).ThenBy(p => p, StringComparer.Ordinal).Take(5);
        return spread.Concat(named).Concat(largest).Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal).ToList();
    }
}
