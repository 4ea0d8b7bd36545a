using System.Collections.Generic;
using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary><c>google.rpc.PreconditionFailure</c>: which preconditions failed.</summary>
public sealed class PreconditionFailure : ErrorDetail
{
    internal PreconditionFailure(string? typeUrl, JsonElement json)
        : base(typeUrl, json)
    {
        var list = new List<PreconditionViolation>();
        foreach (var item in Items(json, "violations"))
        {
            list.Add(new PreconditionViolation(Str(item, "type"), Str(item, "subject"), Str(item, "description")));
        }

        Violations = list;
    }

    /// <summary>The violations.</summary>
    public IReadOnlyList<PreconditionViolation> Violations { get; }
}
