using Xunit;

namespace DiscoveryGen.Packaging.Tests;

/// <summary>One pack per test run, shared by the content, version and consumer tests (which therefore run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "DiscoveryGen packages";
}
