using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using DiscoveryGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DiscoveryGen.Benchmarks;

/// <summary>
/// `-- size`: generated C# characters and compiled IL size of the storage.v1 client against the Google.Apis.Storage.v1
/// assembly and the discovery JSON, and of the shipped cloudaicompanion.v1 client (many resource names) against its JSON. The generated code is compiled the way a consumer's Release build would (optimized,
/// no PDB), with and without XML docs (the XmlDocs knob changes only the source, not the IL).
/// </summary>
internal static class SizeReport
{
    public static int Run(TextWriter output)
    {
        var path = Corpus.Discovery("storage.v1.json");
        var json = File.ReadAllText(path);
        var jsonBytes = new FileInfo(path).Length;
        var googleAssembly = typeof(Google.Apis.Storage.v1.StorageService).Assembly.Location;
        var googleBytes = new FileInfo(googleAssembly).Length;

        var rows = new List<string[]>();
        foreach (var xmlDocs in new[] { true, false })
        {
            var (chars, il) = Generate(json, "storage.v1.json", xmlDocs);
            rows.Add(new[]
            {
                "DiscoveryGen storage.v1 client" + (xmlDocs ? string.Empty : " (XmlDocs=false)"),
                chars.ToString("N0", CultureInfo.InvariantCulture),
                il.ToString("N0", CultureInfo.InvariantCulture),
                Ratio(il, googleBytes),
                Ratio(il, jsonBytes),
                Ratio(chars, jsonBytes),
            });
        }

        rows.Add(new[] { "Google.Apis.Storage.v1 1.78.0.4299 assembly", "-", googleBytes.ToString("N0", CultureInfo.InvariantCulture), "1.00", Ratio(googleBytes, jsonBytes), "-" });
        rows.Add(new[] { "storage.v1.json (discovery document)", jsonBytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes", "-", "-", "1.00", "1.00" });

        var gemini = DiscoveryGen.Tests.Shared.TestPaths.Discovery("cloudaicompanion.v1.json");
        var geminiBytes = new FileInfo(gemini).Length;
        // With its IAM sidecar, as shipped (and as SizeBudgetTests measures it).
        var sidecar = File.ReadAllText(DiscoveryGen.Tests.Shared.TestPaths.Discovery("cloudaicompanion.v1.iam.json"));
        var (geminiChars, geminiIl) = Generate(File.ReadAllText(gemini), "cloudaicompanion.v1.json", xmlDocs: true, sidecar);
        rows.Add(new[]
        {
            "DiscoveryGen cloudaicompanion.v1 client (with its IAM sidecar)",
            geminiChars.ToString("N0", CultureInfo.InvariantCulture),
            geminiIl.ToString("N0", CultureInfo.InvariantCulture),
            "-",
            Ratio(geminiIl, geminiBytes),
            Ratio(geminiChars, geminiBytes),
        });
        rows.Add(new[] { "cloudaicompanion.v1.json (discovery document)", geminiBytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes", "-", "-", "1.00", "1.00" });

        output.WriteLine("| What | Generated C# (chars) | IL assembly (bytes) | IL / Google.Apis | IL / JSON | C# / JSON |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            output.WriteLine("| " + string.Join(" | ", row) + " |");
        }

        return 0;
    }

    private static string Ratio(long a, long b) => ((double)a / b).ToString("F2", CultureInfo.InvariantCulture);

    private static (long Chars, long IlBytes) Generate(string json, string fileName, bool xmlDocs, string? sidecar = null)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var references = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(DiscoveryGen.Runtime.ApiClient).Assembly.Location));
        var compilation = CSharpCompilation.Create(
            "SizeClient",
            Array.Empty<SyntaxTree>(),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable, deterministic: true));
        var options = new SizeOptions(xmlDocs);
        var driver = CSharpGeneratorDriver.Create(
            new[] { new DiscoveryClientGenerator().AsSourceGenerator() },
            additionalTexts: sidecar is null
                ? new AdditionalText[] { new MemoryText("/size/" + fileName, json) }
                : new AdditionalText[] { new MemoryText("/size/" + fileName, json), new MemoryText("/size/" + Path.ChangeExtension(fileName, ".iam.json"), sidecar) },
            parseOptions: parse,
            optionsProvider: options);
        var ran = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var chars = ran.GetRunResult().GeneratedTrees.Sum(t => (long)t.GetText().Length);
        using var il = new MemoryStream();
        var emit = output.Emit(il);
        if (!emit.Success)
        {
            throw new InvalidOperationException($"The generated {fileName} client does not compile:\n" + string.Join("\n", emit.Diagnostics.Take(10)));
        }

        return (chars, il.Length);
    }

    private sealed class SizeOptions : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
    {
        private readonly Options _global;

        public SizeOptions(bool xmlDocs) => _global = new Options(xmlDocs ? "true" : "false");

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
