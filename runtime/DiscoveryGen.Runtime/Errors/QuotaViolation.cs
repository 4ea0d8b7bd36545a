using System.Collections.Generic;

namespace DiscoveryGen.Runtime;

/// <summary>One failed quota check of a <see cref="QuotaFailure"/>.</summary>
public sealed record QuotaViolation(
    string? Subject,
    string? Description,
    string? ApiService,
    string? QuotaMetric,
    string? QuotaId,
    IReadOnlyDictionary<string, string> QuotaDimensions,
    long? QuotaValue,
    long? FutureQuotaValue);
