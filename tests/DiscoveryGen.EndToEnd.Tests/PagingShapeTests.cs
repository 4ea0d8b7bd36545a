using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Synthetic.Paging;
using Xunit;

namespace DiscoveryGen.EndToEnd.Tests;

/// <summary>
/// bigquery's paging shape end to end (the synthetic tests/Shared/TestDocuments/paging.v2.json): <c>tabledata.list</c>
/// takes <c>pageToken</c> and returns the next one in a field also named <c>pageToken</c>; the generated helpers follow
/// it, with the same loop bounds as <c>nextPageToken</c> paging.
/// </summary>
public sealed class PagingShapeTests : LoopbackTest
{

    private PagingtestService Service(int maxConsecutiveEmptyPages = ClientOptions.DefaultMaxConsecutiveEmptyPages) =>
        new(Http, new ClientOptions { BaseUri = new Uri(Server.BaseUri, "paging/v2/"), MaxConsecutiveEmptyPages = maxConsecutiveEmptyPages });

    private static string Rows(params int[] values) =>
        "[" + string.Join(",", values.Select(v => $$"""{"f":[{"v":"{{v}}"}]}""")) + "]";

    [Fact]
    public async Task TabledataList_FollowsTheTokenInAFieldNamedPageToken()
    {
        Server.Responder = request => request.QueryValues("pageToken").SingleOrDefault() switch
        {
            null => CannedResponse.Json($$"""{"kind":"bigquery#tableDataList","totalRows":"5","pageToken":"p2","rows":{{Rows(1, 2)}}}"""),
            "p2" => CannedResponse.Json("""{"kind":"bigquery#tableDataList","totalRows":"5","pageToken":"p3","rows":[]}"""),
            "p3" => CannedResponse.Json($$"""{"kind":"bigquery#tableDataList","totalRows":"5","pageToken":"p4","rows":{{Rows(3, 4)}}}"""),
            _ => CannedResponse.Json($$"""{"kind":"bigquery#tableDataList","totalRows":"5","rows":{{Rows(5)}}}"""),
        };
        var values = new List<string>();

        await foreach (var row in Service().Tabledata.ListAllAsync("my-project", "my_dataset", "my_table", maxResults: 2))
        {
            values.Add(row.F![0].V!.Value.GetString()!);
        }

        Assert.Equal(new[] { "1", "2", "3", "4", "5" }, values);
        Assert.Equal(new[] { null, "p2", "p3", "p4" }, Server.Requests.Select(r => r.QueryValues("pageToken").SingleOrDefault()));
        Assert.All(Server.Requests, r => Assert.Equal("/paging/v2/projects/my-project/datasets/my_dataset/tables/my_table/data", r.Path));
        Assert.All(Server.Requests, r => Assert.Equal(new[] { "2" }, r.QueryValues("maxResults")));
    }

    [Fact]
    public async Task GetQueryResults_GetsPagesFollowingPageToken()
    {
        Server.Responder = request => request.QueryValues("pageToken").SingleOrDefault() is null
            ? CannedResponse.Json($$"""{"jobComplete":true,"pageToken":"next","rows":{{Rows(1)}}}""")
            : CannedResponse.Json($$"""{"jobComplete":true,"rows":{{Rows(2)}}}""");
        var pages = new List<GetQueryResultsResponse>();

        await foreach (var page in Service().Jobs.GetQueryResultsPagesAsync("my-project", "job-1"))
        {
            pages.Add(page);
        }

        Assert.Equal(2, pages.Count);
        Assert.Equal("next", pages[0].PageToken);
        Assert.Null(pages[1].PageToken);
    }

    [Fact]
    public async Task OneResponseOfTwoLists_EachReadsTheItemsNamedLikeItsResource()
    {
        // Basket answers apples.list and pears.list: each reads its own array, and judges empty pages by it.
        Server.Responder = request => (request.Path, request.QueryValues("pageToken").SingleOrDefault()) switch
        {
            ("/paging/v2/apples", null) => CannedResponse.Json("""{"nextPageToken":"a2","apples":[{"name":"gala"}],"pears":[{"name":"x"}]}"""),
            ("/paging/v2/apples", _) => CannedResponse.Json("""{"apples":[{"name":"fuji"}]}"""),
            ("/paging/v2/pears", null) => CannedResponse.Json("""{"nextPageToken":"p2","apples":[{"name":"x"}],"pears":[]}"""),
            ("/paging/v2/pears", "p2") => CannedResponse.Json("""{"nextPageToken":"p3","apples":[{"name":"y"}],"pears":[]}"""),
            _ => CannedResponse.Json("""{"pears":[{"name":"conference"}]}"""),
        };
        var service = Service(maxConsecutiveEmptyPages: 2);

        var apples = new List<string?>();
        await foreach (var fruit in service.Apples.ListAllAsync())
        {
            apples.Add(fruit.Name);
        }

        Assert.Equal(new[] { "gala", "fuji" }, apples);
        // Two pears pages in a row have no pears (though they have apples): the limit of two stops the listing.
        var empty = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in service.Pears.ListAllAsync())
            {
            }
        });
        Assert.Contains("2 empty pages in a row", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThisShape_StopsARepeatedToken_AndEndlessEmptyPages()
    {
        Server.Responder = request => Server.Requests.Count > 300
            ? new CannedResponse(400, """{"error":{"code":400,"message":"stop"}}""")
            : request.QueryValues("pageToken").SingleOrDefault() switch
            {
                null => CannedResponse.Json($$"""{"pageToken":"A","rows":{{Rows(1)}}}"""),
                "A" => CannedResponse.Json($$"""{"pageToken":"B","rows":{{Rows(2)}}}"""),
                "B" => CannedResponse.Json($$"""{"pageToken":"A","rows":{{Rows(3)}}}"""),
                var token => CannedResponse.Json($$"""{"pageToken":"{{token}}x","rows":[]}"""),
            };

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in Service().Tabledata.ListAllAsync("p", "d", "t"))
            {
            }
        });
        Assert.Equal(3, Server.Requests.Count);

        var empty = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in Service(maxConsecutiveEmptyPages: 4).Tabledata.ListAllAsync("p", "d", "t", pageToken: "e"))
            {
            }
        });
        Assert.Contains("4 empty pages in a row", empty.Message, StringComparison.Ordinal);
        Assert.Equal(3 + 4, Server.Requests.Count);
    }
}
