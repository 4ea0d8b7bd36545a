using System.IO;
using DiscoveryGen.Tests.Shared;

namespace DiscoveryGen.Parity.Tests.Infrastructure;

/// <summary>The shared discovery documents the parity clients are generated from (../shared/discovery beside the repository, as the .csproj reads them).</summary>
public static class ParityCorpus
{
    public const string StorageFileName = "storage.v1.json";
    public const string Oauth2FileName = "oauth2.v2.json";

    public static string DiscoveryDirectory => TestPaths.SharedDiscoveryFolder;

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
