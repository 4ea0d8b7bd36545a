using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using DiscoveryGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace DiscoveryGen.Generator.Tests.Infrastructure;

/// <summary>An AdditionalFile held in memory.</summary>
public sealed class InMemoryAdditionalText : AdditionalText
{
    private readonly SourceText _text;

    public InMemoryAdditionalText(string path, string text)
    {
        Path = path;
        _text = SourceText.From(text, System.Text.Encoding.UTF8);
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;

    public static InMemoryAdditionalText FromFile(string path, string? virtualPath = null) =>
        new(virtualPath ?? path, File.ReadAllText(path));
}

/// <summary>Per-file analyzer options (item metadata), keyed by path.</summary>
public sealed class TestOptionsProvider : AnalyzerConfigOptionsProvider
{
    private readonly Dictionary<string, Dictionary<string, string>> _byPath;

    public TestOptionsProvider(Dictionary<string, Dictionary<string, string>>? byPath = null) =>
        _byPath = byPath ?? new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);

    public override AnalyzerConfigOptions GlobalOptions { get; } = new DictionaryOptions(new Dictionary<string, string>());

    public static TestOptionsProvider WithNamespace(string path, string @namespace) => new(new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal)
    {
        [path] = new Dictionary<string, string> { ["build_metadata.AdditionalFiles.Namespace"] = @namespace },
    });

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new DictionaryOptions(new Dictionary<string, string>());

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        new DictionaryOptions(_byPath.TryGetValue(textFile.Path, out var values) ? values : new Dictionary<string, string>());

    private sealed class DictionaryOptions : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> _values;

        public DictionaryOptions(Dictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
    }
}

/// <summary>What one generator run produced.</summary>
public sealed record GeneratorOutput(
    ImmutableArray<(string HintName, string Source)> Sources,
    ImmutableArray<Diagnostic> Diagnostics,
    Compilation Compilation,
    GeneratorDriver Driver)
{
    public ImmutableArray<Diagnostic> CompilationErrors(bool warningsAsErrors = true) =>
        Compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error || (warningsAsErrors && d.Severity == DiagnosticSeverity.Warning))
            .ToImmutableArray();
}

/// <summary>Runs the generator in memory and compiles its output against the runtime (nullable on, warnings as errors).</summary>
public static class GeneratorHarness
{
    /// <summary>
    /// As a project with <c>GenerateDocumentationFile</c> parses: doc comments are checked (CS15xx), so generated XML
    /// docs that a library shipping them would fail on fail here.
    /// </summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        Basic.Reference.Assemblies.Net100.References.All
            .Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(DiscoveryGen.Runtime.ApiClient).Assembly.Location))
            .ToImmutableArray());

    public static CSharpCompilation CreateCompilation(string source = "class Placeholder { }", CSharpParseOptions? parseOptions = null) =>
        CSharpCompilation.Create(
            "Consumer",
            new[] { CSharpSyntaxTree.ParseText(source, parseOptions ?? ParseOptions) },
            References.Value,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                // The .NET 10 SDK's warning level: warning waves (e.g. CS8981, lower-case type names) are on in real builds.
                warningLevel: 10,
                deterministic: true,
                // The tests' own consumer code has no docs; generated files disable CS1591 in their header themselves.
                specificDiagnosticOptions: new[] { new KeyValuePair<string, ReportDiagnostic>("CS1591", ReportDiagnostic.Suppress) }));

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> files, AnalyzerConfigOptionsProvider? options = null, bool trackSteps = false, CSharpParseOptions? parseOptions = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new DiscoveryClientGenerator().AsSourceGenerator() },
            additionalTexts: files,
            parseOptions: parseOptions ?? ParseOptions,
            optionsProvider: options ?? new TestOptionsProvider(),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    public static GeneratorOutput Run(IEnumerable<AdditionalText> files, AnalyzerConfigOptionsProvider? options = null, string userSource = "class Placeholder { }", CSharpParseOptions? parseOptions = null)
    {
        var compilation = CreateCompilation(userSource, parseOptions);
        var driver = CreateDriver(files, options, parseOptions: parseOptions).RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var diagnostics);
        var output = WithNullableWarnings(generated);
        var result = driver.GetRunResult();
        var exceptions = result.Results.Where(r => r.Exception is not null).Select(r => r.Exception!.ToString()).ToList();
        if (exceptions.Count > 0)
        {
            throw new InvalidOperationException("The generator threw: " + string.Join("\n", exceptions));
        }

        var sources = result.Results
            .SelectMany(r => r.GeneratedSources)
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .Select(s => (s.HintName, s.SourceText.ToString()))
            .ToImmutableArray();
        return new GeneratorOutput(sources, diagnostics.AddRange(result.Diagnostics).Distinct().ToImmutableArray(), output, driver);
    }

    public static GeneratorOutput Run(params AdditionalText[] files) => Run(files, null);

    /// <summary>The generated files' first lines as the generator writes them: nullable annotations on, warnings off.</summary>
    public const string ShippedNullableLines = DiscoveryGen.Generator.Emitting.ClientEmitter.NullableLines;

    /// <summary>Where <see cref="ShippedNullableLines"/> start in a generated file's header, or -1.</summary>
    public static int NullableLinesIndex(string source)
    {
        var header = source.IndexOf("\nnamespace ", StringComparison.Ordinal);
        var index = source.IndexOf(ShippedNullableLines, StringComparison.Ordinal);
        return source.StartsWith("// <auto-generated/>\n", StringComparison.Ordinal) && index > 0 && index < header ? index : -1;
    }

    /// <summary>
    /// The compilation with nullable warnings turned back on in every generated file. The generator writes
    /// <c>#nullable disable warnings</c> so that users' builds skip the flow analysis of its bodies (compile cost); the
    /// tests compile the same code with the analysis on and warnings as errors, so the generated code stays
    /// warning-free under it. A generated file without those header lines fails here, so the header cannot drift.
    /// </summary>
    public static Compilation WithNullableWarnings(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            var text = tree.GetText().ToString();
            if (!tree.FilePath.Contains(nameof(DiscoveryClientGenerator), StringComparison.Ordinal))
            {
                continue;
            }

            var index = NullableLinesIndex(text);
            if (index < 0)
            {
                throw new InvalidOperationException("A generated file's header lacks the nullable lines: " + tree.FilePath);
            }

            var strict = text.Substring(0, index) + "#nullable enable\n" + text.Substring(index + ShippedNullableLines.Length);
            compilation = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(strict, tree.GetText().Encoding)));
        }

        return compilation;
    }

    public static string Format(IEnumerable<Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Take(30).Select(d => d.ToString()));
}
