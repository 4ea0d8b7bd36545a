using DiscoveryGen.Generator.Options;

namespace DiscoveryGen.Generator.Model;

/// <summary>The Document step's value: a parsed document without positions, with its namespace metadata and knobs.</summary>
internal sealed record DocumentSpec(string FilePath, string? Namespace, DocumentOptions Options, ApiDocument Document);

/// <summary>The Build step's value: the client model, how to format it, and the build diagnostics.</summary>
internal sealed record BuildResult(string FilePath, ClientModel Model, EmitOptions Options, EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>The hint-name prefix before de-duplication: <c>{Namespace}.{Service}</c>.</summary>
    public string HintPrefix => Model.Namespace + "." + Model.ServiceClassName;
}
