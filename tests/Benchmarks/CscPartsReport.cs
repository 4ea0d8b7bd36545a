using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using DiscoveryGen.Tests.Shared;

namespace DiscoveryGen.Benchmarks;

/// <summary>
/// `-- cscparts [doc] [--runs N]` (default aiplatform.v1, 5 runs): where the document's share of a real build's compile
/// goes. Builds a console with the document once (`dotnet build -v:d`, Debug, this repository's Release generator and
/// runtime), takes the exact csc command line the SDK ran, and runs the SDK's csc on it again (a new process each
/// time, no compiler server, as the `build` report's rebuilds, with the environment the Csc task gave it), in variants
/// that each leave one part out: the document, the SDK's code analyzers (which run on generated code too), the reference
/// assembly (<c>/refout</c>), the generator (its output compiled as plain source files), or DiscoveryGen.props'
/// <c>DOTNET_TieredPGO=0</c>. The variants take turns; medians of wall and CPU time.
/// </summary>
internal static class CscPartsReport
{
    private sealed record Variant(string Name, string ResponseFile, IDictionary<string, string>? Environment = null);

    public static int Run(TextWriter output, string[] arguments)
    {
        var runs = 5;
        var name = "aiplatform.v1";
        for (var i = 0; i < arguments.Length; i++)
        {
            if (arguments[i] == "--runs" && i + 1 < arguments.Length)
            {
                runs = int.Parse(arguments[++i], CultureInfo.InvariantCulture);
            }
            else
            {
                name = arguments[i];
            }
        }

        var document = Corpus.Discovery(name + ".json");
        var root = DotnetCli.NewTempFolder("discoverygen-cscparts");
        try
        {
            var project = BuildCostReport.Write(root, "App", "Exe", BuildCostReport.RepositoryReferences(DotnetCli.RepoRoot), $"""    <AdditionalFiles Include="{document}" Namespace="Big.Api" />""", DotnetCli.RepoRoot);
            var folder = Path.GetDirectoryName(project)!;
            var build = DotnetCli.Dotnet(folder, TimeSpan.FromMinutes(20), null, "build", project, "-v:d");
            build.EnsureSuccess("dotnet build " + project);
            var commandLine = CscCommandLine(build.Output);
            // What the Csc task passed to the compiler process besides the command line (DiscoveryGen.props: DOTNET_TieredPGO=0).
            var environment = CscEnvironment(build.Output);

            // The generated files, written once by the generator itself, for the variant without it.
            var generated = Path.Combine(root, "generated");
            Directory.CreateDirectory(Path.Combine(generated, "DiscoveryGen.Generator", "DiscoveryGen.Generator.DiscoveryClientGenerator"));
            Compile(folder, Write(root, "emit", commandLine + " /generatedfilesout:" + generated), environment);
            var files = Directory.GetFiles(generated, "*.cs", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal);
            var generator = Path.Combine(DotnetCli.RepoRoot, "generator", "bin", "Release", "netstandard2.0", "DiscoveryGen.Generator.dll");

            var variants = new List<Variant>
            {
                new("console without the document", Write(root, "none", Remove(commandLine, @"/additionalfile:\S+")), environment),
                new("console with the document (as the build ran it)", Write(root, "full", commandLine), environment),
                new("… without the SDK's code analyzers", Write(root, "noanalyzers", Remove(commandLine, @"/analyzer:\S*NetAnalyzers\.dll")), environment),
                new("… without the reference assembly (/refout)", Write(root, "norefout", Remove(commandLine, @"/refout:\S+")), environment),
                new("… its generated files as sources, no generator", Write(root, "files",
                    Remove(Remove(commandLine, @"/additionalfile:\S+"), "/analyzer:" + Regex.Escape(generator)) + " " + string.Join(" ", files.Select(f => "\"" + f + "\""))), environment),
                // The runtime's default: dynamic PGO on, as csc runs without DiscoveryGen.props (and as the compiler server runs).
                new("… with the compiler's dynamic PGO (no DOTNET_TieredPGO=0)", Write(root, "pgo", commandLine),
                    environment.Where(e => e.Key != "DOTNET_TieredPGO").ToDictionary(e => e.Key, e => e.Value)),
            };

            var walls = variants.Select(_ => new List<double>()).ToList();
            var cpus = variants.Select(_ => new List<double>()).ToList();
            for (var r = 0; r < runs; r++)
            {
                for (var v = 0; v < variants.Count; v++)
                {
                    var (wall, cpu) = Compile(folder, variants[v].ResponseFile, variants[v].Environment);
                    walls[v].Add(wall);
                    cpus[v].Add(cpu);
                }
            }

            output.WriteLine($"The SDK's csc on the command line `dotnet build` ran for a console with {name}.json (Debug, a new process each run, no compiler server); medians of {runs} runs, the variants taking turns:");
            output.WriteLine();
            output.WriteLine("| Variant | csc wall s | csc CPU s | wall above the console without the document s | share of the document's wall |");
            output.WriteLine("|---|---:|---:|---:|---:|");
            var baseline = CompileDirReport.Median(walls[0]);
            var documentCost = CompileDirReport.Median(walls[1]) - baseline;
            for (var v = 0; v < variants.Count; v++)
            {
                var wall = CompileDirReport.Median(walls[v]);
                var share = v == 0 ? "-" : ((wall - baseline) / documentCost).ToString("P0", CultureInfo.InvariantCulture);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {variants[v].Name} | {wall:F2} | {CompileDirReport.Median(cpus[v]):F2} | {wall - baseline:F2} | {share} |"));
            }
        }
        finally
        {
            DotnetCli.TryDelete(root);
        }

        return 0;
    }

