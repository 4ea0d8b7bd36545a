using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using DiscoveryGen.Tests.Shared;

namespace DiscoveryGen.Benchmarks;

/// <summary>
/// `-- build [doc] [--repo path]... [--rounds N] [-c Release] [-p:Name=Value]...` (default aiplatform.v1, this repository, 3 rounds, Debug): real `dotnet build` of small consumer projects in a temp folder,
/// after a one-line edit of the app's Program.cs (median of the rounds after a first build): an empty console, a console with
/// the document as an AdditionalFile, the recommended layout (the document in a client class library the app
/// references), and a console whose document has <c>SeparateAssembly="true"</c> (the client compiled apart by the build;
/// a checkout that predates it builds that console as the plain one). Each references the repository's generator and runtime projects; no compiler server
/// (<c>UseSharedCompilation=false</c>), so every build pays csc's start-up and the difference is the document's cost.
/// <c>--repo</c> (repeatable) names checkouts (e.g. a worktree of an older commit) whose consumers are built in turns, so
/// emitters are compared in one run; the last column is each one's cost above its empty console as a ratio to the first's.
/// <c>--server</c> builds as `dotnet build` does by default: through a compiler server (a private one, started by the first
/// build and stopped at the end), so rebuilds find csc and the generator already loaded and jitted.
/// <c>-p:Name=Value</c> (repeatable) is passed to every build, e.g. <c>-p:ProduceReferenceAssembly=false</c>.
/// <c>-c</c> picks the configuration: Debug by default, as a plain `dotnet build` does; Release compiles with the optimizer.
/// Without a server the report also gives the CPU time of each build (dotnet, MSBuild and csc: the finished child processes'
/// user + system time, from /proc on Linux), which a loaded machine inflates far less than wall time.
/// </summary>
internal static class BuildCostReport
{
    // -p:Name=Value arguments, passed to every build (e.g. -p:ProduceReferenceAssembly=false).
    private static readonly List<string> s_properties = new();

