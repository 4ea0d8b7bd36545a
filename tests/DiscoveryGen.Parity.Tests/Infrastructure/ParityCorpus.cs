using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace DiscoveryGen.Parity.Tests.Infrastructure;

/// <summary>
/// Where the build looked for the shared discovery documents (../shared/discovery beside the repository). The path is
/// baked in by the .csproj (AssemblyMetadata "ParityDiscoveryDir"), so the test reports exactly what the build used.
/// </summary>
public static class ParityCorpus
{
    public const string StorageFileName = "storage.v1.json";
    public const string Oauth2FileName = "oauth2.v2.json";

    public static string DiscoveryDirectory { get; } =
        typeof(ParityCorpus).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ParityDiscoveryDir").Value!;

    public static string StoragePath => Path.Combine(DiscoveryDirectory, StorageFileName);

    public static string Oauth2Path => Path.Combine(DiscoveryDirectory, Oauth2FileName);

    /// <summary>True when this assembly was compiled with the generated clients (the PARITY_CORPUS symbol).</summary>
    public static bool CompiledWithGeneratedClients =>
#if PARITY_CORPUS
        true;
#else
        false;
#endif
}
