using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DiscoveryGen.Tests.Shared;
using Xunit;

namespace DiscoveryGen.Build.Tasks.Tests;

/// <summary>
/// DiscoveryGen.props gives the csc process of a project with a discovery document <c>DOTNET_TieredPGO=0</c> (README
/// "Large APIs"), and leaves the compiler alone everywhere else: no document, the opt-out property, or a setting of the
/// user's own. Read from what the Csc task says it passes to the compiler process (a detailed log of a real build
/// without the compiler server, as `dotnet build -p:UseSharedCompilation=false` runs it).
/// </summary>
[Trait("Category", "Slow")]
public sealed class CompilerEnvironmentTests : IDisposable
{
    private const string Setting = "DOTNET_TieredPGO=0";

    private readonly string _folder = DotnetCli.NewTempFolder("discoverygen-cscenv");

    public void Dispose() => DotnetCli.TryDelete(_folder);

    [Fact]
    public void ProjectWithADocument_CompilesWithoutDynamicPgo_UnlessTheUserSaysOtherwise()
    {
        Write(withDocument: true);
        Assert.Contains(Setting, CompilerEnvironment());

        // Off with the property.
        Write(withDocument: true, "<DiscoveryGenCompilerPgo>true</DiscoveryGenCompilerPgo>");
        Assert.DoesNotContain(Setting, CompilerEnvironment());

        // The user's own setting, in the project's CscEnvironment or in the environment, is kept as it is.
        Write(withDocument: true, "<CscEnvironment>DOTNET_TieredPGO=1</CscEnvironment>");
        var own = CompilerEnvironment();
        Assert.Contains("DOTNET_TieredPGO=1", own);
        Assert.DoesNotContain(Setting, own);
        Write(withDocument: true);
        Assert.DoesNotContain(Setting, CompilerEnvironment(new Dictionary<string, string> { ["DOTNET_TieredPGO"] = "1" }));

        // Another variable the project passes stays beside the setting.
        Write(withDocument: true, "<CscEnvironment>DISCOVERYGEN_TEST=1</CscEnvironment>");
        var both = CompilerEnvironment();
        Assert.Contains("DISCOVERYGEN_TEST=1", both);
        Assert.Contains(Setting, both);
    }

    [Fact]
    public void ProjectWithoutADocument_LeavesTheCompilerAlone()
    {
        Write(withDocument: false);
        Assert.DoesNotContain(Setting, CompilerEnvironment());
    }

    private void Write(bool withDocument, string properties = "")
    {
        var repo = DotnetCli.RepoRoot;
        File.WriteAllText(Path.Combine(_folder, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{repo}/generator/build/DiscoveryGen.props" />
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                <AdditionalFiles Include="notes.txt" />
                {(withDocument ? $"""<AdditionalFiles Include="{repo}/discovery/cloudaicompanion.v1.json" />""" : string.Empty)}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(_folder, "notes.txt"), "not a discovery document\n");
        File.WriteAllText(Path.Combine(_folder, "Program.cs"), "System.Console.WriteLine(1);\n");
    }

    /// <summary>The variables the Csc task passes to the compiler process in a full rebuild (none: empty).</summary>
    private List<string> CompilerEnvironment(IDictionary<string, string>? environment = null)
    {
        var log = DotnetCli.Dotnet(_folder, TimeSpan.FromMinutes(5), environment, "build", "--no-incremental", "-v:d")
            .EnsureSuccess("dotnet build of " + File.ReadAllText(Path.Combine(_folder, "App.csproj"))).Output.Split('\n').Select(l => l.Trim()).ToList();
        var compile = log.FindIndex(l => l.Contains("/Roslyn/bincore/csc", StringComparison.Ordinal) && l.Contains("/out:obj/", StringComparison.Ordinal));
        Assert.True(compile >= 0, "The build ran no csc for the app:\n" + string.Join('\n', log.TakeLast(40)));

        return DotnetCli.ToolEnvironment(log, compile).Select(v => v.Key + "=" + v.Value).ToList();
    }
}
