#nullable enable

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Corpus;

/// <summary>
/// Checks the hand-authored discovery/cloudaicompanion.v1.json and its IAM sidecar against the compiled
/// reference facts in ../shared/reference/cloudaicompanion.v1.methods.json (relative to the repo root).
/// </summary>
[Trait("Needs", "SharedCorpus")]
public sealed class ReferenceConformanceTests
{
    private const string CancelId = "cloudaicompanion.projects.locations.operations.cancel";
    private const string GetIamPolicyId =
        "cloudaicompanion.projects.locations.codeRepositoryIndexes.repositoryGroups.getIamPolicy";

    private static readonly Lazy<Inputs> Data = new(Inputs.Load);

    [Fact]
    public void EveryReferenceMethodIsPresentExactlyOnceAndThereAreNoExtras()
    {
        var d = Data.Value;
        var failures = new List<string>();
        foreach (var r in d.Reference)
        {
            string id = Str(r, "id");
            int count = d.DocumentMethodCounts.TryGetValue(id, out int c) ? c : 0;
            if (count != 1)
            {
                failures.Add($"{id}: expected exactly 1 method in the document, found {count}.");
            }
        }

        var referenceIds = new HashSet<string>(d.Reference.Select(r => Str(r, "id")), StringComparer.Ordinal);
        foreach (string id in d.DocumentMethodCounts.Keys.Where(id => !referenceIds.Contains(id)))
        {
            failures.Add($"{id}: method is in the document but not in the reference.");
        }

        Check(failures);
    }

    [Fact]
    public void HttpMethodPathAndFlatPathMatch()
    {
        Check(ForEachMethod((id, r, m, failures) =>
        {
            foreach (string key in new[] { "httpMethod", "path", "flatPath" })
            {
                string? actual = OptStr(m, key);
                if (actual != Str(r, key))
                {
                    failures.Add($"{id}: {key} is '{actual}', reference says '{Str(r, key)}'.");
                }
            }
        }));
    }

    [Fact]
    public void PathParametersMatch()
    {
        Check(ForEachMethod((id, r, m, failures) =>
        {
            var parameters = Parameters(m);
            var expected = r.GetProperty("pathParams").EnumerateArray().ToList();
            var actualNames = parameters.Where(p => OptStr(p.Value, "location") == "path").Select(p => p.Key).ToList();
            var expectedNames = expected.Select(p => Str(p, "name")).ToList();
            if (!SetEquals(actualNames, expectedNames))
            {
                failures.Add($"{id}: path parameters are [{string.Join(", ", actualNames)}], reference says [{string.Join(", ", expectedNames)}].");
            }

            foreach (var p in expected)
            {
                string name = Str(p, "name");
                if (!parameters.TryGetValue(name, out var actual))
                {
                    failures.Add($"{id}: path parameter '{name}' is missing.");
                    continue;
                }

                if (OptStr(actual, "location") != "path") failures.Add($"{id}: parameter '{name}' must have location 'path'.");
                if (!OptBool(actual, "required")) failures.Add($"{id}: path parameter '{name}' must be required.");
                if (OptStr(actual, "type") != "string") failures.Add($"{id}: path parameter '{name}' must have type 'string'.");
                if (OptStr(actual, "pattern") != Str(p, "pattern"))
                {
                    failures.Add($"{id}: path parameter '{name}' pattern is '{OptStr(actual, "pattern")}', reference says '{Str(p, "pattern")}'.");
                }
            }
        }));
    }

    [Fact]
    public void QueryParametersMatch()
    {
        Check(ForEachMethod((id, r, m, failures) =>
        {
            var parameters = Parameters(m);
            var expected = r.GetProperty("queryParams").EnumerateArray().ToList();
            var actualNames = parameters.Where(p => OptStr(p.Value, "location") == "query").Select(p => p.Key).ToList();
            var expectedNames = expected.Select(q => Str(q, "name")).ToList();
            if (!SetEquals(actualNames, expectedNames))
            {
                failures.Add($"{id}: query parameters are [{string.Join(", ", actualNames)}], reference says [{string.Join(", ", expectedNames)}].");
            }

            foreach (var q in expected)
            {
                string name = Str(q, "name");
                if (!parameters.TryGetValue(name, out var actual) || OptStr(actual, "location") != "query")
                {
                    failures.Add($"{id}: query parameter '{name}' is missing.");
                    continue;
                }

                string expectedShape = $"type={Str(q, "type")} format={OptStr(q, "format") ?? "-"} required={OptBool(q, "required")} repeated={OptBool(q, "repeated")}";
                string actualShape = $"type={OptStr(actual, "type")} format={OptStr(actual, "format") ?? "-"} required={OptBool(actual, "required")} repeated={OptBool(actual, "repeated")}";
                if (expectedShape != actualShape)
                {
                    failures.Add($"{id}: query parameter '{name}' is ({actualShape}), reference says ({expectedShape}).");
                }
            }
        }));
    }

