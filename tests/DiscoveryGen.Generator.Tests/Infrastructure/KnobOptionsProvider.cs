using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DiscoveryGen.Generator.Tests.Infrastructure;

/// <summary>
/// Analyzer options as MSBuild hands them to the generator: per-file item metadata (<c>build_metadata.AdditionalFiles.X</c>,
/// keyed by path) and project-wide properties (<c>build_property.X</c>).
/// </summary>
public sealed class KnobOptionsProvider : AnalyzerConfigOptionsProvider
{
    private readonly Dictionary<string, Dictionary<string, string>> _metadata = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _properties = new(StringComparer.Ordinal);

    public override AnalyzerConfigOptions GlobalOptions => new Options(_properties);

    /// <summary>Sets item metadata <paramref name="name"/> on the AdditionalFile at <paramref name="path"/>.</summary>
    public KnobOptionsProvider Metadata(string path, string name, string value)
    {
        if (!_metadata.TryGetValue(path, out var values))
        {
            _metadata[path] = values = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        values["build_metadata.AdditionalFiles." + name] = value;
        return this;
    }

    /// <summary>Sets the MSBuild property <paramref name="name"/> (made compiler-visible by the package's props).</summary>
    public KnobOptionsProvider Property(string name, string value)
    {
        _properties["build_property." + name] = value;
        return this;
    }

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(new Dictionary<string, string>());

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        new Options(_metadata.TryGetValue(textFile.Path, out var values) ? new Dictionary<string, string>(values) : new Dictionary<string, string>());

    private sealed class Options : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> _values;

        public Options(Dictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
    }
}
