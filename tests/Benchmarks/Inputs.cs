using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace DiscoveryGen.Benchmarks;

/// <summary>Where the shared corpus is, found from the benchmark's output folder (BenchmarkDotNet runs it from elsewhere).</summary>
internal static class Corpus
{
    public static string Discovery(string fileName)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "discovery", fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{fileName} not found in a shared/discovery folder above {AppContext.BaseDirectory} (../shared/discovery beside the repository).");
    }
}

/// <summary>An AdditionalFile held in memory.</summary>
internal sealed class MemoryText : AdditionalText
{
    private readonly SourceText _text;

    public MemoryText(string path, string text)
    {
        Path = path;
        _text = SourceText.From(text, System.Text.Encoding.UTF8);
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>No options: documents generate into their default namespaces.</summary>
internal sealed class NoOptions : AnalyzerConfigOptionsProvider
{
    private static readonly AnalyzerConfigOptions Empty = new EmptyOptions();

    public override AnalyzerConfigOptions GlobalOptions => Empty;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty;

    private sealed class EmptyOptions : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value)
        {
            value = string.Empty;
            return false;
        }
    }
}