    /// <summary>The arguments of the Csc task's command line in a detailed build log (the line that runs Roslyn's csc).</summary>
    private static string CscCommandLine(string log)
    {
        foreach (var line in log.Split('\n'))
        {
            var trimmed = line.Trim();
            var match = Regex.Match(trimmed, @"^\S*[/\\]Roslyn[/\\]bincore[/\\]csc(\.exe|\.dll)? (?<args>/noconfig .*)$");
            if (match.Success && trimmed.Contains("/additionalfile:", StringComparison.Ordinal))
            {
                // /noconfig belongs on the command line, not in a response file (CS2023).
                return match.Groups["args"].Value["/noconfig ".Length..];
            }
        }

        throw new InvalidOperationException("The build log shows no csc command line with the document:\n" + log[^Math.Min(4000, log.Length)..]);
    }

    /// <summary>The variables the Csc task passed to the compiler process that compiled the document.</summary>
    private static Dictionary<string, string> CscEnvironment(string log)
    {
        var lines = log.Split('\n').Select(l => l.Trim()).ToList();
        return DotnetCli.ToolEnvironment(lines, lines.FindIndex(l => Regex.IsMatch(l, @"^\S*[/\\]Roslyn[/\\]bincore[/\\]csc(\.exe|\.dll)? /noconfig .*/additionalfile:")));
    }

    private static string Remove(string commandLine, string pattern)
    {
        var result = Regex.Replace(commandLine, " " + pattern + "(?= |$)", string.Empty);
        return result != commandLine ? result : throw new InvalidOperationException("The csc command line has no " + pattern);
    }

    private static string Write(string root, string name, string commandLine)
    {
        var path = Path.Combine(root, name + ".rsp");
        File.WriteAllText(path, commandLine);
        return path;
    }

    private static (double Wall, double Cpu) Compile(string folder, string responseFile, IDictionary<string, string>? environment)
    {
        var cpuBefore = BuildCostReport.ChildrenCpuSeconds() ?? 0;
        var clock = Stopwatch.StartNew();
        var result = DotnetCli.Run("dotnet", new[] { CscReport.Compiler(), "/noconfig", "@" + responseFile }, folder, TimeSpan.FromMinutes(10), environment);
        var wall = clock.Elapsed.TotalSeconds;
        result.EnsureSuccess("csc @" + responseFile);
        return (wall, (BuildCostReport.ChildrenCpuSeconds() ?? 0) - cpuBefore);
    }
}
