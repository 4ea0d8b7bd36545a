using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace DiscoveryGen.Tests.Shared;

/// <summary>Runs the dotnet CLI (or a built program) from a test, with a clean MSBuild environment and a time limit.</summary>
public static class DotnetCli
{
    /// <summary>The repository root (<see cref="TestPaths.RepoRoot"/>).</summary>
    public static string RepoRoot => TestPaths.RepoRoot;

    public sealed record Result(int ExitCode, string Output)
    {
        public Result EnsureSuccess(string what) =>
            ExitCode == 0 ? this : throw new InvalidOperationException($"{what} failed with exit code {ExitCode}:\n{Tail(Output, 6000)}");
    }

    /// <summary>
    /// Runs <paramref name="fileName"/> in <paramref name="workingDirectory"/>. MSBuild variables the test host inherited from
    /// `dotnet test` are removed so a nested build resolves its own SDK; extra variables are set after that.
    /// </summary>
    public static Result Run(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var key in new List<string>(start.Environment.Keys))
        {
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key is "MSBUILD_EXE_PATH" or "VSTEST_HOST_DEBUG")
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.Append(e.Data).Append('\n'); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.Append(e.Data).Append('\n'); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}:\n{Tail(output.ToString(), 4000)}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new Result(process.ExitCode, output.ToString());
        }
    }

    /// <summary>`dotnet` with MSBuild node reuse and the compiler server off, so nothing outlives the test.</summary>
    public static Result Dotnet(string workingDirectory, TimeSpan timeout, IDictionary<string, string>? environment, params string[] arguments)
    {
        var all = new List<string>(arguments);
        if (arguments.Length > 0 && arguments[0] is "build" or "pack" or "publish" or "restore" or "run")
        {
            all.Add("-nodeReuse:false");
            all.Add("-p:UseSharedCompilation=false");
        }

        return Run("dotnet", all, workingDirectory, timeout, environment);
    }

    /// <summary>
    /// Serializes the tests that build the repository's projects in Release (pack, NativeAOT publish) across test
    /// processes: `dotnet test` runs test assemblies in parallel, and two builds of one project would race on its files.
    /// </summary>
    public static IDisposable RepositoryBuildLock()
    {
        var folder = Path.Combine(RepoRoot, "artifacts");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, ".release-build.lock");
        var deadline = DateTime.UtcNow.AddMinutes(20);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                System.Threading.Thread.Sleep(500);
            }
        }
    }

    /// <summary>A new empty folder under the system temp folder (outside the repository, so no Directory.Build.* applies).</summary>
    public static string NewTempFolder(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), prefix + "-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        Directory.CreateDirectory(path);
        return path;
    }

    public static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string Tail(string text, int max) => text.Length <= max ? text : "..." + text.Substring(text.Length - max);
    /// <summary>
    /// The variables an MSBuild tool task passed to the process whose command line is <paramref name="lines"/>[<paramref name="commandLine"/>]
    /// in a detailed build log (<c>-v:d</c>, lines trimmed): ToolTask writes its header and one <c>NAME=VALUE</c> line
    /// each right above the command line. Empty when there is no such header.
    /// </summary>
    public static Dictionary<string, string> ToolEnvironment(IReadOnlyList<string> lines, int commandLine)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = commandLine - 1;
        for (; i >= 0 && lines[i].IndexOf('=', StringComparison.Ordinal) > 0; i--)
        {
            var split = lines[i].IndexOf('=', StringComparison.Ordinal);
            variables[lines[i][..split]] = lines[i][(split + 1)..];
        }

        return i >= 0 && lines[i] == "Environment Variables passed to tool:" ? variables : new Dictionary<string, string>(StringComparer.Ordinal);
    }
}
