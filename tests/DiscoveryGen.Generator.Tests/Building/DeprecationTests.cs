using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DiscoveryGen.Generator.Building;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Building;

/// <summary>
/// Deprecated elements (README "Deprecated members"): <c>[Obsolete]</c> with the document's sentence or "Deprecated in the
/// API." and diagnostic ID DGAPI001, silenced per project with NoWarn, or replaced by a remark with Deprecated=omit.
/// </summary>
public sealed class DeprecationTests
{
    private const string FeaturesPath = "/p/features.v1.json";

    // The consumer calls a deprecated method and uses its own [Obsolete] member: CS0618 must survive NoWarn DGAPI001.
    private const string FeaturesConsumer = """
        using FeatureTest.V1;

        public static class Consumer
        {
            public static System.Threading.Tasks.Task Call(FeatureTestService service) => service.Things.OldAsync();

            [System.Obsolete("mine")]
            private static void Mine() { }

            public static void UseMine() => Mine();
        }
        """;

    [Theory]
    [InlineData(null, "Deprecated in the API.")]
    [InlineData("", "Deprecated in the API.")]
    [InlineData("Replaced by text.", "Deprecated in the API.")]
    [InlineData("Deprecated: use `driveId` instead.", "Deprecated: use `driveId` instead.")]
    [InlineData("Optional. This field is deprecated. The search is the same.", "This field is deprecated.")]
    [InlineData("Deprecated. Use `score` instead. The accuracy.", "Deprecated. Use `score` instead.")]
    [InlineData("Deprecated. The name of the cluster.", "Deprecated.")]
    [InlineData("[DEPRECATED] Whether to include\nOSV data\r\n in the scan.", "[DEPRECATED] Whether to include OSV data in the scan.")]
    [InlineData("Set to the deprecated 'PRODUCT_LEVEL' mode. Ignored otherwise.", "Deprecated in the API.")]
    [InlineData("Use the non-deprecated field.", "Deprecated in the API.")]
    [InlineData("Line\u2028one is deprecated\u2029too\u0085here", "Line one is deprecated too here")]
    public void Message_IsTheSentenceThatSaysDeprecated_ElseTheFixedText(string? description, string expected) =>
        Assert.Equal(expected, Deprecation.From(description));

