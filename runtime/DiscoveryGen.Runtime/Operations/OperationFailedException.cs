using System;

namespace DiscoveryGen.Runtime;

/// <summary>A long-running operation ended with an error.</summary>
public class OperationFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OperationFailedException(string operationName, RpcStatus error)
        : base($"Operation {operationName} failed: {error}")
    {
        OperationName = operationName;
        Error = error;
    }

    /// <summary>The operation's name.</summary>
    public string OperationName { get; }

    /// <summary>The operation's google.rpc.Status.</summary>
    public RpcStatus Error { get; }
}
