using System;
using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Attributes;
using DiscoveryGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DiscoveryGen.Benchmarks;

/// <summary>
/// What the generated code costs the compiler, beside what generating it costs: the generated storage.v1 and
/// aiplatform.v1 clients parsed and bound in memory (<c>Compilation.GetDiagnostics()</c>, nullable on, as a consumer's
/// build binds them) against a cold generation of the same document. The ratio column is compile ÷ generation: an
/// emitter change that makes it grow makes every consumer's build slower.
/// </summary>
[MemoryDiagnoser]
public class CompileCostBenchmarks
{
    private MemoryText _file = null!;
    private CSharpCompilation _empty = null!;
    private ImmutableArray<(string HintName, string Source)> _generated;

    [Params("storage.v1", "aiplatform.v1")]
    public string Document { get; set; } = "storage.v1";

    [GlobalSetup]
    public void Setup()
    {
        _file = new MemoryText("/bench/" + Document + ".json", System.IO.File.ReadAllText(Corpus.Discovery(Document + ".json")));
        _empty = GeneratedCode.EmptyCompilation("CompileCost");
        _generated = GeneratedCode.Generate(_file, xmlDocs: true);
        var errors = GeneratedCode.Compile(_generated).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The generated client does not compile:\n" + string.Join("\n", errors.Take(10)));
        }
    }

    [Benchmark(Baseline = true, Description = "Cold generation")]
    public int Generation() => CSharpGeneratorDriver.Create(
            new[] { new DiscoveryClientGenerator().AsSourceGenerator() },
            additionalTexts: new AdditionalText[] { _file },
            parseOptions: GeneratedCode.ParseOptions,
            optionsProvider: new NoOptions())
        .RunGenerators(_empty).GetRunResult().Results[0].GeneratedSources.Sum(s => s.SourceText.Length);

    [Benchmark(Description = "Compile generated (parse + bind)")]
    public int Compile() => GeneratedCode.Compile(_generated).GetDiagnostics().Length;
}

/// <summary>The generated client of a document as text, and compilations of it as a consumer's build makes them.</summary>
internal static class GeneratedCode
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(DiscoveryGen.Runtime.ApiClient).Assembly.Location))
            .ToImmutableArray());

    public static CSharpCompilation EmptyCompilation(string name, OptimizationLevel optimization = OptimizationLevel.Debug) => CSharpCompilation.Create(
        name,
        Array.Empty<SyntaxTree>(),
        References.Value,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: optimization, nullableContextOptions: NullableContextOptions.Enable, deterministic: true));

    /// <summary>The generated sources (hint name, text) for one document.</summary>
    public static ImmutableArray<(string HintName, string Source)> Generate(AdditionalText file, bool xmlDocs) =>
        Run(file, xmlDocs).GeneratedSources
            .Select(s => (s.HintName, s.SourceText.ToString()))
            .ToImmutableArray();

    /// <summary>The generator's result for one document: its sources and its diagnostics.</summary>
    public static GeneratorRunResult Run(AdditionalText file, bool xmlDocs) =>
        CSharpGeneratorDriver.Create(
                new[] { new DiscoveryClientGenerator().AsSourceGenerator() },
                additionalTexts: new[] { file },
                parseOptions: ParseOptions,
                optionsProvider: new XmlDocsOption(xmlDocs))
            .RunGenerators(EmptyCompilation("Generate"))
            .GetRunResult().Results[0];

    /// <summary>A fresh compilation of the sources: parsing happens here, binding when diagnostics or IL are asked for.</summary>
    public static CSharpCompilation Compile(ImmutableArray<(string HintName, string Source)> sources, OptimizationLevel optimization = OptimizationLevel.Debug) =>
        EmptyCompilation("Generated", optimization).AddSyntaxTrees(sources.Select(s => CSharpSyntaxTree.ParseText(s.Source, ParseOptions, s.HintName)));

    private sealed class XmlDocsOption : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
    {
        private readonly Options _global;

        public XmlDocsOption(bool xmlDocs) => _global = new Options(xmlDocs ? "true" : "false");

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions => _global;

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _global;

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _global;

        private sealed class Options : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
        {
            private readonly string _xmlDocs;

            public Options(string xmlDocs) => _xmlDocs = xmlDocs;

            public override bool TryGetValue(string key, out string value)
            {
                value = _xmlDocs;
                return key == "build_property.DiscoveryGenXmlDocs";
            }
        }
    }
}
