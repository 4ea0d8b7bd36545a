using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using DiscoveryGen.Build.Tasks.Analysis;
using DiscoveryGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace DiscoveryGen.Build.Tasks.Tests;

/// <summary>Compiles C# (optionally with the DiscoveryGen generator over discovery documents) to an assembly image in memory and analyzes it.</summary>
internal static class InMemoryBuild
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> References = Basic.Reference.Assemblies.Net100.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(DiscoveryGen.Runtime.ApiClient).Assembly.Location))
        .ToImmutableArray();

    public static string RepoFile(params string[] parts) => Path.Combine(new[] { global::DiscoveryGen.Tests.Shared.DotnetCli.RepoRoot }.Concat(parts).ToArray());

    /// <summary>The shipped cloudaicompanion document and its IAM sidecar.</summary>
    public static AdditionalText[] CloudAICompanion() => new[]
    {
        Document(RepoFile("discovery", "cloudaicompanion.v1.json")),
        Document(RepoFile("discovery", "cloudaicompanion.v1.iam.json")),
    };

    public static AdditionalText Document(string path) => new FileText(path);

    /// <summary>Compiles <paramref name="sources"/> (plus what the generator makes of <paramref name="documents"/>) and analyzes the image.</summary>
    public static AnalysisResult Analyze(IEnumerable<AdditionalText> documents, OptimizationLevel optimization, params string[] sources) =>
        ApiReachability.Analyze(Compile("App", documents, optimization, Array.Empty<ImmutableArray<byte>>(), sources));

    /// <summary>
    /// Compiles <paramref name="sources"/> as the library <paramref name="name"/> (plus what the generator makes of
    /// <paramref name="documents"/>), referencing the images <paramref name="references"/>, and returns its image.
    /// </summary>
    public static ImmutableArray<byte> Compile(string name, IEnumerable<AdditionalText> documents, OptimizationLevel optimization, IEnumerable<ImmutableArray<byte>> references, params string[] sources)
    {
        var compilation = CSharpCompilation.Create(
            name,
            sources.Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)),
            References.Concat(references.Select(r => MetadataReference.CreateFromImage(r))),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: optimization, deterministic: true));
        var driver = CSharpGeneratorDriver.Create(new[] { new DiscoveryClientGenerator().AsSourceGenerator() }, additionalTexts: documents, parseOptions: ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);
        using var image = new MemoryStream();
        var emit = generated.Emit(image);
        var errors = emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (!emit.Success)
        {
            throw new InvalidOperationException("The test source does not compile:\n" + string.Join("\n", errors.Take(20)));
        }

        return ImmutableArray.Create(image.ToArray());
    }

    /// <summary>The runtime assembly's image, as a build's reference list holds it.</summary>
    public static ImmutableArray<byte> RuntimeImage() => ImmutableArray.Create(File.ReadAllBytes(typeof(DiscoveryGen.Runtime.ApiClient).Assembly.Location));

    public static AnalysisResult Analyze(OptimizationLevel optimization, params string[] sources) => Analyze(Array.Empty<AdditionalText>(), optimization, sources);

    /// <summary>The reached discovery ids, in the report's (ordinal) order.</summary>
    public static string[] Ids(this AnalysisResult result) => result.Reached.Select(r => r.Method.Id).ToArray();

    private sealed class FileText : AdditionalText
    {
        private readonly SourceText _text;

        public FileText(string path)
        {
            Path = path;
            _text = SourceText.From(File.ReadAllText(path), System.Text.Encoding.UTF8);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
