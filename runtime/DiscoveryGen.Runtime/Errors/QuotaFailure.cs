using System.Collections.Generic;
using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary><c>google.rpc.QuotaFailure</c>: which quota check failed.</summary>
public sealed class QuotaFailure : ErrorDetail
{
    internal QuotaFailure(string? typeUrl, JsonElement json)
        : base(typeUrl, json)
    {
        var list = new List<QuotaViolation>();
        foreach (var item in Items(json, "violations"))
        {
            list.Add(new QuotaViolation(
                Str(item, "subject"),
                Str(item, "description"),
                Str(item, "apiService"),
                Str(item, "quotaMetric"),
                Str(item, "quotaId"),
                Map(item, "quotaDimensions"),
                Int64(item, "quotaValue"),
                Int64(item, "futureQuotaValue")));
        }

        Violations = list;
    }

    /// <summary>The violations.</summary>
    public IReadOnlyList<QuotaViolation> Violations { get; }
}
