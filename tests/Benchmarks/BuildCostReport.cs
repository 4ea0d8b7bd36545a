using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using DiscoveryGen.Tests.Shared;

namespace DiscoveryGen.Benchmarks;

/// <summary>
/// `-- build [doc] [--repo path]` (default aiplatform.v1, this repository): real `dotnet build -c Release` of small consumer projects in a temp folder,
/// after a one-line edit of the app's Program.cs (median of 3 after a first build): an empty console, a console with
/// the document as an AdditionalFile, and the recommended layout (the document in a client class library the app
/// references). Each references the repository's generator and runtime projects; no compiler server
/// (<c>UseSharedCompilation=false</c>), so every build pays csc's start-up and the difference is the document's cost.
/// <c>--repo</c> points at another checkout (e.g. <c>git archive</c> of an older commit) to compare emitters in one run.
/// </summary>
internal static class BuildCostReport
{
    public static int Run(TextWriter output, string[] arguments)
    {
        var repo = DotnetCli.RepoRoot;
        var names = new List<string>();
        for (var i = 0; i < arguments.Length; i++)
        {
            if (arguments[i] == "--repo" && i + 1 < arguments.Length)
            {
                repo = Path.GetFullPath(arguments[++i]);
            }
            else
            {
                names.Add(arguments[i]);
            }
        }

        var document = Corpus.Discovery((names.Count > 0 ? names[0] : "aiplatform.v1") + ".json");
        var root = DotnetCli.NewTempFolder("discoverygen-buildcost");
        try
        {
            var generator = Path.Combine(repo, "generator", "DiscoveryGen.Generator.csproj");
            var runtime = Path.Combine(repo, "runtime", "DiscoveryGen.Runtime", "DiscoveryGen.Runtime.csproj");
            var references = $"""
                  <ProjectReference Include="{generator}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                  <ProjectReference Include="{runtime}" />
                """;
            var empty = Write(root, "Empty", "Exe", references, string.Empty);
            var single = Write(root, "Single", "Exe", references, $"""    <AdditionalFiles Include="{document}" Namespace="Big.Api" />""");
            Write(root, "Client", "Library", references, $"""    <AdditionalFiles Include="{document}" Namespace="Big.Api" />""");
            var app = Write(root, "App", "Exe", $"""    <ProjectReference Include="../Client/Client.csproj" />""", string.Empty);

            output.WriteLine($"Consumer builds of {Path.GetFileName(document)} with the generator and runtime of {repo} (dotnet build -c Release --no-restore after editing the app's Program.cs; median of 3):");
            output.WriteLine();
            output.WriteLine("| Project | First build s | Rebuild after an app edit s |");
            output.WriteLine("|---|---:|---:|");
            foreach (var (label, project) in new[] { ("empty console", empty), ("console with the document", single), ("app + client library (the document in the library)", app) })
            {
                var first = Time(project, "restore-and-build");
                var times = new List<double>();
                for (var i = 0; i < 3; i++)
                {
                    File.AppendAllText(Path.Combine(Path.GetDirectoryName(project)!, "Program.cs"), "// edit " + i.ToString(CultureInfo.InvariantCulture) + "\n");
                    times.Add(Time(project, "build"));
                }

                times.Sort();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {label} | {first:F1} | {times[1]:F1} |"));
            }

            return 0;
        }
        finally
        {
            DotnetCli.TryDelete(root);
        }
    }

    private static string Write(string root, string name, string outputType, string references, string additionalFiles)
    {
        var folder = Path.Combine(root, name);
        Directory.CreateDirectory(folder);
        var project = Path.Combine(folder, name + ".csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>{outputType}</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <CompilerVisibleItemMetadata Include="AdditionalFiles" MetadataName="Namespace" />
            {references}
            {additionalFiles}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), outputType == "Exe" ? "Console.WriteLine(\"hello\");\n" : "namespace Lib;\npublic static class Marker { }\n");
        return project;
    }

    private static double Time(string project, string what)
    {
        var arguments = what == "build"
            ? new[] { "build", project, "-c", "Release", "--no-restore" }
            : new[] { "build", project, "-c", "Release" };
        var clock = Stopwatch.StartNew();
        DotnetCli.Dotnet(Path.GetDirectoryName(project)!, TimeSpan.FromMinutes(20), null, arguments).EnsureSuccess("dotnet " + string.Join(' ', arguments));
        return clock.Elapsed.TotalSeconds;
    }
}
