using System.Collections.Generic;

namespace DiscoveryGen.Runtime;

/// <summary>
/// A list method's response page, as the generated model of such a response implements it (explicitly, so its own
/// properties keep their names): the token of the next page and the page's items. <see cref="Paging"/> reads pages
/// through it, so a generated <c>…PagesAsync</c> or <c>…AllAsync</c> needs no code of its own to find them.
/// </summary>
/// <typeparam name="TItem">The type of the page's items.</typeparam>
public interface IPage<TItem>
{
    /// <summary>The next page's token (<c>nextPageToken</c>); null or empty on the last page.</summary>
    string? NextPageToken { get; }

    /// <summary>The page's items; null when the server sent none.</summary>
    IReadOnlyList<TItem>? Items { get; }
}
