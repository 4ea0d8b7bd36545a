using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using DiscoveryGen.Generator.Building;
using DiscoveryGen.Generator.Tests.Emitting;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Building;

/// <summary>How typed resource names are found, named and kept apart (README "Typed resource names").</summary>
public sealed class ResourceNameTests
{
    [Theory]
    [InlineData("projects", "project")]
    [InlineData("policies", "policy")]
    [InlineData("codeRepositoryIndexes", "codeRepositoryIndex")]
    [InlineData("branches", "branch")]
    [InlineData("addresses", "address")]
    [InlineData("settingBindings", "settingBinding")]
    [InlineData("timeSeries", "timeSeries")]
    [InlineData("status", "status")]
    [InlineData("data", "data")]
    public void Singular_HandlesTheCommonCollectionIds(string plural, string singular) =>
        Assert.Equal(singular, ResourceNamePlan.Singular(plural));

    [Theory]
    [InlineData("projectsId", "Project")]
    [InlineData("locationsId", "Location")]
    [InlineData("codeRepositoryIndexesId", "CodeRepositoryIndex")]
    [InlineData("bucket", "Bucket")]
    [InlineData("Id", "Id")]
    public void ComponentName_DropsIdAndTheplural(string variable, string component) =>
        Assert.Equal(component, ResourceNamePlan.ComponentName(variable));

    [Theory]
    [InlineData("^projects/[^/]+$", "projects/*")]
    [InlineData("^projects/[^/]+/locations/[^/]+/operations/[^/]+$", "projects/*/locations/*/operations/*")]
    [InlineData("^projects/[^/]+/locations/global/domains/[^/]+$", "projects/*/locations/global/domains/*")]
    [InlineData("^projects/[^/]+/settings$", "projects/*/settings")]
    [InlineData("^[^/]+$", null)]                                    // no literal: an id, not a name
    [InlineData("^projects$", null)]                                 // no component
    [InlineData("^operations/.*$", null)]                            // components may contain '/'
    [InlineData("^projects/[^/]*$", null)]                           // components may be empty
    [InlineData("^projects/[^/]+/documents/[^/]+/.*$", null)]
    [InlineData("projects/[^/]+", null)]                             // not anchored
    [InlineData("^v1.0/[^/]+$", null)]                              // '.' is a regex metacharacter
    [InlineData("^projects/[^/]+/$", null)]
    public void OnlyPlainNameShapesGetAType(string pattern, string? shape)
    {
        var segments = ResourceNamePlan.Segments(pattern);
        Assert.Equal(shape, segments is null ? null : string.Join("/", segments.Select(s => s ?? "*")));
    }

    [Fact]
    public void CloudAICompanion_GetsOneTypePerShape_TheSharedSettingBindingsQualifiedByTheirParents()
    {
        var names = DeclaredNames(CloudAICompanionGenerationTests.Generate());

        Assert.Equal(
            new[]
            {
                "CodeRepositoryIndexName(string Project, string Location, string CodeRepositoryIndex)",
                "CodeToolsSettingName(string Project, string Location, string CodeToolsSetting)",
                "CodeToolsSettingSettingBindingName(string Project, string Location, string CodeToolsSetting, string SettingBinding)",
                "DataSharingWithGoogleSettingName(string Project, string Location, string DataSharingWithGoogleSetting)",
                "DataSharingWithGoogleSettingSettingBindingName(string Project, string Location, string DataSharingWithGoogleSetting, string SettingBinding)",
                "GdaObservabilitySettingName(string Project, string Location, string GdaObservabilitySetting)",
                "GdaObservabilitySettingSettingBindingName(string Project, string Location, string GdaObservabilitySetting, string SettingBinding)",
                "GeminiGcpEnablementSettingName(string Project, string Location, string GeminiGcpEnablementSetting)",
                "GeminiGcpEnablementSettingSettingBindingName(string Project, string Location, string GeminiGcpEnablementSetting, string SettingBinding)",
                "GibqObservabilitySettingName(string Project, string Location, string GibqObservabilitySetting)",
                "GibqObservabilitySettingSettingBindingName(string Project, string Location, string GibqObservabilitySetting, string SettingBinding)",
                "LocationName(string Project, string Location)",
                "LoggingSettingName(string Project, string Location, string LoggingSetting)",
                "LoggingSettingSettingBindingName(string Project, string Location, string LoggingSetting, string SettingBinding)",
                "OperationName(string Project, string Location, string Operation)",
                "ProjectName(string Project)",
                "ReleaseChannelSettingName(string Project, string Location, string ReleaseChannelSetting)",
                "ReleaseChannelSettingSettingBindingName(string Project, string Location, string ReleaseChannelSetting, string SettingBinding)",
                "RepositoryGroupName(string Project, string Location, string CodeRepositoryIndex, string RepositoryGroup)",
            },
            names);
    }

