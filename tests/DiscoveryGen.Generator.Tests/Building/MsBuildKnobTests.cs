using System;
using System.Globalization;
using System.Linq;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Building;

/// <summary>The MSBuild knobs (README "Package and MSBuild knobs"): Visibility, XmlDocs, IncludeResources, ExcludeResources.</summary>
public sealed class MsBuildKnobTests
{
    private const string DocumentPath = "/project/discovery/cloudaicompanion.v1.json";
    private const string SidecarPath = "/project/discovery/cloudaicompanion.v1.iam.json";
    private const string Namespace = "Acme.Gemini";

    private static GeneratorOutput Generate(KnobOptionsProvider options, bool withSidecar = false)
    {
        options.Metadata(DocumentPath, "Namespace", Namespace);
        var files = new AdditionalText[] { InMemoryAdditionalText.FromFile(TestPaths.Discovery("cloudaicompanion.v1.json"), DocumentPath) };
        if (withSidecar)
        {
            files = files.Append(InMemoryAdditionalText.FromFile(TestPaths.Discovery("cloudaicompanion.v1.iam.json"), SidecarPath)).ToArray();
        }

        return GeneratorHarness.Run(files, options);
    }

    private static INamedTypeSymbol Type(GeneratorOutput output, string name) =>
        output.Compilation.GetTypeByMetadataName(Namespace + "." + name) ?? throw new InvalidOperationException(name + " was not generated.");

