using System;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Tasks;
using DiscoveryGen.Tests.Shared;
using Xunit;

namespace DiscoveryGen.EndToEnd.Tests;

/// <summary>
/// README "Large APIs", one project with <c>SeparateAssembly="true"</c>: the build compiles the document's client into
/// an assembly of its own (obj/…/discoverygen/App.cloudaicompanion.v1.dll), references it instead of generating the
/// client into the app, and skips that compile when only the app's code changed; a change of the document or of a
/// knob compiles it again. An app outside the repository (the generator and runtime as ProjectReferences,
/// DiscoveryGen.props and DiscoveryGen.targets imported, as a package brings them), built and run for real against
/// Kestrel on 127.0.0.1.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SeparateAssemblyTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    private readonly string _folder = DotnetCli.NewTempFolder("discoverygen-separate");

    public void Dispose() => DotnetCli.TryDelete(_folder);

    private string ClientDll => Path.Combine(_folder, "obj", "Debug", "net10.0", "discoverygen", "App.cloudaicompanion.v1.dll");

    private string AppDll => Path.Combine(_folder, "obj", "Debug", "net10.0", "App.dll");

    private string Bin(string file) => Path.Combine(_folder, "bin", "Debug", "net10.0", file);

    [Fact]
    public async Task ClientCompiledOnce_AppEditsSkipIt_DocumentAndKnobChangesRecompileIt()
    {
        // The document and its sidecar are copied, so that the test can change them.
        CopyDocuments();
        WriteProject("Acme.Gemini");
        WriteProgram("Acme.Gemini", string.Empty);
        WriteLibrary(string.Empty);

        using (DotnetCli.RepositoryBuildLock())
        {
            var first = Build();

            // The client is its own assembly, beside the app with its PDB and XML docs; the app holds none of it.
            Assert.True(File.Exists(ClientDll), "no client assembly at " + ClientDll);
            foreach (var file in new[] { "App.cloudaicompanion.v1.dll", "App.cloudaicompanion.v1.pdb", "App.cloudaicompanion.v1.xml" })
            {
                Assert.True(File.Exists(Bin(file)), file + " was not copied to the output folder");
            }

            Assert.Contains("CloudAICompanionService", TypeNames(ClientDll));
            Assert.DoesNotContain("CloudAICompanionService", TypeNames(AppDll));
            Assert.Contains("<member name=\"T:Acme.Gemini.CloudAICompanionService\">", File.ReadAllText(Bin("App.cloudaicompanion.v1.xml")), StringComparison.Ordinal);

            // The least-privilege report follows the app's call into the client assembly.
            using (var report = JsonDocument.Parse(File.ReadAllText(Bin("App.iam.json"))))
            {
                var method = Assert.Single(report.RootElement.GetProperty("methods").EnumerateArray().ToList());
                Assert.Equal("cloudaicompanion.projects.locations.operations.get", method.GetProperty("id").GetString());
            }

            Assert.Contains("(generated client in App.cloudaicompanion.v1 included)", first, StringComparison.Ordinal);

            // The app runs and calls the API through the internal client (Visibility="internal": the client assembly
            // lets the app see its internals).
            await RunAgainstKestrel("Acme.Gemini");

            // A project that references the app (a test project) compiles against the client too, and sees its
            // internals as the app's friend (InternalsVisibleTo), as it would with the client inline in the app.
            AssertConsumerUsesTheClient();

            // A pack of the project carries the client beside the project's assembly (the pack asks for the client list
            // in a project instance of its own, where the generator reference is not resolved: no DG0901 there).
            var packed = Path.Combine(_folder, "packed");
            DotnetCli.Dotnet(_folder, Timeout, null, "pack", "--no-build", "-c", "Debug", "-o", packed, "-p:Version=1.0.0").EnsureSuccess("dotnet pack of the app");
            using (var package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(packed, "App.1.0.0.nupkg")))
            {
                Assert.Contains("lib/net10.0/App.cloudaicompanion.v1.dll", package.Entries.Select(e => e.FullName));
            }

            // An edit of the app compiles the app, not the client.
            var clientWritten = File.GetLastWriteTimeUtc(ClientDll);
            var appWritten = File.GetLastWriteTimeUtc(AppDll);
            WriteProgram("Acme.Gemini", "Console.WriteLine(\"edited\");");
            var second = Build();
            Assert.True(File.GetLastWriteTimeUtc(AppDll) > appWritten, "the edited app was not recompiled");
            Assert.Equal(clientWritten, File.GetLastWriteTimeUtc(ClientDll));
            Assert.Contains("Skipping target \"_DiscoveryGenCompileSeparateClients\"", second, StringComparison.Ordinal);

            // So does a change of the public API of a project the app references: the client does not need it.
            appWritten = File.GetLastWriteTimeUtc(AppDll);
            WriteLibrary("public static string Extra() => \"extra\";");
            Build();
            Assert.True(File.GetLastWriteTimeUtc(AppDll) > appWritten, "the app was not recompiled against the changed library");
            Assert.Equal(clientWritten, File.GetLastWriteTimeUtc(ClientDll));

            // A changed document compiles the client again.
            var document = Path.Combine(_folder, "cloudaicompanion.v1.json");
            File.WriteAllText(document, File.ReadAllText(document).Replace("\"title\": \"Gemini for Google Cloud API\"", "\"title\": \"Gemini for Google Cloud API (edited)\"", StringComparison.Ordinal));
            Build();
            Assert.True(File.GetLastWriteTimeUtc(ClientDll) > clientWritten, "the client was not compiled again after its document changed");

            // So does a changed knob: the namespace moves, and the app that uses the new one builds and runs.
            clientWritten = File.GetLastWriteTimeUtc(ClientDll);
            WriteProject("Acme.Gemini2");
            WriteProgram("Acme.Gemini2", string.Empty);
            Build();
            Assert.True(File.GetLastWriteTimeUtc(ClientDll) > clientWritten, "the client was not compiled again after its Namespace changed");
            await RunAgainstKestrel("Acme.Gemini2");
        }
    }

    /// <summary>
    /// A strong-named app (SignAssembly, a key pair file) with a strong-named library and friend, all under warnings as
    /// errors: the client compiled apart is not signed (.NET ignores strong names; the SDK silences CS8002 for .NET),
    /// names the app by name and the friend with the public key the app's InternalsVisibleTo item gives it (here as
    /// <c>PublicKey</c> metadata), so the app and the friend both use the internal client.
    /// </summary>
    [Fact]
    public async Task StrongNamedApp_AndItsStrongNamedFriend_UseTheInternalClientCompiledApart()
    {
        CopyDocuments();
        using var rsa = new RSACryptoServiceProvider(1024);
        File.WriteAllBytes(Path.Combine(_folder, "app.snk"), rsa.ExportCspBlob(includePrivateParameters: true));

        // The public key as an assembly carries it: signature and hash algorithms, the blob's length, the public blob
        // marked a signature key (checked below against the key the compiler gives the app).
        var blob = rsa.ExportCspBlob(includePrivateParameters: false);
        blob[5] = 0x24;
        var key = new byte[] { 0x00, 0x24, 0x00, 0x00, 0x04, 0x80, 0x00, 0x00 }.Concat(BitConverter.GetBytes(blob.Length)).Concat(blob).ToArray();
        var hex = Convert.ToHexString(key);
        WriteProject("Acme.Gemini", "<SignAssembly>true</SignAssembly><AssemblyOriginatorKeyFile>app.snk</AssemblyOriginatorKeyFile>", $"PublicKey=\"{hex}\"");
        WriteProgram("Acme.Gemini", string.Empty);
        WriteLibrary(string.Empty, "<SignAssembly>true</SignAssembly><AssemblyOriginatorKeyFile>../app.snk</AssemblyOriginatorKeyFile>");

        using (DotnetCli.RepositoryBuildLock())
        {
            Build();

            Assert.Equal(key, PublicKey(AppDll));
            Assert.Empty(PublicKey(ClientDll));
            var friends = File.ReadAllText(Path.Combine(_folder, "obj", "Debug", "net10.0", "discoverygen", "App.DiscoveryGen.AssemblyInfo.cs"));
            Assert.Contains("InternalsVisibleTo(\"App\")", friends, StringComparison.Ordinal);
            Assert.Contains($"InternalsVisibleTo(\"Consumer, PublicKey={hex}\")", friends, StringComparison.Ordinal);

            await RunAgainstKestrel("Acme.Gemini");

            AssertConsumerUsesTheClient("<SignAssembly>true</SignAssembly><AssemblyOriginatorKeyFile>../app.snk</AssemblyOriginatorKeyFile>");
        }
    }

    /// <summary>Asked for without a DiscoveryGen generator to compile with: one clear error, not a client-less build.</summary>
    [Fact]
    public void WithoutTheGenerator_TheBuildFailsWithDG0901() =>
        AssertBuildFailsBeforeAnyClient(
            string.Empty,
            $"""<AdditionalFiles Include="{DotnetCli.RepoRoot.TrimEnd('/')}/discovery/cloudaicompanion.v1.json" SeparateAssembly="true" />""",
            "error DG0901: DiscoveryGen: SeparateAssembly needs exactly one DiscoveryGen.Generator analyzer reference; found 0");

    /// <summary>Two documents whose client assemblies would share a name: one clear error before anything is compiled.</summary>
    [Fact]
    public void TwoDocumentsWithOneFileName_FailWithDG0902()
    {
        var repo = DotnetCli.RepoRoot.TrimEnd('/');
        foreach (var folder in new[] { "a", "b" })
        {
            Directory.CreateDirectory(Path.Combine(_folder, folder));
            File.Copy(Path.Combine(repo, "discovery", "cloudaicompanion.v1.json"), Path.Combine(_folder, folder, "api.v1.json"));
        }

        AssertBuildFailsBeforeAnyClient(
            "<DiscoveryGenSeparateAssembly>true</DiscoveryGenSeparateAssembly>",
            $"""
            <Analyzer Include="{repo}/generator/bin/Release/netstandard2.0/DiscoveryGen.Generator.dll" />
            <AdditionalFiles Include="a/api.v1.json" Namespace="Acme.A" />
            <AdditionalFiles Include="b/api.v1.json" Namespace="Acme.B" />
            """,
            "error DG0902: DiscoveryGen: two documents with SeparateAssembly have the same file name, so their client assemblies would have the same name (App.api.v1, App.api.v1)");
    }

    /// <summary>Builds a console with these properties and items; the build fails with the error, and no client folder was made.</summary>
    private void AssertBuildFailsBeforeAnyClient(string properties, string items, string error)
    {
        WriteConsole(_folder, "App", properties, items);
        File.WriteAllText(Path.Combine(_folder, "Program.cs"), "System.Console.WriteLine(1);\n");

        var result = DotnetCli.Dotnet(_folder, Timeout, null, "build");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(error, result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "obj", "Debug", "net10.0", "discoverygen")));
    }

    private async Task RunAgainstKestrel(string ns)
    {
        await using var server = await LoopbackServer.StartAsync(_ => CannedResponse.Json("""{"name":"projects/p/locations/l/operations/op-1","done":true}"""));
        var run = DotnetCli.Dotnet(_folder, Timeout, null, "exec", Bin("App.dll"), server.BaseUri.ToString()).EnsureSuccess("the app");
        Assert.Contains("operation projects/p/locations/l/operations/op-1 done=True", run.Output, StringComparison.Ordinal);
        Assert.Contains("client assembly: App.cloudaicompanion.v1, namespace " + ns, run.Output, StringComparison.Ordinal);
        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/v1/projects/p/locations/l/operations/op-1", request.Path);
    }

    private string Build() =>
        DotnetCli.Dotnet(_folder, Timeout, null, "build", "-v:d").EnsureSuccess("dotnet build of " + File.ReadAllText(Path.Combine(_folder, "App.csproj"))).Output;

    /// <summary>The app: the document's client compiled apart and internal, a library and a friend (Consumer) of its own.</summary>
    /// <param name="ns">The client's namespace.</param>
    /// <param name="signing">Properties that strong-name the app.</param>
    /// <param name="consumerKey">Metadata of the friend's item that gives its public key, when the app is strong-named.</param>
    private void WriteProject(string ns, string signing = "", string consumerKey = "")
    {
        var repo = DotnetCli.RepoRoot.TrimEnd('/');
        WriteConsole(
            _folder,
            "App",
            $"""
            {signing}
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <DefaultItemExcludes>$(DefaultItemExcludes);Lib/**;Consumer/**</DefaultItemExcludes>
            <DiscoveryGenBuildTasksAssembly>{repo}/runtime/DiscoveryGen.Build.Tasks/bin/Debug/netstandard2.0/DiscoveryGen.Build.Tasks.dll</DiscoveryGenBuildTasksAssembly>
            """,
            $"""
            <ProjectReference Include="{repo}/generator/DiscoveryGen.Generator.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
            <ProjectReference Include="{repo}/runtime/DiscoveryGen.Runtime/DiscoveryGen.Runtime.csproj" />
            <ProjectReference Include="{repo}/runtime/DiscoveryGen.Build.Tasks/DiscoveryGen.Build.Tasks.csproj" ReferenceOutputAssembly="false" PrivateAssets="all" SkipGetTargetFrameworkProperties="true" />
            <ProjectReference Include="Lib/Lib.csproj" />
            <InternalsVisibleTo Include="Consumer" {consumerKey} />
            <AdditionalFiles Include="cloudaicompanion.v1.json" Namespace="{ns}" Visibility="internal" SeparateAssembly="true" />
            <AdditionalFiles Include="cloudaicompanion.v1.iam.json" />
            """,
            $"""<Import Project="{repo}/runtime/DiscoveryGen.Build.Tasks/DiscoveryGen.targets" />""");
    }

    /// <summary>A class library the app references (a project of the user's own, outside the client's inputs).</summary>
    /// <param name="members">Members of its one class beside <c>Text()</c>.</param>
    /// <param name="signing">Properties that strong-name it.</param>
    private void WriteLibrary(string members, string signing = "")
    {
        var folder = Path.Combine(_folder, "Lib");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "Lib.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                {signing}
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Greeting.cs"), "namespace Lib;\n\npublic static class Greeting\n{\n    public static string Text() => \"hello\";\n" + members + "\n}\n");
    }

    /// <summary>The shipped document and its IAM sidecar, copied beside the app (so that a test can change them).</summary>
    private void CopyDocuments()
    {
        foreach (var file in new[] { "cloudaicompanion.v1.json", "cloudaicompanion.v1.iam.json" })
        {
            File.Copy(Path.Combine(DotnetCli.RepoRoot, "discovery", file), Path.Combine(_folder, file));
        }
    }

    /// <summary>Writes, builds and runs <see cref="WriteConsumer"/>'s project: it compiles against the app's internal client and calls it.</summary>
    /// <param name="signing">Properties that strong-name it.</param>
    private void AssertConsumerUsesTheClient(string signing = "")
    {
        WriteConsumer(signing);
        var consumer = Path.Combine(_folder, "Consumer");
        DotnetCli.Dotnet(consumer, Timeout, null, "build").EnsureSuccess("dotnet build of the project that references the app");
        var run = DotnetCli.Dotnet(consumer, Timeout, null, "exec", Path.Combine(consumer, "bin", "Debug", "net10.0", "Consumer.dll")).EnsureSuccess("the consumer");
        Assert.Contains("consumer sees App.cloudaicompanion.v1: 89 methods", run.Output, StringComparison.Ordinal);
    }

    /// <summary>A project that references the app, as a test project does, and uses the app's internal client.</summary>
    /// <param name="signing">Properties that strong-name it.</param>
    private void WriteConsumer(string signing)
    {
        var folder = Path.Combine(_folder, "Consumer");
        Directory.CreateDirectory(folder);
        WriteConsole(folder, "Consumer", "<TreatWarningsAsErrors>true</TreatWarningsAsErrors>" + signing, """<ProjectReference Include="../App.csproj" />""");
        File.WriteAllText(Path.Combine(folder, "Program.cs"), """
            var service = typeof(Acme.Gemini.CloudAICompanionService);
            System.Console.WriteLine($"consumer sees {service.Assembly.GetName().Name}: {Acme.Gemini.CloudAICompanionService.Methods.Count} methods");

            """);
    }

    /// <summary>
    /// <c>folder/name.csproj</c>: a net10.0 console that imports the repository's DiscoveryGen.props, with these
    /// properties and items, and <paramref name="imports"/> after them.
    /// </summary>
    private static void WriteConsole(string folder, string name, string properties, string items, string imports = "")
    {
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{DotnetCli.RepoRoot.TrimEnd('/')}/generator/build/DiscoveryGen.props" />
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
            {properties}
              </PropertyGroup>
              <ItemGroup>
            {items}
              </ItemGroup>
              {imports}
            </Project>
            """);
    }

    private void WriteProgram(string ns, string extra) => File.WriteAllText(Path.Combine(_folder, "Program.cs"), $$"""
        using DiscoveryGen.Runtime;
        using {{ns}};

        using var http = new HttpClient();
        var service = new CloudAICompanionService(http, new ClientOptions { BaseUri = new Uri(args[0]) });
        var operation = await service.Projects.Locations.Operations.GetAsync("projects/p/locations/l/operations/op-1");
        Console.WriteLine($"operation {operation.Name} done={operation.Done}");
        Console.WriteLine($"client assembly: {typeof(CloudAICompanionService).Assembly.GetName().Name}, namespace {typeof(CloudAICompanionService).Namespace}");
        Console.WriteLine(Lib.Greeting.Text());
        {{extra}}

        """);

    /// <summary>The public key in an assembly's identity (read from its metadata; the assembly is not loaded).</summary>
    private static byte[] PublicKey(string assembly)
    {
        using var pe = new PEReader(File.OpenRead(assembly));
        var reader = pe.GetMetadataReader();
        return reader.GetBlobBytes(reader.GetAssemblyDefinition().PublicKey);
    }

    /// <summary>The names of the types an assembly defines (read from its metadata; the assembly is not loaded).</summary>
    private static string[] TypeNames(string assembly)
    {
        using var pe = new PEReader(File.OpenRead(assembly));
        var reader = pe.GetMetadataReader();
        return reader.TypeDefinitions.Select(handle => reader.GetString(reader.GetTypeDefinition(handle).Name)).ToArray();
    }
}
