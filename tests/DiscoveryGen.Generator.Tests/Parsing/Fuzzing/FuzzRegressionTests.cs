using System;
using System.Linq;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Parsing.Fuzzing;

/// <summary>Crashes and invalid output the fuzzer found, each reduced to a minimal document.</summary>
public sealed class FuzzRegressionTests
{
    private const string Path = "/p/api.v1.json";

    private static string Document(string name = "api", string version = "v1", string extra = "", string description = "A description.") =>
        "{\n  \"kind\": \"discovery#restDescription\",\n  \"name\": \"" + name + "\",\n  \"version\": \"" + version + "\",\n"
        + "  \"rootUrl\": \"https://api.example.com/\",\n  \"servicePath\": \"\",\n  \"description\": \"" + description + "\",\n" + extra
        + "  \"schemas\": {\"Thing\": {\"id\": \"Thing\", \"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\"}}}},\n"
        + "  \"resources\": {\"things\": {\"methods\": {\"get\": {\"id\": \"api.things.get\", \"path\": \"things\", \"httpMethod\": \"GET\", \"response\": {\"$ref\": \"Thing\"}}}}}\n}\n";

    private static GeneratorOutput Run(string json) => GeneratorHarness.Run(new InMemoryAdditionalText(Path, json));

    [Theory]
    [InlineData("1.0", "Api._10")]
    [InlineData("-1", "Api._1")]
    [InlineData("2", "Api._2")]
    [InlineData("v1.0", "Api.V10")]
    public void VersionStartingWithADigit_GivesAValidNamespace(string version, string expectedNamespace)
    {
        // Fuzz cases 917 and 1098: a version of "-1" or "1.0" made "namespace CloudTrace.1;".
        var output = Run(Document(version: version));

        Assert.Empty(output.Diagnostics);
        Assert.NotNull(output.Compilation.GetTypeByMetadataName(expectedNamespace + ".ApiService"));
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
    }

    [Fact]
    public void CanonicalNameStartingWithADigit_GivesAValidServiceClassAndNamespace()
    {
        var output = Run(Document(extra: "  \"canonicalName\": \"1st Api\",\n"));

        Assert.Empty(output.Diagnostics);
        Assert.NotNull(output.Compilation.GetTypeByMetadataName("_1stApi.V1._1stApiService"));
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
    }

    [Theory]
    [InlineData("A lone \\\\ud800 surrogate.", false)]
    [InlineData("A lone \\ud800 surrogate.", true)]
    [InlineData("A lone low \\udc00 surrogate.", true)]
    public void LoneSurrogateEscape_IsMalformedJsonDG0001_NotACrash(string description, bool invalid)
    {
        // Fuzz cases 998, 1347, 1617: Utf8JsonReader.GetString throws InvalidOperationException for "\ud800".
        var json = Document(description: description);

        var output = Run(json);

        if (!invalid)
        {
            Assert.Empty(output.Diagnostics);
            return;
        }

        var diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("DG0001", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.DefaultSeverity);
        var line = diagnostic.Location.GetLineSpan().StartLinePosition;
        Assert.Equal(6, line.Line);
        Assert.Equal(json.Split('\n')[6].IndexOf("\"A lone", StringComparison.Ordinal), line.Character);
        Assert.Empty(output.Sources);
    }

    [Fact]
    public void LoneSurrogateInAKey_IsDG0001()
    {
        var json = Document(extra: "  \"x\\ud800\": 1,\n");

        var output = Run(json);

        Assert.Equal("DG0001", Assert.Single(output.Diagnostics).Id);
    }

    private static string WithResources(string resources, string schemas = "{}") =>
        "{\"kind\": \"discovery#restDescription\", \"name\": \"api\", \"version\": \"v1\", \"rootUrl\": \"https://api.example.com/\", \"servicePath\": \"\",\n"
        + "\"schemas\": " + schemas + ",\n\"resources\": " + resources + "}\n";

