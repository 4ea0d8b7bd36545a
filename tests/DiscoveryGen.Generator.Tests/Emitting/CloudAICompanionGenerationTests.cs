using System;
using System.Collections.Generic;
using System.Linq;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Emitting;

/// <summary>
/// The shipped Gemini for Google Cloud API document generates a client that compiles cleanly; its snapshot covers the
/// code repository indexes and operations resources (long-running operations, paging, the IAM sidecar, patterns) so it
/// stays reviewable.
/// </summary>
public sealed class CloudAICompanionGenerationTests
{
    private const string DocumentPath = "/project/discovery/cloudaicompanion.v1.json";
    private const string SidecarPath = "/project/discovery/cloudaicompanion.v1.iam.json";

    internal static GeneratorOutput Generate(string? @namespace = "Acme.Gemini", string? includeResources = null)
    {
        var metadata = new Dictionary<string, string>();
        if (@namespace is not null)
        {
            metadata["build_metadata.AdditionalFiles.Namespace"] = @namespace;
        }

        if (includeResources is not null)
        {
            metadata["build_metadata.AdditionalFiles.IncludeResources"] = includeResources;
        }

        return GeneratorHarness.Run(
            new Microsoft.CodeAnalysis.AdditionalText[]
            {
                InMemoryAdditionalText.FromFile(TestPaths.Discovery("cloudaicompanion.v1.json"), DocumentPath),
                InMemoryAdditionalText.FromFile(TestPaths.Discovery("cloudaicompanion.v1.iam.json"), SidecarPath),
            },
            new TestOptionsProvider(new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal) { [DocumentPath] = metadata }));
    }

    [Fact]
    public void WholeClientCompilesWithNullableAndWarningsAsErrors()
    {
        var output = Generate();

        Assert.Empty(output.Diagnostics);
        Assert.Equal(
            new[]
            {
                "Acme.Gemini.CloudAICompanionService.Models.A-F.g.cs", "Acme.Gemini.CloudAICompanionService.Models.G-L.g.cs",
                "Acme.Gemini.CloudAICompanionService.Models.M-R.g.cs", "Acme.Gemini.CloudAICompanionService.Models.S-Z.g.cs",
                "Acme.Gemini.CloudAICompanionService.Names.g.cs", "Acme.Gemini.CloudAICompanionService.Projects.g.cs",
                "Acme.Gemini.CloudAICompanionService.g.cs",
            },
            output.Sources.Select(s => s.HintName).ToArray());
        var errors = output.CompilationErrors();
        Assert.True(errors.IsEmpty, GeneratorHarness.Format(errors));
    }

    [Fact]
    public void Snapshot_CloudAICompanion()
    {
        var output = Generate(includeResources: "projects.locations.codeRepositoryIndexes, projects.locations.operations");

        Assert.Empty(output.Diagnostics);
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        Snapshot.Verify(output.Sources);
    }
}