    private static void AssertCompiles(GeneratorOutput output) =>
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));

    private static string[] MethodIds(GeneratorOutput output) =>
        output.Sources.Single(s => s.HintName.EndsWith("Service.g.cs", StringComparison.Ordinal)).Source
            .Split('\n')
            .Where(line => line.TrimStart().StartsWith("new(\"", StringComparison.Ordinal))
            .Select(line => line.TrimStart().Substring(5, line.TrimStart().IndexOf('"', 5) - 5))
            .ToArray();

    [Fact]
    public void ByDefault_TopLevelTypesArePublicAndDocumented()
    {
        var output = Generate(new KnobOptionsProvider());

        Assert.Empty(output.Diagnostics);
        Assert.Equal(Accessibility.Public, Type(output, "CloudAICompanionService").DeclaredAccessibility);
        Assert.Equal(Accessibility.Public, Type(output, "Operation").DeclaredAccessibility);
        Assert.All(output.Sources, s => Assert.Contains("/// <summary>", s.Source, StringComparison.Ordinal));
    }

    [Fact]
    public void VisibilityInternal_MakesEveryTopLevelTypeInternal_AndStillCompiles()
    {
        var output = Generate(new KnobOptionsProvider().Metadata(DocumentPath, "Visibility", "internal"));

        Assert.Empty(output.Diagnostics);
        var topLevel = output.Compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type)
            .OfType<INamedTypeSymbol>()
            .Where(t => t.ContainingNamespace.ToDisplayString() == Namespace && t.ContainingType is null)
            .ToList();
        Assert.True(topLevel.Count > 40, "expected the service and its models, found " + topLevel.Count);
        Assert.All(topLevel, t => Assert.Equal(Accessibility.Internal, t.DeclaredAccessibility));
        AssertCompiles(output);
    }

    [Fact]
    public void VisibilityProperty_AppliesToAllDocuments_AndItemMetadataWins()
    {
        var projectWide = Generate(new KnobOptionsProvider().Property("DiscoveryGenVisibility", "Internal"));
        var overridden = Generate(new KnobOptionsProvider().Property("DiscoveryGenVisibility", "internal").Metadata(DocumentPath, "Visibility", "public"));

        Assert.Equal(Accessibility.Internal, Type(projectWide, "CloudAICompanionService").DeclaredAccessibility);
        Assert.Equal(Accessibility.Public, Type(overridden, "CloudAICompanionService").DeclaredAccessibility);
        AssertCompiles(projectWide);
    }

    [Fact]
    public void InvalidVisibility_WarnsDG0013AndKeepsPublic()
    {
        var output = Generate(new KnobOptionsProvider().Metadata(DocumentPath, "Visibility", "protected"));

        var diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("DG0013", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.DefaultSeverity);
        Assert.Contains("protected", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(DocumentPath, diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(Accessibility.Public, Type(output, "CloudAICompanionService").DeclaredAccessibility);
    }

    [Fact]
    public void XmlDocsFalse_WritesNoDocComments_AndStillCompiles()
    {
        var documented = Generate(new KnobOptionsProvider());
        var output = Generate(new KnobOptionsProvider().Property("DiscoveryGenXmlDocs", "false"));

        Assert.Empty(output.Diagnostics);
        Assert.All(output.Sources, s => Assert.DoesNotContain("///", s.Source, StringComparison.Ordinal));
        Assert.True(output.Sources.Sum(s => s.Source.Length) < documented.Sources.Sum(s => s.Source.Length) * 0.8, "dropping the docs should shrink the output noticeably");
        Assert.All(output.Sources, s => Assert.DoesNotContain("\n\n\n", s.Source, StringComparison.Ordinal));
        AssertCompiles(output);
    }

    [Fact]
    public void XmlDocsInvalid_WarnsDG0013AndKeepsDocs()
    {
        var output = Generate(new KnobOptionsProvider().Metadata(DocumentPath, "XmlDocs", "nope"));

        Assert.Equal("DG0013", Assert.Single(output.Diagnostics).Id);
        Assert.Contains("///", output.Sources[0].Source, StringComparison.Ordinal);
    }

    [Fact]
    public void IncludeResources_KeepsOnlyThoseResourcesAndTheSchemasTheyReach()
    {
        var output = Generate(new KnobOptionsProvider().Metadata(DocumentPath, "IncludeResources", "projects.locations.operations"));

        Assert.Empty(output.Diagnostics);
        Assert.Equal(
            new[] { "cloudaicompanion.projects.locations.operations.cancel", "cloudaicompanion.projects.locations.operations.delete", "cloudaicompanion.projects.locations.operations.get", "cloudaicompanion.projects.locations.operations.list" },
            MethodIds(output));
        var locations = Type(output, "CloudAICompanionService+ProjectsResource+LocationsResource");
        Assert.Empty(locations.GetMembers("GetAsync")); // an ancestor is a container only
        Assert.Single(locations.GetTypeMembers());
        Assert.NotNull(output.Compilation.GetTypeByMetadataName(Namespace + ".ListOperationsResponse"));
        Assert.NotNull(output.Compilation.GetTypeByMetadataName(Namespace + ".Status"));
        Assert.Null(output.Compilation.GetTypeByMetadataName(Namespace + ".CodeRepositoryIndex"));
        Assert.Null(output.Compilation.GetTypeByMetadataName(Namespace + ".Location"));
        AssertCompiles(output);
    }

    [Fact]
    public void IncludeResources_TakesCommaOrSemicolonSeparatedPaths_AndKeepsSubResources()
    {
        var output = Generate(new KnobOptionsProvider().Metadata(DocumentPath, "IncludeResources", " projects.locations.operations, projects.locations.loggingSettings;"));

        Assert.Empty(output.Diagnostics);
        var ids = MethodIds(output);
        Assert.Contains("cloudaicompanion.projects.locations.operations.get", ids);
        Assert.Contains("cloudaicompanion.projects.locations.loggingSettings.get", ids);
        Assert.Contains("cloudaicompanion.projects.locations.loggingSettings.settingBindings.get", ids);
        Assert.Equal(4 + 5 + 5, ids.Length);
        AssertCompiles(output);
    }

    [Fact]
    public void ExcludeResources_RemovesThatSubtree_AndWinsOverInclude()
    {
        var excluded = Generate(new KnobOptionsProvider().Metadata(DocumentPath, "ExcludeResources", "projects.locations.codeRepositoryIndexes"));
        var both = Generate(new KnobOptionsProvider()
            .Metadata(DocumentPath, "IncludeResources", "projects.locations.loggingSettings")
            .Metadata(DocumentPath, "ExcludeResources", "projects.locations.loggingSettings.settingBindings"));

        Assert.Empty(excluded.Diagnostics);
        Assert.DoesNotContain(MethodIds(excluded), id => id.Contains("codeRepositoryIndexes", StringComparison.Ordinal));
        Assert.Contains("cloudaicompanion.projects.locations.get", MethodIds(excluded));
        Assert.Null(excluded.Compilation.GetTypeByMetadataName(Namespace + ".CodeRepositoryIndex"));
        AssertCompiles(excluded);
        Assert.Equal(5, MethodIds(both).Length);
        Assert.All(MethodIds(both), id => Assert.StartsWith("cloudaicompanion.projects.locations.loggingSettings.", id, StringComparison.Ordinal));
        AssertCompiles(both);
    }

    [Fact]
    public void UnknownResourcePath_WarnsDG0013NamingIt()
    {
        var output = Generate(new KnobOptionsProvider().Metadata(DocumentPath, "IncludeResources", "projects.locations.operations,projects.nope"));

        var diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("DG0013", diagnostic.Id);
        Assert.Contains("projects.nope", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(4, MethodIds(output).Length);
    }

    [Fact]
    public void FilteredMethods_ListedInTheSidecar_AreNotReportedAsUnknown()
    {
        var output = Generate(new KnobOptionsProvider().Metadata(DocumentPath, "IncludeResources", "projects.locations.operations"), withSidecar: true);

        Assert.Empty(output.Diagnostics);
        AssertCompiles(output);
    }
}
