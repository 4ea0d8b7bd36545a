using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Generator.Tests.Infrastructure;
using DiscoveryGen.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace DiscoveryGen.Generator.Tests.Corpus;

/// <summary>
/// Every method of real discovery documents, called through its generated client against a Kestrel server on
/// 127.0.0.1, sends the request its document describes: the HTTP method, the path expanded per RFC 6570 (simple
/// <c>{var}</c> and reserved <c>{+var}</c>) from values that match the parameters' patterns, every query parameter the
/// method declares in its wire form (scalars, enums, repeated values, dates, durations, bytes), and a JSON body exactly
/// when the method takes one. The expected request is computed here from the document alone (<see cref="WireOracle"/>),
/// not from the generator. The server answers with every property of the response schema filled
/// (<see cref="DiscoveryDocument.ResponseSample"/>): each must be read into its own member (none left in an
/// <c>ExtensionData</c>) and the model must write back the same JSON, less its <c>readOnly</c> properties. A paged
/// method's <c>…PagesAsync</c> sibling must follow one next-page token, and media siblings must download and upload
/// (simple, multipart or resumable) where the document says. Methods that start a google.longrunning operation
/// must have <c>Start…Async</c> siblings, operation names must be polled and cancelled through an
/// <c>operations.get</c>/<c>cancel</c> that takes them and their results read as the schema their <c>@type</c> names
/// (<see cref="OperationsAsync"/>, <see cref="UnpackAsync"/>), and every call must go the same
/// inside a batch (<see cref="BatchAsync"/>). Storage and OAuth2 are also compared with
/// Google.Apis byte for byte (the parity tests); this covers the APIs no Google.Apis package is referenced for. CI runs
/// <see cref="CorpusSlice.SelectForKnobs"/> and the documents with Compute-style operations (<see cref="LinkOperationsAsync"/>); DISCOVERYGEN_CORPUS=full runs all documents, DISCOVERYGEN_CORPUS=storage.v1,appengine.v1
/// the ones it names.
/// </summary>
[Trait("Needs", "SharedCorpus")]
public sealed class CorpusWireTests
{
    private static readonly string[] LinkOperationDocuments = { "container.v1.json", "deploymentmanager.v2.json", "sqladmin.v1.json" };
    private readonly ITestOutputHelper _output;