    [Fact]
    public void RequestAndResponseRefsMatch()
    {
        Check(ForEachMethod((id, r, m, failures) =>
        {
            string? expectedRequest = Str(r, "request") == "empty" ? null : Str(r, "request");
            if (id == CancelId)
            {
                // The reference page says the body must be empty; the reference notes that Google's generated
                // client (built from Google's discovery document) declares a CancelOperationRequest body.
                if (!Str(r, "notes").Contains("CancelOperationRequest", StringComparison.Ordinal))
                {
                    failures.Add($"{id}: the reference no longer notes the CancelOperationRequest body; revisit this exception.");
                }

                expectedRequest = "CancelOperationRequest";
            }

            string? actualRequest = RefOf(m, "request");
            if (actualRequest != expectedRequest)
            {
                failures.Add($"{id}: request $ref is '{actualRequest ?? "(none)"}', expected '{expectedRequest ?? "(none)"}'.");
            }

            string? expectedResponse = Str(r, "response") == "empty" ? null : Str(r, "response");
            string? actualResponse = RefOf(m, "response");
            if (actualResponse != expectedResponse)
            {
                failures.Add($"{id}: response $ref is '{actualResponse ?? "(none)"}', expected '{expectedResponse ?? "(none)"}'.");
            }
        }));
    }

    [Fact]
    public void ScopesMatch()
    {
        Check(ForEachMethod((id, r, m, failures) =>
        {
            var expected = r.GetProperty("scopes").EnumerateArray().Select(x => x.GetString() ?? "").ToList();
            var actual = m.TryGetProperty("scopes", out var scopes)
                ? scopes.EnumerateArray().Select(x => x.GetString() ?? "").ToList()
                : new List<string>();
            if (!SetEquals(actual, expected) || actual.Count != expected.Count)
            {
                failures.Add($"{id}: scopes are [{string.Join(", ", actual)}], reference says [{string.Join(", ", expected)}].");
            }
        }));
    }

    [Fact]
    public void ParameterOrderListsPathParamsInPathOrderThenRequiredQueryParams()
    {
        Check(ForEachMethod((id, r, m, failures) =>
        {
            var inPath = Regex.Matches(Str(r, "path"), @"\{\+?([^}]+)\}").Select(x => x.Groups[1].Value).ToList();
            var referencePathParams = r.GetProperty("pathParams").EnumerateArray().Select(p => Str(p, "name")).ToList();
            if (!inPath.SequenceEqual(referencePathParams))
            {
                failures.Add($"{id}: reference pathParams [{string.Join(", ", referencePathParams)}] disagree with its path template '{Str(r, "path")}'.");
            }

            var expected = inPath.Concat(r.GetProperty("queryParams").EnumerateArray()
                .Where(q => OptBool(q, "required")).Select(q => Str(q, "name"))).ToList();
            var actual = m.TryGetProperty("parameterOrder", out var po)
                ? po.EnumerateArray().Select(x => x.GetString() ?? "").ToList()
                : new List<string>();
            if (!actual.SequenceEqual(expected))
            {
                failures.Add($"{id}: parameterOrder is [{string.Join(", ", actual)}], expected [{string.Join(", ", expected)}].");
            }
        }));
    }

    [Fact]
    public void EveryRefResolvesToASchema()
    {
        var d = Data.Value;
        var schemas = d.Document.GetProperty("schemas");
        var failures = new List<string>();
        CollectRefs(d.Document, "$", (location, target) =>
        {
            if (!schemas.TryGetProperty(target, out _))
            {
                failures.Add($"{location}: $ref '{target}' does not name a schema.");
            }
        });
        Check(failures);
    }

