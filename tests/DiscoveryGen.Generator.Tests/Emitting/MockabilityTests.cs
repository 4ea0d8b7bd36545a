using System;
using System.Linq;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Emitting;

/// <summary>
/// Generated services and resources are mockable by class-based mocking libraries (README "Mocking"): unsealed, a
/// protected parameterless constructor, every public instance member virtual (what NSubstitute's recursive mocks and
/// Moq's recursive setups need), all on the <c>ApiResource</c> base that holds the client.
/// </summary>
public sealed class MockabilityTests
{
    [Fact]
    public void TheServiceAndEveryResource_AreUnsealedWithAProtectedParameterlessConstructorAndOnlyVirtualPublicInstanceMembers()
    {
        var compilation = CloudAICompanionGenerationTests.Generate().Compilation;
        var service = compilation.GetTypeByMetadataName("Acme.Gemini.CloudAICompanionService")!;
        var apiResource = compilation.GetTypeByMetadataName("DiscoveryGen.Runtime.ApiResource")!;

        var classes = Nested(service).Where(t => t.Name.EndsWith("Resource", StringComparison.Ordinal)).Prepend(service).ToList();
        Assert.Equal(20, classes.Count); // the service, projects, locations, its nine resources and seven settingBindings
        foreach (var type in classes)
        {
            Assert.False(type.IsSealed, type.Name);
            Assert.True(SymbolEqualityComparer.Default.Equals(apiResource, type.BaseType), type.Name);
            Assert.Contains(type.InstanceConstructors, c => c.Parameters.IsEmpty && c.DeclaredAccessibility == Accessibility.Protected);
            var nonVirtual = type.GetMembers()
                .Where(m => m.DeclaredAccessibility == Accessibility.Public && !m.IsStatic && m is IMethodSymbol { MethodKind: MethodKind.Ordinary } or IPropertySymbol)
                .Where(m => !m.IsVirtual && !(SymbolEqualityComparer.Default.Equals(type, service) && m.Name == "Client"))
                .Select(m => m.Name)
                .ToList();
            Assert.True(nonVirtual.Count == 0, type.Name + ": " + string.Join(", ", nonVirtual));
        }
    }

    [Fact]
    public void EveryGeneratedMethod_StillCarriesItsDiscoveryAttributes()
    {
        var compilation = CloudAICompanionGenerationTests.Generate().Compilation;
        var cancel = compilation.GetTypeByMetadataName("Acme.Gemini.CloudAICompanionService+ProjectsResource+LocationsResource+OperationsResource")!
            .GetMembers("CancelAsync").OfType<IMethodSymbol>().Single();

        Assert.True(cancel.IsVirtual);
        Assert.Equal(
            new[] { "DiscoveryMethodAttribute", "RequiredPermissionsAttribute", "RequiredScopesAttribute" },
            cancel.GetAttributes().Select(a => a.AttributeClass!.Name).OrderBy(n => n, StringComparer.Ordinal));
    }

    private static System.Collections.Generic.IEnumerable<INamedTypeSymbol> Nested(INamedTypeSymbol type) =>
        type.GetTypeMembers().SelectMany(t => Nested(t).Prepend(t));
}
