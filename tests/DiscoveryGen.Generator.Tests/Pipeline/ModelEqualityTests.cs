using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Threading;
using DiscoveryGen.Generator;
using DiscoveryGen.Generator.Building;
using DiscoveryGen.Generator.Model;
using DiscoveryGen.Generator.Parsing;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Pipeline;

/// <summary>
/// System.Text.Json's model tests, for ours: equal all the way down, and no field of a pipeline value may hold a
/// type that defeats caching or keeps a compilation alive.
/// </summary>
public sealed class ModelEqualityTests
{
    private const string Path = "/p/cloudaicompanion.v1.json";

    private static ParseResult Parse(string text) =>
        DiscoveryParser.Parse(Path, "Acme.Gemini", SourceText.From(text, System.Text.Encoding.UTF8), CancellationToken.None);

    private static string Gemini => System.IO.File.ReadAllText(TestPaths.Discovery("cloudaicompanion.v1.json"));

    [Fact]
    public void SameFileParsedTwice_IsEqualWithTheSameHash_ButNotTheSameInstance()
    {
        var first = Parse(Gemini);
        var second = Parse(Gemini);

        Assert.NotNull(first.Document);
        Assert.NotSame(first, second);
        Assert.NotSame(first.Document, second.Document);
        Assert.Equal(first, second);
        Assert.Equal(first.Document, second.Document);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.Equal(first.Document!.GetHashCode(), second.Document!.GetHashCode());
    }

    [Fact]
    public void SameDocumentBuiltTwice_GivesEqualClientModels()
    {
        var document = Parse(Gemini).Document!;

        var first = ClientBuilder.Build(document, document.Root, "Acme.Gemini", null, "/bench.json", null, new System.Collections.Generic.List<DiscoveryGen.Generator.Model.DiagnosticInfo>(), CancellationToken.None);
        var again = Parse(Gemini).Document!;
        var second = ClientBuilder.Build(again, again.Root, "Acme.Gemini", null, "/bench.json", null, new System.Collections.Generic.List<DiscoveryGen.Generator.Model.DiagnosticInfo>(), CancellationToken.None);

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(new EmitInput(first, "A", EmitOptions.Default), new EmitInput(first, "A", new EmitOptions(Internal: true, XmlDocs: true)));
    }

    [Fact]
    public void ReformattedDocument_ParsesToAnEqualDocument_AndADifferentOneWhenADescriptionChanges()
    {
        var compact = JsonSerializer.Serialize(JsonDocument.Parse(Gemini).RootElement);
        var edited = Gemini.Replace("\"title\": \"Gemini for Google Cloud API\"", "\"title\": \"Other\"", StringComparison.Ordinal);
        Assert.NotEqual(Gemini, edited);

        Assert.Equal(Parse(Gemini).Document, Parse(compact).Document);
        Assert.NotEqual(Parse(Gemini).Document, Parse(edited).Document);
    }

    private static readonly Type[] Forbidden =
    {
        typeof(JsonElement), typeof(JsonDocument), typeof(AdditionalText), typeof(SourceText), typeof(Location),
        typeof(SyntaxNode), typeof(SyntaxTree), typeof(ISymbol), typeof(Compilation), typeof(SemanticModel),
    };

    /// <summary>Every pipeline value from the parse step on, and the models they hold.</summary>
    private static IEnumerable<Type> PipelineTypes()
    {
        var generator = typeof(DiscoveryClientGenerator).Assembly;
        yield return typeof(ParseResult);
        yield return typeof(ApiDocument);
        yield return typeof(ClientModel);
        yield return typeof(DocumentSpec);
        yield return typeof(BuildResult);
        yield return typeof(EmitInput);
        yield return generator.GetType("DiscoveryGen.Generator.Parsing.SidecarResult", throwOnError: true)!;
        foreach (var nested in typeof(DiscoveryClientGenerator).GetNestedTypes(BindingFlags.NonPublic))
        {
            // DocumentInput is the Input step: it holds the AdditionalText by design (keyed on it, read in Parse).
            if (nested.Name != "DocumentInput")
            {
                yield return nested;
            }
        }
    }

    /// <summary>Problems found by walking the instance fields of <paramref name="root"/> and every type they reach.</summary>
    internal static List<string> FindProblems(Type root)
    {
        var problems = new List<string>();
        var seen = new HashSet<Type>();
        var pending = new Stack<(Type Type, string Path)>();
        pending.Push((root, root.Name));
        while (pending.Count > 0)
        {
            var (type, path) = pending.Pop();
            if (!seen.Add(type) || type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(DiagnosticDescriptor)
                || type == typeof(TextSpan) || type == typeof(LinePositionSpan) || type == typeof(LinePosition))
            {
                continue;
            }

            if (Forbidden.Any(f => f.IsAssignableFrom(type)))
            {
                problems.Add($"{path}: {type.Name} must not be held by a pipeline value");
                continue;
            }

            if (type.IsArray || (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
                && (definition == typeof(List<>) || definition == typeof(System.Collections.Immutable.ImmutableArray<>) || definition == typeof(Dictionary<,>))))
            {
                problems.Add($"{path}: {type.Name} compares by reference; use EquatableArray<T>");
                continue;
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EquatableArray<>))
            {
                pending.Push((type.GetGenericArguments()[0], path + "[]"));
                continue;
            }

            if (Nullable.GetUnderlyingType(type) is { } underlying)
            {
                pending.Push((underlying, path));
                continue;
            }

            if (!type.IsValueType && type.GetMethod("Equals", new[] { type }) is null)
            {
                problems.Add($"{path}: {type.Name} has no value equality");
            }

            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                pending.Push((field.FieldType, path + "." + field.Name.Replace("<", string.Empty).Replace(">k__BackingField", string.Empty)));
            }
        }

        return problems;
    }

    [Fact]
    public void PipelineValues_HoldNoRoslynOrJsonDomObjects_AndOnlyEquatableCollections()
    {
        var roots = PipelineTypes().ToList();
        Assert.Contains(roots, t => t.Name == "DocumentSpec");
        Assert.Contains(roots, t => t.Name == "BuildResult");

        var problems = roots.SelectMany(FindProblems).Distinct().ToList();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private sealed record BadSpec(string Name, JsonElement Raw, Location Where, string[] Items, ISymbol? Symbol, EquatableArray<BadItem> Nested);

    private sealed record BadItem(SourceText Text);

    [Fact]
    public void TheWalk_CatchesForbiddenFieldsAnywhere()
    {
        var problems = FindProblems(typeof(BadSpec));

        Assert.Contains(problems, p => p.StartsWith("BadSpec.Raw: JsonElement", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BadSpec.Where: Location", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BadSpec.Items: String[] compares by reference", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BadSpec.Symbol: ISymbol", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BadSpec.Nested[].Text: SourceText", StringComparison.Ordinal));
        Assert.Empty(FindProblems(typeof(ClientModel)));
    }
}
