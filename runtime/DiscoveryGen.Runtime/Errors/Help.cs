using System.Collections.Generic;
using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary><c>google.rpc.Help</c>: links to documentation.</summary>
public sealed class Help : ErrorDetail
{
    internal Help(string? typeUrl, JsonElement json)
        : base(typeUrl, json)
    {
        var list = new List<HelpLink>();
        foreach (var item in Items(json, "links"))
        {
            list.Add(new HelpLink(Str(item, "description"), Str(item, "url")));
        }

        Links = list;
    }

    /// <summary>The links.</summary>
    public IReadOnlyList<HelpLink> Links { get; }
}