    public CorpusWireTests(ITestOutputHelper output) => _output = output;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Corpus_EveryMethod_SendsItsRequest_AndReadsItsResponse_AsTheDocumentDescribes()
    {
        Assert.True(Directory.Exists(CorpusTests.CorpusDirectory), TestPaths.MissingShared(CorpusTests.CorpusDirectory));
        var all = Directory.GetFiles(CorpusTests.CorpusDirectory, "*.json").OrderBy(p => p, StringComparer.Ordinal).ToList();
        var selection = Environment.GetEnvironmentVariable("DISCOVERYGEN_CORPUS");
        var files = selection switch
        {
            "full" => all,
            // The slice, and the documents whose operations are Compute-style: by pieces (Cloud SQL), by pieces or whole
            // with a cancel body (GKE), around a "global" segment without a cancel (Deployment Manager).
            null or "" => CorpusSlice.SelectForKnobs(all).Union(all.Where(p => LinkOperationDocuments.Contains(Path.GetFileName(p), StringComparer.Ordinal)), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            // Named documents (storage.v1,appengine.v1): what a developer reruns after a failure.
            var names => names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(n => Path.Combine(CorpusTests.CorpusDirectory, n + ".json"))
                .Select(p => File.Exists(p) ? p : throw new FileNotFoundException($"DISCOVERYGEN_CORPUS names {p}, which is not in the corpus.", p))
                .ToList(),
        };
        await using var server = await LoopbackServer.StartAsync();
        var failures = new List<string>();
        var totals = new Tally();
        foreach (var file in files)
        {
            var tally = await CheckDocumentAsync(file, server, failures);
            totals.Add(tally);
        }

        _output.WriteLine($"{files.Count} documents: {totals.Methods} methods called, {totals.PathValues} path values, {totals.QueryValues} query values, {totals.Bodies} bodies checked on the wire; {totals.Responses} filled responses read and written back (filling {totals.SampledSchemas} of the {totals.Schemas} schemas); {totals.Paged} paged methods paged through ({totals.Items} also item by item); {totals.Uploads} uploads ({totals.Chunked} also resumable in two chunks) and {totals.Downloads} downloads; {totals.Started} methods started an operation, {totals.Polled} operation names polled ({totals.Cancelled} also cancelled), {totals.Failed} failed operations waited for, {totals.Unpacked} results read as the resource their @type names; {totals.Batched} calls batched.");
        Assert.True(failures.Count == 0, $"{failures.Count} methods differ from what their document describes:\n" + string.Join("\n", failures.Take(1000)));

        // Every kind of check ran (the slice holds paged, media and response-schema methods); named documents need not
        // hold every kind.
        if (selection is not (null or "" or "full"))
        {
            return;
        }

        Assert.True(totals.Methods > 1000, $"Only {totals.Methods} methods were called.");
        Assert.True(totals.Responses > 0 && totals.Paged > 0 && totals.Items > 0 && totals.Uploads > 0 && totals.Chunked > 0 && totals.Downloads > 0, "A kind of check never ran.");
        Assert.True(totals.Started > 0 && totals.Polled > 0 && totals.Cancelled > 0 && totals.Failed > 0 && totals.Unpacked > 0, "An operation check never ran.");
        Assert.True(totals.Batched > 1000, $"Only {totals.Batched} calls were batched.");
    }

    /// <summary>How much of a document was checked.</summary>
    private sealed class Tally
    {
        public int Methods;
        public int PathValues;
        public int QueryValues;
        public int Bodies;
        public int Responses;
        public int Schemas;
        public int SampledSchemas;
        public int Paged;
        public int Items;
        public int Uploads;
        public int Chunked;
        public int Downloads;
        public int Started;
        public int Polled;
        public int Cancelled;
        public int Failed;
        public int Unpacked;
        public int Batched;

        public void Add(Tally other)
        {
            Methods += other.Methods;
            PathValues += other.PathValues;
            QueryValues += other.QueryValues;
            Bodies += other.Bodies;
            Responses += other.Responses;
            Schemas += other.Schemas;
            SampledSchemas += other.SampledSchemas;
            Paged += other.Paged;
            Items += other.Items;
            Uploads += other.Uploads;
            Chunked += other.Chunked;
            Downloads += other.Downloads;
            Started += other.Started;
            Polled += other.Polled;
            Cancelled += other.Cancelled;
            Failed += other.Failed;
            Unpacked += other.Unpacked;
            Batched += other.Batched;
        }
    }

    private static async Task<Tally> CheckDocumentAsync(string file, LoopbackServer server, List<string> failures)
    {
        var name = Path.GetFileName(file);
        var json = File.ReadAllText(file);
        var document = DiscoveryDocument.Read(json);
        var output = GeneratorHarness.Run(new[] { new InMemoryAdditionalText("/corpus/" + name, json) }, null);
        var tally = new Tally();
        using (var loaded = LoadedAssembly.Load(output, name))
        {
            var assembly = loaded.Assembly;
            var serviceType = assembly.GetTypes().Single(t => t.GetConstructor(new[] { typeof(HttpClient), typeof(ClientOptions) }) is not null);
            var baseUri = new Uri(server.BaseUri, "/" + document.ServicePath);
            using var http = new HttpClient();
            var service = (ApiResource)Activator.CreateInstance(serviceType, http, new ClientOptions { BaseUri = baseUri, Retry = RetryPolicy.None })!;
            var resources = Resources(service);
            var plain = PlainMethods(assembly);
            var pages = PagesMethods(plain);
            var calls = new List<PlainCall>();
            foreach (var method in document.Methods)
            {
                if (!plain.TryGetValue(method.Id, out var generated))
                {
                    failures.Add($"{name} {method.Id}: no generated method");
                    continue;
                }

                string? problem;
                try
                {
                    problem = await CallAsync(document, method, generated, pages.GetValueOrDefault(method.Id), MediaMethods(generated), resources[generated.DeclaringType!], baseUri, server, tally, calls);
                }
                catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
                {
                    problem = $"the test could not build its arguments: {ex.GetType().Name}: {ex.Message}";
                }

                if (problem is not null)
                {
                    failures.Add($"{name} {method.Id}: {problem}");
                }
            }

            if (document.OperationGets.Count > 0)
            {
                failures.AddRange((await OperationsAsync(document, service, plain, baseUri, server, tally)).Select(p => $"{name} operations: {p}"));
            }

            failures.AddRange((await BatchAsync(document, service, calls, server, tally)).Select(p => $"{name} batch: {p}"));
        }

        tally.Schemas = document.SchemaCount;
        tally.SampledSchemas = document.SampledSchemas.Count;
        return tally;
    }

    /// <summary>The service and every resource reachable through its properties, by type.</summary>
    private static Dictionary<Type, ApiResource> Resources(ApiResource service)
    {
        var found = new Dictionary<Type, ApiResource> { [service.GetType()] = service };
        var pending = new Queue<ApiResource>(new[] { service });
        while (pending.Count > 0)
        {
            var resource = pending.Dequeue();
            foreach (var property in resource.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.PropertyType.IsSubclassOf(typeof(ApiResource)) && property.GetValue(resource) is ApiResource child && found.TryAdd(child.GetType(), child))
                {
                    pending.Enqueue(child);
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Each discovery method's plain generated method, by id: the one that returns <c>Task</c> or <c>Task&lt;T&gt;</c>
    /// (not an operation handle or pages) and takes no stream (not a media sibling).
    /// </summary>
    private static Dictionary<string, MethodInfo> PlainMethods(Assembly assembly)
    {
        var methods = new Dictionary<string, MethodInfo>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (method.GetCustomAttribute<DiscoveryMethodAttribute>() is not { } attribute
                    || method.GetParameters().Any(p => typeof(Stream).IsAssignableFrom(p.ParameterType))
                    || !(method.ReturnType == typeof(Task) || (method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>)
                        && !(method.ReturnType.GetGenericArguments()[0] is { IsGenericType: true } result && result.GetGenericTypeDefinition() == typeof(OperationHandle<>)))))
                {
                    continue;
                }

                Assert.True(methods.TryAdd(attribute.Id, method), $"Two plain methods for {attribute.Id}: {methods.GetValueOrDefault(attribute.Id)?.Name} and {method.Name}");
            }
        }

        return methods;
    }

    /// <summary>
    /// Each paged method's <c>…PagesAsync</c> sibling, by id: beside the plain method, named after it, with its
    /// parameters, yielding its response type.
    /// </summary>
    private static Dictionary<string, MethodInfo> PagesMethods(Dictionary<string, MethodInfo> plain)
    {
        var methods = new Dictionary<string, MethodInfo>(StringComparer.Ordinal);
        foreach (var (id, call) in plain)
        {
            var name = call.Name[..^"Async".Length] + "PagesAsync";
            if (call.DeclaringType!.GetMethod(name, call.GetParameters().Select(p => p.ParameterType).ToArray()) is { } pages
                && call.ReturnType.IsGenericType
                && pages.ReturnType == typeof(IAsyncEnumerable<>).MakeGenericType(call.ReturnType.GetGenericArguments()[0]))
            {
                methods.Add(id, pages);
            }
        }

        return methods;
    }

    /// <summary>
    /// Pages through a paged method with the arguments of its plain call: the server's first page carries a
    /// <c>nextPageToken</c> (or <c>pageToken</c>, where the response names it so), the second none, so the helper must
    /// yield two pages from two requests, the second the same as the first (the plain call's) but for
    /// <c>pageToken</c>; the <c>…AllAsync</c> sibling must yield the items of both pages. Null when they do.
    /// </summary>
    private static async Task<string?> PagesAsync(DiscoveryDocument document, MethodSpec method, MethodInfo pages, ApiResource resource, object?[] arguments, RecordedRequest first, LoopbackServer server, Tally tally)
    {
        var sample = JsonNode.Parse(document.ResponseSample(method.ResponseRef) ?? "{}")!.AsObject();
        var page = document.DataWrapper ? sample["data"]!.AsObject() : sample;
        // The next page's token: nextPageToken, or pageToken where a response names it so (BigQuery's tabledata.list).
        var token = page.ContainsKey("nextPageToken") || !page.ContainsKey("pageToken") ? "nextPageToken" : "pageToken";
        page[token] = "t 2";
        var withToken = sample.ToJsonString();
        page.Remove(token);
        var last = sample.ToJsonString();
        var before = server.Requests.Count;
        server.Responder = _ => CannedResponse.Json(server.Requests.Count - before == 1 ? withToken : last);
        var (count, pagesThrew) = await CountAsync(pages, resource, arguments);
        if (pagesThrew is not null)
        {
            return pagesThrew;
        }

        var sent = server.Requests.Skip(before).ToList();
        if (count != 2 || sent.Count != 2)
        {
            return $"{pages.Name}: {count} pages from {sent.Count} requests, expected 2 from 2";
        }

        if (sent[0].RawTarget != first.RawTarget)
        {
            return $"{pages.Name}: first page {sent[0].RawTarget}, expected the plain call's {first.RawTarget}";
        }

        var expected = TargetQuery(first.RawTarget).Where(q => q.Item1 != "pageToken").Append(("pageToken", "t 2"));
        if (TargetPath(sent[1].RawTarget) != TargetPath(first.RawTarget) || !SameQuery(TargetQuery(sent[1].RawTarget), expected) || sent[1].Method != first.Method)
        {
            return $"{pages.Name}: second page {sent[1].Method} {sent[1].RawTarget}, expected the first's with pageToken=t%202";
        }

        // …AllAsync: the items of both pages. Where every array of the page holds one item (the sample's), whichever
        // array the generator took for the items, that is two; otherwise the count is not known here.
        var all = pages.DeclaringType!.GetMethod(pages.Name[..^"PagesAsync".Length] + "AllAsync", pages.GetParameters().Select(p => p.ParameterType).ToArray());
        var arrays = page.Select(p => p.Value).OfType<JsonArray>().ToList();
        if (all is null || arrays.Count == 0 || arrays.Any(a => a.Count != 1))
        {
            return null;
        }

        before = server.Requests.Count;
        var (items, allThrew) = await CountAsync(all, resource, arguments);
        if (allThrew is not null)
        {
            return allThrew;
        }

        tally.Items++;
        return items == 2 && server.Requests.Count - before == 2 ? null : $"{all.Name}: {items} items from {server.Requests.Count - before} requests, expected 2 from 2";
    }

    /// <summary>
    /// A method that starts an operation has a <c>Start…Async</c> sibling with its parameters that sends the same request
    /// and returns a handle on the operation the server answered with (not done, so nothing else is sent). Null when it does.
    /// </summary>
    private static async Task<string?> StartAsync(DiscoveryDocument document, MethodInfo plain, ApiResource resource, object?[] arguments, RecordedRequest first, LoopbackServer server)
    {
        var handleType = typeof(OperationHandle<>).MakeGenericType(plain.ReturnType.GetGenericArguments()[0]);
        var start = plain.DeclaringType!.GetMethod("Start" + plain.Name, plain.GetParameters().Select(p => p.ParameterType).ToArray());
        if (start is null || start.ReturnType != typeof(Task<>).MakeGenericType(handleType))
        {
            return $"no Start{plain.Name} with its parameters returning Task<OperationHandle<{plain.ReturnType.GetGenericArguments()[0].Name}>>";
        }

        // A Compute-style operation is known by its selfLink (not parsed until it is polled).
        var started = document.OperationsByLink ? "https://elsewhere.example.invalid/operations/started-1" : "operations/started-1";
        server.Responder = _ => CannedResponse.Json(document.Wrap(document.OperationsByLink
            ? "{\"name\":\"started-1\",\"status\":\"RUNNING\",\"selfLink\":\"" + started + "\"}"
            : "{\"name\":\"" + started + "\",\"done\":false}"));
        var before = server.Requests.Count;
        object handle;
        try
        {
            var call = (Task)start.Invoke(resource, arguments)!;
            await call;
            handle = call.GetType().GetProperty("Result")!.GetValue(call)!;
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            return Threw(start.Name, ex);
        }

        var sent = server.Requests.Skip(before).ToList();
        if (sent.Count != 1 || sent[0].Method != first.Method || sent[0].RawTarget != first.RawTarget || !sent[0].Body.AsSpan().SequenceEqual(first.Body))
        {
            return $"{start.Name}: {sent.Count} requests ({string.Join(", ", sent.Select(r => r.Method + " " + r.RawTarget))}), expected the plain call's {first.Method} {first.RawTarget}";
        }

        var name = (string)handleType.GetProperty("Name")!.GetValue(handle)!;
        var done = (bool)handleType.GetProperty("IsDone")!.GetValue(handle)!;
        return name == started && !done ? null : $"{start.Name}: a handle on '{name}' (done: {done}), expected '{started}', not done";
    }

    /// <summary>
    /// The operation helpers, for each <c>operations.get</c>: <c>TrackOperation</c> takes a name the get takes (whole:
    /// one its pattern matches; in pieces: a collection segment per piece, <see cref="PiecesName"/>), and the handle polls
    /// it with one GET to a get that takes that name (whole: its pattern matches; in pieces: this get, with exactly the
    /// pieces' values) and cancels it with one request to such an <c>operations.cancel</c>. Once per
    /// document: a name no get takes throws before anything is sent, and an operation that ended with an error throws
    /// <see cref="OperationFailedException"/> from <c>WaitAsync</c>.
    /// </summary>
    private static async Task<List<string>> OperationsAsync(DiscoveryDocument document, ApiResource service, Dictionary<string, MethodInfo> plain, Uri baseUri, LoopbackServer server, Tally tally)
    {
        var problems = new List<string>();
        var track = service.GetType().GetMethod("TrackOperation", new[] { typeof(string), typeof(RequestOptions) });
        if (track is null)
        {
            problems.Add("no TrackOperation(string, RequestOptions), though the document has an operations.get that takes a name");
            return problems;
        }

        if (document.OperationsByLink)
        {
            return await LinkOperationsAsync(document, service, track, baseUri, server, tally);
        }

        var handleType = track.ReturnType;
        string? failedName = null;
        var wholeGets = document.OperationGets.Where(g => DiscoveryDocument.WholeName(g) is not null).ToList();
        var wholeCancels = document.OperationCancels.Where(c => DiscoveryDocument.WholeName(c) is not null).ToList();
        foreach (var get in document.OperationGets)
        {
            string name;
            List<(string Method, Regex Path)> polls, cancels;
            if (DiscoveryDocument.WholeName(get) is null)
            {
                // In pieces: a name with a collection segment per piece, each value one the expansion must escape; the
                // poll goes to this get with exactly those values (or to a get that takes the name whole).
                var pieces = PiecesName(get, out name);
                polls = Serving(wholeGets, name, baseUri);
                polls.Add(Exactly(get, pieces, baseUri));
                cancels = Serving(wholeCancels, name, baseUri);
                cancels.AddRange(document.OperationCancels.Where(c => DiscoveryDocument.WholeName(c) is null && Takes(c, pieces)).Select(c => Exactly(c, pieces, baseUri)));
            }
            else
            {
                var values = WireOracle.PathValues(get, out var valueProblem);
                if (values is null)
                {
                    problems.Add($"{get.Id}: {valueProblem}");
                    continue;
                }

                name = values.Values.Single();
                polls = Serving(document.OperationGets, name, baseUri);
                cancels = Serving(document.OperationCancels, name, baseUri);
            }

            server.Responder = _ => CannedResponse.Json(document.Wrap(JsonSerializer.Serialize(new { name, done = true })));
            var (handle, sent, thrown) = await OnHandleAsync(server, () => track.Invoke(service, new object?[] { name, null })!, "RefreshAsync", new object?[] { null, CancellationToken.None });
            if (thrown is not null || !OneOf(sent, polls) || !(bool)handleType.GetProperty("IsDone")!.GetValue(handle)!)
            {
                problems.Add($"{get.Id}: polling '{name}' {Outcome(sent, thrown)}, expected one GET to an operations.get that takes it");
                continue;
            }

            tally.Polled++;
            failedName ??= name;
            if (cancels.Count == 0)
            {
                continue;
            }

            server.Responder = _ => CannedResponse.Json(document.Wrap("{}"));
            (_, sent, thrown) = await OnHandleAsync(server, () => handle!, "CancelAsync", new object?[] { null, CancellationToken.None });
            if (thrown is not null || !OneOf(sent, cancels))
            {
                problems.Add($"{get.Id}: cancelling '{name}' {Outcome(sent, thrown)}, expected one request to an operations.cancel that takes it");
                continue;
            }

            tally.Cancelled++;
        }

        // A name no get takes: refused at once, when every get checks a pattern or takes the name in pieces.
        const string NotAName = "not an operation name";
        if (document.OperationGets.All(g => DiscoveryDocument.WholeName(g) is not { } whole || (whole.Pattern is { } pattern && !Regex.IsMatch(NotAName, pattern))))
        {
            var before = server.Requests.Count;
            try
            {
                track.Invoke(service, new object?[] { NotAName, null });
                problems.Add($"TrackOperation(\"{NotAName}\") returned a handle, expected ArgumentException");
            }
            catch (TargetInvocationException ex) when (ex.InnerException is ArgumentException)
            {
            }

            if (server.Requests.Count != before)
            {
                problems.Add($"TrackOperation(\"{NotAName}\") sent a request");
            }
        }

        // An operation that ended with an error: WaitAsync polls once and throws it.
        if (failedName is not null && document.OperationHasError)
        {
            server.Responder = _ => CannedResponse.Json(document.Wrap(JsonSerializer.Serialize(new { name = failedName, done = true, error = new { code = 9, message = "precondition failed" } })));
            var polling = new OperationPolling { InitialDelay = OperationPolling.MinimumDelay, MaxPolls = 1 };
            var (_, sent, thrown) = await OnHandleAsync(server, () => track.Invoke(service, new object?[] { failedName, null })!, "WaitAsync", new object?[] { polling, null, CancellationToken.None });
            if (thrown is not OperationFailedException { Error: { Code: 9, Message: "precondition failed" } } failed || failed.OperationName != failedName || sent.Count != 1)
            {
                problems.Add($"waiting for '{failedName}', which failed: {Outcome(sent, thrown)}, expected OperationFailedException (code 9) after one poll");
            }
            else
            {
                tally.Failed++;
            }
        }

        if (failedName is not null)
        {
            problems.AddRange(await UnpackAsync(document, plain, () => track.Invoke(service, new object?[] { failedName, null })!, failedName, server, tally));
        }

        return problems;
    }

    /// <summary>
    /// Compute-style operations, for each <c>get</c> of an operations resource: an operation whose <c>selfLink</c> is that
    /// get's path with its values (behind another host and path prefix, which must not matter) is polled with one GET to
    /// that get with exactly those values (or to another get of the shape the link ends with) and cancelled with one
    /// request to a cancel that takes them. Once per document: a link no get's path ends is refused before anything is
    /// sent, and an operation that ended with an error throws <see cref="OperationFailedException"/> from <c>WaitAsync</c>.
    /// </summary>
    private static async Task<List<string>> LinkOperationsAsync(DiscoveryDocument document, ApiResource service, MethodInfo track, Uri baseUri, LoopbackServer server, Tally tally)
    {
        const string Elsewhere = "https://elsewhere.example.invalid/prefix/";
        var problems = new List<string>();
        var handleType = track.ReturnType;
        string? failedLink = null;
        foreach (var get in document.OperationGets)
        {
            var values = WireOracle.PathValues(get, out var valueProblem);
            if (values is null)
            {
                problems.Add($"{get.Id}: {valueProblem}");
                continue;
            }

            var link = Elsewhere + WireOracle.Expand(get.Path, values);
            var polls = document.OperationGets.Where(g => g != get).Select(g => Shaped(g, baseUri)).Prepend(Exactly(get, values, baseUri)).ToList();
            var cancels = document.OperationCancels.Select(c => Takes(c, values) ? Exactly(c, values, baseUri) : Shaped(c, baseUri)).ToList();
            server.Responder = _ => CannedResponse.Json(document.Wrap(JsonSerializer.Serialize(new { name = "op", status = "DONE", selfLink = link })));
            var (handle, sent, thrown) = await OnHandleAsync(server, () => track.Invoke(service, new object?[] { link, null })!, "RefreshAsync", new object?[] { null, CancellationToken.None });
            if (thrown is not null || !OneOf(sent, polls) || !(bool)handleType.GetProperty("IsDone")!.GetValue(handle)!)
            {
                problems.Add($"{get.Id}: polling '{link}' {Outcome(sent, thrown)}, expected one GET to {polls[0].Path}");
                continue;
            }

            tally.Polled++;
            failedLink ??= link;
            if (cancels.Count == 0)
            {
                continue;
            }

            server.Responder = _ => CannedResponse.Json(document.Wrap("{}"));
            (_, sent, thrown) = await OnHandleAsync(server, () => handle!, "CancelAsync", new object?[] { null, CancellationToken.None });
            if (thrown is not null || !OneOf(sent, cancels))
            {
                problems.Add($"{get.Id}: cancelling '{link}' {Outcome(sent, thrown)}, expected one request to an operations cancel that takes its values");
                continue;
            }

            tally.Cancelled++;
        }

        const string NotALink = "https://elsewhere.example.invalid/not/an/operation";
        var before = server.Requests.Count;
        try
        {
            track.Invoke(service, new object?[] { NotALink, null });
            problems.Add($"TrackOperation(\"{NotALink}\") returned a handle, expected ArgumentException");
        }
        catch (TargetInvocationException ex) when (ex.InnerException is ArgumentException)
        {
        }

        if (server.Requests.Count != before)
        {
            problems.Add($"TrackOperation(\"{NotALink}\") sent a request");
        }

        if (failedLink is not null && document.OperationHasError)
        {
            // Cloud SQL and Deployment Manager list their errors; GKE's error is a google.rpc.Status.
            object error = document.OperationErrorIsList
                ? new { errors = new[] { new { code = "QUOTA_EXCEEDED", message = "quota exceeded" } } }
                : new { code = 9, message = "quota exceeded" };
            // Compute Engine and Deployment Manager also say the failure's HTTP status, which gives it its code.
            var operation = new Dictionary<string, object> { ["name"] = "op", ["status"] = "DONE", ["selfLink"] = failedLink, ["error"] = error };
            if (document.OperationHasHttpErrorStatus)
            {
                operation["httpErrorStatusCode"] = 429;
            }

            server.Responder = _ => CannedResponse.Json(document.Wrap(JsonSerializer.Serialize(operation)));
            var polling = new OperationPolling { InitialDelay = OperationPolling.MinimumDelay, MaxPolls = 1 };
            var (_, sent, thrown) = await OnHandleAsync(server, () => track.Invoke(service, new object?[] { failedLink, null })!, "WaitAsync", new object?[] { polling, null, CancellationToken.None });
            var expected = !document.OperationErrorIsList ? (Code: 9, Status: (string?)null)
                : document.OperationHasHttpErrorStatus ? (Code: 8, Status: "QUOTA_EXCEEDED") // RESOURCE_EXHAUSTED
                : (Code: 2, Status: "QUOTA_EXCEEDED");
            if (thrown is not OperationFailedException { Error.Message: "quota exceeded" } failed || failed.Error.Code != expected.Code
                || failed.Error.Status != expected.Status || failed.OperationName != failedLink || sent.Count != 1)
            {
                problems.Add($"waiting for '{failedLink}', which failed: {Outcome(sent, thrown)}, expected OperationFailedException (code {expected.Code}) after one poll");
            }
            else
            {
                tally.Failed++;
            }
        }

        return problems;
    }

    /// <summary>Any request of the method's shape: its path (its flat path, for a <c>{+name}</c>) with a segment for each expression.</summary>
    private static (string Method, Regex Path) Shaped(MethodSpec method, Uri baseUri) =>
        (method.HttpMethod, new Regex("^" + Regex.Replace(Regex.Escape(baseUri.AbsolutePath + (method.FlatPath ?? method.Path)), @"\\\{[^}]+}", "[^/]+") + "$", RegexOptions.CultureInvariant));

    /// <summary>
    /// An operation's result read as the schema its <c>@type</c> names: for each resource whose methods start operations
    /// and whose <c>get</c> returns a schema (not a <c>…Response</c>), an operation done with that resource, its type URL
    /// written as Google's protos name it (<see cref="DiscoveryDocument.TypeUrl"/>), must come out of <c>WaitAsync()</c> as
    /// the model the <c>get</c> returns, every property read into its own member and written back the same.
    /// </summary>
    private static async Task<List<string>> UnpackAsync(DiscoveryDocument document, Dictionary<string, MethodInfo> plain, Func<object> track, string name, LoopbackServer server, Tally tally)
    {
        var problems = new List<string>();
        if (document.DataWrapper)
        {
            // A dataWrapper API's samples come wrapped; none of the corpus's has long-running operations.
            return problems;
        }

        foreach (var get in document.ResourceGetsThatStartOperations())
        {
            if (!plain.TryGetValue(get.Id, out var generated) || generated.ReturnType.GetGenericArguments() is not [var modelType]
                || document.TypeUrl(get.ResponseRef!) is not { } typeUrl || document.ResponseSample(get.ResponseRef) is not { } sample)
            {
                continue;
            }

            var packed = JsonNode.Parse(sample)!.AsObject();
            packed.Insert(0, "@type", typeUrl);
            var operation = new JsonObject { ["name"] = name, ["done"] = true, ["response"] = packed };
            server.Responder = _ => CannedResponse.Json(document.Wrap(operation.ToJsonString()));
            // One poll reads it done; waiting then polls no more.
            var (handle, _, _, thrown) = await CallOnHandleAsync(server, track, "RefreshAsync", new object?[] { null, CancellationToken.None });
            object? result = null;
            if (thrown is null)
            {
                (_, result, _, thrown) = await CallOnHandleAsync(server, () => handle!, "WaitAsync", new object?[] { null, null, CancellationToken.None });
            }

            if (thrown is not null)
            {
                problems.Add($"{get.Id}: waiting for an operation that made a {get.ResponseRef} ({typeUrl}) {Threw("WaitAsync", thrown)}");
                continue;
            }

            if (result?.GetType() != modelType)
            {
                problems.Add($"{get.Id}: an operation that made a {get.ResponseRef} ({typeUrl}) gave {result?.GetType().Name ?? "null"}, expected {modelType.Name}");
                continue;
            }

            if (RoundTrip((JsonModel)result, document.ResponseSample(get.ResponseRef, withReadOnly: false)!, dataWrapper: false) is { } difference)
            {
                problems.Add($"{get.Id}: an operation's {modelType.Name} {difference}");
                continue;
            }

            tally.Unpacked++;
        }

        return problems;
    }

    /// <summary>
    /// An operation name for a get that takes it in pieces, and the value of each piece: a collection segment per path
    /// parameter (<c>bucket</c> → <c>buckets</c>, <c>operationId</c> → <c>operations</c>, <c>appsId</c> → <c>apps</c>), in
    /// path order, after a <c>projects/_/</c> the pieces do not name (as Cloud Storage's names carry).
    /// </summary>
    private static Dictionary<string, string> PiecesName(MethodSpec get, out string name)
    {
        var pieces = new Dictionary<string, string>(StringComparer.Ordinal);
        var segments = new List<string>();
        foreach (Match match in WireOracle.Expression.Matches(get.Path))
        {
            var parameter = match.Groups[2].Value;
            var collection = parameter.EndsWith("Id", StringComparison.Ordinal) ? parameter[..^2] : parameter;
            segments.Add(collection.EndsWith('s') ? collection : collection + "s");
            pieces[parameter] = "a b:" + pieces.Count.ToString(CultureInfo.InvariantCulture);
            segments.Add(pieces[parameter]);
        }

        name = (segments.Contains("projects") ? string.Empty : "projects/_/") + string.Join("/", segments);
        return pieces;
    }

    /// <summary>Whether every path parameter of <paramref name="method"/> has a value in <paramref name="pieces"/>.</summary>
    private static bool Takes(MethodSpec method, Dictionary<string, string> pieces) =>
        WireOracle.Expression.Matches(method.Path).All(m => pieces.ContainsKey(m.Groups[2].Value));

    /// <summary>The request <paramref name="method"/> sends with these path values, and nothing else.</summary>
    private static (string Method, Regex Path) Exactly(MethodSpec method, Dictionary<string, string> values, Uri baseUri) =>
        (method.HttpMethod, new Regex("^" + Regex.Escape(baseUri.AbsolutePath + WireOracle.Expand(method.Path, values)) + "$", RegexOptions.CultureInvariant));

    /// <summary>
    /// Calls a method of the handle <paramref name="create"/> makes (a Task, awaited): the handle, the requests sent, or
    /// what was thrown.
    /// </summary>
    private static async Task<(object? Handle, List<RecordedRequest> Sent, Exception? Thrown)> OnHandleAsync(LoopbackServer server, Func<object> create, string method, object?[] arguments)
    {
        var (handle, _, sent, thrown) = await CallOnHandleAsync(server, create, method, arguments);
        return (handle, sent, thrown);
    }

    /// <summary>As <see cref="OnHandleAsync"/>, with what the call's task returned (null for a plain Task or a throw).</summary>
    private static async Task<(object? Handle, object? Result, List<RecordedRequest> Sent, Exception? Thrown)> CallOnHandleAsync(LoopbackServer server, Func<object> create, string method, object?[] arguments)
    {
        var before = server.Requests.Count;
        object? handle = null;
        object? result = null;
        Exception? thrown = null;
        try
        {
            handle = create();
            var call = (Task)handle.GetType().GetMethods().Single(m => m.Name == method && !m.IsGenericMethodDefinition).Invoke(handle, arguments)!;
            await call;
            result = call.GetType().IsGenericType ? call.GetType().GetProperty("Result")!.GetValue(call) : null;
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            thrown = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
        }

        return (handle, result, server.Requests.Skip(before).ToList(), thrown);
    }

    /// <summary>
    /// The requests the methods that take <paramref name="name"/> send: the HTTP method, and the path of one that takes
    /// it whole with a pattern that matches it (the name expanded in its path), or any path of the shape of one that
    /// takes names in pieces.
    /// </summary>
    private static List<(string Method, Regex Path)> Serving(IEnumerable<MethodSpec> methods, string name, Uri baseUri)
    {
        var serving = new List<(string, Regex)>();
        foreach (var method in methods)
        {
            if (DiscoveryDocument.WholeName(method) is { } whole)
            {
                if (whole.Pattern is null || Regex.IsMatch(name, whole.Pattern))
                {
                    var path = baseUri.AbsolutePath + WireOracle.Expand(method.Path, new Dictionary<string, string> { [whole.Name] = name });
                    serving.Add((method.HttpMethod, new Regex("^" + Regex.Escape(path) + "$", RegexOptions.CultureInvariant)));
                }
            }
            else
            {
                var shape = Regex.Replace(Regex.Escape(baseUri.AbsolutePath + method.Path), @"\\\{[^}]+}", "[^/]+");
                serving.Add((method.HttpMethod, new Regex("^" + shape + "$", RegexOptions.CultureInvariant)));
            }
        }

        return serving;
    }

    /// <summary>Whether exactly one request was sent, with no query and no body, as one of <paramref name="expected"/>.</summary>
    private static bool OneOf(List<RecordedRequest> sent, List<(string Method, Regex Path)> expected) =>
        sent is [var request] && !request.RawTarget.Contains('?', StringComparison.Ordinal) && (request.Body.Length == 0 || request.BodyText == "{}")
        && expected.Any(e => e.Method == request.Method && e.Path.IsMatch(request.RawTarget));

    private static string Outcome(List<RecordedRequest> sent, Exception? thrown) =>
        (sent.Count == 0 ? "sent nothing" : "sent " + string.Join(", ", sent.Select(r => r.Method + " " + r.RawTarget)))
        + (thrown is null ? string.Empty : $" and threw {thrown.GetType().Name}: {thrown.Message.Split('\n')[0]}");

    /// <summary>A plain call that went as its document describes: what it was called with, sent, answered and returned.</summary>
    private sealed record PlainCall(MethodSpec Method, MethodInfo Generated, object?[] Arguments, RecordedRequest Request, string Response, object? Result);

    /// <summary>
    /// The document's batch (where it has a <c>batchPath</c>): every plain call that went as described, made again on
    /// <c>CreateBatch().Service</c>, is sent inside multipart/mixed POSTs to the batch path (at most 100 calls each), as
    /// the same request (method, path and query, body) it was sent alone, and completes with the same result when the
    /// server answers each part as it answered the call alone. A document without <c>batchPath</c> has no <c>CreateBatch</c>.
    /// </summary>
    private static async Task<List<string>> BatchAsync(DiscoveryDocument document, ApiResource service, List<PlainCall> calls, LoopbackServer server, Tally tally)
    {
        var create = service.GetType().GetMethod("CreateBatch", Type.EmptyTypes);
        if (document.BatchPath is null || create is null)
        {
            return document.BatchPath is null == create is null ? new List<string>() : new List<string> { $"batchPath '{document.BatchPath}', CreateBatch: {create is not null}" };
        }

        var problems = new List<string>();
        var batch = create.Invoke(service, null)!;
        var resources = Resources((ApiResource)batch.GetType().GetProperty("Service")!.GetValue(batch)!);
        var queued = new List<(PlainCall Call, Task Task)>();
        foreach (var call in calls)
        {
            try
            {
                queued.Add((call, (Task)call.Generated.Invoke(resources[call.Generated.DeclaringType!], call.Arguments)!));
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                problems.Add($"{call.Method.Id}: {Threw(call.Generated.Name, ex)} on the batch's service");
            }
        }

        var answered = 0;
        server.Responder = request => BatchWire.Response(BatchWire.Parse(request)
            .Select(part => new BatchWire.Answer(200, answered < queued.Count ? queued[answered++].Call.Response : "{}", BatchWire.ResponseId(part)))
            .ToArray());
        var before = server.Requests.Count;
        try
        {
            await (Task)batch.GetType().GetMethod("ExecuteAsync")!.Invoke(batch, new object?[] { null, CancellationToken.None })!;
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            problems.Add(Threw("ExecuteAsync", ex));
            return problems;
        }

        var sent = server.Requests.Skip(before).ToList();
        var expectedPath = "/" + document.BatchPath;
        if (sent.Count != (queued.Count + 99) / 100 || sent.Any(r => r.Method != "POST" || r.RawTarget != expectedPath || r.ContentType?.StartsWith("multipart/mixed;", StringComparison.Ordinal) != true))
        {
            problems.Add($"{queued.Count} calls sent as {string.Join(", ", sent.Select(r => $"{r.Method} {r.RawTarget} ({r.ContentType})"))}, expected {(queued.Count + 99) / 100} multipart/mixed POSTs to {expectedPath}");
            return problems;
        }

        var parts = sent.SelectMany(BatchWire.Parse).ToList();
        for (var i = 0; i < queued.Count; i++)
        {
            var (call, task) = queued[i];
            var part = i < parts.Count ? parts[i] : null;
            if (part is null || part.Method != call.Request.Method || part.PathAndQuery != call.Request.RawTarget || !part.Body.AsSpan().SequenceEqual(call.Request.Body))
            {
                problems.Add($"{call.Method.Id}: batched as {part?.Method} {part?.PathAndQuery} {part?.BodyText}, expected {call.Request.Method} {call.Request.RawTarget} {call.Request.BodyText}");
                continue;
            }

            try
            {
                await task;
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                problems.Add($"{call.Method.Id}: batched call {Threw(call.Generated.Name, ex)}");
                continue;
            }

            var result = task.GetType().GetProperty("Result")?.GetValue(task);
            if (call.Result is JsonModel alone && (result is not JsonModel batched || Written(batched) != Written(alone)))
            {
                problems.Add($"{call.Method.Id}: the batched call returned {(result is JsonModel m ? Written(m) : result?.ToString())}, alone {Written(alone)}");
                continue;
            }

            tally.Batched++;
        }

        return problems;
    }

    /// <summary>How many values the <c>IAsyncEnumerable</c> the method returns yields, or what it threw.</summary>
    private static async Task<(int Count, string? Threw)> CountAsync(MethodInfo method, ApiResource resource, object?[] arguments)
    {
        var count = 0;
        try
        {
            await foreach (var _ in (IAsyncEnumerable<object>)method.Invoke(resource, arguments)!)
            {
                count++;
            }
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            return (count, Threw(method.Name, ex));
        }

        return (count, null);
    }

    /// <summary>"<c>{name} threw {type}: {first line}</c>", for the exception a reflected call ended with.</summary>
    private static string Threw(string name, Exception ex)
    {
        var inner = ex is TargetInvocationException { InnerException: { } thrown } ? thrown : ex;
        return $"{name} threw {inner.GetType().Name}: {inner.Message.Split('\n')[0]}";
    }

    /// <summary>The method's media siblings: beside it, with its <c>[DiscoveryMethod]</c>, taking a stream.</summary>
    private static List<MethodInfo> MediaMethods(MethodInfo plain) =>
        plain.DeclaringType!.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.GetCustomAttribute<DiscoveryMethodAttribute>()?.Id == plain.GetCustomAttribute<DiscoveryMethodAttribute>()!.Id
                && m.GetParameters().Any(p => p.ParameterType == typeof(Stream)))
            .ToList();

