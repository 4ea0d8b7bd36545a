#if PARITY_CORPUS
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using DiscoveryGen.Parity.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace DiscoveryGen.Parity.Tests;

/// <summary>Every row of <see cref="Oauth2ParityCases"/>, and a check that the table covers every method of the document.</summary>
[Trait("Needs", "SharedCorpus")]
public sealed class Oauth2ParityTests
{
    private readonly ITestOutputHelper _output;

    public Oauth2ParityTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [MemberData(nameof(Oauth2ParityCases.Names), MemberType = typeof(Oauth2ParityCases))]
    public async Task SameRequestOnTheWire(string name)
    {
        var result = await ParityHarness.RunOauth2Async(Oauth2ParityCases.Get(name));
        _output.WriteLine(result.Describe());
        ParityHarness.AssertSameRequest(result, name);
    }

    [Fact]
    public void TableCoversEveryMethodOfTheDocument()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(ParityCorpus.Oauth2Path));
        var declared = MethodIds(document.RootElement).OrderBy(id => id, System.StringComparer.Ordinal).ToList();
        var covered = Oauth2ParityCases.All.Select(c => c.MethodId).Distinct().OrderBy(id => id, System.StringComparer.Ordinal).ToList();
        Assert.Equal(declared, covered);
        Assert.Equal(declared, global::Parity.Oauth2.Oauth2Service.Methods.Select(m => m.Id).ToList());
    }

    private static System.Collections.Generic.IEnumerable<string> MethodIds(JsonElement container)
    {
        if (container.TryGetProperty("methods", out var methods))
        {
            foreach (var method in methods.EnumerateObject())
            {
                yield return method.Value.GetProperty("id").GetString()!;
            }
        }

        if (container.TryGetProperty("resources", out var resources))
        {
            foreach (var resource in resources.EnumerateObject())
            {
                foreach (var id in MethodIds(resource.Value))
                {
                    yield return id;
                }
            }
        }
    }
}
#endif
