using System.IO;
using System.Linq;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using System.Threading;
using DiscoveryGen.Generator;
using DiscoveryGen.Generator.Building;
using DiscoveryGen.Generator.Emitting;
using DiscoveryGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DiscoveryGen.Benchmarks;

/// <summary>
/// Cold full generation of a document next to JsonDocument.Parse of the same bytes (the floor: no generator can do less
/// than read the JSON), and the no-op re-run after an unrelated C# edit.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private byte[] _utf8 = null!;
    private MemoryText _file = null!;
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warm = null!;
    private bool _flip;

    [Params("oauth2.v2", "storage.v1", "aiplatform.v1")]
    public string Document { get; set; } = "oauth2.v2";

    [GlobalSetup]
    public void Setup()
    {
        var path = Corpus.Discovery(Document + ".json");
        _utf8 = File.ReadAllBytes(path);
        _file = new MemoryText("/bench/" + Document + ".json", File.ReadAllText(path));
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        _compilation = CSharpCompilation.Create("Bench", new[] { CSharpSyntaxTree.ParseText("class Placeholder { }", parse) });
        _edited = _compilation.ReplaceSyntaxTree(_compilation.SyntaxTrees.Single(), CSharpSyntaxTree.ParseText("class Placeholder { int Edited => 1; }", parse));
        _warm = NewDriver().RunGenerators(_compilation);
    }

    private GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create(
        new[] { new DiscoveryClientGenerator().AsSourceGenerator() },
        additionalTexts: new AdditionalText[] { _file },
        parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
        optionsProvider: new NoOptions());

    [Benchmark(Baseline = true, Description = "JsonDocument.Parse")]
    public int JsonParse()
    {
        using var document = JsonDocument.Parse(_utf8);
        return document.RootElement.GetPropertyCount();
    }

    [Benchmark(Description = "Cold generation")]
    public int ColdGeneration() => NewDriver().RunGenerators(_compilation).GetRunResult().GeneratedTrees.Length;

    /// <summary>The parse step alone: the discovery document read into the equatable model (what JsonDocument.Parse is the floor of).</summary>
    [Benchmark(Description = "Parse only")]
    public int ParseOnly() => DiscoveryParser.Parse(_file.Path, null, _file.GetText(), CancellationToken.None).Document!.Schemas.Count;

    /// <summary>Parse, then build the client model (C# names, types, methods): everything before text is written.</summary>
    [Benchmark(Description = "Parse + build")]
    public int ParseBuild() => Build().Types.Count;

    /// <summary>
    /// The generator's own work without Roslyn around it: parse, build and emit the C# text (as the SourceTexts the
    /// generator adds). The difference to "Cold generation" is the Roslyn driver around it.
    /// </summary>
    [Benchmark(Description = "Parse + build + emit only")]
    public int ParseBuildEmit()
    {
        var length = 0;
        var model = Build();
        foreach (var (_, source) in ClientEmitter.Emit(new DiscoveryGen.Generator.Model.EmitInput(model, model.Namespace + "." + model.ServiceClassName, DiscoveryGen.Generator.Model.EmitOptions.Default)))
        {
            length += source.Length;
        }

        return length;
    }

    private DiscoveryGen.Generator.Model.ClientModel Build()
    {
        var document = DiscoveryParser.Parse(_file.Path, null, _file.GetText(), CancellationToken.None).Document!;
        var @namespace = ClientBuilder.DefaultNamespace(document);
        return ClientBuilder.Build(document, document.Root, @namespace, null, "/bench.json", null, new System.Collections.Generic.List<DiscoveryGen.Generator.Model.DiagnosticInfo>(), CancellationToken.None);
    }

    /// <summary>Each call edits the user's C# (alternating between two versions): every generator step is cached.</summary>
    [Benchmark(Description = "No-op re-run")]
    public int NoOpRerun()
    {
        _flip = !_flip;
        _warm = _warm.RunGenerators(_flip ? _edited : _compilation);
        return _warm.GetRunResult().GeneratedTrees.Length;
    }
}
