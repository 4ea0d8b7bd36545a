using System.Collections.Generic;
using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary><c>google.rpc.BadRequest</c>: which request fields were invalid.</summary>
public sealed class BadRequest : ErrorDetail
{
    internal BadRequest(string? typeUrl, JsonElement json)
        : base(typeUrl, json)
    {
        var list = new List<FieldViolation>();
        foreach (var item in Items(json, "fieldViolations"))
        {
            var localized = item.TryGetProperty("localizedMessage", out var lm) ? Str(lm, "message") : null;
            list.Add(new FieldViolation(Str(item, "field"), Str(item, "description"), Str(item, "reason"), localized));
        }

        FieldViolations = list;
    }

    /// <summary>The violations.</summary>
    public IReadOnlyList<FieldViolation> FieldViolations { get; }
}
