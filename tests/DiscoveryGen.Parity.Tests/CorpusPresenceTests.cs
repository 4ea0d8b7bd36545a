using System.IO;
using DiscoveryGen.Parity.Tests.Infrastructure;
using DiscoveryGen.Tests.Shared;
using Xunit;

namespace DiscoveryGen.Parity.Tests;

/// <summary>
/// Always compiled. The parity tests need the generated clients, which the build only produces when the shared corpus
/// is beside the repository; without it the project still builds (those tests are compiled out) and this test fails,
/// naming the missing path, so a missing corpus can never pass as "no parity differences".
/// </summary>
[Trait("Needs", "SharedCorpus")]
public sealed class CorpusPresenceTests
{
    [Fact]
    public void SharedDiscoveryDocuments_ArePresent_AndTheGeneratedClientsWereCompiled()
    {
        Assert.True(
            File.Exists(ParityCorpus.StoragePath),
            TestPaths.MissingShared(ParityCorpus.StoragePath) + " " +
            "The Google.Apis parity tests were compiled out because the build could not generate the clients from it.");
        Assert.True(
            File.Exists(ParityCorpus.Oauth2Path),
            TestPaths.MissingShared(ParityCorpus.Oauth2Path) + " " +
            "The Google.Apis parity tests were compiled out because the build could not generate the clients from it.");
        Assert.True(
            ParityCorpus.CompiledWithGeneratedClients,
            $"The documents exist now under {ParityCorpus.DiscoveryDirectory}, but this assembly was built without them " +
            "(no PARITY_CORPUS symbol), so no parity test ran: rebuild the project.");
    }
}
