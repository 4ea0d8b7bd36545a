#if PARITY_CORPUS
using System.Linq;
using System.Threading.Tasks;
using DiscoveryGen.Parity.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace DiscoveryGen.Parity.Tests;

/// <summary>Every row of <see cref="StorageParityCases"/>: the same call through Google.Apis.Storage.v1 and through DiscoveryGen.</summary>
public sealed class StorageParityTests
{
    private readonly ITestOutputHelper _output;

    public StorageParityTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [MemberData(nameof(StorageParityCases.Names), MemberType = typeof(StorageParityCases))]
    public async Task SameRequestOnTheWire(string name)
    {
        var result = await ParityHarness.RunStorageAsync(StorageParityCases.Get(name));
        _output.WriteLine(result.Describe());
        ParityHarness.AssertSameRequest(result, name);
    }

    [Fact]
    public void TableCoversAtLeastTwentyMethodsAcrossTheRequiredResources()
    {
        var ids = StorageParityCases.All.Select(c => c.MethodId).Distinct().ToList();
        Assert.True(ids.Count >= 20, $"Only {ids.Count} storage methods are covered.");
        foreach (var resource in new[] { "storage.buckets.", "storage.objects.", "storage.objectAccessControls.", "storage.notifications.", "storage.projects.hmacKeys." })
        {
            Assert.Contains(ids, id => id.StartsWith(resource, System.StringComparison.Ordinal));
        }
    }
}
#endif
