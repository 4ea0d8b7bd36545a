using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime.Auth;

/// <summary>
/// Tokens per key (a scope set, an audience), refreshed before expiry, with one fetch in flight per key however many
/// callers wait: concurrent callers share it, and a caller that gives up does not cancel it for the others.
/// </summary>
internal sealed class TokenCache(TimeProvider time)
{
    /// <summary>The longest a shared fetch may take (callers still stop waiting at their own cancellation).</summary>
    internal static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(60);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public TimeProvider Time => time;

    /// <summary>
    /// The cached token for <paramref name="plan"/>'s key while it is fresh; otherwise the result of the fetch in flight, or of
    /// a new one. <paramref name="forceRefresh"/> skips the cached token (the server rejected it) but still joins a
    /// fetch in flight, which is newer than that token.
    /// </summary>
    public ValueTask<AccessToken> GetAsync(TokenPlan plan, bool forceRefresh, Func<TokenPlan, CancellationToken, Task<AccessToken>> fetch, CancellationToken cancellationToken)
    {
        Task<AccessToken> pending;
        lock (_gate)
        {
            if (!_entries.TryGetValue(plan.Key, out var entry))
            {
                entry = new Entry();
                _entries.Add(plan.Key, entry);
            }

            if (!forceRefresh && entry.Token is { } token && token.IsFreshAt(time.GetUtcNow()))
            {
                return new ValueTask<AccessToken>(token);
            }

            pending = entry.Pending ??= FetchAsync(entry, plan, fetch);
        }

        return new ValueTask<AccessToken>(pending.WaitAsync(cancellationToken));
    }

    private async Task<AccessToken> FetchAsync(Entry entry, TokenPlan plan, Func<TokenPlan, CancellationToken, Task<AccessToken>> fetch)
    {
        // Called under the lock: leave it before doing any work.
        await Task.Yield();
        using var timeout = new CancellationTokenSource(FetchTimeout);
        try
        {
            var token = await fetch(plan, timeout.Token).ConfigureAwait(false);
            lock (_gate)
            {
                entry.Token = token;
                entry.Pending = null;
            }

            return token;
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
        {
            lock (_gate)
            {
                entry.Pending = null;
            }

            throw new HttpRequestException($"Obtaining an access token took longer than {FetchTimeout.TotalSeconds:0} s.", ex);
        }
        catch
        {
            lock (_gate)
            {
                entry.Pending = null;
            }

            throw;
        }
    }

    private sealed class Entry
    {
        public AccessToken? Token;
        public Task<AccessToken>? Pending;
    }
}