    [Fact]
    public void Message_IsCutAtMaxLength_WithoutSplittingASurrogatePair()
    {
        var message = Deprecation.From("Deprecated " + new string('x', Deprecation.MaxLength - 13) + "\U0001F600 and more words.");

        Assert.Equal(Deprecation.MaxLength - 1, message.Length);
        Assert.EndsWith("x\u2026", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_Features_CarriesTheMessagesAndTheDiagnosticId()
    {
        var output = Features(new KnobOptionsProvider());
        var all = string.Join("\n", output.Sources.Select(s => s.Source));

        Assert.Contains("[_sys::Obsolete(\"Deprecated: use `get` instead.\", DiagnosticId = \"DGAPI001\")]", all, StringComparison.Ordinal);
        Assert.Contains("[_sys::Obsolete(\"Deprecated in the API.\", DiagnosticId = \"DGAPI001\")]", all, StringComparison.Ordinal);
        Assert.DoesNotContain("[_sys::Obsolete]", all, StringComparison.Ordinal);
        Assert.All(output.Sources, s => Assert.Contains("#pragma warning disable CS0612, CS0618, CS1573, CS1591, DGAPI001\n", s.Source, StringComparison.Ordinal));
        var old = Method(output, "FeatureTest.V1.FeatureTestService+ThingsResource", "OldAsync");
        var obsolete = Assert.Single(old.GetAttributes(), a => a.AttributeClass?.Name == "ObsoleteAttribute");
        Assert.Equal("Deprecated: use `get` instead.", obsolete.ConstructorArguments[0].Value);
        Assert.Equal("DGAPI001", obsolete.NamedArguments.Single(a => a.Key == "DiagnosticId").Value.Value);
    }

    [Fact]
    public void ConsumerCallingADeprecatedMethod_FailsUnderWarningsAsErrorsWithDGAPI001_NotCS0618()
    {
        var output = Features(new KnobOptionsProvider(), FeaturesConsumer);

        var errors = output.CompilationErrors();
        var api = Assert.Single(errors, d => d.Id == "DGAPI001");
        Assert.Contains("Deprecated: use `get` instead.", api.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(DiagnosticSeverity.Error, api.Severity); // warnings as errors
        Assert.Single(errors, d => d.Id == "CS0618"); // the consumer's own Mine()
        Assert.Equal(2, errors.Length);
    }

    [Fact]
    public void NoWarnDGAPI001_SilencesApiDeprecationsOnly()
    {
        var output = Features(new KnobOptionsProvider(), FeaturesConsumer);

        var errors = NoWarn(output.Compilation, "DGAPI001").GetDiagnostics().Where(IsErrorUnderWarningsAsErrors).ToList();

        Assert.Equal("CS0618", Assert.Single(errors).Id);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DeprecatedOmit_WritesRemarksInsteadOfObsolete_AndTheConsumerCompiles(bool asProperty)
    {
        var options = asProperty ? new KnobOptionsProvider().Property("DiscoveryGenDeprecated", "omit") : new KnobOptionsProvider().Metadata(FeaturesPath, "Deprecated", "OMIT");
        var output = Features(options, FeaturesConsumer.Replace("public static void UseMine() => Mine();", string.Empty, StringComparison.Ordinal));

        Assert.Empty(output.Diagnostics.Where(d => d.Id != "DG0017"));
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        var all = string.Join("\n", output.Sources.Select(s => s.Source));
        Assert.DoesNotContain("[_sys::Obsolete", all, StringComparison.Ordinal);
        Assert.Contains("/// <remarks>Deprecated: use `get` instead.</remarks>\n\t\t[_dg::DiscoveryMethod(\"features.things.old\"", all, StringComparison.Ordinal);
        Assert.Contains("/// <remarks>Deprecated in the API.</remarks>", all, StringComparison.Ordinal);
    }

    [Fact]
    public void DeprecatedItemMetadata_WinsOverTheProperty()
    {
        var output = Features(new KnobOptionsProvider().Property("DiscoveryGenDeprecated", "omit").Metadata(FeaturesPath, "Deprecated", "obsolete"));

        Assert.Contains(output.Sources, s => s.Source.Contains("DiagnosticId = \"DGAPI001\"", StringComparison.Ordinal));
    }

    [Fact]
    public void DeprecatedInvalid_WarnsDG0013AndKeepsObsolete()
    {
        var output = Features(new KnobOptionsProvider().Metadata(FeaturesPath, "Deprecated", "hide"));

        var diagnostic = Assert.Single(output.Diagnostics, d => d.Id == "DG0013");
        Assert.Contains("'hide' is not 'obsolete' or 'omit'", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains(output.Sources, s => s.Source.Contains("DiagnosticId = \"DGAPI001\"", StringComparison.Ordinal));
    }

    /// <summary>datacatalog.v1 (deprecated properties and enum values) builds under warnings-as-errors with either way out.</summary>
    [Fact]
    [Trait("Needs", "SharedCorpus")]
    public void Datacatalog_ConsumerOfDeprecatedMembers_BuildsUnderWarningsAsErrors_WithNoWarnOrTheKnob()
    {
        const string consumer = """
            using DataCatalog.V1;

            public static class Consumer
            {
                public static object Use() => new GoogleCloudDatacatalogV1SearchCatalogRequestScope { IncludePublicTagTemplates = true };

                public static object Status() => GoogleCloudDatacatalogV1TagTemplateDataplexTransferStatus.Migrated;
            }
            """;
        var path = TestPaths.RequireShared(TestPaths.SharedDiscovery("datacatalog.v1.json"));
        GeneratorOutput Run(KnobOptionsProvider options) =>
            GeneratorHarness.Run(new[] { InMemoryAdditionalText.FromFile(path, "/shared/discovery/datacatalog.v1.json") }, options, consumer);

        var plain = Run(new KnobOptionsProvider());
        var omitted = Run(new KnobOptionsProvider().Property("DiscoveryGenDeprecated", "omit"));

        Assert.Equal(new[] { "DGAPI001", "DGAPI001" }, plain.CompilationErrors().Select(d => d.Id).ToArray());
        Assert.Empty(NoWarn(plain.Compilation, "DGAPI001").GetDiagnostics().Where(IsErrorUnderWarningsAsErrors));
        Assert.True(omitted.CompilationErrors().IsEmpty, GeneratorHarness.Format(omitted.CompilationErrors()));
    }

    private static GeneratorOutput Features(KnobOptionsProvider options, string consumer = "class Placeholder { }") =>
        GeneratorHarness.Run(new[] { InMemoryAdditionalText.FromFile(TestPaths.TestDocument("features.v1.json"), FeaturesPath) }, options, consumer);

    private static IMethodSymbol Method(GeneratorOutput output, string type, string name) =>
        (output.Compilation.GetTypeByMetadataName(type) ?? throw new InvalidOperationException(type + " was not generated."))
            .GetMembers(name).OfType<IMethodSymbol>().Single();

    /// <summary>What <c>&lt;NoWarn&gt;$(NoWarn);ID&lt;/NoWarn&gt;</c> does to a compilation.</summary>
    private static Compilation NoWarn(Compilation compilation, string id) =>
        compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            compilation.Options.SpecificDiagnosticOptions.SetItem(id, ReportDiagnostic.Suppress)));

    private static bool IsErrorUnderWarningsAsErrors(Diagnostic d) => d.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Warning && !d.IsSuppressed;
}
