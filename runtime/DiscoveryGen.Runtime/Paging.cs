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

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
