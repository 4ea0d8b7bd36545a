using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using DiscoveryGen.Tests.Shared;
using Microsoft.AspNetCore.WebUtilities;
using Xunit;

namespace DiscoveryGen.Packaging.Tests;

/// <summary>
/// Fresh projects outside the repository consume the packages from the local folder feed exactly as a user would
/// (PackageReferences and an AdditionalFiles line), build with warnings as errors, and run: the generated client alone,
/// the knobs, <c>AddDiscoveryClient&lt;T&gt;</c> from the DI package, and README's first call through the Google.Apis.Auth
/// package, the last two against Kestrel on 127.0.0.1.
/// </summary>
[Collection(PackageCollection.Name)]
[Trait("Category", "Slow")]
public sealed class PackageConsumerTests
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(1);

    private readonly PackageFixture _package;

    public PackageConsumerTests(PackageFixture package) => _package = package;

    private static string DocumentPath => Path.Combine(DotnetCli.RepoRoot, "discovery", "cloudaicompanion.v1.json");

    /// <summary>
    /// The restore extracts into a package folder of its own (so test versions never pile up in the user's cache), takes
    /// what the user's cache already has from it as a read-only fallback, and still reaches nuget.org for the rest.
    /// </summary>
    private Dictionary<string, string> RestoreEnvironment => new() { ["NUGET_PACKAGES"] = Path.Combine(_package.Root, "packages") };

    private static string UserPackageCache =>
        System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private string PackageReference(string id) => $"""    <PackageReference Include="{id}" Version="{_package.Version}" />""";

    private string NewConsumer(string name, string itemGroup, string program, string properties = "")
    {
        var folder = Path.Combine(_package.Root, name);
        Directory.CreateDirectory(folder);
        var fallback = Directory.Exists(UserPackageCache)
            ? $"""<fallbackPackageFolders><add key="user" value="{UserPackageCache}" /></fallbackPackageFolders>"""
            : "";
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{_package.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              {fallback}
            </configuration>
            """);
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            {properties}
              </PropertyGroup>
              <ItemGroup>
            {itemGroup}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), program);
        File.Copy(DocumentPath, Path.Combine(folder, "cloudaicompanion.v1.json"));
        return folder;
    }

    private string Build(string folder)
    {
        DotnetCli.Dotnet(folder, BuildTimeout, RestoreEnvironment, "build", "-c", "Release").EnsureSuccess("dotnet build of the package consumer " + Path.GetFileName(folder));
        return Path.Combine(folder, "bin", "Release", "net10.0", Path.GetFileName(folder) + ".dll");
    }

    private static string Run(string dll, IDictionary<string, string>? environment = null, params string[] arguments) =>
        DotnetCli.Run("dotnet", new[] { dll }.Concat(arguments), Path.GetDirectoryName(dll)!, RunTimeout, environment).EnsureSuccess("the consumer program").Output;

    private const string CapturingHandler = """
        sealed class Capture : HttpMessageHandler
        {
            public string Request { get; private set; } = "";

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
                Request = $"{request.Method} {request.RequestUri!.PathAndQuery} {request.Content?.Headers.ContentType} {body}";
                return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
            }
        }
        """;

    private static int MethodCount(JsonElement resource) =>
        (resource.TryGetProperty("methods", out var methods) ? methods.EnumerateObject().Count() : 0)
        + (resource.TryGetProperty("resources", out var resources) ? resources.EnumerateObject().Sum(r => MethodCount(r.Value)) : 0);

    /// <summary>projects.locations.list in two pages, as the API answers it.</summary>
    private static CannedResponse Locations(RecordedRequest request) =>
        request.Path != "/v1/projects/my-project/locations" ? CannedResponse.Json("""{"error":{"code":404,"message":"not here","status":"NOT_FOUND"}}""", 404)
        : request.QueryValues("pageToken").SingleOrDefault() == "page-2" ? CannedResponse.Json("""{"locations":[{"name":"projects/my-project/locations/europe-west1","locationId":"europe-west1"}]}""")
        : CannedResponse.Json("""{"locations":[{"name":"projects/my-project/locations/us-central1","locationId":"us-central1"}],"nextPageToken":"page-2"}""");

    [Fact]
    public void FreshProject_WithOnlyThePackageReferenceAndTheDocument_BuildsAndRunsTheGeneratedClient()
    {
        var folder = NewConsumer(
            "Consumer",
            PackageReference("DiscoveryGen") + "\n" + """    <AdditionalFiles Include="cloudaicompanion.v1.json" />""",
            """
            using CloudAICompanion.V1;
            using DiscoveryGen.Runtime;

            var capture = new Capture();
            using var http = new HttpClient(capture);
            var service = new CloudAICompanionService(http, new ClientOptions { BaseUri = new Uri("http://127.0.0.1:9/") });
            await service.Projects.Locations.Operations.CancelAsync("projects/p1/locations/global/operations/op-1");
            Console.WriteLine($"methods={CloudAICompanionService.Methods.Count}");
            Console.WriteLine($"request={capture.Request}");

            """ + CapturingHandler);

        var output = Run(Build(folder));

        var expected = MethodCount(JsonDocument.Parse(File.ReadAllText(DocumentPath)).RootElement);
        Assert.Contains($"methods={expected}\n", output, StringComparison.Ordinal);
        Assert.Contains("request=POST /v1/projects/p1/locations/global/operations/op-1:cancel application/json; charset=utf-8 {}\n", output, StringComparison.Ordinal);

        // The package's task wrote the least-privilege report: the one method called, permission unknown without a sidecar.
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "bin", "Release", "net10.0", "Consumer.iam.json")));
        var method = Assert.Single(report.RootElement.GetProperty("methods").EnumerateArray());
        Assert.Equal("cloudaicompanion.projects.locations.operations.cancel", method.GetProperty("id").GetString());
        Assert.True(method.GetProperty("permissionUnknown").GetBoolean());
    }

    /// <summary>
    /// README "Large APIs": the client in a class library with the package, the app referencing the library only. The
    /// package's buildTransitive targets run the report in the app too, and the app's report covers the library's client.
    /// </summary>
    [Fact]
    public void ClientLibraryLayout_TheAppsReportCoversTheLibrarysClient()
    {
        NewConsumer(
            "Layout.Client",
            PackageReference("DiscoveryGen") + "\n" + """    <AdditionalFiles Include="cloudaicompanion.v1.json" Namespace="Acme.Layout" />""",
            "namespace Acme.Layout { public static class Marker { } }\n",
            "    <OutputType>Library</OutputType>");
        var app = NewConsumer(
            "Layout.App",
            """    <ProjectReference Include="../Layout.Client/Layout.Client.csproj" />""",
            """
            using Acme.Layout;

            using var http = new HttpClient();
            var service = new CloudAICompanionService(http);
            if (args.Length == 1)
            {
                await service.Projects.Locations.Operations.CancelAsync(args[0]);
            }

            Console.WriteLine($"methods={CloudAICompanionService.Methods.Count}");
            """);

        var output = Run(Build(app));

        Assert.Contains("methods=", output, StringComparison.Ordinal);
        using (var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(app, "bin", "Release", "net10.0", "Layout.App.iam.json"))))
        {
            var method = Assert.Single(report.RootElement.GetProperty("methods").EnumerateArray());
            Assert.Equal("cloudaicompanion.projects.locations.operations.cancel", method.GetProperty("id").GetString());
            Assert.Equal(new[] { "Program.Main" }, method.GetProperty("calledFrom").EnumerateArray().Select(e => e.GetString()).ToArray());
        }

        // The library's own report lists what its own code calls: nothing.
        using (var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(_package.Root, "Layout.Client", "bin", "Release", "net10.0", "Layout.Client.iam.json"))))
        {
            Assert.Empty(report.RootElement.GetProperty("methods").EnumerateArray());
        }
    }

    /// <summary>
    /// README "Large APIs": SeparateAssembly="true" through the package's buildTransitive props (which imports
    /// DiscoveryGen.SeparateAssembly.targets beside it) compiles the client into an assembly of its own with the
    /// package's generator and the JSON assemblies beside it, public and with its XML docs under warnings as errors; the
    /// app references it, runs, and its report follows the call into it.
    /// </summary>
    [Fact]
    public void SeparateAssembly_ThePackageCompilesTheClientApart_AndTheAppRunsIt()
    {
        var folder = NewConsumer(
            "Separate",
            PackageReference("DiscoveryGen") + "\n" + """    <AdditionalFiles Include="cloudaicompanion.v1.json" Namespace="Acme.Separate" SeparateAssembly="true" />""",
            """
            using Acme.Separate;
            using DiscoveryGen.Runtime;

            var capture = new Capture();
            using var http = new HttpClient(capture);
            var service = new CloudAICompanionService(http, new ClientOptions { BaseUri = new Uri("http://127.0.0.1:9/") });
            await service.Projects.Locations.Operations.CancelAsync("projects/p1/locations/global/operations/op-1");
            Console.WriteLine($"client={typeof(CloudAICompanionService).Assembly.GetName().Name} public={typeof(CloudAICompanionService).IsPublic}");
            Console.WriteLine($"request={capture.Request}");

            """ + CapturingHandler);

        var output = Run(Build(folder));

        Assert.Contains("client=Separate.cloudaicompanion.v1 public=True\n", output, StringComparison.Ordinal);
        Assert.Contains("request=POST /v1/projects/p1/locations/global/operations/op-1:cancel application/json; charset=utf-8 {}\n", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "obj", "Release", "net10.0", "discoverygen", "Separate.cloudaicompanion.v1.dll")));
        Assert.Contains("<member name=\"T:Acme.Separate.CloudAICompanionService\">", File.ReadAllText(Path.Combine(folder, "bin", "Release", "net10.0", "Separate.cloudaicompanion.v1.xml")), StringComparison.Ordinal);
        using (var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "bin", "Release", "net10.0", "Separate.iam.json"))))
        {
            var method = Assert.Single(report.RootElement.GetProperty("methods").EnumerateArray());
            Assert.Equal("cloudaicompanion.projects.locations.operations.cancel", method.GetProperty("id").GetString());
        }

        // A project that references the app (as a test project does) gets the package's targets transitively, compiles
        // against the client assembly and has it in its output.
        var tests = NewConsumer(
            "Separate.Tests",
            """    <ProjectReference Include="../Separate/Separate.csproj" />""",
            """
            Console.WriteLine($"tests see {typeof(Acme.Separate.CloudAICompanionService).Assembly.GetName().Name}: {Acme.Separate.CloudAICompanionService.Methods.Count} methods");
            """);
        Assert.Contains("tests see Separate.cloudaicompanion.v1: 89 methods", Run(Build(tests)), StringComparison.Ordinal);
    }

    /// <summary>
    /// README "Large APIs": a client library with its client compiled apart, packed with <c>dotnet pack</c>, carries the
    /// client assembly beside its own (with its XML docs, and its PDB in the symbol package), so an app that takes the
    /// library from a feed compiles against both and runs.
    /// </summary>
    [Fact]
    public void SeparateAssembly_APackedLibraryCarriesItsClient_AndAnAppUsesItFromTheFeed()
    {
        var version = "1.0.0-t" + Guid.NewGuid().ToString("N")[..12];
        var library = NewConsumer(
            "SepLib",
            PackageReference("DiscoveryGen") + "\n" + """    <AdditionalFiles Include="cloudaicompanion.v1.json" Namespace="Acme.SepLib" SeparateAssembly="true" />""",
            """
            namespace Acme.SepLib.Facade;

            /// <summary>The library's own API over its client.</summary>
            public static class Gemini
            {
                /// <summary>A client of the API.</summary>
                /// <param name="http">The HTTP client.</param>
                public static Acme.SepLib.CloudAICompanionService Create(System.Net.Http.HttpClient http) => new(http, new DiscoveryGen.Runtime.ClientOptions { BaseUri = new System.Uri("http://127.0.0.1:9/") });
            }

            """,
            $"<OutputType>Library</OutputType><GenerateDocumentationFile>true</GenerateDocumentationFile><Version>{version}</Version><IncludeSymbols>true</IncludeSymbols><SymbolPackageFormat>snupkg</SymbolPackageFormat>");
        var packed = Path.Combine(_package.Root, "seplib-feed");
        DotnetCli.Dotnet(library, BuildTimeout, RestoreEnvironment, "pack", "-c", "Release", "-o", packed).EnsureSuccess("dotnet pack of the client library");

        using (var package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(packed, $"SepLib.{version}.nupkg")))
        {
            var files = package.Entries.Select(e => e.FullName).ToArray();
            Assert.Contains("lib/net10.0/SepLib.dll", files);
            Assert.Contains("lib/net10.0/SepLib.cloudaicompanion.v1.dll", files);
            Assert.Contains("lib/net10.0/SepLib.cloudaicompanion.v1.xml", files);
        }

        using (var symbols = System.IO.Compression.ZipFile.OpenRead(Path.Combine(packed, $"SepLib.{version}.snupkg")))
        {
            Assert.Contains("lib/net10.0/SepLib.cloudaicompanion.v1.pdb", symbols.Entries.Select(e => e.FullName));
        }

        var app = NewConsumer(
            "SepLib.App",
            $"""    <PackageReference Include="SepLib" Version="{version}" />""",
            """
            using var http = new HttpClient();
            var service = Acme.SepLib.Facade.Gemini.Create(http);
            Console.WriteLine($"app uses {service.GetType().Assembly.GetName().Name}: {Acme.SepLib.CloudAICompanionService.Methods.Count} methods");
            """);
        File.WriteAllText(Path.Combine(app, "nuget.config"), File.ReadAllText(Path.Combine(app, "nuget.config")).Replace("<clear />", $"<clear />\n    <add key=\"seplib\" value=\"{packed}\" />", StringComparison.Ordinal));

        Assert.Contains("app uses SepLib.cloudaicompanion.v1: 89 methods", Run(Build(app)), StringComparison.Ordinal);
    }

    [Fact]
    public void Knobs_ReachTheGeneratorThroughThePackageProps()
    {
        var folder = NewConsumer(
            "Knobs",
            PackageReference("DiscoveryGen") + "\n" + """
                <AdditionalFiles Include="cloudaicompanion.v1.json" Namespace="Acme.Knobs" Visibility="internal" IncludeResources="projects.locations.operations, projects.locations.loggingSettings, projects.locations.geminiGcpEnablementSettings" StripSchemaPrefix="List" />
            """,
            """
            using Acme.Knobs;

            Console.WriteLine($"methods={CloudAICompanionService.Methods.Count}");
            Console.WriteLine($"public={typeof(CloudAICompanionService).IsPublic}");
            Console.WriteLine($"unreached-schema={typeof(CloudAICompanionService).Assembly.GetType("Acme.Knobs.CodeRepositoryIndex") is not null}");
            Console.WriteLine($"stripped={typeof(OperationsResponse).Name}");
            Console.WriteLine($"obsolete={typeof(GeminiGcpEnablementSetting).GetProperty("DisableWebGrounding")!.IsDefined(typeof(ObsoleteAttribute), false)}");
            """,
            """
                <DiscoveryGenXmlDocs>false</DiscoveryGenXmlDocs>
                <DiscoveryGenDeprecated>omit</DiscoveryGenDeprecated>
                <GenerateDocumentationFile>true</GenerateDocumentationFile>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
            """);

        var output = Run(Build(folder));

        Assert.Contains("methods=24\n", output, StringComparison.Ordinal); // 4 operations + 5 loggingSettings + 5 geminiGcpEnablementSettings + 5 settingBindings each
        Assert.Contains("public=False\n", output, StringComparison.Ordinal);
        Assert.Contains("unreached-schema=False\n", output, StringComparison.Ordinal);
        Assert.Contains("stripped=OperationsResponse\n", output, StringComparison.Ordinal); // ListOperationsResponse
        Assert.Contains("obsolete=False\n", output, StringComparison.Ordinal); // deprecated in the document; Deprecated=omit
        var generated = Directory.GetFiles(Path.Combine(folder, "obj"), "*.g.cs", SearchOption.AllDirectories)
            .Where(f => f.Contains("DiscoveryGen.Generator", StringComparison.Ordinal))
            .ToList();
        // The service shell, its one top-level resource (projects), the typed resource names and the model files (by first-letter range).
        var names = generated.Select(Path.GetFileName).ToList();
        Assert.Contains("Acme.Knobs.CloudAICompanionService.g.cs", names);
        Assert.Contains("Acme.Knobs.CloudAICompanionService.Projects.g.cs", names);
        Assert.Contains("Acme.Knobs.CloudAICompanionService.Names.g.cs", names);
        Assert.All(names.Where(n => n!.Contains(".Models.", StringComparison.Ordinal)), n => Assert.Matches(@"^Acme\.Knobs\.CloudAICompanionService\.Models\.(A-F|G-L|M-R|S-Z|_)\.g\.cs$", n));
        Assert.Equal(3, names.Count(n => !n!.Contains(".Models.", StringComparison.Ordinal)));
        Assert.All(generated, f => Assert.DoesNotContain("///", File.ReadAllText(f), StringComparison.Ordinal));
    }

    [Fact]
    public async Task DependencyInjectionPackage_AddDiscoveryClient_BindsConfigurationAndTakesTheContainersTokenProvider()
    {
        var folder = NewConsumer(
            "WithDependencyInjection",
            string.Join('\n',
                PackageReference("DiscoveryGen"),
                PackageReference("DiscoveryGen.Extensions.DependencyInjection"),
                """    <PackageReference Include="Microsoft.Extensions.Configuration" Version="11.0.0" />""",
                """    <AdditionalFiles Include="cloudaicompanion.v1.json" />"""),
            """
            using CloudAICompanion.V1;
            using DiscoveryGen.Runtime;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;

            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Gemini:BaseUri"] = args[0],
                    ["Gemini:ApplicationName"] = "packaged-di/1.0",
                    ["Gemini:Retry:MaxAttempts"] = "1",
                })
                .Build();
            var services = new ServiceCollection();
            services.AddSingleton(AccessTokenProvider.FromToken("token-from-the-container"));
            services.AddDiscoveryClient<CloudAICompanionService>(configuration.GetSection("Gemini"), o => o.QuotaProject = "billing-p");
            await using var provider = services.BuildServiceProvider();

            var gemini = provider.GetRequiredService<CloudAICompanionService>();
            await foreach (var location in gemini.Projects.Locations.ListAllAsync("projects/my-project"))
            {
                Console.WriteLine($"location={location.LocationId}");
            }
            """);
        var dll = Build(folder);
        await using var server = await LoopbackServer.StartAsync(Locations);

        var output = await Task.Run(() => Run(dll, null, server.BaseUri.ToString()));

        Assert.Equal("location=us-central1\nlocation=europe-west1\n", output);
        var requests = server.Requests;
        Assert.Equal(new[] { "", "page-2" }, requests.Select(r => r.QueryValues("pageToken").SingleOrDefault() ?? ""));
        Assert.All(requests, r =>
        {
            Assert.Equal("GET", r.Method);
            Assert.StartsWith("packaged-di/1.0 DiscoveryGen/", r.Headers["User-Agent"], StringComparison.Ordinal);
            Assert.Equal("Bearer token-from-the-container", r.Headers["Authorization"]);
            Assert.Equal("billing-p", r.Headers["x-goog-user-project"]);
        });
    }

    [Fact]
    public async Task GoogleApisAuthPackage_ReadmeFirstCall_AuthenticatesWithApplicationDefaultCredentials()
    {
        using var key = RSA.Create(2048);
        const string clientEmail = "packaged@p1.iam.gserviceaccount.com";
        const string issuedToken = "ya29.packaged-consumer-token";
        // README's first call, with BaseUri pointed at the loopback server instead of Google.
        var folder = NewConsumer(
            "WithGoogleApisAuth",
            string.Join('\n',
                PackageReference("DiscoveryGen"),
                PackageReference("DiscoveryGen.Auth.GoogleApis"),
                """    <AdditionalFiles Include="cloudaicompanion.v1.json" />"""),
            """
            using CloudAICompanion.V1;
            using DiscoveryGen.Auth.GoogleApis;
            using DiscoveryGen.Runtime;

            var credentials = await GoogleCredentialTokenProvider.FromApplicationDefaultAsync();
            using var http = new HttpClient();
            var gemini = new CloudAICompanionService(http, new ClientOptions
            {
                BaseUri = new Uri(args[0]),
                AccessTokenProvider = credentials,
            });
            await foreach (var location in gemini.Projects.Locations.ListAllAsync("projects/my-project"))
            {
                Console.WriteLine(location.LocationId);
            }
            """);
        var dll = Build(folder);
        var assertions = new List<JsonElement>();
        await using var server = await LoopbackServer.StartAsync();
        server.Responder = request =>
        {
            if (request.Path != "/token")
            {
                return Locations(request);
            }

            var claims = VerifiedAssertion(request, key);
            if (claims is null)
            {
                return CannedResponse.Json("""{"error":"invalid_grant","error_description":"bad assertion"}""", 400);
            }

            lock (assertions)
            {
                assertions.Add(claims.Value);
            }

            return CannedResponse.Json($$"""{"access_token":"{{issuedToken}}","expires_in":3600,"token_type":"Bearer"}""");
        };
        var keyFile = Path.Combine(folder, "service-account.json");
        File.WriteAllText(keyFile, JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["project_id"] = "p1",
            ["private_key_id"] = "key-1",
            ["private_key"] = key.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = clientEmail,
            ["client_id"] = "1234567890",
            ["token_uri"] = new Uri(server.BaseUri, "token").ToString(),
        }));

        var output = await Task.Run(() => Run(dll, new Dictionary<string, string> { ["GOOGLE_APPLICATION_CREDENTIALS"] = keyFile }, server.BaseUri.ToString()));

        Assert.Equal("us-central1\neurope-west1\n", output);
        var claims = Assert.Single(assertions); // one token, cached by Google.Apis.Auth for both pages
        Assert.Equal(clientEmail, claims.GetProperty("iss").GetString());
        Assert.Equal("https://www.googleapis.com/auth/cloud-platform", claims.GetProperty("scope").GetString());
        var api = server.Requests.Where(r => r.Path != "/token").ToArray();
        Assert.Equal(2, api.Length);
        Assert.All(api, r => Assert.Equal("Bearer " + issuedToken, r.Headers["Authorization"]));
    }

    /// <summary>The claims of a POST /token JWT-bearer grant whose RS256 signature verifies with <paramref name="key"/>, else null.</summary>
    private static JsonElement? VerifiedAssertion(RecordedRequest request, RSA key)
    {
        var form = QueryHelpers.ParseQuery(request.BodyText);
        if (request.Method != "POST" || form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer")
        {
            return null;
        }

        var parts = form["assertion"].ToString().Split('.');
        if (parts.Length != 3 || !key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return null;
        }

        using var header = JsonDocument.Parse(Base64Url(parts[0]));
        using var claims = JsonDocument.Parse(Base64Url(parts[1]));
        return header.RootElement.GetProperty("alg").GetString() == "RS256" ? claims.RootElement.Clone() : null;
    }

    private static byte[] Base64Url(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);
}