    [Fact]
    public void FilteringResources_EmitsOnlyTheShapesItUses_AndRenamesNone()
    {
        // With loggingSettings alone no other settingBindings are left to clash with, yet the name stays qualified:
        // a filter never renames a type (the plan is made from the whole document).
        var names = DeclaredNames(CloudAICompanionGenerationTests.Generate(includeResources: "projects.locations.loggingSettings"));

        Assert.Equal(
            new[]
            {
                "LocationName(string Project, string Location)",
                "LoggingSettingName(string Project, string Location, string LoggingSetting)",
                "LoggingSettingSettingBindingName(string Project, string Location, string LoggingSetting, string SettingBinding)",
            },
            names);
    }

    [Fact]
    public void ParameterDocs_LinkTheNameType_InsteadOfRepeatingThePattern()
    {
        var projects = CloudAICompanionGenerationTests.Generate(includeResources: "projects.locations.operations").Sources
            .Single(s => s.HintName.EndsWith(".Projects.g.cs", StringComparison.Ordinal)).Source;

        // On the description's line: a one-line description keeps a one-line tag.
        Assert.Contains("/// <param name=\"name\">The name of the operation to cancel. Must match <see cref=\"_api::OperationName\"/>.</param>", projects, StringComparison.Ordinal);
        Assert.DoesNotContain("Must match ^projects/", projects, StringComparison.Ordinal);
    }

