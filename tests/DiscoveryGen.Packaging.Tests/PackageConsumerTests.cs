using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using DiscoveryGen.Tests.Shared;
using Xunit;

namespace DiscoveryGen.Packaging.Tests;

/// <summary>
/// A fresh project outside the repository consumes the package from the local folder feed — a PackageReference and an
/// AdditionalFiles line, nothing else — builds, and runs the generated client against a capturing handler.
/// </summary>
[Collection(PackageCollection.Name)]
[Trait("Category", "Slow")]
public sealed class PackageConsumerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);

    private readonly PackageFixture _package;

    public PackageConsumerTests(PackageFixture package) => _package = package;

    private static string DocumentPath => Path.Combine(DotnetCli.RepoRoot, "discovery", "cloudaicompanion.v1.json");

    /// <summary>The restore uses a package folder of its own (so test versions never pile up in the user's cache) and still reaches nuget.org.</summary>
    private Dictionary<string, string> Environment => new() { ["NUGET_PACKAGES"] = Path.Combine(_package.Root, "packages") };

    private string NewConsumer(string name, string itemGroup, string program, string properties = "")
    {
        var folder = Path.Combine(_package.Root, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{_package.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            {properties}
              </PropertyGroup>
              <ItemGroup>
            {itemGroup}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), program);
        File.Copy(DocumentPath, Path.Combine(folder, "cloudaicompanion.v1.json"));
        return folder;
    }

    private string BuildAndRun(string folder, string name)
    {
        DotnetCli.Dotnet(folder, Timeout, Environment, "build", "-c", "Release").EnsureSuccess("dotnet build of the package consumer");
        var dll = Path.Combine(folder, "bin", "Release", "net10.0", name + ".dll");
        return DotnetCli.Run("dotnet", new[] { dll }, folder, TimeSpan.FromMinutes(1)).EnsureSuccess("the consumer program").Output;
    }

    private const string CapturingHandler = """
        sealed class Capture : HttpMessageHandler
        {
            public string Request { get; private set; } = "";

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
                Request = $"{request.Method} {request.RequestUri!.PathAndQuery} {request.Content?.Headers.ContentType} {body}";
                return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
            }
        }
        """;

    private static int MethodCount(JsonElement resource) =>
        (resource.TryGetProperty("methods", out var methods) ? methods.EnumerateObject().Count() : 0)
        + (resource.TryGetProperty("resources", out var resources) ? resources.EnumerateObject().Sum(r => MethodCount(r.Value)) : 0);

    [Fact]
    public void FreshProject_WithOnlyThePackageReferenceAndTheDocument_BuildsAndRunsTheGeneratedClient()
    {
        var folder = NewConsumer(
            "Consumer",
            $"""
                <PackageReference Include="DiscoveryGen" Version="{_package.Version}" />
                <AdditionalFiles Include="cloudaicompanion.v1.json" />
            """,
            """
            using CloudAICompanion.V1;
            using DiscoveryGen.Runtime;

            var capture = new Capture();
            using var http = new HttpClient(capture);
            var service = new CloudAICompanionService(http, new ClientOptions { BaseUri = new Uri("http://127.0.0.1:9/") });
            await service.Projects.Locations.Operations.CancelAsync("projects/p1/locations/global/operations/op-1");
            Console.WriteLine($"methods={CloudAICompanionService.Methods.Count}");
            Console.WriteLine($"request={capture.Request}");

            """ + CapturingHandler);

        var output = BuildAndRun(folder, "Consumer");

        var expected = MethodCount(JsonDocument.Parse(File.ReadAllText(DocumentPath)).RootElement);
        Assert.Contains($"methods={expected}\n", output, StringComparison.Ordinal);
        Assert.Contains("request=POST /v1/projects/p1/locations/global/operations/op-1:cancel application/json; charset=utf-8 {}\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Knobs_ReachTheGeneratorThroughThePackageProps()
    {
        var folder = NewConsumer(
            "Knobs",
            $"""
                <PackageReference Include="DiscoveryGen" Version="{_package.Version}" />
                <AdditionalFiles Include="cloudaicompanion.v1.json" Namespace="Acme.Knobs" Visibility="internal" IncludeResources="projects.locations.operations, projects.locations.loggingSettings" />
            """,
            """
            using Acme.Knobs;

            Console.WriteLine($"methods={CloudAICompanionService.Methods.Count}");
            Console.WriteLine($"public={typeof(CloudAICompanionService).IsPublic}");
            Console.WriteLine($"unreached-schema={typeof(CloudAICompanionService).Assembly.GetType("Acme.Knobs.CodeRepositoryIndex") is not null}");
            """,
            """
                <DiscoveryGenXmlDocs>false</DiscoveryGenXmlDocs>
                <GenerateDocumentationFile>true</GenerateDocumentationFile>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
            """);

        var output = BuildAndRun(folder, "Knobs");

        Assert.Contains("methods=14\n", output, StringComparison.Ordinal); // 4 operations + 5 loggingSettings + 5 settingBindings
        Assert.Contains("public=False\n", output, StringComparison.Ordinal);
        Assert.Contains("unreached-schema=False\n", output, StringComparison.Ordinal);
        var generated = Directory.GetFiles(Path.Combine(folder, "obj"), "*.g.cs", SearchOption.AllDirectories)
            .Where(f => f.Contains("DiscoveryGen.Generator", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(2, generated.Count);
        Assert.All(generated, f => Assert.DoesNotContain("///", File.ReadAllText(f), StringComparison.Ordinal));
    }
}