    [Fact]
    public void DuplicateParameterKey_TheLastOneWins_LikeEveryJsonReader()
    {
        // Fuzz cases 5807 and 9808: a second "name" (a query parameter) shadowed the path parameter in the method's
        // argument list but not in the path check, so the emitted code passed a nullable string to PathEncoding.
        var resources = "{\"things\": {\"methods\": {\"get\": {\"id\": \"api.things.get\", \"path\": \"v1/{+name}\", \"httpMethod\": \"GET\", \"parameters\": {"
            + "\"name\": {\"location\": \"path\", \"type\": \"string\", \"required\": true},"
            + "\"name\": {\"location\": \"query\", \"type\": \"string\"}}},"
            + "\"list\": {\"id\": \"api.things.list\", \"path\": \"v1/{+name}/things\", \"httpMethod\": \"GET\", \"parameters\": {"
            + "\"name\": {\"location\": \"query\", \"type\": \"string\"},"
            + "\"name\": {\"location\": \"path\", \"type\": \"string\", \"required\": true}}}}}}";

        var output = Run(WithResources(resources));

        var diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("DG0007", diagnostic.Id); // get: {+name} is no longer a path parameter, so get is skipped
        Assert.Contains("api.things.get", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var things = output.Compilation.GetTypeByMetadataName("Api.V1.ApiService+ThingsResource")!;
        Assert.Empty(things.GetMembers("GetAsync"));
        var list = (IMethodSymbol)Assert.Single(things.GetMembers("ListAsync"));
        Assert.Equal("string name", list.Parameters[0].ToDisplayString());
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
    }

    [Fact]
    public void DuplicatePropertyKey_GivesOnePropertyWithTheLastType()
    {
        var schemas = "{\"Thing\": {\"id\": \"Thing\", \"type\": \"object\", \"properties\": {\"size\": {\"type\": \"string\"}, \"size\": {\"type\": \"integer\", \"format\": \"int32\"}}}}";
        var resources = "{\"things\": {\"methods\": {\"get\": {\"id\": \"api.things.get\", \"path\": \"things\", \"httpMethod\": \"GET\", \"response\": {\"$ref\": \"Thing\"}}}}}";

        var output = Run(WithResources(resources, schemas));

        Assert.Empty(output.Diagnostics);
        var property = (IPropertySymbol)Assert.Single(output.Compilation.GetTypeByMetadataName("Api.V1.Thing")!.GetMembers().Where(m => m.Name.StartsWith("Size", StringComparison.Ordinal)));
        Assert.Equal("int?", property.Type.ToDisplayString());
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
    }

    [Theory]
    [InlineData("GetHashCode")]
    [InlineData("toString")]
    [InlineData("equals")]
    [InlineData("getType")]
    public void ResourceNamedLikeAnObjectMember_DoesNotHideIt(string name)
    {
        // Fuzz case 8941: a resource renamed "GetHashCode" gave a property hiding object.GetHashCode() (CS0108).
        var resources = "{\"projects\": {\"resources\": {\"" + name + "\": {\"methods\": {\"get\": {\"id\": \"api.x.get\", \"path\": \"x\", \"httpMethod\": \"GET\"}}}}},"
            + "\"" + name + "\": {\"methods\": {\"get\": {\"id\": \"api.y.get\", \"path\": \"y\", \"httpMethod\": \"GET\"}}}}";

        var output = Run(WithResources(resources));

        Assert.Empty(output.Diagnostics);
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
    }

    private static string OperationDocument(string nameParameterType, string metadataSchema) => WithResources(
        "{\"operations\": {\"methods\": {"
        + "\"get\": {\"id\": \"api.operations.get\", \"path\": \"v1/{+name}\", \"httpMethod\": \"GET\", \"parameters\": {\"name\": {\"location\": \"path\", \"type\": \"" + nameParameterType + "\", \"required\": true}}, \"parameterOrder\": [\"name\"], \"response\": {\"$ref\": \"Operation\"}},"
        + "\"cancel\": {\"id\": \"api.operations.cancel\", \"path\": \"v1/{+name}:cancel\", \"httpMethod\": \"POST\", \"parameters\": {\"name\": {\"location\": \"path\", \"type\": \"" + nameParameterType + "\", \"required\": true}}, \"parameterOrder\": [\"name\"]}}},"
        + "\"things\": {\"methods\": {\"create\": {\"id\": \"api.things.create\", \"path\": \"v1/things\", \"httpMethod\": \"POST\", \"response\": {\"$ref\": \"Operation\"}}}}}",
        "{\"Operation\": {\"id\": \"Operation\", \"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\"}, \"done\": {\"type\": \"boolean\"},"
        + " \"metadata\": " + metadataSchema + ", \"response\": {\"type\": \"object\", \"additionalProperties\": {\"type\": \"any\"}}}}}");

    [Theory]
    [InlineData("string", "{\"type\": \"object\", \"additionalProperties\": {\"type\": \"any\"}}")]
    [InlineData("integer", "{\"type\": \"object\", \"additionalProperties\": {\"type\": \"any\"}}")]
    [InlineData("any", "{\"type\": \"object\", \"additionalProperties\": {\"type\": \"any\"}}")]
    [InlineData("string", "{\"type\": \"object\", \"additionalProperties\": {\"type\": \"integer\"}}")]
    [InlineData("string", "{\"type\": \"string\"}")]
    public void LongRunningOperationShapesThatDifferFromGoogles_StillCompile(string nameParameterType, string metadataSchema)
    {
        // Fuzz cases 4024 and 4524 (operations.get's name typed integer or untyped: the helpers passed a string to it)
        // and 8541 (Operation.metadata a map of integers: the helpers unpacked it as a map of JsonElement).
        var output = Run(OperationDocument(nameParameterType, metadataSchema));

        Assert.DoesNotContain(output.Diagnostics, d => d.DefaultSeverity == DiagnosticSeverity.Error);
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        var service = output.Compilation.GetTypeByMetadataName("Api.V1.ApiService")!;
        Assert.Equal(nameParameterType == "string", service.GetMembers("TrackOperation").Any());
    }

    [Fact]
    public void AnOperationsGetOrCancelWithAnOptionalParameter_IsCalledWithNamedOptions()
    {
        // The helpers called operations.get and operations.cancel positionally, (name, options, cancellationToken): an
        // optional query parameter between name and options took the options (CS1503). Past optional parameters they
        // name the options and the token.
        var json = OperationDocument("string", "{\"type\": \"object\", \"additionalProperties\": {\"type\": \"any\"}}")
            .Replace("\"parameters\": {\"name\": {\"location\": \"path\", \"type\": \"string\", \"required\": true}}", "\"parameters\": {\"name\": {\"location\": \"path\", \"type\": \"string\", \"required\": true}, \"view\": {\"location\": \"query\", \"type\": \"string\"}}", StringComparison.Ordinal);
        Assert.Contains("\"view\"", json, StringComparison.Ordinal);

        var output = Run(json);

        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        var service = output.Compilation.GetTypeByMetadataName("Api.V1.ApiService")!;
        Assert.Equal(2, service.GetMembers("TrackOperation").Length);
        Assert.Contains("(operationName, options: options, cancellationToken: cancellationToken);", string.Concat(output.Sources.Select(s => s.Source)), StringComparison.Ordinal);
    }

    [Fact]
    public void AnOperationsCancelThatTakesABody_IsNotCalledByTheHelpers_AndCompiles()
    {
        // The helpers cannot make up a body: a cancel that takes one (here returning the operation, as a get does) is
        // left to the user; polling still works.
        var json = OperationDocument("string", "{\"type\": \"object\", \"additionalProperties\": {\"type\": \"any\"}}")
            .Replace("\"parameterOrder\": [\"name\"]}}},", "\"parameterOrder\": [\"name\"], \"request\": {\"$ref\": \"Operation\"}, \"response\": {\"$ref\": \"Operation\"}}}},", StringComparison.Ordinal);
        Assert.Contains("\"request\"", json, StringComparison.Ordinal);

        var output = Run(json);

        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        var source = string.Concat(output.Sources.Select(s => s.Source));
        Assert.Contains("__GetOperation(", source, StringComparison.Ordinal);
        Assert.DoesNotContain("__CancelOperation(", source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ReadJson", "Kind")]
    [InlineData("WriteJson", "Kind")]
    [InlineData("ExtensionData", "Kind")]
    [InlineData("AdditionalProperties", "Kind")]
    [InlineData("NullFields", "Kind")]
    [InlineData("JsonNames", "Kind")]
    [InlineData("Thing", "Value")]
    [InlineData("Thing", "IsKnown")]
    [InlineData("Thing", "KnownValues")]
    [InlineData("Thing", "ReadJson")]
    public void SchemaNamedLikeAMemberOfItsOwnType_StillCompiles(string objectSchema, string enumSchema)
    {
        // Fuzz case 48 (indexing.v3.json, schema UrlNotification renamed ReadJson): a class ReadJson with its static
        // ReadJson method is CS0542. Every member name a generated class or enum type has is taken by no type.
        var json = "{\n  \"kind\": \"discovery#restDescription\", \"name\": \"api\", \"version\": \"v1\",\n"
            + "  \"rootUrl\": \"https://api.example.com/\", \"servicePath\": \"\",\n"
            + "  \"schemas\": {\n"
            + "    \"" + objectSchema + "\": {\"id\": \"" + objectSchema + "\", \"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\"}, \"kind\": {\"$ref\": \"" + enumSchema + "\"}}},\n"
            + "    \"" + enumSchema + "\": {\"id\": \"" + enumSchema + "\", \"type\": \"string\", \"enum\": [\"A\", \"B\"]}\n  },\n"
            + "  \"resources\": {\"things\": {\"methods\": {\"get\": {\"id\": \"api.things.get\", \"path\": \"things\", \"httpMethod\": \"GET\", \"response\": {\"$ref\": \"" + objectSchema + "\"}}}}}\n}\n";

        var output = Run(json);

        Assert.DoesNotContain(output.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
    }

    [Theory]
    [InlineData("jsonNames")]
    [InlineData("readJsonProperty")]
    [InlineData("writeJsonProperties")]
    public void PropertyNamedLikeAMemberOfTheModelBase_StillCompiles(string property)
    {
        // A property named like a member every model has (JsonNames() lists the JSON names the reads and writes number)
        // gets another C# name; its JSON name stays.
        var json = "{\n  \"kind\": \"discovery#restDescription\", \"name\": \"api\", \"version\": \"v1\",\n"
            + "  \"rootUrl\": \"https://api.example.com/\", \"servicePath\": \"\",\n"
            + "  \"schemas\": {\"Thing\": {\"id\": \"Thing\", \"type\": \"object\", \"properties\": {\"" + property + "\": {\"type\": \"string\"}}}},\n"
            + "  \"resources\": {\"things\": {\"methods\": {\"get\": {\"id\": \"api.things.get\", \"path\": \"things\", \"httpMethod\": \"GET\", \"response\": {\"$ref\": \"Thing\"}}}}}\n}\n";

        var output = Run(json);

        Assert.DoesNotContain(output.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        Assert.Contains(output.Sources, s => s.Source.Contains("JsonNames() => [\"" + property + "\"]", StringComparison.Ordinal));
    }

    [Fact]
    public void OptionalQueryParametersNamedLikeGeneratedNames_StillCompile()
    {
        // Fuzz case 9750 of seed 20261203: an optional "any" query parameter named "methods" was read through a pattern
        // variable "__methods", which hid the method table the call reads its descriptor from (CS0841). Every value
        // type that takes that path (JSON, times, durations, field masks, dates), named like the generated locals and
        // fields, and like the pattern variables themselves.
        var parameters = new[] { ("methods", "\"type\": \"any\""), ("client", "\"type\": \"string\", \"format\": \"google-datetime\""),
            ("r", "\"type\": \"string\", \"format\": \"google-duration\""), ("clientOrNull", "\"type\": \"string\", \"format\": \"google-fieldmask\""),
            ("__r", "\"type\": \"any\""), ("__v0", "\"type\": \"string\", \"format\": \"date\""), ("v1", "\"type\": \"string\", \"format\": \"date-time\"") };
        var json = "{\n  \"kind\": \"discovery#restDescription\", \"name\": \"api\", \"version\": \"v1\",\n"
            + "  \"rootUrl\": \"https://api.example.com/\", \"servicePath\": \"\",\n"
            + "  \"schemas\": {\"Thing\": {\"id\": \"Thing\", \"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\"}}}},\n"
            + "  \"resources\": {\"things\": {\"methods\": {\"get\": {\"id\": \"api.things.get\", \"path\": \"things\", \"httpMethod\": \"GET\", \"parameters\": {"
            + string.Join(", ", parameters.Select(p => "\"" + p.Item1 + "\": {\"location\": \"query\", " + p.Item2 + "}"))
            + "}, \"response\": {\"$ref\": \"Thing\"}}}}}\n}\n";

        var output = Run(json);

        Assert.DoesNotContain(output.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        var source = Assert.Single(output.Sources, s => s.Source.Contains("GetAsync(", StringComparison.Ordinal)).Source;
        foreach (var (name, _) in parameters)
        {
            Assert.Contains("AddQuery(\"" + name + "\", ", source, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void LoneSurrogateInAnIamSidecar_IsDG0010()
    {
        var output = GeneratorHarness.Run(
            new AdditionalText[]
            {
                new InMemoryAdditionalText(Path, Document()),
                new InMemoryAdditionalText("/p/api.v1.iam.json", "{\"kind\": \"discoverygen#iamPermissions\", \"methods\": {\"api.things.get\": {\"permissions\": [{\"permission\": \"a\\ud800\"}]}}}"),
            },
            null);

        Assert.Equal("DG0010", Assert.Single(output.Diagnostics).Id);
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
    }
}
