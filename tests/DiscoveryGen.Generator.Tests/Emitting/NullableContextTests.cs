using System;
using System.Linq;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Emitting;

/// <summary>
/// Generated files turn nullable annotations on and nullable warnings off, so a user's build skips the flow analysis
/// of every generated body (issue 9, compile cost), while the public surface keeps its annotations. The tests compile
/// the same code with the warnings back on (<see cref="GeneratorHarness.WithNullableWarnings"/>): these tests show
/// that switch does both things it is trusted with.
/// </summary>
public sealed class NullableContextTests
{
    private const string NullableFlaw = "\ninternal static class NullableFlaw { internal static int Length(string? text) => text.Length; }\n";

    [Fact]
    public void EveryGeneratedFile_TurnsAnnotationsOnAndWarningsOff()
    {
        var output = GeneratorHarness.Run(InMemoryAdditionalText.FromFile(TestPaths.Discovery("cloudaicompanion.v1.json")));

        Assert.NotEmpty(output.Sources);
        Assert.All(output.Sources, s => Assert.True(GeneratorHarness.NullableLinesIndex(s.Source) > 0, s.HintName));
    }

    [Fact]
    public void ShippedHeader_SkipsNullableWarnings_AndTheStrictCompileReportsThem()
    {
        var output = GeneratorHarness.Run(InMemoryAdditionalText.FromFile(TestPaths.Discovery("cloudaicompanion.v1.json")));
        var file = output.Sources.First();
        var flawed = file.Source + NullableFlaw;
        var shipped = GeneratorHarness.CreateCompilation().AddSyntaxTrees(
            output.Sources.Select(s => CSharpSyntaxTree.ParseText(s.HintName == file.HintName ? flawed : s.Source, GeneratorHarness.ParseOptions, "DiscoveryClientGenerator/" + s.HintName)));

        Assert.DoesNotContain(shipped.GetDiagnostics(), d => d.Id == "CS8602");
        Assert.Contains(GeneratorHarness.WithNullableWarnings(shipped).GetDiagnostics(), d => d.Id == "CS8602");
    }

    [Fact]
    public void PublicSurface_KeepsItsAnnotations()
    {
        var output = GeneratorHarness.Run(
            new[] { InMemoryAdditionalText.FromFile(TestPaths.Discovery("cloudaicompanion.v1.json")) },
            TestOptionsProvider.WithNamespace(TestPaths.Discovery("cloudaicompanion.v1.json"), "Acme.Gemini"),
            "class User { int Length(Acme.Gemini.CodeRepositoryIndex index) => index.Name.Length; }");

        // The user's own code still gets the warning: Name is declared `string?` in the generated model.
        Assert.Contains(output.Compilation.GetDiagnostics(), d => d.Id == "CS8602" && d.Location.SourceTree!.FilePath.Length == 0);
    }
}