    public static int Run(TextWriter output, string[] arguments)
    {
        var repos = new List<string>();
        var names = new List<string>();
        string? server = null;
        var configuration = "Debug";
        var rounds = 3;
        for (var i = 0; i < arguments.Length; i++)
        {
            if (arguments[i] == "--rounds" && i + 1 < arguments.Length)
            {
                rounds = Math.Max(1, int.Parse(arguments[++i], CultureInfo.InvariantCulture));
            }
            else if (arguments[i] == "--server")
            {
                server = "discoverygen-buildcost-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            }
            else if (arguments[i] == "-c" && i + 1 < arguments.Length)
            {
                configuration = arguments[++i];
            }
            else if (arguments[i] == "--repo" && i + 1 < arguments.Length)
            {
                repos.Add(Path.GetFullPath(arguments[++i]));
            }
            else if (arguments[i].StartsWith("-p:", StringComparison.Ordinal))
            {
                s_properties.Add(arguments[i]);
            }
            else
            {
                names.Add(arguments[i]);
            }
        }

        if (repos.Count == 0)
        {
            repos.Add(DotnetCli.RepoRoot);
        }

        var document = Corpus.Discovery((names.Count > 0 ? names[0] : "aiplatform.v1") + ".json");
        var root = DotnetCli.NewTempFolder("discoverygen-buildcost");
        try
        {
            var labels = new[] { "empty console", "console with the document", "app + client library (the document in the library)", "console with the document, SeparateAssembly=\"true\"" };
            var projects = new List<string[]>();
            for (var r = 0; r < repos.Count; r++)
            {
                projects.Add(WriteConsumers(Path.Combine(root, "r" + r.ToString(CultureInfo.InvariantCulture)), repos[r], document));
            }

            // first[r][p], rebuild[r][p]: the repositories take turns for every build, so load drifts hit them alike.
            var first = new double[repos.Count, labels.Length];
            var rebuild = new double[repos.Count, labels.Length];
            var rebuildCpu = new double[repos.Count, labels.Length];
            for (var p = 0; p < labels.Length; p++)
            {
                for (var r = 0; r < repos.Count; r++)
                {
                    first[r, p] = Time(projects[r][p], "restore-and-build", configuration, server).Wall;
                }

                var times = new List<double>[repos.Count];
                var cpus = new List<double>[repos.Count];
                for (var round = 0; round < rounds; round++)
                {
                    for (var r = 0; r < repos.Count; r++)
                    {
                        File.AppendAllText(Path.Combine(Path.GetDirectoryName(projects[r][p])!, "Program.cs"), "// edit " + round.ToString(CultureInfo.InvariantCulture) + "\n");
                        var (wall, cpu) = Time(projects[r][p], "build", configuration, server);
                        (times[r] ??= new List<double>()).Add(wall);
                        (cpus[r] ??= new List<double>()).Add(cpu);
                    }
                }

                for (var r = 0; r < repos.Count; r++)
                {
                    rebuild[r, p] = CompileDirReport.Median(times[r]);
                    rebuildCpu[r, p] = CompileDirReport.Median(cpus[r]);
                }
            }

            var compiler = server is null ? "no compiler server" : "through a warm compiler server, as dotnet build does by default";
            output.WriteLine($"Consumer builds of {Path.GetFileName(document)} (dotnet build -c {configuration}{(s_properties.Count == 0 ? "" : " " + string.Join(" ", s_properties))} --no-restore after editing the app's Program.cs, {compiler}; median of {rounds}; the repositories take turns):");
            output.WriteLine();
            for (var r = 0; r < repos.Count; r++)
            {
                output.WriteLine($"r{r}: generator and runtime of {repos[r]}");
            }

            output.WriteLine();
            var withCpu = server is null && ChildrenCpuSeconds() is not null;
            output.WriteLine("| Project | Repository | First build s | Rebuild after an app edit s | Rebuild above the empty console s | Ratio to r0 |" + (withCpu ? " Rebuild CPU s | CPU above the empty console s | CPU ratio to r0 |" : ""));
            output.WriteLine("|---|---|---:|---:|---:|---:|" + (withCpu ? "---:|---:|---:|" : ""));
            for (var p = 0; p < labels.Length; p++)
            {
                for (var r = 0; r < repos.Count; r++)
                {
                    var above = rebuild[r, p] - rebuild[r, 0];
                    // The empty console compares whole rebuilds; the others what the document adds, when r0's is measurable.
                    var baseline = p == 0 ? rebuild[0, p] : rebuild[0, p] - rebuild[0, 0];
                    var ratio = baseline <= 0.5 ? "-" : ((p == 0 ? rebuild[r, p] : above) / baseline).ToString("F2", CultureInfo.InvariantCulture);
                    var cpuColumns = string.Empty;
                    if (withCpu)
                    {
                        var cpuAbove = rebuildCpu[r, p] - rebuildCpu[r, 0];
                        var cpuBaseline = p == 0 ? rebuildCpu[0, p] : rebuildCpu[0, p] - rebuildCpu[0, 0];
                        var cpuRatio = cpuBaseline <= 0.5 ? "-" : ((p == 0 ? rebuildCpu[r, p] : cpuAbove) / cpuBaseline).ToString("F2", CultureInfo.InvariantCulture);
                        cpuColumns = string.Create(CultureInfo.InvariantCulture, $" {rebuildCpu[r, p]:F1} | {cpuAbove:F1} | {cpuRatio} |");
                    }

                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {labels[p]} | r{r} | {first[r, p]:F1} | {rebuild[r, p]:F1} | {above:F1} | {ratio} |{cpuColumns}"));
                }
            }

            return 0;
        }
        finally
        {
            StopServer(server);
            DotnetCli.TryDelete(root);
        }
    }

    /// <summary>Stops the private compiler server this run started (the one whose command line names its pipe), no other.</summary>
    private static void StopServer(string? pipe)
    {
        if (pipe is null || !Directory.Exists("/proc"))
        {
            return;
        }

        foreach (var folder in Directory.GetDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    && File.ReadAllText(Path.Combine(folder, "cmdline")).Contains(pipe, StringComparison.Ordinal))
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                // Gone already, or not ours to read.
            }
        }
    }

    /// <summary>
    /// The consumers of one repository; its generator and runtime are always built in Release, as a package ships them,
    /// whatever the consumers' configuration.
    /// </summary>
    private static string[] WriteConsumers(string root, string repo, string document)
    {
        var references = RepositoryReferences(repo);
        var empty = Write(root, "Empty", "Exe", references, string.Empty, repo);
        var single = Write(root, "Single", "Exe", references, $"""    <AdditionalFiles Include="{document}" Namespace="Big.Api" />""", repo);
        Write(root, "Client", "Library", references, $"""    <AdditionalFiles Include="{document}" Namespace="Big.Api" />""", repo);
        var app = Write(root, "App", "Exe", $"""    <ProjectReference Include="../Client/Client.csproj" />""", string.Empty);
        // A checkout without DiscoveryGen.SeparateAssembly.targets ignores the metadata: its row is the inline console again.
        var separate = Write(root, "Separate", "Exe", references, $"""    <AdditionalFiles Include="{document}" Namespace="Big.Api" SeparateAssembly="true" />""", repo);
        return new[] { empty, single, app, separate };
    }

    /// <summary>The project references to a checkout's generator (as an analyzer) and runtime, both built in Release.</summary>
    internal static string RepositoryReferences(string repo) => $"""
              <ProjectReference Include="{Path.Combine(repo, "generator", "DiscoveryGen.Generator.csproj")}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" SetConfiguration="Configuration=Release" />
              <ProjectReference Include="{Path.Combine(repo, "runtime", "DiscoveryGen.Runtime", "DiscoveryGen.Runtime.csproj")}" SetConfiguration="Configuration=Release" />
            """;

    /// <summary>
    /// A consumer project <c>root/name/name.csproj</c> (net10.0, nullable) with a Program.cs; returns its path. With
    /// <paramref name="repo"/>, it imports that checkout's <c>generator/build/DiscoveryGen.props</c> when there is one, as
    /// the package's buildTransitive props comes to a package user (the knobs, and since stop 32 the compiler's environment).
    /// </summary>
    internal static string Write(string root, string name, string outputType, string references, string additionalFiles, string? repo = null)
    {
        var folder = Path.Combine(root, name);
        Directory.CreateDirectory(folder);
        var project = Path.Combine(folder, name + ".csproj");
        var props = repo is null ? null : Path.Combine(repo, "generator", "build", "DiscoveryGen.props");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              {(props is not null && File.Exists(props) ? $"""<Import Project="{props}" />""" : string.Empty)}
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

    /// <summary>
    /// User + system CPU seconds of this process's finished (waited-for) children and theirs: fields 16 and 17 of
    /// /proc/self/stat, in clock ticks of 1/100 s; null off Linux.
    /// </summary>
    internal static double? ChildrenCpuSeconds()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is the state (field 3), so field n is fields[n - 3].
            return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static (double Wall, double Cpu) Time(string project, string what, string configuration, string? server)
    {
        var cpuBefore = ChildrenCpuSeconds() ?? 0;
        var arguments = new List<string> { "build", project, "-c", configuration };
        arguments.AddRange(s_properties);
        if (what == "build")
        {
            arguments.Add("--no-restore");
        }

        var clock = Stopwatch.StartNew();
        var result = server is null
            ? DotnetCli.Dotnet(Path.GetDirectoryName(project)!, TimeSpan.FromMinutes(20), null, arguments.ToArray())
            : DotnetCli.Run("dotnet", [.. arguments, "-nodeReuse:false", "-v:n", "-p:UseSharedCompilation=true", "-p:SharedCompilationId=" + server], Path.GetDirectoryName(project)!, TimeSpan.FromMinutes(20));
        var seconds = clock.Elapsed.TotalSeconds;
        result.EnsureSuccess("dotnet " + string.Join(' ', arguments));

        // Csc logs how it compiled; a build that fell back to the command-line compiler would not measure the server.
        if (server is not null && result.Output.Contains("CompilerServer:", StringComparison.Ordinal)
            && result.Output.Contains("CompilerServer: tool", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The compiler server was not used:\n" + result.Output[^Math.Min(4000, result.Output.Length)..]);
        }

        return (seconds, (ChildrenCpuSeconds() ?? 0) - cpuBefore);
    }
}