    [Fact]
    public void ASchemaKeepsItsName_TheClashingNameTypeBecomesResourceName_AndComponentsAvoidMemberNames()
    {
        var output = GeneratorHarness.Run(new InMemoryAdditionalText("/docs/library.v1.json", LibraryDocument));

        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        Assert.Equal(
            new[]
            {
                // The schema "BookName" keeps its name; "parsesId" would be "Parse", a member of every name type.
                "BookResourceName(string Library, string Book)",
                "LibraryName(string Library)",
                "ParseName(string Library, string ParseId)",
            },
            DeclaredNames(output));
        Assert.Contains(output.Sources, s => s.Source.Contains("public sealed partial class BookName", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutAFlatPath_ComponentsAreNamedFromTheLiteralBeforeThem()
    {
        var output = GeneratorHarness.Run(new InMemoryAdditionalText("/docs/library.v1.json", LibraryDocument));

        // libraries.get has no flatPath: "libraries/[^/]+" gives "Library".
        Assert.Contains("LibraryName(string Library)", DeclaredNames(output));
    }

    [Fact]
    public void UserCode_PassesNamesWhereverAStringNameGoes_AndReadsTheirComponents()
    {
        const string user = """
            using Acme.Gemini;
            static class Use
            {
                static async System.Threading.Tasks.Task<string> Run(CloudAICompanionService service, Operation op)
                {
                    await service.Projects.Locations.Operations.CancelAsync(new OperationName("p1", "global", "op-1"));
                    var name = OperationName.Parse(op.Name);
                    var (project, location, id) = name;
                    string text = name;
                    return name.Location + project + location + id + text + (name == new OperationName("p1", "global", "op-1"));
                }
            }
            """;
        var output = GeneratorHarness.Run(
            new Microsoft.CodeAnalysis.AdditionalText[] { InMemoryAdditionalText.FromFile(TestPaths.Discovery("cloudaicompanion.v1.json"), "/project/cloudaicompanion.v1.json") },
            TestOptionsProvider.WithNamespace("/project/cloudaicompanion.v1.json", "Acme.Gemini"),
            user);

        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
    }

    /// <summary>The name types a run declares, as <c>Name(parameters)</c>, in ordinal order.</summary>
    internal static string[] DeclaredNames(GeneratorOutput output) =>
        output.Sources
            .Where(s => s.HintName.EndsWith(".Names.g.cs", StringComparison.Ordinal))
            .SelectMany(s => Regex.Matches(s.Source, @"readonly record struct (\w+\([^)]*\))").Select(m => m.Groups[1].Value))
            .ToArray();

    [Fact]
    public void ATopLevelResourceCalledNames_DoesNotTakeTheNameTypesFile()
    {
        var hintNames = HintNamesOf(LibraryDocument.Replace("\"libraries\": {", "\"names\": {", StringComparison.Ordinal));

        Assert.Contains("Library.V1.LibraryService.Names.g.cs", hintNames);
        Assert.Contains("Library.V1.LibraryService.Names-2.g.cs", hintNames);
    }

    [Fact]
    public void TwoTopLevelResourcesWhoseNamesDifferInCaseOnly_GetTwoFiles()
    {
        // "libraries" and "lIbraries" are the C# classes LibrariesResource and LIbrariesResource, but one file name to
        // the compiler, which compares hint names ignoring case.
        var hintNames = HintNamesOf(LibraryDocument.Replace("\"resources\": {\n    \"libraries\": {", "\"resources\": {\n    \"lIbraries\": { \"methods\": {} },\n    \"libraries\": {", StringComparison.Ordinal));

        Assert.Single(hintNames, n => n.EndsWith("braries.g.cs", StringComparison.OrdinalIgnoreCase));
        Assert.Single(hintNames, n => n.EndsWith("braries-2.g.cs", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The generated files' names (the harness fails on a generator exception, which a hint name added twice is), all distinct ignoring case.</summary>
    private static string[] HintNamesOf(string document)
    {
        var output = GeneratorHarness.Run(new InMemoryAdditionalText("/docs/library.v1.json", document));
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        var hintNames = output.Sources.Select(s => s.HintName).ToArray();
        Assert.Equal(hintNames.Length, hintNames.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        return hintNames;
    }

    private const string LibraryDocument = """
        {
          "kind": "discovery#restDescription", "discoveryVersion": "v1", "id": "library:v1", "name": "library", "version": "v1",
          "rootUrl": "https://library.example.com/", "servicePath": "",
          "schemas": {
            "BookName": { "id": "BookName", "type": "object", "properties": { "value": { "type": "string" } } },
            "Book": { "id": "Book", "type": "object", "properties": { "name": { "type": "string" } } }
          },
          "resources": {
            "libraries": {
              "methods": {
                "get": {
                  "id": "library.libraries.get", "path": "v1/{+name}", "httpMethod": "GET",
                  "parameters": { "name": { "location": "path", "required": true, "type": "string", "pattern": "^libraries/[^/]+$" } },
                  "parameterOrder": ["name"], "response": { "$ref": "Book" }
                }
              },
              "resources": {
                "books": {
                  "methods": {
                    "get": {
                      "id": "library.libraries.books.get", "path": "v1/{+name}", "flatPath": "v1/libraries/{librariesId}/books/{booksId}", "httpMethod": "GET",
                      "parameters": { "name": { "location": "path", "required": true, "type": "string", "pattern": "^libraries/[^/]+/books/[^/]+$" } },
                      "parameterOrder": ["name"], "response": { "$ref": "Book" }
                    }
                  }
                },
                "parses": {
                  "methods": {
                    "get": {
                      "id": "library.libraries.parses.get", "path": "v1/{+name}", "flatPath": "v1/libraries/{librariesId}/parses/{parsesId}", "httpMethod": "GET",
                      "parameters": { "name": { "location": "path", "required": true, "type": "string", "pattern": "^libraries/[^/]+/parses/[^/]+$" } },
                      "parameterOrder": ["name"], "response": { "$ref": "Book" }
                    }
                  }
                }
              }
            }
          }
        }
        """;
}
