using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using DiscoveryGen.Tests.Shared;
using Xunit;

namespace DiscoveryGen.EndToEnd.Tests;

/// <summary>
/// README "Large APIs": with the generated client in a class library of its own (samples/Gemini.Client) that the app
/// references (samples/Gemini.App), editing the app and building again does not recompile the client library.
/// The two sample projects are copied to a temp folder (their repository paths made absolute) and built for real.
/// The app's least-privilege report covers the API methods it calls in the library's client (README "Least-privilege report").
/// </summary>
public sealed class LargeApiLayoutTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public void EditingTheApp_DoesNotRecompileTheClientLibrary()
    {
        var root = DotnetCli.NewTempFolder("discoverygen-layout");
        try
        {
            var client = Copy("Gemini.Client", root);
            var app = Copy("Gemini.App", root);
            var appProject = Path.Combine(app, "Gemini.App.csproj");
            var clientDll = Path.Combine(client, "obj", "Debug", "net10.0", "Gemini.Client.dll");
            var appDll = Path.Combine(app, "obj", "Debug", "net10.0", "Gemini.App.dll");

            using (DotnetCli.RepositoryBuildLock())
            {
                var firstBuild = DotnetCli.Dotnet(root, TimeSpan.FromMinutes(10), null, "build", appProject).EnsureSuccess("the first build").Output;
                Assert.True(File.Exists(clientDll), "no client library at " + clientDll);
                AssertAppReport(app, client, firstBuild);
                var clientWritten = File.GetLastWriteTimeUtc(clientDll);
                var appWritten = File.GetLastWriteTimeUtc(appDll);

                File.AppendAllText(Path.Combine(app, "Program.cs"), "Console.WriteLine(\"edited\");\n");
                DotnetCli.Dotnet(root, TimeSpan.FromMinutes(10), null, "build", appProject, "--no-restore").EnsureSuccess("the build after an app edit");

                // The app was compiled again; the client library was not (its assembly was not written again).
                Assert.True(File.GetLastWriteTimeUtc(appDll) > appWritten, "the edited app was not recompiled");
                Assert.Equal(clientWritten, File.GetLastWriteTimeUtc(clientDll));

                var run = DotnetCli.Dotnet(root, TimeSpan.FromMinutes(5), null, "run", "--project", appProject, "--no-build").EnsureSuccess("the app");
                Assert.Contains("cloudaicompanion v1: 89 methods", run.Output, StringComparison.Ordinal);
                Assert.Contains("edited", run.Output, StringComparison.Ordinal);
            }
        }
        finally
        {
            DotnetCli.TryDelete(root);
        }
    }

    /// <summary>
    /// Gemini.App's report lists what its Program.cs calls in Gemini.Client's client (operations.list through
    /// ListAllAsync), with the sidecar's permission; the library's own report lists nothing, and the build says why.
    /// </summary>
    private static void AssertAppReport(string app, string client, string buildOutput)
    {
        var appReport = Path.Combine(app, "bin", "Debug", "net10.0", "Gemini.App.iam.json");
        using (var report = JsonDocument.Parse(File.ReadAllText(appReport)))
        {
            var root = report.RootElement;
            Assert.Equal("Gemini.App", root.GetProperty("assembly").GetString());
            var method = Assert.Single(root.GetProperty("methods").EnumerateArray().ToList());
            Assert.Equal("cloudaicompanion.projects.locations.operations.list", method.GetProperty("id").GetString());
            Assert.Equal(new[] { "Program.Main" }, method.GetProperty("calledFrom").EnumerateArray().Select(e => e.GetString()).ToArray());
            Assert.Equal(SidecarPermissions("cloudaicompanion.projects.locations.operations.list"), root.GetProperty("permissions").EnumerateArray().Select(e => e.GetString()!).ToArray());
        }

        Assert.Contains("- \"cloudaicompanion.operations.list\"", File.ReadAllLines(Path.Combine(app, "bin", "Debug", "net10.0", "Gemini.App.iam-role.yaml")));
        Assert.Contains($"DiscoveryGen least-privilege report: {appReport} lists 1 IAM permission for 1 API method (generated client in Gemini.Client included);", buildOutput, StringComparison.Ordinal);

        using (var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(client, "bin", "Debug", "net10.0", "Gemini.Client.iam.json"))))
        {
            Assert.Empty(report.RootElement.GetProperty("methods").EnumerateArray());
        }

        Assert.Contains("DiscoveryGen: no code in Gemini.Client outside its generated client calls an API method; an assembly that references Gemini.Client and calls its client lists those methods in its own report.", buildOutput, StringComparison.Ordinal);
    }

    /// <summary>The permissions the shipped sidecar lists for a method: the expectation comes from the sidecar.</summary>
    private static string[] SidecarPermissions(string id)
    {
        using var sidecar = JsonDocument.Parse(File.ReadAllText(Path.Combine(DotnetCli.RepoRoot, "discovery", "cloudaicompanion.v1.iam.json")));
        return sidecar.RootElement.GetProperty("methods").GetProperty(id).GetProperty("permissions").EnumerateArray()
            .Select(p => p.GetProperty("permission").GetString()!)
            .ToArray();
    }

    /// <summary>Copies a sample project, turning its "../../" repository paths into absolute ones.</summary>
    private static string Copy(string sample, string root)
    {
        var source = Path.Combine(DotnetCli.RepoRoot, "samples", sample);
        var target = Path.Combine(root, sample);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            var text = File.ReadAllText(file).Replace("../../", DotnetCli.RepoRoot.TrimEnd('/') + "/", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(target, Path.GetFileName(file)), text);
        }

        return target;
    }
}
