using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using DiscoveryGen.Generator;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Pipeline;

/// <summary>
/// The pipeline caches (generator-craft §7): tracked steps after an unrelated C# edit, a whitespace-only edit of one
/// document, a real edit of one of two documents, and option changes.
/// </summary>
public sealed class IncrementalityTests
{
    /// <summary>The files the minimal document generates: the service, its one top-level resource, two model groups.</summary>
    private static readonly string[] MinimalFiles =
    {
        "Minimal.V1.MinimalService.Models.A-F.g.cs", "Minimal.V1.MinimalService.Models.S-Z.g.cs", "Minimal.V1.MinimalService.Things.g.cs", "Minimal.V1.MinimalService.g.cs",
    };

    private const string MinimalPath = "/p/minimal.v1.json";
    private const string GeminiPath = "/p/cloudaicompanion.v1.json";

    private static readonly string[] PipelineSteps = { StepNames.Input, StepNames.Parse, StepNames.Document, StepNames.Build };

    private static InMemoryAdditionalText Minimal(string? text = null) =>
        text is null ? InMemoryAdditionalText.FromFile(TestPaths.TestDocument("minimal.v1.json"), MinimalPath) : new InMemoryAdditionalText(MinimalPath, text);

    private static InMemoryAdditionalText Gemini() => InMemoryAdditionalText.FromFile(TestPaths.Discovery("cloudaicompanion.v1.json"), GeminiPath);

    private sealed class Run
    {
        public Run(GeneratorDriver driver, Compilation compilation)
        {
            Driver = driver;
            Compilation = compilation;
            Result = driver.GetRunResult().Results.Single();
            Assert.Null(Result.Exception);
        }

        public GeneratorDriver Driver { get; }

        public Compilation Compilation { get; }

        public GeneratorRunResult Result { get; }

        public IEnumerable<(object Value, IncrementalStepRunReason Reason)> Outputs(string step) =>
            Result.TrackedSteps.TryGetValue(step, out var steps)
                ? steps.SelectMany(s => s.Outputs)
                : throw new InvalidOperationException($"Step '{step}' was not tracked; tracked: {string.Join(", ", Result.TrackedSteps.Keys)}");

        /// <summary>The output reasons of a step for one document (pipeline records carry FilePath).</summary>
        public IncrementalStepRunReason[] ReasonsFor(string step, string path) =>
            Outputs(step).Where(o => PathOf(o.Value) == path).Select(o => o.Reason).ToArray();

        /// <summary>Reasons of the source outputs: anything but Cached means a document was re-emitted.</summary>
        public IncrementalStepRunReason[] SourceOutputReasons() =>
            Result.TrackedOutputSteps.SelectMany(kv => kv.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

        /// <summary>Hint names of the files a source output produced in this run rather than took from the cache.</summary>
        public string[] ReEmitted() =>
            Result.TrackedOutputSteps.SelectMany(kv => kv.Value).SelectMany(s => s.Outputs)
                .Where(o => o.Reason != IncrementalStepRunReason.Cached)
                .SelectMany(o => HintNames(o.Value))
                .OrderBy(h => h, StringComparer.Ordinal)
                .ToArray();

        // A source output's value is (IEnumerable<GeneratedSourceText>, IEnumerable<Diagnostic>); GeneratedSourceText is internal.
        private static IEnumerable<string> HintNames(object value)
        {
            var sources = (System.Collections.IEnumerable)value.GetType().GetField("Item1")!.GetValue(value)!;
            foreach (var source in sources)
            {
                yield return (string)source.GetType().GetProperty("HintName")!.GetValue(source)!;
            }
        }

        public Run Next(GeneratorDriver driver, Compilation? compilation = null)
        {
            var next = compilation ?? Compilation;
            return new Run(driver.RunGenerators(next), next);
        }
    }

    private static string? PathOf(object value)
    {
        if (value is ValueTuple<object, object> pair)
        {
            value = pair.Item1;
        }

        var type = value.GetType();
        var filePath = type.GetProperty("FilePath")?.GetValue(value) as string;
        if (filePath is not null)
        {
            return filePath;
        }

        // Input holds the AdditionalText; Parse a ParseResult.
        var file = type.GetProperty("File")?.GetValue(value) as AdditionalText;
        if (file is not null)
        {
            return file.Path;
        }

        var result = type.GetProperty("Result")?.GetValue(value);
        return result is null ? null : PathOf(result);
    }

    private static Run First(params AdditionalText[] files) => First(files, new KnobOptionsProvider());

    private static Run First(AdditionalText[] files, KnobOptionsProvider options)
    {
        var compilation = GeneratorHarness.CreateCompilation("class Placeholder { }");
        var driver = GeneratorHarness.CreateDriver(files, options, trackSteps: true);
        return new Run(driver.RunGenerators(compilation), compilation);
    }

    private static void AssertAll(IEnumerable<IncrementalStepRunReason> reasons, params IncrementalStepRunReason[] allowed)
    {
        var list = reasons.ToList();
        Assert.NotEmpty(list);
        Assert.All(list, r => Assert.Contains(r, allowed));
    }

    [Fact]
    public void FirstRun_TracksEveryStepAndEmitsBothDocuments()
    {
        var run = First(Minimal(), Gemini());

        foreach (var step in PipelineSteps)
        {
            AssertAll(run.Outputs(step).Select(o => o.Reason), IncrementalStepRunReason.New);
        }

        Assert.Equal(2, run.Outputs(StepNames.Build).Count());
        Assert.Equal(MinimalFiles.Length + 7, run.Result.GeneratedSources.Length); // Gemini: service, Projects, Names, four model files
    }

