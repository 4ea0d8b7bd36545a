using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace DiscoveryGen.Generator.Tests.Parsing.Fuzzing;

/// <summary>
/// The generator never throws: real documents from <c>../shared/discovery</c>, mutated with a fixed seed
/// (<see cref="JsonMutator"/>), must give no generator exception and no CS8785, and every output without an error
/// diagnostic must compile (nullable, warnings as errors). <c>DISCOVERYGEN_FUZZ_CASES</c> sets the number of cases
/// (default 2,000: the CI slice), <c>DISCOVERYGEN_FUZZ_COMPILE_EVERY</c> compiles only every n-th such case in full
/// (the others are syntax-checked; default 1 = all), <c>DISCOVERYGEN_FUZZ_ONLY</c> runs one case.
/// </summary>
public sealed class FuzzTests
{
    private const int Seed = 0x0D15C0;
    private const int SmallLimit = 20_000;
    private const int MediumLimit = 200_000;

    private readonly ITestOutputHelper _output;

    public FuzzTests(ITestOutputHelper output) => _output = output;

    private static int Cases => Setting("DISCOVERYGEN_FUZZ_CASES", 2000);

    private static int CompileEvery => Math.Max(1, Setting("DISCOVERYGEN_FUZZ_COMPILE_EVERY", 1));

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    /// <summary>The corpus: small documents for most cases, medium ones for every 25th. Fails clearly when absent.</summary>
    internal static (List<(string Name, FNode Root)> Small, List<(string Name, FNode Root)> Medium) Corpus()
    {
        var folder = Path.Combine(TestPaths.SharedRoot, "discovery");
        if (!Directory.Exists(folder))
        {
            throw new InvalidOperationException($"The discovery corpus is missing: expected {folder} (../shared/discovery beside the repository). The fuzz test mutates its documents.");
        }

        var files = Directory.GetFiles(folder, "*.json")
            .Where(f => !f.EndsWith(".iam.json", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
            .Select(f => (Path: f, Size: new FileInfo(f).Length))
            .ToList();
        List<(string, FNode)> Load(IEnumerable<string> paths) =>
            paths.Select(p => (Path.GetFileName(p), FNode.From(JsonDocument.Parse(File.ReadAllBytes(p)).RootElement))).ToList();
        return (
            Load(files.Where(f => f.Size <= SmallLimit).Select(f => f.Path)),
            Load(files.Where(f => f.Size > SmallLimit && f.Size <= MediumLimit).Select(f => f.Path)));
    }

    private sealed record CaseResult(int Index, string Document, bool Generated, bool Compiled, string[] GeneratorErrors, string? Failure);

    private static CaseResult RunCase(int index, List<(string Name, FNode Root)> small, List<(string Name, FNode Root)> medium)
    {
        var random = new Random(unchecked(Seed + (index * 7919)));
        var pool = index % 25 == 24 ? medium : small;
        var (name, root) = pool[random.Next(pool.Count)];
        var mutator = new JsonMutator(random);
        var text = mutator.Mutate(root);
        var path = "/fuzz/" + name;

        string Fail(string what)
        {
            var dump = Path.Combine(Path.GetTempPath(), "discoverygen-fuzz", $"case-{index}-{name}");
            Directory.CreateDirectory(Path.GetDirectoryName(dump)!);
            File.WriteAllText(dump, text);
            return $"case {index} ({name}; {string.Join("; ", mutator.Log)}): {what}\n  document: {dump}";
        }

        GeneratorOutput output;
        try
        {
            output = GeneratorHarness.Run(new[] { new InMemoryAdditionalText(path, text) }, null);
        }
        catch (Exception ex)
        {
            return new CaseResult(index, name, false, false, Array.Empty<string>(), Fail(ex.Message));
        }

        var crash = output.Diagnostics.FirstOrDefault(d => d.Id is "CS8785" or "CS8784");
        if (crash is not null)
        {
            return new CaseResult(index, name, false, false, Array.Empty<string>(), Fail(crash.ToString()));
        }

        var errors = output.Diagnostics.Where(d => d.DefaultSeverity == DiagnosticSeverity.Error).Select(d => d.Id).Distinct().OrderBy(i => i, StringComparer.Ordinal).ToArray();
        if (errors.Length > 0 || output.Sources.Length == 0)
        {
            return new CaseResult(index, name, false, false, errors, null);
        }

        // Always: the generated text is valid C#. Every CompileEvery-th case: the whole compilation is clean.
        var syntax = output.Compilation.SyntaxTrees.SelectMany(t => t.GetDiagnostics()).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (syntax.Count > 0)
        {
            return new CaseResult(index, name, true, false, errors, Fail("syntax errors in generated code:\n" + GeneratorHarness.Format(syntax)));
        }

        if (index % CompileEvery != 0)
        {
            return new CaseResult(index, name, true, false, errors, null);
        }

        var compile = output.CompilationErrors();
        return compile.IsEmpty
            ? new CaseResult(index, name, true, true, errors, null)
            : new CaseResult(index, name, true, true, errors, Fail("generated code does not compile:\n" + GeneratorHarness.Format(compile.Take(8))));
    }

    [Fact]
    public void MutatedRealDocuments_NeverCrashTheGenerator_AndCleanOutputCompiles()
    {
        var (small, medium) = Corpus();
        Assert.True(small.Count >= 30, $"expected at least 30 small documents in the corpus, found {small.Count}");
        Assert.NotEmpty(medium);

        var only = Setting("DISCOVERYGEN_FUZZ_ONLY", -1);
        var indexes = only >= 0 ? new[] { only } : Enumerable.Range(0, Cases).ToArray();
        var results = new ConcurrentBag<CaseResult>();
        var clock = Stopwatch.StartNew();
        Parallel.ForEach(indexes, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => results.Add(RunCase(i, small, medium)));
        clock.Stop();

        var ordered = results.OrderBy(r => r.Index).ToList();
        var failures = ordered.Where(r => r.Failure is not null).ToList();
        var generated = ordered.Count(r => r.Generated);
        var compiled = ordered.Count(r => r.Compiled);
        var byError = ordered.SelectMany(r => r.GeneratorErrors).GroupBy(e => e).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}×{g.Count()}");
        _output.WriteLine($"{ordered.Count} cases in {clock.Elapsed.TotalSeconds:F1} s (seed {Seed}): {failures.Count} failures, {generated} generated with no error diagnostic " +
            $"(all syntax-checked, {compiled} compiled in full), error diagnostics: {string.Join(", ", byError)}");

        Assert.True(failures.Count == 0, $"{failures.Count} of {ordered.Count} cases failed:\n" + string.Join("\n", failures.Take(10).Select(f => f.Failure)));
        if (only < 0)
        {
            // The mutations must leave most documents generating, or the compile half of the test tests nothing.
            Assert.True(generated >= ordered.Count / 3, $"only {generated} of {ordered.Count} mutated documents generated without an error diagnostic");
            Assert.True(compiled >= ordered.Count / CompileEvery / 4, $"only {compiled} cases were compiled in full");
        }
    }

    [Fact]
    public void TheMutator_IsDeterministic_AndChangesTheDocument()
    {
        var (small, _) = Corpus();
        var root = small[0].Root;
        var original = JsonMutator.Write(root, indented: false);

        var first = Enumerable.Range(0, 20).Select(i => new JsonMutator(new Random(i)).Mutate(root)).ToList();
        var second = Enumerable.Range(0, 20).Select(i => new JsonMutator(new Random(i)).Mutate(root)).ToList();

        Assert.Equal(first, second);
        Assert.All(first, text => Assert.NotEqual(original, text));
        Assert.Equal(original, JsonMutator.Write(root, indented: false)); // the source tree is never edited in place
    }
}
