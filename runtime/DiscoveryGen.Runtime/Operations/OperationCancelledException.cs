namespace DiscoveryGen.Runtime;

/// <summary>A long-running operation ended cancelled (google.rpc.Code CANCELLED, 1), e.g. after <c>CancelAsync</c>.</summary>
public sealed class OperationCancelledException : OperationFailedException
{
    /// <summary>Creates the exception.</summary>
    public OperationCancelledException(string operationName, RpcStatus error)
        : base(operationName, error)
    {
    }
}
