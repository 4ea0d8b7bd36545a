using System;
using System.Globalization;
using System.Linq;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Building;

/// <summary>
/// Every paging shape of Google's documents on the bigquery-like synthetic document (tests/Shared/TestDocuments/paging.v2.json):
/// the next token in <c>nextPageToken</c> or, as bigquery's <c>tabledata.list</c> and <c>jobs.getQueryResults</c> have
/// it, in <c>pageToken</c>; and an info diagnostic (DG0017) for every <c>pageToken</c> method that still gets no helpers.
/// </summary>
public sealed class PagingShapeTests
{
    private static GeneratorOutput Generate() =>
        GeneratorHarness.Run(InMemoryAdditionalText.FromFile(TestPaths.TestDocument("paging.v2.json"), "/p/paging.v2.json"));

    [Fact]
    public void Snapshot_Paging()
    {
        var output = Generate();

        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        Snapshot.Verify(output.Sources);
    }

    [Fact]
    public void NextTokenInAFieldNamedPageToken_GetsPagesAndItems()
    {
        var output = Generate();

        var tabledata = output.Compilation.GetTypeByMetadataName("Pagingtest.V2.PagingtestService+TabledataResource")!;
        Assert.Single(tabledata.GetMembers("ListPagesAsync"));
        var all = (IMethodSymbol)Assert.Single(tabledata.GetMembers("ListAllAsync"));
        Assert.Equal("System.Collections.Generic.IAsyncEnumerable<Pagingtest.V2.TableRow>", all.ReturnType.ToDisplayString());
        var source = string.Concat(output.Sources.Select(s => s.Source));
        // The response reads as IPage<TableRow> through its own pageToken and rows; the helpers pass no readers.
        var tableDataList = output.Compilation.GetTypeByMetadataName("Pagingtest.V2.TableDataList")!;
        Assert.Equal(new[] { "DiscoveryGen.Runtime.IPage<Pagingtest.V2.TableRow>" }, tableDataList.Interfaces.Select(i => i.ToDisplayString()));
        Assert.Contains("string? _dg::IPage<_api::TableRow>.NextPageToken => PageToken;", source, StringComparison.Ordinal);
        Assert.Contains("_dg::Paging.PagesAsync<_api::TableDataList, _api::TableRow>((__token, __ct) => ListAsync(projectId, datasetId, tableId, maxResults, __token, startIndex, options, __ct), pageToken, __maxEmptyPages, cancellationToken);", source, StringComparison.Ordinal);
        Assert.Contains("following <c>pageToken</c> with the other arguments unchanged", source, StringComparison.Ordinal);

        // getQueryResults: pages (its next token is pageToken too); rows and errors make the items ambiguous (DG0014).
        var jobs = output.Compilation.GetTypeByMetadataName("Pagingtest.V2.PagingtestService+JobsResource")!;
        Assert.Single(jobs.GetMembers("GetQueryResultsPagesAsync"));
        Assert.Empty(jobs.GetMembers("GetQueryResultsAllAsync"));
    }

    [Fact]
    public void ResponseReadTwoWays_IsNoPage_AndEachMethodPassesItsOwnReaders()
    {
        var output = Generate();

        // Basket answers apples.list and pears.list, each reading the array named like its resource.
        var basket = output.Compilation.GetTypeByMetadataName("Pagingtest.V2.Basket")!;
        Assert.Empty(basket.Interfaces);
        var source = string.Concat(output.Sources.Select(s => s.Source));
        Assert.Contains("static __page => __page.NextPageToken, static __page => __page.Apples is not { Count: > 0 }, pageToken, __maxEmptyPages, cancellationToken);", source, StringComparison.Ordinal);
        Assert.Contains("static __page => __page.Pears, cancellationToken);", source, StringComparison.Ordinal);

        // A response with a token but no single item array (getQueryResults: rows and errors) is no page either.
        Assert.Empty(output.Compilation.GetTypeByMetadataName("Pagingtest.V2.GetQueryResultsResponse")!.Interfaces);
        var datasetList = output.Compilation.GetTypeByMetadataName("Pagingtest.V2.DatasetList")!;
        Assert.Equal(new[] { "DiscoveryGen.Runtime.IPage<Pagingtest.V2.Dataset>" }, datasetList.Interfaces.Select(i => i.ToDisplayString()));
    }

    [Fact]
    public void PageTokenMethodsWithoutHelpers_AreInfoDG0017_SayingWhy()
    {
        var output = Generate();

        var messages = output.Diagnostics
            .OrderBy(d => d.GetMessage(CultureInfo.InvariantCulture), StringComparer.Ordinal)
            .Select(d => (d.Id, d.Severity, d.GetMessage(CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Equal(
            new[]
            {
                ("DG0017", DiagnosticSeverity.Info, "Method 'pagingtest.datasets.export' takes a pageToken but gets no …PagesAsync/…AllAsync helpers: it has no response"),
                ("DG0017", DiagnosticSeverity.Info, "Method 'pagingtest.datasets.watch' takes a pageToken but gets no …PagesAsync/…AllAsync helpers: its response (Channel) has no nextPageToken or pageToken string field to read the next page's token from"),
                ("DG0014", DiagnosticSeverity.Info, "Method 'pagingtest.jobs.getQueryResults' pages through responses with several arrays (rows, errors); only page-by-page enumeration is generated"),
                ("DG0017", DiagnosticSeverity.Info, "Method 'pagingtest.layers.list' takes a pageToken but gets no …PagesAsync/…AllAsync helpers: its response (Layers) has no nextPageToken or pageToken string field to read the next page's token from"),
            },
            messages);
        var datasets = output.Compilation.GetTypeByMetadataName("Pagingtest.V2.PagingtestService+DatasetsResource")!;
        Assert.Single(datasets.GetMembers("ListAllAsync"));
        Assert.Empty(datasets.GetMembers("WatchPagesAsync"));
    }
}