    /// <summary>
    /// Calls each media sibling with the plain call's arguments. A download must send the plain request plus
    /// <c>alt=media</c> and write the answer's bytes into the destination; an upload of a few bytes (the default
    /// protocol choice) must go to the document's simple path with <c>uploadType=multipart</c> (with metadata) or
    /// <c>media</c>, or, with no simple path, start a session at the resumable path and <c>PUT</c> the bytes there.
    /// </summary>
    private static async Task<List<string>> MediaAsync(DiscoveryDocument document, MethodSpec method, MethodInfo plain, IReadOnlyList<MethodInfo> siblings, ApiResource resource, object?[] plainArguments, RecordedRequest first, Dictionary<string, string> pathValues, LoopbackServer server, Tally tally)
    {
        var problems = new List<string>();
        var byName = plain.GetParameters().Select((p, i) => (p.Name!, plainArguments[i])).ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);
        var content = Encoding.UTF8.GetBytes("media bytes");
        foreach (var sibling in siblings)
        {
            var parameters = sibling.GetParameters();
            var isUpload = parameters.Any(p => p.ParameterType == typeof(MediaUploadOptions));
            var destination = new MemoryStream();
            var contentType = ContentType(method.Upload?.Accept ?? Array.Empty<string>());
            object?[] Arguments(Stream stream, MediaUploadOptions? options) => parameters.Select(p =>
                p.ParameterType == typeof(Stream) ? stream
                : p.ParameterType == typeof(MediaUploadOptions) ? options
                : p.ParameterType == typeof(string) && !byName.ContainsKey(p.Name!) ? contentType
                : byName.GetValueOrDefault(p.Name!)).ToArray();
            var arguments = Arguments(isUpload ? new MemoryStream(content) : destination, null);
            var before = server.Requests.Count;
            var response = document.ResponseSample(method.ResponseRef) ?? document.EmptyResponse(method.ResponseRef);
            server.Responder = request =>
                !isUpload ? new CannedResponse(200, ContentType: "application/octet-stream") { BodyBytes = content }
                : request.QueryValues("uploadType").FirstOrDefault() == "resumable"
                    ? new CannedResponse(200) { Headers = new Dictionary<string, string> { ["Location"] = new Uri(server.BaseUri, "/session?upload_id=u%201").ToString() } }
                    : CannedResponse.Json(response);
            try
            {
                await (Task)sibling.Invoke(resource, arguments)!;
            }
            catch (Exception ex)
            {
                problems.Add(Threw(sibling.Name, ex));
                continue;
            }

            var sent = server.Requests.Skip(before).ToList();
            var plainQuery = TargetQuery(first.RawTarget);
            if (!isUpload)
            {
                var expected = plainQuery.Append(("alt", "media"));
                if (sent.Count != 1 || TargetPath(sent[0].RawTarget) != TargetPath(first.RawTarget) || !SameQuery(TargetQuery(sent[0].RawTarget), expected) || !destination.ToArray().SequenceEqual(content))
                {
                    problems.Add($"{sibling.Name}: {sent.Count} requests ({string.Join(", ", sent.Select(r => r.RawTarget))}) and {destination.Length} bytes, expected {first.RawTarget} with alt=media and the {content.Length} bytes");
                }
                else
                {
                    tally.Downloads++;
                }

                continue;
            }

            var upload = method.Upload!;
            var withMetadata = method.HasRequest && !document.HasNoProperties(method.RequestRef);
            string? problem;
            if (upload.SimplePath is not null)
            {
                var expectedPath = WireOracle.Expand(upload.SimplePath, pathValues);
                var expected = plainQuery.Append(("uploadType", withMetadata ? "multipart" : "media"));
                problem = sent.Count == 1 && TargetPath(sent[0].RawTarget) == expectedPath && SameQuery(TargetQuery(sent[0].RawTarget), expected) && sent[0].Method == method.HttpMethod
                    && (withMetadata ? sent[0].ContentType?.StartsWith("multipart/related", StringComparison.Ordinal) == true : sent[0].ContentType == contentType)
                    && sent[0].BodyText.Contains("media bytes", StringComparison.Ordinal)
                    ? null
                    : $"{sibling.Name}: {string.Join(", ", sent.Select(r => r.Method + " " + r.RawTarget + " (" + r.ContentType + ")"))}, expected {method.HttpMethod} {expectedPath} with uploadType={(withMetadata ? "multipart" : "media")}";
            }
            else
            {
                var expectedPath = WireOracle.Expand(upload.ResumablePath!, pathValues);
                var expected = plainQuery.Append(("uploadType", "resumable"));
                problem = sent.Count == 2 && TargetPath(sent[0].RawTarget) == expectedPath && SameQuery(TargetQuery(sent[0].RawTarget), expected) && sent[0].Method == method.HttpMethod
                    && sent[1].Method == "PUT" && sent[1].RawTarget == "/session?upload_id=u%201" && sent[1].BodyText == "media bytes"
                    ? null
                    : $"{sibling.Name}: {string.Join(", ", sent.Select(r => r.Method + " " + r.RawTarget))}, expected {method.HttpMethod} {expectedPath} with uploadType=resumable, then PUT the bytes to the session";
            }

            if (problem is null)
            {
                tally.Uploads++;
            }
            else
            {
                problems.Add(problem);
                continue;
            }

            if (upload.ResumablePath is not null)
            {
                var start = (method.HttpMethod, WireOracle.Expand(upload.ResumablePath, pathValues), plainQuery.Append(("uploadType", "resumable")).ToList());
                if (await InChunksAsync(server, sibling.Name, stream => sibling.Invoke(resource, Arguments(stream, new MediaUploadOptions { Protocol = MediaUploadProtocol.Resumable, ChunkSize = MediaUploadOptions.ChunkGranularity }))!, start, response) is { } chunked)
                {
                    problems.Add(chunked);
                }
                else
                {
                    tally.Chunked++;
                }
            }
        }

