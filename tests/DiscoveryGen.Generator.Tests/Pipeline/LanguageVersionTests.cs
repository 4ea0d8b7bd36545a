using System;
using System.Linq;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Pipeline;

/// <summary>
/// The generated code needs C# 12 (collection expressions; static abstract interface members are C# 11). A project that
/// sets an older <c>LangVersion</c> gets one clear error per document (DG0021) and no generated files, instead of the
/// compiler's hundreds of errors about the generated code; C# 12 is enough.
/// </summary>
public sealed class LanguageVersionTests
{
    private const string FeaturesPath = "/p/features.v1.json";

    private static AdditionalText[] Features() =>
        new AdditionalText[] { InMemoryAdditionalText.FromFile(TestPaths.TestDocument("features.v1.json"), FeaturesPath) };

    private static GeneratorOutput Run(LanguageVersion version) =>
        GeneratorHarness.Run(Features(), options: null, parseOptions: new CSharpParseOptions(version));

    [Theory]
    [InlineData(LanguageVersion.CSharp10, "10.0")]
    [InlineData(LanguageVersion.CSharp11, "11.0")]
    public void OlderThanCSharp12_OneClearErrorAndNothingGenerated(LanguageVersion version, string shown)
    {
        var output = Run(version);

        var error = Assert.Single(output.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("DG0021", error.Id);
        Assert.Equal(FeaturesPath, error.Location.GetLineSpan().Path);
        var message = error.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("C# " + shown, message, StringComparison.Ordinal);
        Assert.Contains("needs C# 12.0 or later", message, StringComparison.Ordinal);
        Assert.Contains("<LangVersion>", message, StringComparison.Ordinal);
        Assert.Empty(output.Sources);
        Assert.Empty(output.CompilationErrors());
    }

    [Theory]
    [InlineData(LanguageVersion.CSharp12)]
    [InlineData(LanguageVersion.Latest)]
    [InlineData(LanguageVersion.Preview)]
    public void CSharp12OrLater_GeneratesCodeThatCompiles(LanguageVersion version)
    {
        var output = Run(version);

        Assert.DoesNotContain(output.Diagnostics, d => d.Id == "DG0021");
        Assert.NotEmpty(output.Sources);
        Assert.Empty(output.CompilationErrors());
    }

    [Fact]
    public void RaisingTheLanguageVersion_GeneratesTheClient()
    {
        var files = Features();
        var compilation = GeneratorHarness.CreateCompilation(parseOptions: new CSharpParseOptions(LanguageVersion.CSharp11));
        var driver = GeneratorHarness.CreateDriver(files, parseOptions: new CSharpParseOptions(LanguageVersion.CSharp11)).RunGenerators(compilation);
        Assert.Empty(driver.GetRunResult().GeneratedTrees);

        var raised = driver.WithUpdatedParseOptions(new CSharpParseOptions(LanguageVersion.CSharp12)).RunGenerators(compilation);

        var result = raised.GetRunResult();
        Assert.NotEmpty(result.GeneratedTrees);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "DG0021");
    }
}
