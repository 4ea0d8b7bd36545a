using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Emitting;

/// <summary>
/// A discovery document is untrusted input. Its text reaches generated code in doc comments, string and UTF-8 literals,
/// attribute arguments and identifiers; whatever it contains — every C# line terminator (CR, LF, CR LF, U+0085, U+2028,
/// U+2029) followed by code, comment and string terminators — it must stay inert: the compiled client has exactly the
/// members a harmless document gives, and nothing it carries runs.
/// </summary>
public sealed class TextInjectionTests
{
    private const string Marker = "DG_INJECTED_";

    /// <summary>A module initializer behind each line terminator; it would set an environment variable if it ever compiled.</summary>
    private static string Payload(string tag)
    {
        string Code(string terminator, int n) =>
            terminator + "[global::System.Runtime.CompilerServices.ModuleInitializer] internal static void " + Marker + tag + n +
            "() => global::System.Environment.SetEnvironmentVariable(\"" + Marker + tag + n + "\", \"1\");" + terminator + "// ";
        return " x" + Code("\u2028", 1) + Code("\u2029", 2) + Code("\u0085", 3) + Code("\r", 4) + Code("\n", 5) + Code("\r\n", 6)
            + " */ </summary> </param> <!-- \" \\\" \\ { } #endregion #if X";
    }

    /// <summary>Keys whose string values are structure (references, types, wire paths), not text.</summary>
    private static readonly HashSet<string> StructuralKeys = new(StringComparer.Ordinal)
    {
        "kind", "discoveryVersion", "protocol", "type", "format", "$ref", "location", "httpMethod", "path", "flatPath",
        "rootUrl", "servicePath", "baseUrl", "basePath", "mtlsRootUrl", "endpointUrl", "parameterOrder", "discriminant",
        "required", "minimum", "maximum", "maxSize", "name", "version", "canonicalName", "enum", "scopes", "features",
        "packagePath", "ownerDomain", "ownerName", "revision",
    };

    public static TheoryData<string> Documents() => new() { "features.v1.json", "media.v1.json", "datawrapper.v1.json", "cloudaicompanion.v1.json" };

