using System.Collections.Generic;

namespace DiscoveryGen.Runtime.Auth;

/// <summary>One kind of token a credential can fetch: the cache slot, the scopes and audience, and whether it is a self-signed JWT.</summary>
internal sealed record TokenPlan(string Key, IReadOnlyList<string> Scopes, string? Audience, bool SelfSigned);
