using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary>
/// What the runtime needs of a document's google.longrunning <c>Operation</c> schema, or of a Compute-style one (a
/// <c>status</c> that ends <c>DONE</c>: Cloud SQL, GKE, Deployment Manager); the generator implements it on the generated
/// <c>Operation</c> class.
/// </summary>
public interface ILongRunningOperation
{
    /// <summary>The operation's resource name; for a Compute-style operation, its <c>selfLink</c>.</summary>
    string? OperationName { get; }

    /// <summary>True once the operation has finished (with a response or an error): <c>done</c>, or <c>status</c> <c>DONE</c>.</summary>
    bool IsDone { get; }

    /// <summary>The operation's error, when it failed.</summary>
    RpcStatus? OperationError { get; }

    /// <summary>The <c>response</c> object (with its <c>@type</c>), when it succeeded; none for Compute-style operations (their <c>targetLink</c> names the result).</summary>
    JsonElement? ResponseJson { get; }

    /// <summary>The <c>metadata</c> object (with its <c>@type</c>), if any.</summary>
    JsonElement? MetadataJson { get; }
}
