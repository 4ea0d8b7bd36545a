using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime;

/// <summary>
/// Page-token pagination as generated list methods use it: each page is fetched with the caller's other parameters
/// unchanged and the previous page's <c>nextPageToken</c>; an empty or missing token ends the sequence.
/// </summary>
public static class Paging
{
    /// <summary>All pages, starting at <paramref name="firstPageToken"/> (null for the first page).</summary>
    /// <exception cref="InvalidOperationException">The server returned the page token it was just given (a loop).</exception>
    public static async IAsyncEnumerable<TPage> PagesAsync<TPage>(
        Func<string?, CancellationToken, Task<TPage>> fetchPage,
        Func<TPage, string?> nextPageToken,
        string? firstPageToken,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetchPage);
        ArgumentNullException.ThrowIfNull(nextPageToken);
        var token = firstPageToken;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await fetchPage(token, cancellationToken).ConfigureAwait(false);
            yield return page;
            var next = nextPageToken(page);
            if (string.IsNullOrEmpty(next))
            {
                yield break;
            }

            if (next == token)
            {
                throw new InvalidOperationException("The server returned the same page token twice; stopping to avoid an endless loop.");
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
}
