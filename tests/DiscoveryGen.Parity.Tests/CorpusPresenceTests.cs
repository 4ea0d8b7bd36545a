using System.IO;
using DiscoveryGen.Parity.Tests.Infrastructure;
using Xunit;

namespace DiscoveryGen.Parity.Tests;

/// <summary>
/// Always compiled. The parity tests need the generated clients, which the build only produces when the shared corpus
/// is beside the repository; without it the project still builds (those tests are compiled out) and this test fails,
/// naming the missing path, so a missing corpus can never pass as "no parity differences".
/// </summary>
public sealed class CorpusPresenceTests
{
    [Fact]
    public void SharedDiscoveryDocuments_ArePresent_AndTheGeneratedClientsWereCompiled()
    {
        Assert.True(
            File.Exists(ParityCorpus.StoragePath),
            $"The shared discovery document is missing: expected {ParityCorpus.StoragePath} (../shared/discovery beside the repository). " +
            "The Google.Apis parity tests were compiled out because the build could not generate the clients from it.");
        Assert.True(
            File.Exists(ParityCorpus.Oauth2Path),
            $"The shared discovery document is missing: expected {ParityCorpus.Oauth2Path} (../shared/discovery beside the repository). " +
            "The Google.Apis parity tests were compiled out because the build could not generate the clients from it.");
        Assert.True(
            ParityCorpus.CompiledWithGeneratedClients,
            $"The documents exist now under {ParityCorpus.DiscoveryDirectory}, but this assembly was built without them " +
            "(no PARITY_CORPUS symbol), so no parity test ran: rebuild the project.");
    }
}
