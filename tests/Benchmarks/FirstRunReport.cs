using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.CodeAnalysis.Text;

namespace DiscoveryGen.Benchmarks;

/// <summary>
/// `-- firstrun [doc...] [--runs N]`: what generation costs the first time a process runs it, as in a build without a
/// compiler server, where csc loads and jits the generator anew for every build. Each sample is a new process that
/// parses, builds and emits the document once (the generator's three phases, called directly: the generator driver's
/// first-run costs are left out, since this process's Roslyn is not ReadyToRun as csc's is; `-- csc` measures the
/// generator inside the SDK's own csc), beside the first <c>JsonDocument.Parse</c> of the
/// same bytes in the same process. Thread CPU time on Linux (the JIT's first compilation of every method runs on the
/// thread that calls it, so it is counted), and emitting's wall time beside; medians of N processes (default 7).
/// </summary>
internal static class FirstRunReport
{
    public static int Run(TextWriter output, string[] arguments)
    {
        var runs = 7;
        var documents = new List<string>();
        for (var i = 0; i < arguments.Length; i++)
        {
            if (arguments[i] == "--runs" && i + 1 < arguments.Length)
            {
                runs = int.Parse(arguments[++i], CultureInfo.InvariantCulture);
            }
            else
            {
                documents.Add(arguments[i]);
            }
        }

        output.WriteLine($"First run in a new process, medians of {runs} processes, {PhaseReport.ClockKind}.");
        output.WriteLine();
        output.WriteLine("| Document | First JsonDocument.Parse | First generation | ratio | Parse | Build | Emit | Emit, wall |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var name in documents.Count > 0 ? documents : new List<string> { "storage.v1", "aiplatform.v1" })
        {
            var samples = new List<double[]>();
            for (var r = 0; r < runs; r++)
            {
                samples.Add(Child(name));
            }

            double Median(int column)
            {
                var values = samples.Select(s => s[column]).OrderBy(v => v).ToList();
                return values[values.Count / 2];
            }

            var json = Median(0);
            var generation = Median(1);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {json:F1} ms | {generation:F1} ms | {generation / json:F0}× | {Median(2):F1} ms | {Median(3):F1} ms | {Median(4):F1} ms | {Median(5):F1} ms |"));
        }

        return 0;
    }

    /// <summary>The child process's part: one first run, printed as six numbers (ms).</summary>
    public static int RunChild(TextWriter output, string name)
    {
        var path = Corpus.Discovery(name + ".json");
        var bytes = File.ReadAllBytes(path);
        var text = CompilerText.From(File.ReadAllText(path));

        var start = PhaseReport.ThreadCpuMilliseconds();
        using (var document = JsonDocument.Parse(bytes))
        {
            _ = document.RootElement.GetPropertyCount();
        }

        var json = PhaseReport.ThreadCpuMilliseconds() - start;
        var phases = PhaseReport.GenerateByPhase(path, text);
        if (phases.Chars == 0)
        {
            throw new InvalidOperationException(name + " generated nothing.");
        }

        output.WriteLine(string.Join(' ', new[] { json, phases.ParseMs + phases.BuildMs + phases.EmitMs, phases.ParseMs, phases.BuildMs, phases.EmitMs, phases.EmitWallMs }.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        return 0;
    }

    private static double[] Child(string name)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(FirstRunReport).Assembly.Location);
        }

        start.ArgumentList.Add("firstrun-child");
        start.ArgumentList.Add(name);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (process.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException("firstrun-child " + name + " failed (exit " + process.ExitCode.ToString(CultureInfo.InvariantCulture) + "):\n" + stdout + stderr);
        }

        return line.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
    }
}
