using System.Text;
using DiscoveryGen.Generator.Building;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Building;

public sealed class NamingTests
{
    [Fact]
    public void AHostilelyLongName_IsCutBelowTheMetadataLimit_DistinctAndStable()
    {
        var a = Naming.Pascal(new string('a', 5000) + "_x");
        var b = Naming.Pascal(new string('a', 5000) + "_y");

        Assert.True(Encoding.UTF8.GetByteCount(a) <= Naming.MaxIdentifierBytes, a.Length.ToString());
        Assert.NotEqual(a, b);
        Assert.Equal(a, Naming.Pascal(new string('a', 5000) + "_x"));
        Assert.StartsWith("Aaaa", a);
    }

    [Fact]
    public void ALongNonAsciiName_IsCutByUtf8Bytes_NeverInsideASurrogatePair()
    {
        var name = Naming.Pascal(string.Concat(System.Linq.Enumerable.Repeat("日本語𝒜", 200)));

        Assert.True(Encoding.UTF8.GetByteCount(name) <= Naming.MaxIdentifierBytes);
        Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(name)));
    }

    [Fact]
    public void ComposedNames_AreBoundedWhenClaimed()
    {
        var scope = new NameScope();
        var owner = Naming.Pascal(new string('b', 180));
        var claimed = scope.Claim(owner + Naming.Pascal(new string('c', 180)));

        Assert.True(Encoding.UTF8.GetByteCount(claimed) <= Naming.MaxIdentifierBytes);
    }

    [Fact]
    public void RealisticNames_AreUnchanged() =>
        Assert.Equal("GoogleCloudAiplatformV1SchemaTrainingjobDefinitionAutoMlImageClassificationInputs",
            Naming.Pascal("GoogleCloudAiplatformV1SchemaTrainingjobDefinitionAutoMlImageClassificationInputs"));
}