    [Fact]
    public void EverySchemaIdEqualsItsKey()
    {
        var failures = new List<string>();
        foreach (var schema in Data.Value.Document.GetProperty("schemas").EnumerateObject())
        {
            string? id = OptStr(schema.Value, "id");
            if (id != schema.Name)
            {
                failures.Add($"schemas.{schema.Name}: id is '{id ?? "(none)"}', expected '{schema.Name}'.");
            }
        }

        Check(failures);
    }

    [Fact]
    public void SidecarHeaderIsCorrect()
    {
        var sidecar = Data.Value.Sidecar;
        var failures = new List<string>();
        if (OptStr(sidecar, "kind") != "discoverygen#iamPermissions") failures.Add("sidecar: kind must be 'discoverygen#iamPermissions'.");
        if (OptStr(sidecar, "document") != "cloudaicompanion.v1.json") failures.Add("sidecar: document must be 'cloudaicompanion.v1.json'.");
        if (!sidecar.TryGetProperty("methods", out var methods) || methods.ValueKind != JsonValueKind.Object) failures.Add("sidecar: 'methods' object is missing.");
        Check(failures);
    }

    [Fact]
    public void SidecarPermissionsMatchReference()
    {
        var d = Data.Value;
        var methods = d.Sidecar.GetProperty("methods");
        var failures = new List<string>();
        foreach (var r in d.Reference)
        {
            string id = Str(r, "id");
            var expected = r.GetProperty("iamPermissions").EnumerateArray().Select(p => p.GetString() ?? "").ToList();
            if (expected.Count == 0)
            {
                continue;
            }

            if (!methods.TryGetProperty(id, out var entry))
            {
                failures.Add($"{id}: reference lists [{string.Join(", ", expected)}] but the sidecar has no entry.");
                continue;
            }

            string expectedRequires = id == GetIamPolicyId ? "anyOf" : "all";
            if (OptStr(entry, "requires") != expectedRequires)
            {
                failures.Add($"{id}: requires is '{OptStr(entry, "requires")}', expected '{expectedRequires}'.");
            }

            var actual = entry.TryGetProperty("permissions", out var perms)
                ? perms.EnumerateArray().Select(p => OptStr(p, "permission") ?? "").ToList()
                : new List<string>();
            if (!SetEquals(actual, expected) || actual.Count != expected.Count)
            {
                failures.Add($"{id}: sidecar permissions are [{string.Join(", ", actual)}], reference says [{string.Join(", ", expected)}].");
            }
        }

        Check(failures);
    }

    [Fact]
    public void SidecarPermissionTargetsMatchReference()
    {
        var d = Data.Value;
        var methods = d.Sidecar.GetProperty("methods");
        var failures = new List<string>();
        foreach (var r in d.Reference)
        {
            string id = Str(r, "id");
            if (!methods.TryGetProperty(id, out var entry) || !entry.TryGetProperty("permissions", out var perms))
            {
                continue;
            }

            var pathParams = r.GetProperty("pathParams").EnumerateArray().Select(p => Str(p, "name")).ToList();
            var expectedOn = r.GetProperty("iamResources").EnumerateArray().ToDictionary(
                x => Str(x, "permission"),
                x => pathParams.Contains(Str(x, "on")) ? Str(x, "on") : "body:" + Str(x, "on").Split(' ')[0],
                StringComparer.Ordinal);
            foreach (var p in perms.EnumerateArray())
            {
                string permission = OptStr(p, "permission") ?? "";
                string? on = OptStr(p, "on");
                if (expectedOn.TryGetValue(permission, out string? want) && on != want)
                {
                    failures.Add($"{id}: permission '{permission}' is checked on '{on}', reference says '{want}'.");
                }
            }
        }

        Check(failures);
    }

