using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime;

/// <summary>
/// Page-token pagination as generated list methods use it: each page is fetched with the caller's other parameters
/// unchanged and the previous page's next token; an empty or missing token ends the sequence. A server cannot make the
/// sequence endless: a token it already returned (A → B → A) stops it, and so does a run of empty pages longer than
/// <see cref="ClientOptions.MaxConsecutiveEmptyPages"/>, each with a fresh token.
/// </summary>
public static class Paging
{
    /// <summary>
    /// All pages, starting at <paramref name="firstPageToken"/> (null for the first page), stopping a server that loops.
    /// </summary>
    /// <param name="fetchPage">Fetches the page of a token (null: the first page).</param>
    /// <param name="nextPageToken">The page's next token; null or empty ends the sequence.</param>
    /// <param name="isEmpty">Whether a page has no items; null when pages have no item list to judge by.</param>
    /// <param name="firstPageToken">The token of the first page; null for the first page of the listing.</param>
    /// <param name="maxConsecutiveEmptyPages">How many empty pages in a row (each with a next token) are followed
    /// before the sequence fails (<see cref="ClientOptions.MaxConsecutiveEmptyPages"/>); at least 1.</param>
    /// <param name="cancellationToken">Checked before every page.</param>
    /// <exception cref="InvalidOperationException">The server returned a page token it had returned before, or more than
    /// <paramref name="maxConsecutiveEmptyPages"/> empty pages in a row.</exception>
    public static async IAsyncEnumerable<TPage> PagesAsync<TPage>(
        Func<string?, CancellationToken, Task<TPage>> fetchPage,
        Func<TPage, string?> nextPageToken,
        Func<TPage, bool>? isEmpty,
        string? firstPageToken,
        int maxConsecutiveEmptyPages,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fetchPage);
        ArgumentNullException.ThrowIfNull(nextPageToken);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConsecutiveEmptyPages, 1);

        // Every token used so far: a server that cycles (A → B → A) is caught on the first repeat, however long the cycle.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(firstPageToken))
        {
            seen.Add(firstPageToken);
        }

        var token = firstPageToken;
        var pages = 0;
        var emptyInARow = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await fetchPage(token, cancellationToken).ConfigureAwait(false);
            pages++;
            yield return page;
            var next = nextPageToken(page);
            if (string.IsNullOrEmpty(next))
            {
                yield break;
            }

            if (!seen.Add(next))
            {
                throw new InvalidOperationException(
                    $"The server returned a page token it had already returned (after {Count(pages)} page(s)); stopping to avoid an endless loop.");
            }

            emptyInARow = isEmpty is not null && isEmpty(page) ? emptyInARow + 1 : 0;
            if (emptyInARow >= maxConsecutiveEmptyPages)
            {
                throw new InvalidOperationException(
                    $"The server returned {Count(emptyInARow)} empty pages in a row, each with a new page token; stopping to avoid an endless loop " +
                    $"(ClientOptions.MaxConsecutiveEmptyPages is {Count(maxConsecutiveEmptyPages)}).");
            }

            token = next;
        }
    }

    /// <summary>
    /// All pages of a list method whose response is an <see cref="IPage{TItem}"/>, starting at
    /// <paramref name="firstPageToken"/>: <see cref="PagesAsync{TPage}(Func{string?, CancellationToken, Task{TPage}}, Func{TPage, string?}, Func{TPage, bool}?, string?, int, CancellationToken)"/>
    /// with the page's own token and items (a page without items is empty).
    /// </summary>
    /// <param name="fetchPage">Fetches the page of a token (null: the first page).</param>
    /// <param name="firstPageToken">The token of the first page; null for the first page of the listing.</param>
    /// <param name="maxConsecutiveEmptyPages">How many empty pages in a row (each with a next token) are followed
    /// before the sequence fails; at least 1.</param>
    /// <param name="cancellationToken">Checked before every page.</param>
    /// <exception cref="InvalidOperationException">The server returned a page token it had returned before, or more than
    /// <paramref name="maxConsecutiveEmptyPages"/> empty pages in a row.</exception>
    public static IAsyncEnumerable<TPage> PagesAsync<TPage, TItem>(
        Func<string?, CancellationToken, Task<TPage>> fetchPage,
        string? firstPageToken,
        int maxConsecutiveEmptyPages,
        CancellationToken cancellationToken)
        where TPage : IPage<TItem> =>
        PagesAsync(fetchPage, PageOf<TPage, TItem>.NextToken, PageOf<TPage, TItem>.IsEmpty, firstPageToken, maxConsecutiveEmptyPages, cancellationToken);

    /// <summary>The items of every page (<see cref="IPage{TItem}.Items"/>), in order; pages without items contribute nothing.</summary>
    public static IAsyncEnumerable<TItem> ItemsAsync<TPage, TItem>(IAsyncEnumerable<TPage> pages, CancellationToken cancellationToken)
        where TPage : IPage<TItem> =>
        ItemsAsync(pages, PageOf<TPage, TItem>.Items, cancellationToken);

    /// <summary>The items of every page, in order; pages without items contribute nothing.</summary>
    public static async IAsyncEnumerable<TItem> ItemsAsync<TPage, TItem>(
        IAsyncEnumerable<TPage> pages,
        Func<TPage, IEnumerable<TItem>?> items,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(items);
        await foreach (var page in pages.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in items(page) ?? Array.Empty<TItem>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return item;
            }
        }
    }

    /// <summary>The <see cref="IPage{TItem}"/> readers as delegates, made once per page type.</summary>
    private static class PageOf<TPage, TItem>
        where TPage : IPage<TItem>
    {
        public static readonly Func<TPage, string?> NextToken = static page => page.NextPageToken;
        public static readonly Func<TPage, bool> IsEmpty = static page => page.Items is not { Count: > 0 };
        public static readonly Func<TPage, IEnumerable<TItem>?> Items = static page => page.Items;
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
