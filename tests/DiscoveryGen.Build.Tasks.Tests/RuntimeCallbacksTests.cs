using System.Linq;
using DiscoveryGen.Build.Tasks.Analysis;
using DiscoveryGen.Runtime;
using Xunit;

namespace DiscoveryGen.Build.Tasks.Tests;

/// <summary>
/// <see cref="RuntimeCallbacks"/> names runtime members by text (the task reads metadata, it does not load the
/// runtime): these tests fail as soon as the runtime's shape moves away from the text.
/// </summary>
public sealed class RuntimeCallbacksTests
{
    [Fact]
    public void CancelCallbackType_IsTheTypeOfOperationHandlesCancelParameter()
    {
        var cancel = typeof(OperationHandle<>).GetConstructors().Single().GetParameters().Single(p => p.Name == "cancel").ParameterType;
        var generic = cancel.GetGenericTypeDefinition().FullName;
        var text = generic + "<" + string.Join(",", cancel.GetGenericArguments().Select(a => a.FullName)) + ">";

        Assert.Equal(RuntimeCallbacks.CancelCallbackType, text);
    }

    [Fact]
    public void CancelMember_IsAPublicMethodOfOperationHandle()
    {
        Assert.Equal(RuntimeCallbacks.OperationHandleType, typeof(OperationHandle<>).FullName);
        Assert.Contains(typeof(OperationHandle<>).GetMethods(), m => m.Name == RuntimeCallbacks.CancelMember);
    }
}
