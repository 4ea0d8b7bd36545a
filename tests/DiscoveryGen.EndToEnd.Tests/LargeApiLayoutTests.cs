using System;
using System.IO;
using DiscoveryGen.Tests.Shared;
using Xunit;

namespace DiscoveryGen.EndToEnd.Tests;

/// <summary>
/// README "Large APIs": with the generated client in a class library of its own (samples/Gemini.Client) that the app
/// references (samples/Gemini.App), editing the app and building again does not recompile the client library.
/// The two sample projects are copied to a temp folder (their repository paths made absolute) and built for real.
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
                DotnetCli.Dotnet(root, TimeSpan.FromMinutes(10), null, "build", appProject).EnsureSuccess("the first build");
                Assert.True(File.Exists(clientDll), "no client library at " + clientDll);
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
