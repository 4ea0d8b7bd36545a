using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using DiscoveryGen.Tests.Shared;

namespace DiscoveryGen.Benchmarks;

/// <summary>
/// `-- csc [doc] --generator A.dll [--generator B.dll] [--runs N]` (default aiplatform.v1, this repository's Release
/// generator, 7 runs): the generator's first run as a build without a compiler server meets it — the SDK's own csc, a new
/// process each time, compiling a console with the document — read from csc's <c>/reportanalyzer</c> ("generator
/// execution time"), beside csc's wall time. Unlike <c>firstrun</c>, this counts what the driver compiles for the
/// generator: the SDK's Roslyn is ReadyToRun, so its shared generic code costs nothing, but its generic code over a
/// generator's own structs is compiled in every process. With two generators the runs alternate.
/// </summary>
internal static class CscReport
{
    private const string GeneratorType = "DiscoveryGen.Generator.DiscoveryClientGenerator";

    public static int Run(TextWriter output, string[] arguments)
    {
        var runs = 7;
        var document = "aiplatform.v1";
        var generators = new List<string>();
        for (var i = 0; i < arguments.Length; i++)
        {
            if (arguments[i] == "--runs" && i + 1 < arguments.Length)
            {
                runs = int.Parse(arguments[++i], CultureInfo.InvariantCulture);
            }
            else if (arguments[i] == "--generator" && i + 1 < arguments.Length)
            {
                generators.Add(Path.GetFullPath(arguments[++i]));
            }
            else
            {
                document = arguments[i];
            }
        }

        if (generators.Count == 0)
        {
            generators.Add(Path.Combine(TestPaths.RepoRoot, "generator", "bin", "Release", "netstandard2.0", "DiscoveryGen.Generator.dll"));
        }

        foreach (var generator in generators.Where(g => !File.Exists(g)))
        {
            throw new FileNotFoundException("No generator at " + generator + " (dotnet build -c Release generator).");
        }

        var csc = Compiler();
        var root = Path.Combine(Path.GetTempPath(), "discoverygen-csc-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(root);
        try
        {
            var responseFiles = generators.Select((g, i) => WriteResponseFile(root, i, g, Corpus.Discovery(document + ".json"))).ToList();
            var samples = generators.Select(_ => new List<(double Generator, double Wall)>()).ToList();
            for (var r = 0; r < runs; r++)
            {
                for (var g = 0; g < generators.Count; g++)
                {
                    samples[g].Add(Compile(csc, responseFiles[g]));
                }
            }

            output.WriteLine($"csc (the SDK's, a new process each run, no compiler server) compiling a console with {document}.json; medians of {runs} runs{(generators.Count > 1 ? ", the generators alternating" : "")}:");
            output.WriteLine();
            output.WriteLine("| Generator | Generator execution (csc /reportanalyzer) | csc wall time | ratio to the first |");
            output.WriteLine("|---|---:|---:|---:|");
            var first = CompileDirReport.Median(samples[0].Select(s => s.Generator).ToList());
            for (var g = 0; g < generators.Count; g++)
            {
                var generator = CompileDirReport.Median(samples[g].Select(s => s.Generator).ToList());
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {generators[g]} | {generator * 1000:F0} ms (runs: {string.Join(", ", samples[g].Select(s => (s.Generator * 1000).ToString("F0", CultureInfo.InvariantCulture)))}) | {CompileDirReport.Median(samples[g].Select(s => s.Wall).ToList()):F2} s | {generator / first:F2}× |"));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        return 0;
    }

    /// <summary>The SDK's csc.dll (beside the running runtime: dotnet root / sdk / newest / Roslyn / bincore).</summary>
    internal static string Compiler()
    {
        var sdks = Path.Combine(DotnetRoot(), "sdk");
        return Directory.GetDirectories(sdks)
            .Select(d => Path.Combine(d, "Roslyn", "bincore", "csc.dll"))
            .Where(File.Exists)
            .OrderBy(p => p, StringComparer.Ordinal)
            .LastOrDefault() ?? throw new FileNotFoundException("No Roslyn/bincore/csc.dll under " + sdks);
    }

    // The runtime's directory is <root>/shared/Microsoft.NETCore.App/<version>.
    private static string DotnetRoot() => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));

    /// <summary>The reference assemblies of the running runtime's major version (packs/Microsoft.NETCore.App.Ref).</summary>
    private static IEnumerable<string> ReferenceAssemblies()
    {
        var packs = Path.Combine(DotnetRoot(), "packs", "Microsoft.NETCore.App.Ref");
        var major = Environment.Version.Major.ToString(CultureInfo.InvariantCulture);
        var pack = Directory.GetDirectories(packs)
            .Where(d => Path.GetFileName(d).StartsWith(major + ".", StringComparison.Ordinal))
            .OrderBy(d => Version.Parse(Path.GetFileName(d).Split('-')[0]))
            .LastOrDefault() ?? throw new DirectoryNotFoundException("No " + major + ".x reference pack under " + packs);
        return Directory.GetFiles(Path.Combine(pack, "ref", "net" + major + ".0"), "*.dll").OrderBy(p => p, StringComparer.Ordinal);
    }

    /// <summary>A console's compilation as the SDK's targets spell it (Debug, nullable, the generator's dependencies beside it as the package has them).</summary>
    private static string WriteResponseFile(string root, int index, string generator, string document)
    {
        var folder = Path.Combine(root, index.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var program = Path.Combine(folder, "Program.cs");
        File.WriteAllText(program, "System.Console.WriteLine(\"hello\");\n");
        var lines = new List<string>
        {
            "/nostdlib+", "/nullable:enable", "/debug:portable", "/optimize-", "/deterministic+", "/langversion:latest", "/target:exe", "/reportanalyzer",
            "/out:" + Path.Combine(folder, "App.dll"),
            "/reference:" + typeof(DiscoveryGen.Runtime.ApiClient).Assembly.Location,
            "/analyzer:" + generator,
            "/additionalfile:" + document,
            program,
        };
        lines.AddRange(ReferenceAssemblies().Select(r => "/reference:" + r));
        var packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var dependency in new[] { "system.text.json/8.0.5/lib/netstandard2.0/System.Text.Json.dll", "system.text.encodings.web/8.0.0/lib/netstandard2.0/System.Text.Encodings.Web.dll", "microsoft.bcl.asyncinterfaces/8.0.0/lib/netstandard2.0/Microsoft.Bcl.AsyncInterfaces.dll" })
        {
            var path = Path.Combine(packages, dependency);
            if (File.Exists(path))
            {
                lines.Add("/analyzer:" + path);
            }
        }

        var responseFile = Path.Combine(folder, "csc.rsp");
        File.WriteAllLines(responseFile, lines.Select(l => "\"" + l + "\""));
        return responseFile;
    }

    private static (double Generator, double Wall) Compile(string csc, string responseFile)
    {
        var clock = Stopwatch.StartNew();
        var result = DotnetCli.Run("dotnet", new[] { csc, "/noconfig", "@" + responseFile }, Path.GetDirectoryName(responseFile)!, TimeSpan.FromMinutes(10));
        var wall = clock.Elapsed.TotalSeconds;
        result.EnsureSuccess("csc @" + responseFile);
        var line = result.Output.Split('\n').FirstOrDefault(l => l.TrimEnd().EndsWith(GeneratorType, StringComparison.Ordinal))
            ?? throw new InvalidOperationException("csc's /reportanalyzer output names no " + GeneratorType + ":\n" + result.Output);
        return (double.Parse(line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture), wall);
    }
}
