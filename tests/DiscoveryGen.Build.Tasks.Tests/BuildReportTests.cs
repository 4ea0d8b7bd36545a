using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using DiscoveryGen.Tests.Shared;
using Xunit;

namespace DiscoveryGen.Build.Tasks.Tests;

/// <summary>
/// Sample apps outside the repository built with `dotnet build` the way a package user builds: the generator as an
/// analyzer, the runtime as a reference, DiscoveryGen.props and DiscoveryGen.targets imported (from the repository;
/// the package's own copies are checked by DiscoveryGen.Packaging.Tests), the task from this project's output.
/// </summary>
[Trait("Category", "Slow")]
public sealed class BuildReportTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);

    private static string Bin => AppContext.BaseDirectory;

    private static string Create(string program, string properties = "")
    {
        var folder = DotnetCli.NewTempFolder("discoverygen-iam");
        var repo = DotnetCli.RepoRoot;
        File.WriteAllText(Path.Combine(folder, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{repo}/generator/build/DiscoveryGen.props" />
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <DiscoveryGenBuildTasksAssembly>{Bin}DiscoveryGen.Build.Tasks.dll</DiscoveryGenBuildTasksAssembly>
            {properties}
              </PropertyGroup>
              <ItemGroup>
                <Analyzer Include="{Bin}DiscoveryGen.Generator.dll" />
                <Reference Include="{Bin}DiscoveryGen.Runtime.dll" />
                <AdditionalFiles Include="{repo}/discovery/cloudaicompanion.v1.json" Namespace="Sample.Gemini" />
                <AdditionalFiles Include="{repo}/discovery/cloudaicompanion.v1.iam.json" />
              </ItemGroup>
              <Import Project="{repo}/runtime/DiscoveryGen.Build.Tasks/DiscoveryGen.targets" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), program);
        return folder;
    }

    private static string Build(string folder) =>
        DotnetCli.Dotnet(folder, Timeout, null, "build", "-c", "Release").EnsureSuccess("dotnet build of the sample app").Output;

    private static string Output(string folder, string file) => Path.Combine(folder, "bin", "Release", "net10.0", file);

    /// <summary>The permissions the shipped sidecar lists for a method: the expectation comes from the sidecar, not from the code under test.</summary>
    private static string[] SidecarPermissions(string id)
    {
        using var sidecar = JsonDocument.Parse(File.ReadAllText(Path.Combine(DotnetCli.RepoRoot, "discovery", "cloudaicompanion.v1.iam.json")));
        return sidecar.RootElement.GetProperty("methods").GetProperty(id).GetProperty("permissions").EnumerateArray()
            .Select(p => p.GetProperty("permission").GetString()!)
            .ToArray();
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Fact]
    public void AppCallingThreeMethods_GetsExactlyThoseAndOperationsGet_WithTheSidecarsPermissions()
    {
        var folder = Create("""
            using DiscoveryGen.Runtime;
            using Sample.Gemini;

            using var http = new HttpClient();
            var service = new CloudAICompanionService(http, new ClientOptions { BaseUri = new Uri("http://127.0.0.1:9/") });

            // 1. Through the long-running-operation helper.
            var handle = await service.Projects.Locations.CodeRepositoryIndexes.StartCreateAsync("projects/p/locations/l", "index-1", new CodeRepositoryIndex());
            await handle.WaitAsync();

            // 2. Inside a lambda.
            Func<string, Task<LoggingSetting>> read = name => service.Projects.Locations.LoggingSettings.GetAsync(name);
            await read("projects/p/locations/l/loggingSettings/s");

            // 3. Through a paging helper, in a local function.
            await CountAsync();

            async Task<int> CountAsync()
            {
                var count = 0;
                await foreach (var setting in service.Projects.Locations.CodeToolsSettings.ListAllAsync("projects/p/locations/l"))
                {
                    count++;
                }

                return count;
            }
            """);

        var output = Build(folder);

        var expectedIds = new[]
        {
            "cloudaicompanion.projects.locations.codeRepositoryIndexes.create",
            "cloudaicompanion.projects.locations.codeToolsSettings.list",
            "cloudaicompanion.projects.locations.loggingSettings.get",
            "cloudaicompanion.projects.locations.operations.get",
        };
        var expectedPermissions = expectedIds.SelectMany(SidecarPermissions).Distinct().OrderBy(p => p, StringComparer.Ordinal).ToArray();
        var reportPath = Output(folder, "App.iam.json");
        using var report = JsonDocument.Parse(File.ReadAllText(reportPath));
        var root = report.RootElement;
        Assert.Equal("discoverygen#iamReport", root.GetProperty("kind").GetString());
        Assert.Equal("App", root.GetProperty("assembly").GetString());
        var methods = root.GetProperty("methods").EnumerateArray().ToList();
        Assert.Equal(expectedIds, methods.Select(m => m.GetProperty("id").GetString()).ToArray());
        foreach (var method in methods)
        {
            var id = method.GetProperty("id").GetString()!;
            Assert.Equal(SidecarPermissions(id), Strings(method.GetProperty("permissions")));
            Assert.Equal(new[] { "https://www.googleapis.com/auth/cloud-platform" }, Strings(method.GetProperty("scopes")));
            Assert.Equal(new[] { "Program.Main" }, Strings(method.GetProperty("calledFrom")));
        }

        Assert.Equal(expectedPermissions, Strings(root.GetProperty("permissions")));
        Assert.Equal(new[] { "https://www.googleapis.com/auth/cloud-platform" }, Strings(root.GetProperty("scopes")));
        Assert.Empty(Strings(root.GetProperty("permissionUnknown")));

        // The role file: gcloud's YAML keys, the same permissions, one per line.
        var role = File.ReadAllLines(Output(folder, "App.iam-role.yaml"));
        Assert.Contains("title: \"App least privilege\"", role);
        Assert.Contains("stage: \"GA\"", role);
        Assert.Single(role, l => l.StartsWith("description: \"", StringComparison.Ordinal));
        var included = role.SkipWhile(l => l != "includedPermissions:").Skip(1).ToArray();
        Assert.Equal(expectedPermissions.Select(p => $"- \"{p}\"").ToArray(), included);

        // The build says where the report is and how many permissions it lists.
        Assert.Contains($"DiscoveryGen least-privilege report: {reportPath} lists {expectedPermissions.Length} IAM permissions for 4 API methods;", output, StringComparison.Ordinal);
        DotnetCli.TryDelete(folder);
    }

    [Fact]
    public void AppCallingNothing_GetsAnEmptyReport()
    {
        var folder = Create("""
            using Sample.Gemini;

            Console.WriteLine(CloudAICompanionService.Methods.Count);
            """);

        var output = Build(folder);

        var reportPath = Output(folder, "App.iam.json");
        using var report = JsonDocument.Parse(File.ReadAllText(reportPath));
        Assert.Empty(report.RootElement.GetProperty("methods").EnumerateArray());
        Assert.Empty(report.RootElement.GetProperty("permissions").EnumerateArray());
        Assert.Empty(report.RootElement.GetProperty("scopes").EnumerateArray());
        Assert.Contains("includedPermissions: []", File.ReadAllLines(Output(folder, "App.iam-role.yaml")));
        Assert.Contains($"DiscoveryGen least-privilege report: {reportPath} lists 0 IAM permissions for 0 API methods;", output, StringComparison.Ordinal);

        // The hint that a client library's apps report their own calls is for libraries: an app that calls nothing yet
        // is not told to look elsewhere.
        Assert.DoesNotContain("outside its generated client calls an API method", output, StringComparison.Ordinal);
        DotnetCli.TryDelete(folder);
    }

    [Fact]
    public void BuildWithNothingChanged_SkipsTheReport_AndKeepsIt_UntilItIsGoneOrTheCodeChanges()
    {
        var folder = Create("""
            using Sample.Gemini;

            Console.WriteLine(CloudAICompanionService.Methods.Count);
            """);
        var reportPath = Output(folder, "App.iam.json");
        var rolePath = Output(folder, "App.iam-role.yaml");
        const string Line = "DiscoveryGen least-privilege report:";

        Assert.Contains(Line, Build(folder), StringComparison.Ordinal);
        var written = File.GetLastWriteTimeUtc(reportPath);

        // Nothing changed: the task does not run, and IncrementalClean keeps what it wrote before.
        var again = Build(folder);
        Assert.DoesNotContain(Line, again, StringComparison.Ordinal);
        Assert.True(File.Exists(reportPath) && File.Exists(rolePath), again);
        Assert.Equal(written, File.GetLastWriteTimeUtc(reportPath));

        // A report that is gone is written again, though nothing else changed.
        File.Delete(reportPath);
        Assert.Contains(Line, Build(folder), StringComparison.Ordinal);
        Assert.True(File.Exists(reportPath));

        // New code is read again: the call it adds is in the report.
        File.WriteAllText(Path.Combine(folder, "Program.cs"), """
            using Sample.Gemini;

            await new CloudAICompanionService(new HttpClient()).Projects.Locations.Operations.CancelAsync("projects/p/locations/l/operations/o");
            """);
        Assert.Contains(Line, Build(folder), StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(reportPath));
        Assert.Equal(
            new[] { "cloudaicompanion.projects.locations.operations.cancel" },
            report.RootElement.GetProperty("methods").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToArray());
        DotnetCli.TryDelete(folder);
    }

    [Fact]
    public void RunThatWarned_LeavesNoStamp_SoTheNextBuildTriesAgain()
    {
        // The targets alone over an "assembly" that is not one: the analysis fails, warns DG0900, and the build goes on.
        var folder = DotnetCli.NewTempFolder("discoverygen-iam-warn");
        File.WriteAllText(Path.Combine(folder, "Bad.dll"), "not an assembly");
        File.WriteAllText(Path.Combine(folder, "Bad.proj"), $"""
            <Project DefaultTargets="Build">
              <PropertyGroup>
                <OutDir>out/</OutDir>
                <TargetName>Bad</TargetName>
                <IntermediateOutputPath>obj/</IntermediateOutputPath>
                <DiscoveryGenBuildTasksAssembly>{Bin}DiscoveryGen.Build.Tasks.dll</DiscoveryGenBuildTasksAssembly>
              </PropertyGroup>
              <ItemGroup>
                <IntermediateAssembly Include="Bad.dll" />
              </ItemGroup>
              <Import Project="{DotnetCli.RepoRoot}/runtime/DiscoveryGen.Build.Tasks/DiscoveryGen.targets" />
              <Target Name="CopyFilesToOutputDirectory" />
              <Target Name="Build" DependsOnTargets="CopyFilesToOutputDirectory" />
            </Project>
            """);
        var stamp = Path.Combine(folder, "obj", "Bad.iam.stamp");

        for (var run = 0; run < 2; run++)
        {
            var output = DotnetCli.Dotnet(folder, Timeout, null, "msbuild", "Bad.proj", "-nodeReuse:false").EnsureSuccess("dotnet msbuild Bad.proj").Output;
            Assert.Contains("warning DG0900", output, StringComparison.Ordinal);
            Assert.False(File.Exists(stamp));
        }

        DotnetCli.TryDelete(folder);
    }

    [Fact]
    public void PropertyFalse_TurnsTheReportOff()
    {
        var folder = Create(
            """
            using Sample.Gemini;

            await new CloudAICompanionService(new HttpClient()).Projects.Locations.Operations.CancelAsync("projects/p/locations/l/operations/o");
            """,
            "    <DiscoveryGenIamReport>false</DiscoveryGenIamReport>");

        var output = Build(folder);

        Assert.True(File.Exists(Output(folder, "App.dll")));
        Assert.False(File.Exists(Output(folder, "App.iam.json")));
        Assert.False(File.Exists(Output(folder, "App.iam-role.yaml")));
        Assert.DoesNotContain("least-privilege report", output, StringComparison.Ordinal);
        DotnetCli.TryDelete(folder);
    }
}
