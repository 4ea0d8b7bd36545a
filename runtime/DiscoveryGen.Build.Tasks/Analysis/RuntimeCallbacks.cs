namespace DiscoveryGen.Build.Tasks.Analysis;

/// <summary>
/// What the IL of the app cannot show about DiscoveryGen.Runtime, stated once: which callbacks generated code hands to
/// the runtime are invoked only when the app calls a particular runtime member.
/// </summary>
/// <remarks>
/// Generated <c>Start…Async</c> and <c>TrackOperation</c> build an <c>OperationHandle&lt;TOperation&gt;</c> from a
/// <c>get</c> callback (it calls <c>operations.get</c>; every use of a handle polls, so it counts as reached) and a
/// <c>cancel</c> callback (it calls <c>operations.cancel</c>, and only <c>OperationHandle.CancelAsync</c> invokes it).
/// The cancel callback is recognised by its delegate type, which differs from every other parameter's.
/// </remarks>
internal static class RuntimeCallbacks
{
    public const string OperationHandleType = "DiscoveryGen.Runtime.OperationHandle`1";

    /// <summary>The type of <c>OperationHandle</c>'s <c>cancel</c> constructor parameter.</summary>
    public const string CancelCallbackType = "System.Func`4<System.String,DiscoveryGen.Runtime.RequestOptions,System.Threading.CancellationToken,System.Threading.Tasks.Task>";

    /// <summary>The one runtime member that invokes the cancel callback.</summary>
    public const string CancelMember = "CancelAsync";
}
