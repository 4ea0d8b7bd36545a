#if PARITY_CORPUS
using System.Linq;
using System.Threading.Tasks;
using DiscoveryGen.Parity.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace DiscoveryGen.Parity.Tests;

/// <summary>Every row of <see cref="StorageParityCases"/>: the same call through Google.Apis.Storage.v1 and through DiscoveryGen.</summary>
[Trait("Needs", "SharedCorpus")]
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

    /// <summary>
    /// Every method of storage.v1.json is in the table except the two Google.Apis.Storage.v1 1.78 does not expose
    /// (it has no ChannelsResource and no ObjectsResource.WatchAll), so they have nothing to be compared with.
    /// </summary>
    [Fact]
    public void TableCoversEveryMethodGoogleApisExposes()
    {
        var generated = global::Parity.Storage.StorageService.Methods.Select(m => m.Id).ToHashSet();
        var covered = StorageParityCases.All.Select(c => c.MethodId).ToHashSet();
        Assert.Empty(covered.Except(generated));
        Assert.Equal(new[] { "storage.channels.stop", "storage.objects.watchAll" }, generated.Except(covered).OrderBy(id => id, System.StringComparer.Ordinal));
        Assert.Null(typeof(Google.Apis.Storage.v1.StorageService).Assembly.GetType("Google.Apis.Storage.v1.ChannelsResource"));
        Assert.Null(typeof(Google.Apis.Storage.v1.ObjectsResource).GetMethod("WatchAll"));
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
