using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary>
/// What the runtime needs of a document's google.longrunning <c>Operation</c> schema; the generator implements it on
/// the generated <c>Operation</c> class.
/// </summary>
public interface ILongRunningOperation
{
    /// <summary>The operation's resource name.</summary>
    string? OperationName { get; }

    /// <summary>True once the operation has finished (with a response or an error).</summary>
    bool IsDone { get; }

    /// <summary>The operation's error, when it failed.</summary>
    RpcStatus? OperationError { get; }

    /// <summary>The <c>response</c> object (with its <c>@type</c>), when it succeeded.</summary>
    JsonElement? ResponseJson { get; }

    /// <summary>The <c>metadata</c> object (with its <c>@type</c>), if any.</summary>
    JsonElement? MetadataJson { get; }
}