        return problems;
    }

    /// <summary>
    /// A resumable upload of one chunk and a few bytes (<see cref="MediaUploadOptions.ChunkGranularity"/> as the chunk
    /// size): it must start a session with <paramref name="start"/>, <c>PUT</c> the first chunk with
    /// <c>Content-Range: bytes 0-262143/…</c>, go on after the server's 308 and its <c>Range</c>, and <c>PUT</c> the rest
    /// with the total; the server's last answer is the method's response.
    /// </summary>
    private static async Task<string?> InChunksAsync(LoopbackServer server, string name, Func<Stream, object> upload, (string Method, string Path, List<(string, string)> Query) start, string response)
    {
        const int Chunk = MediaUploadOptions.ChunkGranularity;
        var content = Enumerable.Range(0, Chunk + 11).Select(i => (byte)(i % 251)).ToArray();
        server.Responder = request =>
            request.QueryValues("uploadType").FirstOrDefault() == "resumable"
                ? new CannedResponse(200) { Headers = new Dictionary<string, string> { ["Location"] = new Uri(server.BaseUri, "/session?upload_id=u%202").ToString() } }
                : request.Headers.GetValueOrDefault("Content-Range") == $"bytes {Chunk}-{content.Length - 1}/{content.Length}"
                    ? CannedResponse.Json(response)
                    : new CannedResponse(308) { Headers = new Dictionary<string, string> { ["Range"] = $"bytes=0-{Chunk - 1}" } };
        var before = server.Requests.Count;
        try
        {
            await (Task)upload(new MemoryStream(content));
        }
        catch (Exception ex)
        {
            return Threw(name + " (resumable, in chunks)", ex);
        }

        var sent = server.Requests.Skip(before).ToList();
        var ok = sent.Count == 3
            && sent[0].Method == start.Method && TargetPath(sent[0].RawTarget) == start.Path && SameQuery(TargetQuery(sent[0].RawTarget), start.Query)
            && sent[1].Method == "PUT" && sent[1].RawTarget == "/session?upload_id=u%202" && sent[1].Body.AsSpan().SequenceEqual(content.AsSpan(0, Chunk))
            && sent[1].Headers.GetValueOrDefault("Content-Range") is { } first && (first == $"bytes 0-{Chunk - 1}/*" || first == $"bytes 0-{Chunk - 1}/{content.Length}")
            && sent[2].Method == "PUT" && sent[2].RawTarget == "/session?upload_id=u%202" && sent[2].Body.AsSpan().SequenceEqual(content.AsSpan(Chunk))
            && sent[2].Headers.GetValueOrDefault("Content-Range") == $"bytes {Chunk}-{content.Length - 1}/{content.Length}";
        return ok
            ? null
            : $"{name} (resumable, in chunks): {string.Join(", ", sent.Select(r => $"{r.Method} {r.RawTarget} ({r.Body.Length} bytes, {r.Headers.GetValueOrDefault("Content-Range")})"))}, expected {start.Method} {start.Path} with uploadType=resumable, then PUT {Chunk} and 11 bytes to the session";
    }

    /// <summary>A media type the method accepts: <c>text/plain</c> where it takes any, else its first, a wildcard filled in.</summary>
    private static string ContentType(string[] accept) =>
        accept.Length == 0 || accept.Contains("*/*", StringComparer.Ordinal) ? "text/plain" : accept[0].Replace("*", "x-test", StringComparison.Ordinal);

    private static bool SameQuery(IEnumerable<(string, string)> actual, IEnumerable<(string, string)> expected) =>
        actual.OrderBy(q => q.Item1, StringComparer.Ordinal).ThenBy(q => q.Item2, StringComparer.Ordinal)
            .SequenceEqual(expected.OrderBy(q => q.Item1, StringComparer.Ordinal).ThenBy(q => q.Item2, StringComparer.Ordinal));

    private static string TargetPath(string target) => target.Split('?')[0];

    private static List<(string, string)> TargetQuery(string target) =>
        target.IndexOf('?', StringComparison.Ordinal) is var question and >= 0 ? target[(question + 1)..].Split('&').Select(Pair).ToList() : new List<(string, string)>();

    /// <summary>Calls one method with a value for each of its parameters; null when the request on the wire is the expected one.</summary>
    private static async Task<string?> CallAsync(DiscoveryDocument document, MethodSpec method, MethodInfo generated, MethodInfo? pages, IReadOnlyList<MethodInfo> media, ApiResource resource, Uri baseUri, LoopbackServer server, Tally tally, List<PlainCall> calls)
    {
        var pathValues = WireOracle.PathValues(method, out var pathProblem);
        if (pathValues is null)
        {
            return pathProblem;
        }

        var parameters = generated.GetParameters();
        var arguments = new object?[parameters.Length];
        var expectedQuery = new List<(string Name, string Value, bool IsDateTime)>();
        var byName = method.Parameters.ToDictionary(p => Normalize(p.Name), StringComparer.Ordinal);
        var bodyGiven = false;
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (parameter.ParameterType == typeof(RequestOptions))
            {
                continue;
            }

            if (parameter.ParameterType == typeof(CancellationToken))
            {
                arguments[i] = CancellationToken.None;
                continue;
            }

            if (!byName.Remove(Normalize(parameter.Name!), out var spec))
            {
                if (!method.HasRequest || bodyGiven)
                {
                    return $"parameter '{parameter.Name}' is not in the document";
                }

                arguments[i] = WireValues.Body(parameter.ParameterType, document.RequiredBodyProperties(method));
                bodyGiven = true;
                continue;
            }

            if (spec.Location == "path")
            {
                var pathType = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
                arguments[i] = pathType == typeof(string) ? pathValues[spec.Name]
                    : pathType == typeof(byte[]) ? Convert.FromBase64String(pathValues[spec.Name])
                    : pathType.GetConstructor(new[] { typeof(string) }) is { } enumValue ? enumValue.Invoke(new object[] { pathValues[spec.Name] })
                    : Convert.ChangeType(pathValues[spec.Name], pathType, CultureInfo.InvariantCulture);
                continue;
            }

            var value = WireValues.Query(parameter.ParameterType, spec);
            if (value is null)
            {
                return $"query parameter '{spec.Name}' has a type this test cannot fill: {parameter.ParameterType}";
            }

            if (value.Value.Argument is not null)
            {
                arguments[i] = value.Value.Argument;
                expectedQuery.AddRange(value.Value.Wire.Select(w => (spec.Name, w, IsDateTime: spec.Format is "date-time" or "google-datetime")));
            }
        }

        if (byName.Count > 0)
        {
            return "document parameters without a generated parameter: " + string.Join(", ", byName.Values.Select(p => p.Name));
        }

        // A request schema with no properties (a CancelOperationRequest, google.protobuf.Empty) takes no argument: "{}" is sent.
        var emptyBody = method.HasRequest && !bodyGiven && document.HasNoProperties(method.RequestRef);
        if (method.HasRequest != bodyGiven && !emptyBody)
        {
            return method.HasRequest ? "the document's request body has no parameter" : "a parameter takes a body the document does not declare";
        }

        var before = server.Requests.Count;
        // The response: every property its schema declares, filled (ResponseSample); read, it must write back the same.
        var response = document.ResponseSample(method.ResponseRef);
        var answered = response ?? document.EmptyResponse(method.ResponseRef);
        server.Responder = _ => CannedResponse.Json(answered);
        object? result;
        try
        {
            var call = (Task)generated.Invoke(resource, arguments)!;
            await call;
            result = call.GetType().GetProperty("Result")?.GetValue(call);
        }
        catch (Exception ex)
        {
            return Threw(generated.Name, ex);
        }

        var sent = server.Requests.Skip(before).ToList();
        if (sent.Count != 1)
        {
            return $"{sent.Count} requests instead of one";
        }

        var request = sent[0];
        var expectedPath = baseUri.AbsolutePath + WireOracle.Expand(method.Path, pathValues);
        var question = request.RawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = TargetPath(request.RawTarget);
        var query = TargetQuery(request.RawTarget);
        var problems = new List<string>();
        if (request.Method != method.HttpMethod)
        {
            problems.Add($"method {request.Method}, expected {method.HttpMethod}");
        }

        // The method's attributes name it as its document does: [DiscoveryMethod(id, httpMethod, path)], [RequiredScopes].
        var declared = generated.GetCustomAttribute<DiscoveryMethodAttribute>()!;
        var scopes = generated.GetCustomAttribute<RequiredScopesAttribute>()?.Scopes ?? Array.Empty<string>();
        if (declared.HttpMethod != method.HttpMethod || declared.Path != method.Path || !scopes.SequenceEqual(method.Scopes))
        {
            problems.Add($"attributes [DiscoveryMethod(\"{declared.HttpMethod}\", \"{declared.Path}\")] [RequiredScopes({string.Join(" ", scopes)})], expected {method.HttpMethod} {method.Path}, scopes {string.Join(" ", method.Scopes)}");
        }

        if (path != expectedPath)
        {
            problems.Add($"path {path}, expected {expectedPath}");
        }

        var unmatched = query.ToList();
        foreach (var (expectedName, expectedValue, isDateTime) in expectedQuery)
        {
            var index = unmatched.FindIndex(q => q.Item1 == expectedName && (isDateTime ? SameInstant(q.Item2, expectedValue) : q.Item2 == expectedValue));
            if (index < 0)
            {
                problems.Add($"query {expectedName}={expectedValue} missing (sent: {request.RawTarget[Math.Max(question, 0)..]})");
            }
            else
            {
                unmatched.RemoveAt(index);
            }
        }

        if (unmatched.Count > 0)
        {
            problems.Add("unexpected query " + string.Join("&", unmatched.Select(q => q.Item1 + "=" + q.Item2)));
        }

        if (method.HasRequest)
        {
            // An empty body is "{}"; a dataWrapper API wraps every body in {"data": …}.
            if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true || !IsJson(request.Body)
                || (emptyBody && request.BodyText != (document.DataWrapper ? "{\"data\":{}}" : "{}"))
                || (document.DataWrapper && !request.BodyText.StartsWith("{\"data\":", StringComparison.Ordinal)))
            {
                problems.Add($"body of type {request.ContentType}: {request.BodyText}");
            }
        }
        else if (request.Body.Length > 0)
        {
            problems.Add($"a body the method does not take: {request.BodyText}");
        }

        // readOnly properties are read but never sent: the model writes back the response without them.
        if (response is not null && result is JsonModel model && RoundTrip(model, document.ResponseSample(method.ResponseRef, withReadOnly: false)!, document.DataWrapper) is { } difference)
        {
            problems.Add("response " + difference);
        }
        else if (response is not null && result is JsonModel)
        {
            tally.Responses++;
        }

        if (problems.Count == 0 && document.StartsOperation(method))
        {
            if (await StartAsync(document, generated, resource, arguments, request, server) is { } start)
            {
                problems.Add(start);
            }
            else
            {
                tally.Started++;
            }
        }

        if (problems.Count == 0 && media.Count > 0)
        {
            problems.AddRange(await MediaAsync(document, method, generated, media, resource, arguments, request, pathValues, server, tally));
        }

        if (problems.Count == 0 && pages is not null)
        {
            if (await PagesAsync(document, method, pages, resource, arguments, request, server, tally) is { } paging)
            {
                problems.Add(paging);
            }
            else
            {
                tally.Paged++;
            }
        }

        if (problems.Count == 0)
        {
            calls.Add(new PlainCall(method, generated, arguments, request, answered, result));
        }

        tally.Methods++;
        tally.PathValues += pathValues.Count;
        tally.QueryValues += expectedQuery.Count;
        tally.Bodies += method.HasRequest ? 1 : 0;
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>
    /// Null when the model read from <paramref name="sent"/> knew every property (nothing left in an
    /// <c>ExtensionData</c>) and writes back the same JSON (the same values, dates and durations compared as such).
    /// </summary>
    private static string? RoundTrip(JsonModel model, string sent, bool dataWrapper)
    {
        if (Unknown(model, "$") is { } unknown)
        {
            return "property not read into its own member: " + unknown;
        }

        using var expected = JsonDocument.Parse(sent);
        using var written = JsonDocument.Parse(Written(model));
        var root = dataWrapper ? expected.RootElement.GetProperty("data") : expected.RootElement;
        return JsonDifference.Find(root, written.RootElement, "$");
    }

    /// <summary>The JSON the model writes.</summary>
    private static string Written(JsonModel model)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            model.GetType().GetMethod("WriteJson", new[] { typeof(Utf8JsonWriter) })!.Invoke(model, new object[] { writer });
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The path of the first model in the graph with something in its <c>ExtensionData</c>, or null.</summary>
    private static string? Unknown(object? value, string path)
    {
        switch (value)
        {
            case JsonModel model:
                if (model.ExtensionData is { Count: > 0 } extra)
                {
                    return path + "." + extra.Keys.First();
                }

                foreach (var property in model.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (property.GetIndexParameters().Length == 0 && property.Name != nameof(JsonModel.ExtensionData)
                        && Unknown(property.GetValue(model), path + "." + property.Name) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (Unknown(entry.Value, path + "[" + entry.Key + "]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case IList list:
                for (var i = 0; i < list.Count; i++)
                {
                    if (Unknown(list[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>A name as both sides can agree on: letters and digits, lower case (<c>@object</c>, <c>filter.status</c>).</summary>
    internal static string Normalize(string name) => new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    private static (string, string) Pair(string part)
    {
        var equals = part.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (Uri.UnescapeDataString(part), string.Empty) : (Uri.UnescapeDataString(part[..equals]), Uri.UnescapeDataString(part[(equals + 1)..]));
    }

    private static bool SameInstant(string sent, string expected) =>
        sent.EndsWith('Z')
        && DateTimeOffset.TryParse(sent, CultureInfo.InvariantCulture, DateTimeStyles.None, out var a)
        && DateTimeOffset.TryParse(expected, CultureInfo.InvariantCulture, DateTimeStyles.None, out var b)
        && a == b;

    private static bool IsJson(byte[] body)
    {
        try
        {
            using var parsed = JsonDocument.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

/// <summary>A method parameter as the document declares it.</summary>
internal sealed record ParameterSpec(string Name, string Location, string? Type, string? Format, bool Repeated, bool Required, string[] Enum, string? Pattern, string? Minimum, string? Maximum);

/// <summary>A method's <c>mediaUpload</c>: the accepted types and the protocols' paths.</summary>
internal sealed record UploadSpec(string[] Accept, string? SimplePath, string? ResumablePath);

/// <summary>A method as the document declares it.</summary>
internal sealed record MethodSpec(string Id, string Resource, string Name, string HttpMethod, string Path, string? FlatPath, IReadOnlyList<ParameterSpec> Parameters, string? RequestRef, string? ResponseRef, UploadSpec? Upload, string[] Scopes)
{
    public bool HasRequest => RequestRef is not null;
}

/// <summary>What the test reads of a discovery document, with System.Text.Json, independently of the generator.</summary>
internal sealed class DiscoveryDocument
{
    private readonly Dictionary<string, string?> _schemaTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonElement> _schemas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string Property, string[] RequiredBy)>> _schemaProperties = new(StringComparer.Ordinal);

    public string ServicePath { get; private set; } = string.Empty;

    /// <summary>The schemas the response samples have filled so far.</summary>
    public HashSet<string> SampledSchemas { get; } = new(StringComparer.Ordinal);

    /// <summary>The number of schemas the document declares.</summary>
    public int SchemaCount => _schemas.Count;

    public List<MethodSpec> Methods { get; } = new();

    public bool DataWrapper { get; private set; }

    /// <summary>The document's <c>batchPath</c>, or null.</summary>
    public string? BatchPath { get; private set; }

    /// <summary>The API's <c>name</c> and <c>version</c> (<c>aiplatform</c>, <c>v1</c>).</summary>
    public string ApiName { get; private set; } = string.Empty;

    public string ApiVersion { get; private set; } = string.Empty;

    /// <summary>
    /// The type URL Google's protos give a schema, as an operation's <c>@type</c> carries it: a schema named after its
    /// proto package (<c>GoogleCloudAiplatformV1Dataset</c>, the package ending in the API's name and version) is
    /// <c>type.googleapis.com/google.cloud.aiplatform.v1.Dataset</c>; any other is a message of
    /// <c>google.{name}.{version}</c>. Null when the schema is named after the package alone.
    /// </summary>
    public string? TypeUrl(string schemaId)
    {
        var marker = Capitalized(ApiName) + Capitalized(ApiVersion);
        var at = schemaId.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return $"type.googleapis.com/google.{ApiName}.{ApiVersion}.{schemaId}";
        }

        var end = at + marker.Length;
        if (end == schemaId.Length)
        {
            return null;
        }

        var package = Regex.Matches(schemaId[..end], "[A-Z][^A-Z]*").Select(m => m.Value.ToLowerInvariant());
        return $"type.googleapis.com/{string.Join(".", package)}.{schemaId[end..]}";

        static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
    }

    /// <summary>
    /// The <c>get</c> of each resource some of whose methods start an operation, where it returns an object schema that
    /// is neither the Operation nor a <c>…Response</c> (what such a resource's operations yield when they make or change it).
    /// </summary>
    public IEnumerable<MethodSpec> ResourceGetsThatStartOperations()
    {
        static string ResourceOf(MethodSpec method) => method.Id[..method.Id.LastIndexOf('.')];
        var starting = Methods.Where(StartsOperation).Select(ResourceOf).ToHashSet(StringComparer.Ordinal);
        return Methods.Where(m => m.Name == "get" && starting.Contains(ResourceOf(m)) && m.ResponseRef is { } r && r != OperationSchema
            && !r.EndsWith("Response", StringComparison.Ordinal) && _schemaTypes.GetValueOrDefault(r) is "object" or null);
    }

    public static DiscoveryDocument Read(string json)
    {
        using var parsed = JsonDocument.Parse(json);
        var root = parsed.RootElement;
        var document = new DiscoveryDocument
        {
            ServicePath = root.TryGetProperty("servicePath", out var servicePath) ? servicePath.GetString() ?? string.Empty : string.Empty,
            DataWrapper = root.TryGetProperty("features", out var features) && features.EnumerateArray().Any(f => f.GetString() == "dataWrapper"),
            BatchPath = Text(root, "batchPath"),
            ApiName = Text(root, "name") ?? string.Empty,
            ApiVersion = Text(root, "version") ?? string.Empty,
        };
        if (root.TryGetProperty("schemas", out var schemas))
        {
            foreach (var schema in schemas.EnumerateObject())
            {
                document._schemaTypes[schema.Name] = schema.Value.TryGetProperty("type", out var type) ? type.GetString() : null;
                document._schemas[schema.Name] = schema.Value.Clone();
                var properties = new List<(string, string[])>();
                if (schema.Value.TryGetProperty("properties", out var declared))
                {
                    foreach (var property in declared.EnumerateObject())
                    {
                        var requiredBy = property.Value.TryGetProperty("annotations", out var annotations) && annotations.TryGetProperty("required", out var required)
                            ? required.EnumerateArray().Select(r => r.GetString()!).ToArray()
                            : Array.Empty<string>();
                        properties.Add((property.Name, requiredBy));
                    }
                }

                if (!schema.Value.TryGetProperty("additionalProperties", out _))
                {
                    document._schemaProperties[schema.Name] = properties;
                }
            }
        }

        document.ReadMethods(root, string.Empty);
        document.ReadOperations();
        return document;
    }

    /// <summary>
    /// The document's google.longrunning Operation: the schema its <c>operations.get</c> methods return, with a string
    /// <c>name</c> and a boolean <c>done</c>; or its Compute-style one (<see cref="OperationsByLink"/>). Null without either.
    /// </summary>
    public string? OperationSchema { get; private set; }

    /// <summary>Whether the Operation schema has an <c>error</c> (a google.rpc.Status when it ended in failure).</summary>
    public bool OperationHasError { get; private set; }

    /// <summary>
    /// Compute-style operations (Cloud SQL, GKE, Deployment Manager): a string <c>status</c> that can be <c>DONE</c>, a
    /// string <c>selfLink</c> and no <c>done</c>, polled by the <c>get</c> of a resource named <c>operations</c> or
    /// <c>…Operations</c> with the pieces of the link's path.
    /// </summary>
    public bool OperationsByLink { get; private set; }

    /// <summary>Whether a Compute-style Operation's <c>error</c> is a list (<c>errors[]</c> of code and message) rather than a google.rpc.Status.</summary>
    public bool OperationErrorIsList { get; private set; }

    /// <summary>Whether a Compute-style Operation says its failure's HTTP status (an int32 <c>httpErrorStatusCode</c>).</summary>
    public bool OperationHasHttpErrorStatus { get; private set; }

    /// <summary>
    /// The <c>operations.get</c> methods a client can poll an operation with, knowing only its name: they return the
    /// Operation, take no body, and take the name either whole (their one required argument, a string in the path:
    /// <c>v1/{+name}</c>) or in pieces (every required argument a string in a simple path expression:
    /// <c>b/{bucket}/operations/{operationId}</c>).
    /// </summary>
    public List<MethodSpec> OperationGets { get; } = new();

    /// <summary>The <c>operations.cancel</c> methods that take a name the same ways and no body (or an empty one).</summary>
    public List<MethodSpec> OperationCancels { get; } = new();

    /// <summary>Whether the method starts an operation the client can follow: it returns the Operation, outside <c>operations</c>.</summary>
    public bool StartsOperation(MethodSpec method) =>
        OperationGets.Count > 0 && method.ResponseRef == OperationSchema && !IsOperationsResource(method.Resource);

    /// <summary>A resource of operations: <c>operations</c>, and for Compute-style ones also <c>zoneOperations</c> and the like.</summary>
    private bool IsOperationsResource(string resource) =>
        resource == "operations" || (OperationsByLink && resource.EndsWith("Operations", StringComparison.Ordinal));

    /// <summary>The path parameter a method takes an operation's whole name in, or null when it takes it in pieces.</summary>
    public static ParameterSpec? WholeName(MethodSpec method) =>
        method.Parameters.Where(p => p.Required || p.Location == "path").ToList() is [{ Location: "path", Type: "string", Format: null } only] ? only : null;

    /// <summary>The JSON a response carries: as is, or in <c>{"data": …}</c> for a dataWrapper API.</summary>
    public string Wrap(string json) => DataWrapper ? "{\"data\":" + json + "}" : json;

    private void ReadOperations()
    {
        bool IsOperation(string? schema) =>
            schema is not null && _schemas.TryGetValue(schema, out var element) && element.TryGetProperty("properties", out var properties)
            && properties.TryGetProperty("name", out var name) && Text(name, "type") == "string"
            && properties.TryGetProperty("done", out var done) && Text(done, "type") == "boolean";

        bool IsLinkOperation(string? schema) =>
            schema is not null && _schemas.TryGetValue(schema, out var element) && element.TryGetProperty("properties", out var properties)
            && !properties.TryGetProperty("done", out _)
            && properties.TryGetProperty("selfLink", out var link) && Text(link, "type") == "string"
            && properties.TryGetProperty("status", out var status) && Text(status, "type") == "string"
            && (!status.TryGetProperty("enum", out var values) || values.EnumerateArray().Any(v => v.GetString() == "DONE"));

        OperationSchema = Methods.FirstOrDefault(m => m.Resource == "operations" && m.Name == "get" && IsOperation(m.ResponseRef))?.ResponseRef;
        if (OperationSchema is null)
        {
            OperationsByLink = true;
            OperationSchema = Methods.FirstOrDefault(m => IsOperationsResource(m.Resource) && m.Name == "get" && IsLinkOperation(m.ResponseRef))?.ResponseRef;
            if (OperationSchema is null)
            {
                OperationsByLink = false;
                return;
            }
        }

        OperationHasError = _schemas[OperationSchema].GetProperty("properties").TryGetProperty("error", out var error);
        OperationErrorIsList = OperationsByLink && (error.TryGetProperty("$ref", out var errorRef) && _schemas.TryGetValue(errorRef.GetString()!, out var errorSchema) ? errorSchema : error)
            .TryGetProperty("properties", out var errorProperties) && errorProperties.TryGetProperty("errors", out _);
        OperationHasHttpErrorStatus = OperationsByLink
            && _schemas[OperationSchema].GetProperty("properties").TryGetProperty("httpErrorStatusCode", out var httpStatus)
            && httpStatus.TryGetProperty("format", out var httpStatusFormat) && httpStatusFormat.GetString() == "int32";
        bool TakesName(MethodSpec method)
        {
            var required = method.Parameters.Where(p => p.Required || p.Location == "path").ToList();
            return (!method.HasRequest || HasNoProperties(method.RequestRef))
                && (WholeName(method) is not null
                    || (required.Count > 1 && required.All(p => p.Location == "path" && p.Type == "string" && p.Format is null && method.Path.Contains("{" + p.Name + "}", StringComparison.Ordinal))));
        }

        // A Compute-style cancel may take a CancelOperationRequest it requires nothing of (GKE's), which is sent empty.
        bool TakesEmptyCancelRequest(MethodSpec method) =>
            OperationsByLink && method.RequestRef is { } request && request.EndsWith("CancelOperationRequest", StringComparison.Ordinal) && RequiredBodyProperties(method).Count == 0;

        OperationGets.AddRange(Methods.Where(m => IsOperationsResource(m.Resource) && m.Name == "get" && m.ResponseRef == OperationSchema && TakesName(m)));
        OperationCancels.AddRange(Methods.Where(m => IsOperationsResource(m.Resource) && m.Name == "cancel"
            && (TakesName(m) || (TakesEmptyCancelRequest(m) && TakesName(m with { RequestRef = null })))));
    }

    /// <summary>Whether the schema is an object with no properties at all (and no additionalProperties).</summary>
    public bool HasNoProperties(string? schema) => schema is not null && _schemaProperties.TryGetValue(schema, out var properties) && properties.Count == 0;

    /// <summary>The request schema's properties the method requires (<c>annotations.required</c>).</summary>
    public IReadOnlyList<string> RequiredBodyProperties(MethodSpec method) =>
        method.RequestRef is not null && _schemaProperties.TryGetValue(method.RequestRef, out var properties)
            ? properties.Where(p => p.RequiredBy.Contains(method.Id, StringComparer.Ordinal)).Select(p => p.Property).ToList()
            : Array.Empty<string>();

    /// <summary>
    /// A response with every property of the method's response schema filled, or all but the <c>readOnly</c> ones
    /// (a schema is filled wherever it is reached within four references of the response, except again on its own path,
    /// and deeper only where no place before it has filled it); null when the response
    /// is not an object schema.
    /// </summary>
    public string? ResponseSample(string? responseRef, bool withReadOnly = true)
    {
        if (responseRef is null || !_schemas.TryGetValue(responseRef, out var schema) || _schemaTypes[responseRef] is not ("object" or null))
        {
            return null;
        }

        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (DataWrapper)
            {
                writer.WriteStartObject();
                writer.WritePropertyName("data");
            }

            SampledSchemas.Add(responseRef);
            Sample(writer, schema, new Reach(responseRef), withReadOnly);
            if (DataWrapper)
            {
                writer.WriteEndObject();
            }
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The references a sample is inside of, and every schema it has filled.</summary>
    private sealed class Reach(string root)
    {
        public List<string> Path { get; } = new() { root };

        public HashSet<string> Filled { get; } = new(StringComparer.Ordinal) { root };
    }

    /// <summary>Writes a value of the schema; false (nothing written) for a reference the sample does not follow (<see cref="ResponseSample"/>).</summary>
    private bool Sample(Utf8JsonWriter writer, JsonElement schema, Reach reach, bool withReadOnly)
    {
        if (!withReadOnly && schema.TryGetProperty("readOnly", out var readOnly) && readOnly.ValueKind == JsonValueKind.True)
        {
            // Left out, but followed as the sample with it follows it: both samples then fill every other schema at the
            // same places, and one is the other less its readOnly members.
            using var discard = new Utf8JsonWriter(Stream.Null);
            Sample(discard, schema, reach, withReadOnly: true);
            return false;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!;
            // Within four references every place is filled (as a client meets them); deeper, each schema once, so every
            // schema a response reaches is read somewhere and the sample stays as small as the schemas it reaches.
            if (!_schemas.TryGetValue(name, out var target) || reach.Path.Contains(name, StringComparer.Ordinal)
                || (!reach.Filled.Add(name) && reach.Path.Count > 4))
            {
                return false;
            }

            SampledSchemas.Add(name);
            reach.Path.Add(name);
            var written = Sample(writer, target, reach, withReadOnly);
            reach.Path.RemoveAt(reach.Path.Count - 1);
            return written;
        }

        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        switch (schema.TryGetProperty("type", out var t) ? t.GetString() : "object")
        {
            case "string":
                if (schema.TryGetProperty("enum", out var values) && values.GetArrayLength() > 0)
                {
                    writer.WriteStringValue(values[values.GetArrayLength() - 1].GetString());
                    return true;
                }

                writer.WriteStringValue(format switch
                {
                    "int64" or "uint64" or "int32" or "uint32" => "7",
                    "double" or "float" => "1.5",
                    "date" => "2026-01-02",
                    "date-time" or "google-datetime" => "2026-01-02T03:04:05.5Z",
                    "google-duration" => "3.5s",
                    "byte" => "+/8B",
                    "google-fieldmask" => "displayName,labels.env",
                    _ => "s é\u2028\"",
                });
                return true;
            case "integer":
                writer.WriteNumberValue(7);
                return true;
            case "number":
                writer.WriteNumberValue(1.5);
                return true;
            case "boolean":
                writer.WriteBooleanValue(true);
                return true;
            case "array":
                writer.WriteStartArray();
                if (schema.TryGetProperty("items", out var items))
                {
                    Sample(writer, items, reach, withReadOnly);
                }

                writer.WriteEndArray();
                return true;
            case "any":
                writer.WriteStartObject();
                writer.WriteStartArray("x");
                writer.WriteNumberValue(1);
                writer.WriteStringValue("y");
                writer.WriteEndArray();
                writer.WriteEndObject();
                return true;
            default:
                writer.WriteStartObject();
                if (schema.TryGetProperty("properties", out var properties))
                {
                    foreach (var property in properties.EnumerateObject())
                    {
                        SampleMember(writer, property.Name, property.Value, reach, withReadOnly);
                    }
                }
                else if (schema.TryGetProperty("additionalProperties", out var additional))
                {
                    SampleMember(writer, "k", additional, reach, withReadOnly);
                }

                writer.WriteEndObject();
                return true;
        }
    }

    /// <summary>A member of an object, left out whole when its value is (written into a scratch buffer first).</summary>
    private void SampleMember(Utf8JsonWriter writer, string name, JsonElement schema, Reach reach, bool withReadOnly)
    {
        var scratch = new MemoryStream();
        bool written;
        using (var inner = new Utf8JsonWriter(scratch))
        {
            written = Sample(inner, schema, reach, withReadOnly);
        }

        if (written)
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(scratch.ToArray());
        }
    }

    /// <summary>The smallest response body the method's response schema reads from.</summary>
    public string EmptyResponse(string? responseRef)
    {
        var type = responseRef is not null && _schemaTypes.TryGetValue(responseRef, out var t) ? t : "object";
        var value = type == "array" ? "[]" : "{}";
        return DataWrapper ? "{\"data\":" + value + "}" : value;
    }

    private void ReadMethods(JsonElement container, string resourceName)
    {
        if (container.TryGetProperty("methods", out var methods))
        {
            foreach (var method in methods.EnumerateObject())
            {
                Methods.Add(ReadMethod(method.Value, resourceName, method.Name));
            }
        }

        if (container.TryGetProperty("resources", out var resources))
        {
            foreach (var resource in resources.EnumerateObject())
            {
                ReadMethods(resource.Value, resource.Name);
            }
        }
    }

    private static MethodSpec ReadMethod(JsonElement method, string resourceName, string methodName)
    {
        var parameters = new List<ParameterSpec>();
        if (method.TryGetProperty("parameters", out var declared))
        {
            foreach (var parameter in declared.EnumerateObject())
            {
                var p = parameter.Value;
                parameters.Add(new ParameterSpec(
                    parameter.Name,
                    Text(p, "location") ?? "query",
                    Text(p, "type"),
                    Text(p, "format"),
                    p.TryGetProperty("repeated", out var repeated) && repeated.ValueKind == JsonValueKind.True,
                    p.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.True,
                    p.TryGetProperty("enum", out var values) ? values.EnumerateArray().Select(v => v.GetString()!).ToArray() : Array.Empty<string>(),
                    Text(p, "pattern"),
                    Text(p, "minimum"),
                    Text(p, "maximum")));
            }
        }

        return new MethodSpec(
            Text(method, "id")!,
            resourceName,
            methodName,
            Text(method, "httpMethod")!,
            Text(method, "path")!,
            Text(method, "flatPath"),
            parameters,
            method.TryGetProperty("request", out var request) ? Text(request, "$ref") ?? "" : null,
            method.TryGetProperty("response", out var response) ? Text(response, "$ref") : null,
            method.TryGetProperty("mediaUpload", out var upload) ? ReadUpload(upload) : null,
            method.TryGetProperty("scopes", out var scopes) ? scopes.EnumerateArray().Select(s => s.GetString()!).ToArray() : Array.Empty<string>());
    }

    private static UploadSpec ReadUpload(JsonElement upload)
    {
        var accept = upload.TryGetProperty("accept", out var types) ? types.EnumerateArray().Select(t => t.GetString()!).ToArray() : Array.Empty<string>();
        var protocols = upload.TryGetProperty("protocols", out var p) ? p : default;
        string? PathOf(string protocol) =>
            protocols.ValueKind == JsonValueKind.Object && protocols.TryGetProperty(protocol, out var entry) ? Text(entry, "path") : null;
        return new UploadSpec(accept, PathOf("simple"), PathOf("resumable"));
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>The request a method's document describes: path values that match its patterns, and RFC 6570 expansion.</summary>
internal static class WireOracle
{
    internal static readonly Regex Expression = new(@"\{([+]?)([^}]+)\}", RegexOptions.CultureInvariant);

    /// <summary>
    /// A value for each path parameter. Where the <c>flatPath</c> spells a parameter out (<c>v1/{+name}</c> against
    /// <c>v1/projects/{projectsId}/locations/{locationsId}</c>) the value is that shape with a token per component;
    /// otherwise a value with characters the expansion must escape (<c>a b:c/d</c>), unless a pattern rules it out.
    /// </summary>
    public static Dictionary<string, string>? PathValues(MethodSpec method, out string? problem)
    {
        problem = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var shapes = FlatShapes(method);
        var token = 0;
        foreach (var parameter in method.Parameters.Where(p => p.Location == "path"))
        {
            var candidates = new List<string>();
            if (shapes.TryGetValue(parameter.Name, out var shape))
            {
                candidates.Add(Regex.Replace(shape, @"\{[^}]+\}", _ => "v" + (++token).ToString(CultureInfo.InvariantCulture)));
                candidates.Add(Regex.Replace(shape, @"\{[^}]+\}", _ => (++token).ToString(CultureInfo.InvariantCulture)));
            }

            if (parameter.Format == "byte")
            {
                // Bytes go as standard base64 (what proto3's JSON mapping writes), whose '+' and '/' the expansion escapes.
                candidates.Add(Convert.ToBase64String(new byte[] { 0xfb, 0xff, 0x01 }));
            }

            candidates.AddRange(parameter.Enum);
            candidates.Add("a b:c/d");
            if (parameter.Pattern is not null)
            {
                candidates.Add(PatternSample.For(parameter.Pattern));
            }

            candidates.Add("v" + (++token).ToString(CultureInfo.InvariantCulture));
            candidates.Add((++token).ToString(CultureInfo.InvariantCulture));
            var numeric = parameter.Type is "integer" or "number" || parameter.Format is "int32" or "uint32" or "int64" or "uint64";
            var value = candidates.FirstOrDefault(c => (parameter.Pattern is null || Regex.IsMatch(c, parameter.Pattern)) && (!numeric || c.All(char.IsAsciiDigit)));
            if (value is null)
            {
                problem = $"no test value matches the pattern {parameter.Pattern} of '{parameter.Name}'";
                return null;
            }

            values[parameter.Name] = value;
        }

        foreach (Match match in Expression.Matches(method.Path))
        {
            if (!values.ContainsKey(match.Groups[2].Value))
            {
                problem = $"the path names '{match.Groups[2].Value}', which is not a path parameter";
                return null;
            }
        }

        return values;
    }

    /// <summary>The <c>flatPath</c> text each expression of the <c>path</c> stands for, where the two line up.</summary>
    private static Dictionary<string, string> FlatShapes(MethodSpec method)
    {
        var shapes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (method.FlatPath is null || method.FlatPath == method.Path)
        {
            return shapes;
        }

        var pattern = new StringBuilder("^");
        var names = new List<string>();
        var last = 0;
        foreach (Match match in Expression.Matches(method.Path))
        {
            pattern.Append(Regex.Escape(method.Path[last..match.Index]));
            pattern.Append(match.Groups[1].Value == "+" ? "(.+)" : "([^/]+)");
            names.Add(match.Groups[2].Value);
            last = match.Index + match.Length;
        }

        pattern.Append(Regex.Escape(method.Path[last..])).Append('$');
        var flat = Regex.Match(method.FlatPath, pattern.ToString(), RegexOptions.CultureInvariant);
        if (flat.Success)
        {
            for (var i = 0; i < names.Count; i++)
            {
                shapes[names[i]] = flat.Groups[i + 1].Value;
            }
        }

        return shapes;
    }

    /// <summary>The path with every expression expanded: <c>{var}</c> escapes all but unreserved characters, <c>{+var}</c> keeps reserved ones too.</summary>
    public static string Expand(string path, Dictionary<string, string> values) =>
        Expression.Replace(path, match => Escape(values[match.Groups[2].Value], reserved: match.Groups[1].Value == "+"));

    private static string Escape(string value, bool reserved)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || "-._~".Contains(c, StringComparison.Ordinal) || (reserved && ":/?#[]@!$&'()*+,;=".Contains(c, StringComparison.Ordinal))))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}

/// <summary>Arguments for query parameters and bodies, by the generated parameter's type, with their wire forms.</summary>
internal static class WireValues
{
    private static readonly DateTimeOffset Instant = new(2026, 1, 2, 3, 4, 5, 500, TimeSpan.Zero);

    /// <summary>An argument and what it must be on the wire (two values for a repeated parameter); null when the type is unknown here.</summary>
    public static (object? Argument, string[] Wire)? Query(Type type, ParameterSpec spec)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type != typeof(string) && type != typeof(byte[]) && Element(type) is { } element)
        {
            var first = Scalar(element, spec, 0);
            var second = Scalar(element, spec, 1);
            if (first is null || second is null)
            {
                return null;
            }

            if (first.Value.Argument is null || second.Value.Argument is null)
            {
                return (null, Array.Empty<string>());
            }

            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            list.Add(first.Value.Argument);
            list.Add(second.Value.Argument);
            return (list, new[] { first.Value.Wire, second.Value.Wire });
        }

        return Scalar(type, spec, 0) is { } scalar ? (scalar.Argument, new[] { scalar.Wire }) : null;
    }

    /// <summary>A request body of the parameter's type with only the <paramref name="required"/> properties set.</summary>
    public static object Body(Type type, IReadOnlyList<string> required)
    {
        var body = EmptyBody(type);
        foreach (var name in required)
        {
            var property = body.GetType().GetProperties().Single(p => CorpusWireTests.Normalize(p.Name) == CorpusWireTests.Normalize(name));
            property.SetValue(body, Filled(property.PropertyType));
        }

        return body;
    }

    /// <summary>Some non-null value of the type: a string, a number, a list of one, an object with nothing set.</summary>
    private static object Filled(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "x";
        }

        if (type.IsPrimitive)
        {
            return Convert.ChangeType(1, type, CultureInfo.InvariantCulture);
        }

        if (type == typeof(byte[]))
        {
            return new byte[] { 1 };
        }

        if (type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(DateOnly) || type == typeof(FieldMask) || type == typeof(JsonElement))
        {
            return type == typeof(DateTimeOffset) ? Instant : type == typeof(TimeSpan) ? TimeSpan.FromSeconds(1) : type == typeof(DateOnly) ? new DateOnly(2026, 1, 2)
                : type == typeof(FieldMask) ? new FieldMask("name") : JsonDocument.Parse("{}").RootElement.Clone();
        }

        if (type.IsValueType && type.GetConstructor(new[] { typeof(string) }) is { } constructor)
        {
            return constructor.Invoke(new object[] { "X" });
        }

        if (type != typeof(string) && Element(type) is { } element && !type.IsArray)
        {
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            list.Add(Filled(element));
            return list;
        }

        return EmptyBody(type);
    }

    private static object EmptyBody(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(JsonElement))
        {
            return JsonDocument.Parse("{}").RootElement.Clone();
        }

        if (type.IsInterface && Element(type) is { } element)
        {
            return Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
        }

        return Activator.CreateInstance(type)!;
    }

    private static Type? Element(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) ? type.GetGenericArguments()[0]
        : null;

    /// <summary>Variant <paramref name="n"/> of a value of <paramref name="type"/> that the parameter accepts, and its wire form.</summary>
    private static (object? Argument, string Wire)? Scalar(Type type, ParameterSpec spec, int n)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            // A value with characters a query must escape, unless a pattern rules it out (then one it allows, or none).
            var text = new[] { n == 0 ? "q v&w=x" : "r/s+t", "q" + n, n.ToString(CultureInfo.InvariantCulture), spec.Pattern is null ? "" : PatternSample.For(spec.Pattern) }
                .FirstOrDefault(c => spec.Pattern is null || Regex.IsMatch(c, spec.Pattern));
            return text is null ? (null, string.Empty) : (text, text);
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(uint) || type == typeof(ulong))
        {
            var number = Clamp(7 + n, spec);
            return (Convert.ChangeType(number, type, CultureInfo.InvariantCulture), number.ToString(CultureInfo.InvariantCulture));
        }

        if (type == typeof(double) || type == typeof(float))
        {
            var number = 1.5 + n;
            return (Convert.ChangeType(number, type, CultureInfo.InvariantCulture), number.ToString("R", CultureInfo.InvariantCulture));
        }

        if (type == typeof(bool))
        {
            return (n == 0, n == 0 ? "true" : "false");
        }

        if (type == typeof(DateTimeOffset))
        {
            var instant = Instant.AddDays(n);
            return (instant, instant.ToString("O", CultureInfo.InvariantCulture));
        }

        if (type == typeof(DateOnly))
        {
            var date = DateOnly.FromDateTime(Instant.UtcDateTime).AddDays(n);
            return (date, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (type == typeof(TimeSpan))
        {
            return (TimeSpan.FromSeconds(3.5 + n), (3.5 + n).ToString(CultureInfo.InvariantCulture) + "s");
        }

        if (type == typeof(byte[]))
        {
            var bytes = new byte[] { 0xfb, 0xff, (byte)n };
            return (bytes, Convert.ToBase64String(bytes));
        }

        if (type == typeof(FieldMask))
        {
            return n == 0 ? (new FieldMask("displayName", "labels.env"), "displayName,labels.env") : (new FieldMask("name"), "name");
        }

        // A generated enum: a struct over its wire string, made from one of the document's values.
        if (type.IsValueType && type.GetConstructor(new[] { typeof(string) }) is { } constructor && spec.Enum.Length > 0)
        {
            var wire = spec.Enum[n % spec.Enum.Length];
            return (constructor.Invoke(new object[] { wire }), wire);
        }

        return null;
    }

    private static long Clamp(long value, ParameterSpec spec)
    {
        if (spec.Minimum is not null && long.TryParse(spec.Minimum, NumberStyles.Integer, CultureInfo.InvariantCulture, out var minimum) && value < minimum)
        {
            value = minimum;
        }

        if (spec.Maximum is not null && long.TryParse(spec.Maximum, NumberStyles.Integer, CultureInfo.InvariantCulture, out var maximum) && value > maximum)
        {
            value = maximum;
        }

        return value;
    }
}

/// <summary>
/// A string for the simple patterns discovery documents use (<c>UA-(\d+)-(\d+)</c>, <c>ga:[0-9]+</c>, <c>.{22}</c>,
/// <c>^projects/[^/]+$</c>): each atom once (a class's first allowed character), <c>{n}</c> n times; callers check the
/// result against the pattern.
/// </summary>
internal static class PatternSample
{
    public static string For(string pattern)
    {
        var text = new StringBuilder();
        var last = string.Empty;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            string atom;
            switch (c)
            {
                case '^' or '$' or '(' or ')' or '+' or '*' or '?':
                    continue;
                case '|':
                    return text.ToString();
                case '\\' when i + 1 < pattern.Length:
                    i++;
                    atom = pattern[i] switch { 'd' => "1", 'w' => "a", 's' => " ", var other => other.ToString() };
                    break;
                case '.':
                    atom = "a";
                    break;
                case '[':
                    var end = pattern.IndexOf(']', i + 1);
                    var set = pattern[(i + 1)..end];
                    i = end;
                    atom = set.StartsWith('^') ? (set.Contains('a', StringComparison.Ordinal) ? "b" : "a") : set[..1];
                    break;
                case '{':
                    var close = pattern.IndexOf('}', i);
                    var count = int.Parse(pattern[(i + 1)..close].Split(',')[0], CultureInfo.InvariantCulture);
                    i = close;
                    for (var k = 1; k < count; k++)
                    {
                        text.Append(last);
                    }

                    continue;
                default:
                    atom = c.ToString();
                    break;
            }

            text.Append(atom);
            last = atom;
        }

        return text.ToString();
    }
}

/// <summary>Where two JSON values differ, as a path and the two values; null when they mean the same.</summary>
internal static class JsonDifference
{
    public static string? Find(JsonElement expected, JsonElement actual, string path)
    {
        if (expected.ValueKind == JsonValueKind.Object && actual.ValueKind == JsonValueKind.Object)
        {
            var names = expected.EnumerateObject().Select(p => p.Name).ToList();
            var written = actual.EnumerateObject().Select(p => p.Name).ToList();
            if (names.Except(written, StringComparer.Ordinal).FirstOrDefault() is { } missing)
            {
                return $"{path}.{missing} not written back";
            }

            if (written.Except(names, StringComparer.Ordinal).FirstOrDefault() is { } extra)
            {
                return $"{path}.{extra} written but not read";
            }

            return names.Select(n => Find(expected.GetProperty(n), actual.GetProperty(n), path + "." + n)).FirstOrDefault(d => d is not null);
        }

        if (expected.ValueKind == JsonValueKind.Array && actual.ValueKind == JsonValueKind.Array)
        {
            if (expected.GetArrayLength() != actual.GetArrayLength())
            {
                return $"{path}: {expected.GetArrayLength()} items read, {actual.GetArrayLength()} written";
            }

            return expected.EnumerateArray().Zip(actual.EnumerateArray()).Select((pair, i) => Find(pair.First, pair.Second, $"{path}[{i}]")).FirstOrDefault(d => d is not null);
        }

        return Same(expected, actual) ? null : $"{path}: read {expected.GetRawText()}, written {actual.GetRawText()}";
    }

    /// <summary>Scalars: equal, or the same number (int64 as a string or not), instant or duration.</summary>
    private static bool Same(JsonElement expected, JsonElement actual)
    {
        if (expected.ValueKind == actual.ValueKind && expected.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null)
        {
            return true;
        }

        var a = Scalar(expected);
        var b = Scalar(actual);
        if (a is null || b is null)
        {
            return false;
        }

        if (a == b)
        {
            return true;
        }

        if (decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
        {
            return x == y;
        }

        if (a.EndsWith('s') && b.EndsWith('s') && decimal.TryParse(a[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out x) && decimal.TryParse(b[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out y))
        {
            return x == y;
        }

        return a.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(a, CultureInfo.InvariantCulture, DateTimeStyles.None, out var s) && DateTimeOffset.TryParse(b, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) && s == t;
    }

    private static string? Scalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetRawText(),
        _ => null,
    };
}
