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
/// (<see cref="JsonMutator"/>), must give no generator exception, no CS8785 and no error diagnostic outside
/// <see cref="ExpectedErrors"/>; every output, with or without an error diagnostic, must compile (nullable, warnings
/// as errors: a document with one bad method still gets a client); and text written into descriptions and other text
/// fields (every line terminator, <c>*/</c>, quotes, <c>&lt;/summary&gt;</c>) must never become code.
/// <c>DISCOVERYGEN_FUZZ_CASES</c> sets the number of cases (default 2,000: the CI slice),
/// <c>DISCOVERYGEN_FUZZ_COMPILE_EVERY</c> compiles only every n-th output in full (the others are syntax-checked;
/// default 1 = all), <c>DISCOVERYGEN_FUZZ_SEED</c> picks another set of cases (default the fixed seed CI runs),
/// <c>DISCOVERYGEN_FUZZ_ONLY</c> runs one case. Every case's mutations are written to
/// <see cref="CaseLog"/>, so a failing case is reproduced from its number alone.
/// </summary>
[Trait("Needs", "SharedCorpus")]
public sealed class FuzzTests
{
    // CI's cases are always the same; DISCOVERYGEN_FUZZ_SEED picks another set for a long run.
    private static int Seed => Setting("DISCOVERYGEN_FUZZ_SEED", 0x0D15C0);
    private const int SmallLimit = 20_000;
    private const int MediumLimit = 200_000;

    /// <summary>
    /// The only error diagnostics a mutated document may produce: malformed JSON (truncation, an escaped lone
    /// surrogate), a missing required field, an invalid path template. Anything else is a finding.
    /// </summary>
    private static readonly string[] ExpectedErrors = { "DG0001", "DG0003", "DG0007" };

    private readonly ITestOutputHelper _output;

    public FuzzTests(ITestOutputHelper output) => _output = output;

    /// <summary>One line per case (document, every mutation, outcome), rewritten by each run.</summary>
    public static string CaseLog => Path.Combine(Path.GetTempPath(), "discoverygen-fuzz", $"cases-seed{Seed}.log");

    private static int Cases => Setting("DISCOVERYGEN_FUZZ_CASES", 2000);

    private static int CompileEvery => Math.Max(1, Setting("DISCOVERYGEN_FUZZ_COMPILE_EVERY", 1));

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : fallback;

