#if PARITY_CORPUS
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using DiscoveryGen.Parity.Tests.Infrastructure;
using DiscoveryGen.Runtime;
using Xunit;

namespace DiscoveryGen.Parity.Tests;

/// <summary>
/// storage.v1's methods share a few sets of two to five scopes; the generated code names each set with one constant
/// (the scopes separated by spaces) instead of listing them on every method. Read back by reflection, every method's
/// <c>[RequiredScopes]</c> must still be exactly the document's <c>scopes</c>, in the document's order, and the method table's.
/// </summary>
[Trait("Needs", "SharedCorpus")]
public sealed class RequiredScopesTests
{
    [Fact]
    public void EveryStorageMethod_CarriesTheDocumentsScopes()
    {
        var documented = new Dictionary<string, string[]>(StringComparer.Ordinal);
        using (var document = JsonDocument.Parse(File.ReadAllBytes(ParityCorpus.StoragePath)))
        {
            Collect(document.RootElement, documented);
        }

        // Siblings (pages, media, Start…Async) carry their method's attributes too.
        var attributed = Resources(typeof(global::Parity.Storage.StorageService))
            .SelectMany(static t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(static m => (Discovery: m.GetCustomAttribute<DiscoveryMethodAttribute>(), Scopes: m.GetCustomAttribute<RequiredScopesAttribute>()))
            .Where(static x => x.Discovery is not null)
            .Select(static x => (x.Discovery!.Id, Scopes: x.Scopes?.Scopes ?? Array.Empty<string>()))
            .ToList();

        Assert.Equal(documented.Keys.OrderBy(static k => k, StringComparer.Ordinal), attributed.Select(static a => a.Id).Distinct().OrderBy(static k => k, StringComparer.Ordinal));
        Assert.Contains(documented.Values, static scopes => scopes.Length >= 5);
        foreach (var (id, scopes) in attributed)
        {
            Assert.Equal(documented[id], scopes);
        }

        foreach (var row in global::Parity.Storage.StorageService.Methods)
        {
            Assert.Equal(documented[row.Id], row.Scopes);
        }
    }

    private static void Collect(JsonElement resource, Dictionary<string, string[]> scopes)
    {
        if (resource.TryGetProperty("methods", out var methods))
        {
            foreach (var method in methods.EnumerateObject())
            {
                scopes[method.Value.GetProperty("id").GetString()!] = method.Value.TryGetProperty("scopes", out var list)
                    ? list.EnumerateArray().Select(static s => s.GetString()!).ToArray()
                    : Array.Empty<string>();
            }
        }

        if (resource.TryGetProperty("resources", out var children))
        {
            foreach (var child in children.EnumerateObject())
            {
                Collect(child.Value, scopes);
            }
        }
    }

    private static IEnumerable<Type> Resources(Type type)
    {
        foreach (var nested in type.GetNestedTypes(BindingFlags.Public))
        {
            yield return nested;
            foreach (var inner in Resources(nested))
            {
                yield return inner;
            }
        }
    }
}
#endif