    [Fact]
    public void SameInputsTwice_EveryStepIsCached()
    {
        var first = First(Minimal(), Gemini());

        var second = first.Next(first.Driver);

        foreach (var step in PipelineSteps.Append(StepNames.Sidecars))
        {
            AssertAll(second.Outputs(step).Select(o => o.Reason), IncrementalStepRunReason.Cached);
        }

        AssertAll(second.SourceOutputReasons(), IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void UnrelatedCSharpEdit_EveryStepIsCached()
    {
        var first = First(Minimal(), Gemini());
        var tree = first.Compilation.SyntaxTrees.Single();
        var edited = first.Compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText("class Placeholder { int Edited => 42; }", GeneratorHarness.ParseOptions));

        var second = first.Next(first.Driver, edited);

        foreach (var step in PipelineSteps.Append(StepNames.Sidecars))
        {
            AssertAll(second.Outputs(step).Select(o => o.Reason), IncrementalStepRunReason.Cached);
        }

        AssertAll(second.SourceOutputReasons(), IncrementalStepRunReason.Cached);
        Assert.Equal(
            first.Result.GeneratedSources.Select(s => s.SourceText.ToString()),
            second.Result.GeneratedSources.Select(s => s.SourceText.ToString()));
    }

    [Fact]
    public void WhitespaceOnlyEditOfOneDocument_ReparsesIt_ButItsSpecIsUnchangedAndNothingIsReEmitted()
    {
        var original = Minimal();
        var first = First(original, Gemini());
        var reindented = Regex.Replace(original.GetText().ToString(), "\n(\\s*)", "\n$1$1  ").Replace(": ", " :  ", StringComparison.Ordinal);
        Assert.NotEqual(original.GetText().ToString(), reindented);

        var second = first.Next(first.Driver.ReplaceAdditionalText(original, Minimal(reindented)));

        // The edited file is read again...
        Assert.Equal(new[] { IncrementalStepRunReason.Modified }, second.ReasonsFor(StepNames.Input, MinimalPath));
        Assert.Single(second.ReasonsFor(StepNames.Parse, MinimalPath));
        Assert.NotEqual(IncrementalStepRunReason.Cached, second.ReasonsFor(StepNames.Parse, MinimalPath)[0]);

        // ...but from the spec on, nothing differs, and the other document was not even looked at.
        foreach (var step in new[] { StepNames.Document, StepNames.Build })
        {
            AssertAll(second.ReasonsFor(step, MinimalPath), IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
            AssertAll(second.ReasonsFor(step, GeminiPath), IncrementalStepRunReason.Cached);
        }

        AssertAll(second.ReasonsFor(StepNames.Parse, GeminiPath), IncrementalStepRunReason.Cached);
        AssertAll(second.SourceOutputReasons(), IncrementalStepRunReason.Cached);
        Assert.Empty(second.ReEmitted());
    }

    [Fact]
    public void RealEditOfOneOfTwoDocuments_RegeneratesOnlyThatOne()
    {
        var original = Minimal();
        var first = First(original, Gemini());
        var retitled = original.GetText().ToString().Replace("\"title\": \"Minimal API\"", "\"title\": \"Minimal API, edited\"", StringComparison.Ordinal);
        Assert.NotEqual(original.GetText().ToString(), retitled);

        var second = first.Next(first.Driver.ReplaceAdditionalText(original, Minimal(retitled)));

        Assert.Equal(new[] { IncrementalStepRunReason.Modified }, second.ReasonsFor(StepNames.Document, MinimalPath));
        Assert.Equal(new[] { IncrementalStepRunReason.Modified }, second.ReasonsFor(StepNames.Build, MinimalPath));
        foreach (var step in PipelineSteps)
        {
            AssertAll(second.ReasonsFor(step, GeminiPath), IncrementalStepRunReason.Cached);
        }

        // Exactly the edited document's files were produced again; the other document's came from the cache.
        Assert.Equal(MinimalFiles, second.ReEmitted());
        var service = second.Result.GeneratedSources.Single(s => s.HintName == "Minimal.V1.MinimalService.g.cs").SourceText.ToString();
        Assert.Contains("Minimal API, edited", service, StringComparison.Ordinal);
    }

    [Fact]
    public void UnrelatedOptionChange_IsCachedAfterTheInputStep()
    {
        var files = new AdditionalText[] { Minimal(), Gemini() };
        var first = First(files, new KnobOptionsProvider());

        var second = first.Next(first.Driver.WithUpdatedAnalyzerConfigOptions(new KnobOptionsProvider().Property("SomethingElse", "1").Metadata(MinimalPath, "Unrelated", "x")));

        AssertAll(second.Outputs(StepNames.Input).Select(o => o.Reason), IncrementalStepRunReason.Unchanged);
        foreach (var step in new[] { StepNames.Parse, StepNames.Document, StepNames.Build })
        {
            AssertAll(second.Outputs(step).Select(o => o.Reason), IncrementalStepRunReason.Cached);
        }

        AssertAll(second.SourceOutputReasons(), IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void VisibilityChangeOfOneDocument_RebuildsOnlyThatDocument()
    {
        var files = new AdditionalText[] { Minimal(), Gemini() };
        var first = First(files, new KnobOptionsProvider());

        var second = first.Next(first.Driver.WithUpdatedAnalyzerConfigOptions(new KnobOptionsProvider().Metadata(MinimalPath, "Visibility", "internal")));

        Assert.Equal(new[] { IncrementalStepRunReason.Modified }, second.ReasonsFor(StepNames.Build, MinimalPath));
        AssertAll(second.ReasonsFor(StepNames.Build, GeminiPath), IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        Assert.Equal(MinimalFiles, second.ReEmitted());
        Assert.Contains("internal partial class MinimalService", second.Result.GeneratedSources.Single(s => s.HintName == "Minimal.V1.MinimalService.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }
}