    /// <summary>The corpus: small documents for most cases, medium ones for every 25th. Fails clearly when absent.</summary>
    internal static (List<(string Name, FNode Root)> Small, List<(string Name, FNode Root)> Medium) Corpus()
    {
        var folder = TestPaths.RequireShared(TestPaths.SharedDiscoveryFolder);
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

    /// <summary>
    /// What one case did. <paramref name="Generated"/>: output with no error diagnostic; <paramref name="Partial"/>:
    /// output despite an error diagnostic; <paramref name="Compiled"/>: compiled in full; <paramref name="Outcome"/>: one line for the case log.
    /// </summary>
    private sealed record CaseResult(int Index, string Document, IReadOnlyList<string> Mutations, bool Generated, bool Compiled, bool Partial, string[] GeneratorErrors, string Outcome, string? Failure)
    {
        public string Describe() => $"case {Index}: {Document}; {string.Join("; ", Mutations)} => {Outcome}";
    }

    private static CaseResult RunCase(int index, List<(string Name, FNode Root)> small, List<(string Name, FNode Root)> medium)
    {
        var random = new Random(unchecked(Seed + (index * 7919)));
        var pool = index % 25 == 24 ? medium : small;
        var (name, root) = pool[random.Next(pool.Count)];
        var mutator = new JsonMutator(random);
        var text = mutator.Mutate(root);
        var path = "/fuzz/" + name;

        CaseResult Result(bool generated, bool compiled, bool partial, string[] errors)
        {
            var outcome = (errors.Length > 0 ? string.Join(",", errors) + (partial ? ", output " : ", no output") : string.Empty) +
                (generated || partial ? (compiled ? "compiled" : "syntax-checked") : string.Empty);
            return new(index, name, mutator.Log.ToArray(), generated, compiled, partial, errors, outcome, null);
        }

        CaseResult Fail(string what, string[] errors)
        {
            var dump = Path.Combine(Path.GetTempPath(), "discoverygen-fuzz", $"case-{index}-{name}");
            Directory.CreateDirectory(Path.GetDirectoryName(dump)!);
            File.WriteAllText(dump, text);
            var lines = what.Split('\n');
            return new(index, name, mutator.Log.ToArray(), false, false, false, errors, "FAILED: " + string.Join(" ", lines.Take(2)),
                $"case {index} ({name}; {string.Join("; ", mutator.Log)}): {what}\n  document: {dump}\n  rerun: DISCOVERYGEN_FUZZ_SEED={Seed} DISCOVERYGEN_FUZZ_ONLY={index}");
        }

        GeneratorOutput output;
        try
        {
            output = GeneratorHarness.Run(new[] { new InMemoryAdditionalText(path, text) }, null);
        }
        catch (Exception ex)
        {
            return Fail(ex.Message, Array.Empty<string>());
        }

        var crash = output.Diagnostics.FirstOrDefault(d => d.Id is "CS8785" or "CS8784");
        if (crash is not null)
        {
            return Fail(crash.ToString(), Array.Empty<string>());
        }

        var errorDiagnostics = output.Diagnostics.Where(d => d.DefaultSeverity == DiagnosticSeverity.Error).ToList();
        var errors = errorDiagnostics.Select(d => d.Id).Distinct().OrderBy(i => i, StringComparer.Ordinal).ToArray();
        var unexpected = errorDiagnostics.Where(d => !ExpectedErrors.Contains(d.Id)).ToList();
        if (unexpected.Count > 0)
        {
            return Fail("unexpected error diagnostics:\n" + GeneratorHarness.Format(unexpected), errors);
        }

        if (output.Sources.Length == 0)
        {
            return Result(false, false, false, errors);
        }

        // Every output, with or without an error diagnostic: valid C#, then (every CompileEvery-th case) a clean compilation.
        var generatedTrees = output.Compilation.SyntaxTrees.Where(t => t.FilePath.Length > 0).ToList();
        var syntax = output.Compilation.SyntaxTrees.SelectMany(t => t.GetDiagnostics()).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (syntax.Count > 0)
        {
            return Fail("syntax errors in generated code:\n" + GeneratorHarness.Format(syntax), errors);
        }

        if (mutator.InjectedText)
        {
            var escaped = generatedTrees
                .SelectMany(t => t.GetRoot().DescendantTokens())
                .FirstOrDefault(t => t.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken) && t.ValueText == JsonMutator.InjectedIdentifier);
            if (escaped != default)
            {
                return Fail($"document text became code: {escaped.GetLocation()}: {escaped.Parent}", errors);
            }
        }

        var partial = errors.Length > 0;
        if (index % CompileEvery != 0)
        {
            return Result(!partial, false, partial, errors);
        }

        var compile = output.CompilationErrors();
        return compile.IsEmpty
            ? Result(!partial, true, partial, errors)
            : Fail((partial ? "the partial output (generated despite " + string.Join(",", errors) + ") does not compile:\n" : "generated code does not compile:\n") + GeneratorHarness.Format(compile.Take(8)), errors);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void MutatedRealDocuments_NeverCrashTheGenerator_AndEveryOutputCompiles()
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
        if (only < 0)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(CaseLog)!);
            File.WriteAllLines(CaseLog, ordered.Select(r => r.Describe()));
        }
        else
        {
            _output.WriteLine(ordered[0].Describe());
        }

        var failures = ordered.Where(r => r.Failure is not null).ToList();
        var generated = ordered.Count(r => r.Generated);
        var partial = ordered.Count(r => r.Partial);
        var compiled = ordered.Count(r => r.Compiled);
        var byError = ordered.SelectMany(r => r.GeneratorErrors).GroupBy(e => e).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}×{g.Count()}");
        _output.WriteLine($"{ordered.Count} cases in {clock.Elapsed.TotalSeconds:F1} s (seed {Seed}): {failures.Count} failures, {generated} generated with no error diagnostic, " +
            $"{partial} generated despite an error diagnostic (all syntax-checked, {compiled} compiled in full), error diagnostics: {string.Join(", ", byError)}; " +
            $"{ordered.Count(r => r.Mutations.Any(m => m.StartsWith("inject text", StringComparison.Ordinal)))} cases injected text; every case: {CaseLog}");

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
