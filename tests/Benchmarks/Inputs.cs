using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace DiscoveryGen.Benchmarks;

/// <summary>The shared corpus (<see cref="DiscoveryGen.Tests.Shared.TestPaths"/>: ../shared/discovery beside the repository).</summary>
internal static class Corpus
{
    public static string Discovery(string fileName) =>
        DiscoveryGen.Tests.Shared.TestPaths.RequireShared(DiscoveryGen.Tests.Shared.TestPaths.SharedDiscovery(fileName));
}

/// <summary>An AdditionalFile held in memory, its text made as the compiler makes an AdditionalFile's (<see cref="CompilerText"/>).</summary>
internal sealed class MemoryText : AdditionalText
{
    private readonly SourceText _text;

    public MemoryText(string path, string text)
    {
        Path = path;
        _text = CompilerText.From(text);
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>
/// A file's text as the compiler reads an AdditionalFile: <c>SourceText.From</c> of a stream of its bytes (csc's
/// EncodedStringText), which above 40K chars is a chunked text whose <c>ToString</c> copies it all, not the single string
/// <c>SourceText.From(string)</c> keeps (and hands out for free).
/// </summary>
internal static class CompilerText
{
    public static SourceText From(string text)
    {
        using var stream = new System.IO.MemoryStream(System.Text.Encoding.UTF8.GetBytes(text), writable: false);
        return SourceText.From(stream, System.Text.Encoding.UTF8);
    }
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
