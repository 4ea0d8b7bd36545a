using System.Collections.Generic;
using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary><c>google.rpc.DebugInfo</c>: server-side debugging information.</summary>
public sealed class DebugInfo : ErrorDetail
{
    internal DebugInfo(string? typeUrl, JsonElement json)
        : base(typeUrl, json)
    {
        var entries = new List<string>();
        if (json.TryGetProperty("stackEntries", out var s) && s.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in s.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    entries.Add(item.GetString()!);
                }
            }
        }

        StackEntries = entries;
        Detail = Str(json, "detail");
    }

    /// <summary>The stack entries.</summary>
    public IReadOnlyList<string> StackEntries { get; }

    /// <summary>Other debugging data.</summary>
    public string? Detail { get; }
}
