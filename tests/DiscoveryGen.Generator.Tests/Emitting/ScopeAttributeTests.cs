using System;
using System.Linq;
using System.Text.Json.Nodes;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Emitting;

/// <summary>
/// <c>[RequiredScopes]</c> names a set of two or more scopes by one constant that lists them separated by spaces; a single
/// scope is its own constant (or literal). A scope with a space in it (RFC 6749 forbids it; a hostile document may have
/// one) must not be split into two: it is passed in an array.
/// </summary>
public sealed class ScopeAttributeTests
{
    private const string Read = "https://www.googleapis.com/auth/minimal.readonly";

    [Fact]
    public void ASetOfScopes_IsOneConstant_ThatListsThem()
    {
        var output = Generate(Read, "https://www.googleapis.com/auth/cloud-platform");

        Assert.Equal(new[] { Read, "https://www.googleapis.com/auth/cloud-platform" }, Scopes(output));
        Assert.Contains("[_dg::RequiredScopes(__scopeList", string.Concat(output.Sources.Select(s => s.Source)), StringComparison.Ordinal);
    }

    [Fact]
    public void AScopeWithASpace_StaysOneScope()
    {
        var output = Generate("https://example.com/auth/odd scope");

        Assert.Equal(new[] { "https://example.com/auth/odd scope" }, Scopes(output));
    }

    [Fact]
    public void ASetWithAScopeWithASpace_ListsItsScopesOneByOne()
    {
        var output = Generate(Read, "https://example.com/auth/odd scope");

        Assert.Equal(new[] { Read, "https://example.com/auth/odd scope" }, Scopes(output));
        Assert.DoesNotContain("__scopeList", string.Concat(output.Sources.Select(s => s.Source)), StringComparison.Ordinal);
    }

    private static GeneratorOutput Generate(params string[] scopes)
    {
        var document = JsonNode.Parse(System.IO.File.ReadAllText(TestPaths.TestDocument("minimal.v1.json")))!;
        var list = new JsonArray();
        foreach (var scope in scopes)
        {
            list.Add(scope);
        }

        document["resources"]!["things"]!["methods"]!["get"]!["scopes"] = list;
        var output = GeneratorHarness.Run(new InMemoryAdditionalText("/p/minimal.v1.json", document.ToJsonString()));
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        return output;
    }

    /// <summary>The scopes the compiled attribute on things.get carries, as RequiredScopesAttribute.Scopes reads them.</summary>
    private static string[] Scopes(GeneratorOutput output)
    {
        var get = output.Compilation.GetSymbolsWithName("GetAsync", SymbolFilter.Member).OfType<IMethodSymbol>()
            .Single(m => m.GetAttributes().Any(a => a.AttributeClass?.Name == "DiscoveryMethodAttribute" && (string?)a.ConstructorArguments[0].Value == "minimal.things.get"));
        var argument = get.GetAttributes().Single(a => a.AttributeClass?.Name == "RequiredScopesAttribute").ConstructorArguments.Single();
        return argument.Kind == TypedConstantKind.Array
            ? argument.Values.Select(v => (string)v.Value!).ToArray()
            : ((string)argument.Value!).Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
