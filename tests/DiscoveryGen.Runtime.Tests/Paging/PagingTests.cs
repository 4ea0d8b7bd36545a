using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Tests.Shared;
using Runtime.Gemini;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Paging;

/// <summary>
/// A paging server cannot keep a listing going forever: a token it returned before (A → B → A) stops the sequence at
/// the first repeat, and a run of empty pages with fresh tokens stops after <see cref="ClientOptions.MaxConsecutiveEmptyPages"/>,
/// through the generated <c>…PagesAsync</c> and <c>…AllAsync</c> alike.
/// The servers answer 400 after 300 pages, so a client that does not stop fails these tests instead of hanging them.
/// </summary>
public sealed class PagingTests : LoopbackTest
{
    private const string Parent = "projects/p1/locations/l";
    private const string Stop = """{"error":{"code":400,"message":"the test server stopped a client that would not stop","status":"INVALID_ARGUMENT"}}""";

    [Fact]
    public async Task TokensCyclingAToBToA_StopAtTheFirstRepeat()
    {
        Server.Responder = Bounded(request => request.QueryValues("pageToken").SingleOrDefault() switch
        {
            null => """{"codeRepositoryIndexes":[{"name":"a"}],"nextPageToken":"A"}""",
            "A" => """{"codeRepositoryIndexes":[{"name":"b"}],"nextPageToken":"B"}""",
            _ => """{"codeRepositoryIndexes":[{"name":"c"}],"nextPageToken":"A"}""",
        });
        var names = new List<string?>();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var index in Service().Projects.Locations.CodeRepositoryIndexes.ListAllAsync(Parent, cancellationToken: TestTimeout))
            {
                names.Add(index.Name);
            }
        });

        Assert.Contains("page token it had already returned (after 3 page(s))", error.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "a", "b", "c" }, names);
        Assert.Equal(3, Server.Requests.Count);
    }

    [Fact]
    public async Task AListResponse_IsAnIPage_ThatGenericCodeCanPageThrough()
    {
        // The generated response implements IPage over its own nextPageToken and items, so code written once for every
        // list (here Paging's own IPage overloads, driven by a plain function) reads any of them.
        IPage<CodeRepositoryIndex> page = new ListCodeRepositoryIndexesResponse
        {
            NextPageToken = "n",
            CodeRepositoryIndexes = [new CodeRepositoryIndex { Name = "a" }],
        };
        Assert.Equal("n", page.NextPageToken);
        Assert.Equal("a", Assert.Single(page.Items!).Name);

        var fetched = new List<string?>();
        Task<ListCodeRepositoryIndexesResponse> Fetch(string? token, CancellationToken cancellationToken)
        {
            fetched.Add(token);
            return Task.FromResult(token switch
            {
                null => new ListCodeRepositoryIndexesResponse { NextPageToken = "2", CodeRepositoryIndexes = [new() { Name = "a" }] },
                "2" => new ListCodeRepositoryIndexesResponse { NextPageToken = "3" },
                _ => new ListCodeRepositoryIndexesResponse { CodeRepositoryIndexes = [new() { Name = "b" }, new() { Name = "c" }] },
            });
        }

        var names = new List<string?>();
        var pages = DiscoveryGen.Runtime.Paging.PagesAsync<ListCodeRepositoryIndexesResponse, CodeRepositoryIndex>(Fetch, null, 2, TestTimeout);
        await foreach (var index in DiscoveryGen.Runtime.Paging.ItemsAsync<ListCodeRepositoryIndexesResponse, CodeRepositoryIndex>(pages, TestTimeout))
        {
            names.Add(index.Name);
        }

        Assert.Equal(new[] { "a", "b", "c" }, names);
        Assert.Equal(new[] { null, "2", "3" }, fetched);

        // An empty page counts toward the limit: one with a token and no items, then another, stops at a limit of 2.
        var endless = DiscoveryGen.Runtime.Paging.PagesAsync<ListCodeRepositoryIndexesResponse, CodeRepositoryIndex>(
            (token, _) => Task.FromResult(new ListCodeRepositoryIndexesResponse { NextPageToken = token + "x" }), null, 2, TestTimeout);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in endless)
            {
            }
        });
        Assert.Contains("2 empty pages in a row", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFirstPagesTokenComingBack_IsARepeatToo()
    {
        Server.Responder = Bounded(request => request.QueryValues("pageToken").Single() == "start"
            ? """{"codeRepositoryIndexes":[{"name":"a"}],"nextPageToken":"next"}"""
            : """{"codeRepositoryIndexes":[{"name":"b"}],"nextPageToken":"start"}""");

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in Service().Projects.Locations.CodeRepositoryIndexes.ListPagesAsync(Parent, pageToken: "start", cancellationToken: TestTimeout))
            {
            }
        });

        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task EndlessEmptyPagesWithFreshTokens_StopAfterMaxConsecutiveEmptyPages()
    {
        Server.Responder = Bounded(request => $$"""{"nextPageToken":"t{{Server.Requests.Count}}"}""");
        var service = Service(o => o.MaxConsecutiveEmptyPages = 5);
        var items = 0;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in ListAll(service))
            {
                items++;
            }
        });

        Assert.Contains("5 empty pages in a row", error.Message, StringComparison.Ordinal);
        Assert.Contains("ClientOptions.MaxConsecutiveEmptyPages", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, items);
        Assert.Equal(5, Server.Requests.Count);
    }

    [Fact]
    public async Task EndlessEmptyPages_StopThePagesToo_AtTheDefaultLimit()
    {
        Server.Responder = Bounded(request => $$"""{"codeRepositoryIndexes":[],"nextPageToken":"t{{Server.Requests.Count}}"}""");
        var pages = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in Service().Projects.Locations.CodeRepositoryIndexes.ListPagesAsync(Parent, cancellationToken: TestTimeout))
            {
                pages++;
            }
        });

        Assert.Equal(ClientOptions.DefaultMaxConsecutiveEmptyPages, pages);
        Assert.Equal(ClientOptions.DefaultMaxConsecutiveEmptyPages, Server.Requests.Count);
    }

    [Fact]
    public async Task EmptyPagesUpToTheLimit_AreFollowed_AndItemsResetTheCount()
    {
        // 4 empty, 1 with an item, 4 empty, 1 with an item, end: never 5 empty in a row.
        Server.Responder = Bounded(request =>
        {
            var n = Server.Requests.Count;
            return n == 10 ? """{"codeRepositoryIndexes":[{"name":"last"}]}"""
                : n == 5 ? $$"""{"codeRepositoryIndexes":[{"name":"middle"}],"nextPageToken":"t{{n}}"}"""
                : $$"""{"codeRepositoryIndexes":[],"nextPageToken":"t{{n}}"}""";
        });
        var service = Service(o => o.MaxConsecutiveEmptyPages = 5);
        var names = new List<string?>();

        await foreach (var index in ListAll(service))
        {
            names.Add(index.Name);
        }

        Assert.Equal(new[] { "middle", "last" }, names);
        Assert.Equal(10, Server.Requests.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void MaxConsecutiveEmptyPages_BelowOne_IsRejected(int value)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Service(o => o.MaxConsecutiveEmptyPages = value));

        Assert.Contains("MaxConsecutiveEmptyPages", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultMaxConsecutiveEmptyPages_Is100()
    {
        Assert.Equal(100, new ClientOptions().MaxConsecutiveEmptyPages);
        Assert.Equal(ClientOptions.DefaultMaxConsecutiveEmptyPages, new ClientOptions().MaxConsecutiveEmptyPages);
    }

    private IAsyncEnumerable<CodeRepositoryIndex> ListAll(CloudAICompanionService service) =>
        service.Projects.Locations.CodeRepositoryIndexes.ListAllAsync(Parent, cancellationToken: TestTimeout);

    private Func<RecordedRequest, CannedResponse> Bounded(Func<RecordedRequest, string> page) =>
        request => Server.Requests.Count > 300 ? new CannedResponse(400, Stop) : CannedResponse.Json(page(request));
}
