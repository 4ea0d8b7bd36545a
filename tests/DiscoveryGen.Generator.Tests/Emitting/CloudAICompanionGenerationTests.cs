using System.Linq;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Emitting;

/// <summary>The shipped Gemini for Google Cloud API document generates a client that compiles cleanly.</summary>
public sealed class CloudAICompanionGenerationTests
{
    private const string DocumentPath = "/project/discovery/cloudaicompanion.v1.json";
    private const string SidecarPath = "/project/discovery/cloudaicompanion.v1.iam.json";

    internal static GeneratorOutput Generate(string? @namespace = "Acme.Gemini") =>
        GeneratorHarness.Run(
            new Microsoft.CodeAnalysis.AdditionalText[]
            {
                InMemoryAdditionalText.FromFile(TestPaths.Discovery("cloudaicompanion.v1.json"), DocumentPath),
                InMemoryAdditionalText.FromFile(TestPaths.Discovery("cloudaicompanion.v1.iam.json"), SidecarPath),
            },
            @namespace is null ? null : TestOptionsProvider.WithNamespace(DocumentPath, @namespace));

    [Fact]
    public void WholeClientCompilesWithNullableAndWarningsAsErrors()
    {
        var output = Generate();

        Assert.Empty(output.Diagnostics);
        Assert.Equal(new[] { "Acme.Gemini.CloudAICompanionService.Models.g.cs", "Acme.Gemini.CloudAICompanionService.g.cs" }, output.Sources.Select(s => s.HintName).ToArray());
        var errors = output.CompilationErrors();
        Assert.True(errors.IsEmpty, GeneratorHarness.Format(errors));
    }

    [Fact]
    public void Snapshot_CloudAICompanion() => Snapshot.Verify(Generate().Sources);
}