    [Theory]
    [MemberData(nameof(Documents))]
    public void HostileText_InEveryTextField_CompilesToExactlyTheMembersOfAHarmlessDocument(string document)
    {
        var original = JsonNode.Parse(File.ReadAllText(PathOf(document)))!;
        var hostile = original.DeepClone();
        var mutated = MutateText(hostile, key: null, tag: "T");
        Assert.True(mutated >= 3, $"only {mutated} text fields were found to carry the payload");

        var clean = Generate(original.ToJsonString(), document);
        var attacked = Generate(hostile.ToJsonString(), document);

        Assert.Equal(Members(clean.Compilation), Members(attacked.Compilation));
        AssertNothingInjected(attacked);

        // The payload did reach the generated sources (as escaped text), so this test would see an injection.
        Assert.Contains(attacked.Sources, s => s.Source.Contains(Marker + "T1", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void HostileNames_OfSchemasPropertiesEnumsResourcesMethodsAndQueryParameters_StayInert(string document)
    {
        var original = JsonNode.Parse(File.ReadAllText(PathOf(document)))!;
        var hostile = original.DeepClone();
        var renamed = RenameKeys(hostile);
        Assert.True(renamed > 5, $"only {renamed} names were found to carry the payload");

        var clean = Generate(original.ToJsonString(), document);
        var attacked = Generate(hostile.ToJsonString(), document);

        // Names change (the identifiers keep letters and digits only), the shape does not.
        Assert.Equal(Shape(clean.Compilation), Shape(attacked.Compilation));
        AssertNothingInjected(attacked);
    }

    /// <summary>
    /// An <c>[Obsolete]</c> message is document text in a string literal: a deprecation sentence carrying the payload
    /// becomes exactly the message <c>Deprecation.From</c> makes of it (whitespace collapsed, cut), as data.
    /// </summary>
    [Fact]
    public void HostileText_InADeprecationSentence_IsTheObsoleteMessage_AsData()
    {
        var document = JsonNode.Parse(File.ReadAllText(TestPaths.TestDocument("features.v1.json")))!;
        var description = "Deprecated \"\\" + Payload("T");
        document["resources"]!["things"]!["methods"]!["old"]!["description"] = description;

        var output = Generate(document.ToJsonString(), "features.v1.json");

        AssertNothingInjected(output);
        var old = output.Compilation.GetTypeByMetadataName("FeatureTest.V1.FeatureTestService+ThingsResource")!.GetMembers("OldAsync").Single();
        var message = (string)old.GetAttributes().Single(a => a.AttributeClass?.Name == "ObsoleteAttribute").ConstructorArguments[0].Value!;
        Assert.Equal(DiscoveryGen.Generator.Building.Deprecation.From(description), message);
        Assert.StartsWith("Deprecated \"\\ x [global::System.Runtime.CompilerServices.ModuleInitializer] internal static void " + Marker + "T1()", message, StringComparison.Ordinal);
        Assert.DoesNotContain(message, c => c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029');
    }

    private static string PathOf(string document) =>
        document.StartsWith("cloudaicompanion", StringComparison.Ordinal) ? TestPaths.Discovery(document) : TestPaths.TestDocument(document);

    private static GeneratorOutput Generate(string json, string document)
    {
        var output = GeneratorHarness.Run(new InMemoryAdditionalText("/p/" + document, json));
        Assert.DoesNotContain(output.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        return output;
    }

    private static void AssertNothingInjected(GeneratorOutput output)
    {
        var generated = GeneratedTypes(output.Compilation).ToList();
        Assert.NotEmpty(generated);
        foreach (var type in generated)
        {
            foreach (var member in type.GetMembers())
            {
                Assert.DoesNotContain(Marker, member.Name, StringComparison.Ordinal);
                Assert.DoesNotContain(member.GetAttributes(), a => a.AttributeClass?.Name == "ModuleInitializerAttribute");
            }
        }

        // Load the assembly and run its module initializers: none may exist, and none may run.
        using (var loaded = LoadedAssembly.Load(output, "injection"))
        {
            RuntimeHelpers.RunModuleConstructor(loaded.Assembly.ManifestModule.ModuleHandle);
        }

        for (var i = 1; i <= 6; i++)
        {
            foreach (var tag in new[] { "T", "N" })
            {
                Assert.Null(Environment.GetEnvironmentVariable(Marker + tag + i));
            }
        }
    }

    private static IEnumerable<INamedTypeSymbol> GeneratedTypes(Compilation compilation)
    {
        var stack = new Stack<INamespaceOrTypeSymbol>();
        stack.Push(compilation.Assembly.GlobalNamespace);
        while (stack.Count > 0)
        {
            foreach (var member in stack.Pop().GetMembers())
            {
                // Typed resource names exist only for plain name patterns (letters, digits, '-', '_' and [^/]+), which the
                // payload breaks on purpose: the attacked document has none, and no document text can reach one.
                if (member is INamedTypeSymbol type && type.Name != "Placeholder" && !IsResourceName(type))
                {
                    yield return type;
                    stack.Push(type);
                }
                else if (member is INamespaceSymbol ns)
                {
                    stack.Push(ns);
                }
            }
        }
    }

    /// <summary>
    /// Every generated member with its signature, sorted; without the private fields that share equal patterns and
    /// scope sets (<c>__pattern3</c>, <c>__scopes0</c>): their number follows which texts are equal, which the
    /// payload (tagged per field) changes.
    /// </summary>
    private static List<string> Members(Compilation compilation) =>
        GeneratedTypes(compilation)
            .SelectMany(t => t.GetMembers().Where(m => !IsSharedTextField(m)).Select(m => m.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + " " + m.Kind))
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();

    private static bool IsResourceName(INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.All(r => r.SyntaxTree.FilePath.EndsWith(".Names.g.cs", StringComparison.Ordinal));

    private static bool IsSharedTextField(ISymbol member) =>
        member is IFieldSymbol { IsStatic: true, DeclaredAccessibility: Accessibility.Private } && (member.Name.StartsWith("__pattern", StringComparison.Ordinal) || member.Name.StartsWith("__scopes", StringComparison.Ordinal));

    /// <summary>Per generated type: its kind and how many members of each kind it has (names aside), sorted.</summary>
    private static List<string> Shape(Compilation compilation) =>
        GeneratedTypes(compilation)
            .Select(t => t.TypeKind + ":" + string.Join(",", t.GetMembers().Where(m => !IsSharedTextField(m)).GroupBy(m => m.Kind).OrderBy(g => g.Key).Select(g => g.Key + "=" + g.Count())))
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();

    /// <summary>Appends the payload to every text value (descriptions, titles, enum descriptions, defaults, patterns, ids, …).</summary>
    private static int MutateText(JsonNode node, string? key, string tag)
    {
        var count = 0;
        switch (node)
        {
            case JsonObject obj:
                foreach (var property in obj.ToList())
                {
                    if (property.Value is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        if (!StructuralKeys.Contains(property.Key))
                        {
                            obj[property.Key] = text + Payload(tag);
                            count++;
                        }
                    }
                    else if (property.Value is not null && !StructuralKeys.Contains(property.Key))
                    {
                        count += MutateText(property.Value, property.Key, tag);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        array[i] = text + Payload(tag);
                        count++;
                    }
                    else if (array[i] is { } child)
                    {
                        count += MutateText(child, key, tag);
                    }
                }

                break;
        }

        return count;
    }

    /// <summary>
    /// Renames schemas (and every <c>$ref</c> to them), properties (not a variant's discriminant), enum values, resources,
    /// methods and query parameters to names carrying the payload.
    /// </summary>
    private static int RenameKeys(JsonNode root)
    {
        var count = 0;
        var schemaNames = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root["schemas"] is JsonObject schemas)
        {
            foreach (var id in schemas.Select(p => p.Key).ToList())
            {
                // Keep the Operation schema's name: its shape (name, done, error, response) is how operations are found.
                if (id is "Operation" or "Status" or "Empty")
                {
                    continue;
                }

                schemaNames[id] = id + Payload("N");
            }

            count += Rename(schemas, schemaNames);
        }

        Walk(root);
        return count;

        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    if (obj["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var target) && schemaNames.TryGetValue(target, out var renamed))
                    {
                        obj["$ref"] = renamed;
                    }

                    if (obj["properties"] is JsonObject properties)
                    {
                        var discriminant = (obj["variant"]?["discriminant"] as JsonValue)?.GetValue<string>();
                        var keep = new HashSet<string>(StringComparer.Ordinal) { discriminant ?? string.Empty, "name", "done", "error", "response", "metadata", "nextPageToken", "pageToken", "etag", "requestId" };
                        count += Rename(properties, properties.Select(p => p.Key).Where(k => !keep.Contains(k) && !IsCollectionOfItems(properties[k])).ToDictionary(k => k, k => k + Payload("N"), StringComparer.Ordinal));
                    }

                    if (obj["enum"] is JsonArray values && obj["enumDescriptions"] is not null)
                    {
                        for (var i = 0; i < values.Count; i++)
                        {
                            values[i] = values[i]!.GetValue<string>() + Payload("N") + i;
                            count++;
                        }
                    }

                    // "operations" with its "get"/"cancel" is how long-running operations are recognised: a name with meaning.
                    if (obj["resources"] is JsonObject resources)
                    {
                        count += Rename(resources, resources.Select(p => p.Key).Where(k => k != "operations").ToDictionary(k => k, k => k + Payload("N"), StringComparer.Ordinal));
                    }

                    if (obj["methods"] is JsonObject methods)
                    {
                        count += Rename(methods, methods.Select(p => p.Key).Where(k => k is not "get" and not "cancel").ToDictionary(k => k, k => k + Payload("N"), StringComparer.Ordinal));
                        foreach (var method in methods.Select(p => p.Value).OfType<JsonObject>())
                        {
                            if (method["parameters"] is JsonObject parameters)
                            {
                                var query = parameters
                                    .Where(p => (p.Value?["location"] as JsonValue)?.GetValue<string>() == "query" && p.Value?["required"] is null && p.Key is not "pageToken" and not "requestId")
                                    .Select(p => p.Key)
                                    .ToDictionary(k => k, k => k + Payload("N"), StringComparer.Ordinal);
                                count += Rename(parameters, query);
                            }
                        }
                    }

                    foreach (var property in obj.ToList())
                    {
                        Walk(property.Value);
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Walk(item);
                    }

                    break;
            }
        }
    }

    /// <summary>Arrays stay named as they are: paging helpers find a response's items by the array's name.</summary>
    private static bool IsCollectionOfItems(JsonNode? schema) => (schema?["type"] as JsonValue)?.GetValue<string>() == "array";

    private static int Rename(JsonObject obj, Dictionary<string, string> names)
    {
        var entries = obj.ToList();
        obj.Clear();
        foreach (var (key, value) in entries)
        {
            obj[names.TryGetValue(key, out var renamed) ? renamed : key] = value;
        }

        return names.Count;
    }
}