    [Fact]
    public void MethodsWithoutReferencePermissionsAreAbsentFromSidecar()
    {
        var d = Data.Value;
        var withPermissions = new HashSet<string>(
            d.Reference.Where(r => r.GetProperty("iamPermissions").GetArrayLength() > 0).Select(r => Str(r, "id")),
            StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var entry in d.Sidecar.GetProperty("methods").EnumerateObject())
        {
            if (!withPermissions.Contains(entry.Name))
            {
                failures.Add($"{entry.Name}: listed in the sidecar, but the reference confirms no permission for it (unlisted method means no permission attribute).");
            }
        }

        Check(failures);
    }

    // ------------------------------------------------------------------ helpers

    private static List<string> ForEachMethod(Action<string, JsonElement, JsonElement, List<string>> check)
    {
        var d = Data.Value;
        var failures = new List<string>();
        foreach (var r in d.Reference)
        {
            string id = Str(r, "id");
            if (!d.DocumentMethods.TryGetValue(id, out var m))
            {
                failures.Add($"{id}: method is missing from the document.");
                continue;
            }

            check(id, r, m, failures);
        }

        return failures;
    }

    private static void Check(List<string> failures)
    {
        if (failures.Count > 0)
        {
            Assert.Fail($"{failures.Count} problem(s):{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
        }
    }

    private static Dictionary<string, JsonElement> Parameters(JsonElement method)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (method.TryGetProperty("parameters", out var ps))
        {
            foreach (var p in ps.EnumerateObject()) result[p.Name] = p.Value;
        }

        return result;
    }

    private static string? RefOf(JsonElement method, string key) =>
        method.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Object ? OptStr(v, "$ref") : null;

    private static string Str(JsonElement e, string key) =>
        OptStr(e, key) ?? throw new InvalidOperationException($"Reference entry lacks string '{key}': {e}");

    private static string? OptStr(JsonElement e, string key) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool OptBool(JsonElement e, string key) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.True;

    private static bool SetEquals(IEnumerable<string> a, IEnumerable<string> b) =>
        new HashSet<string>(a, StringComparer.Ordinal).SetEquals(b);

    private static void CollectRefs(JsonElement e, string location, Action<string, string> onRef)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Name == "$ref" && p.Value.ValueKind == JsonValueKind.String) onRef(location, p.Value.GetString() ?? "");
                    else CollectRefs(p.Value, location + "." + p.Name, onRef);
                }

                break;
            case JsonValueKind.Array:
                int i = 0;
                foreach (var item in e.EnumerateArray()) CollectRefs(item, $"{location}[{i++}]", onRef);
                break;
        }
    }

    private sealed class Inputs
    {
        private Inputs(JsonElement document, JsonElement sidecar, List<JsonElement> reference)
        {
            Document = document;
            Sidecar = sidecar;
            Reference = reference;
            CollectMethods(document.TryGetProperty("resources", out var res) ? res : default);
        }

        public JsonElement Document { get; }

        public JsonElement Sidecar { get; }

        public List<JsonElement> Reference { get; }

        public Dictionary<string, JsonElement> DocumentMethods { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> DocumentMethodCounts { get; } = new(StringComparer.Ordinal);

        public static Inputs Load()
        {
            var referencePath = TestPaths.RequireShared(TestPaths.SharedReference("cloudaicompanion.v1.methods.json"));
            var document = ReadJson(TestPaths.Discovery("cloudaicompanion.v1.json"));
            var sidecar = ReadJson(TestPaths.Discovery("cloudaicompanion.v1.iam.json"));
            var reference = ReadJson(referencePath).EnumerateArray().ToList();
            return new Inputs(document, sidecar, reference);
        }

        private static JsonElement ReadJson(string path)
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"Expected file not found: '{path}'.");
            }

            return JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(path));
        }

        private void CollectMethods(JsonElement resources)
        {
            if (resources.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            foreach (var resource in resources.EnumerateObject())
            {
                if (resource.Value.TryGetProperty("methods", out var methods))
                {
                    foreach (var method in methods.EnumerateObject())
                    {
                        string id = OptStr(method.Value, "id") ?? $"(method '{method.Name}' of resource '{resource.Name}' has no id)";
                        DocumentMethods[id] = method.Value;
                        DocumentMethodCounts[id] = DocumentMethodCounts.TryGetValue(id, out int n) ? n + 1 : 1;
                    }
                }

                if (resource.Value.TryGetProperty("resources", out var children))
                {
                    CollectMethods(children);
                }
            }
        }
    }
}
