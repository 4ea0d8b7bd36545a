using System;
using System.Reflection;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Requests;

/// <summary>
/// <c>[RequiredScopes]</c> takes the scopes one by one, or as one string that lists them separated by spaces (how OAuth
/// 2.0 writes a scope list, and how generated code names a set of scopes many methods share with one constant).
/// </summary>
public sealed class RequiredScopesAttributeTests
{
    private const string ReadScope = "https://www.googleapis.com/auth/devstorage.read_only";
    private const string WriteScope = "https://www.googleapis.com/auth/devstorage.read_write";
    private const string ReadOrWrite = ReadScope + " " + WriteScope;

    [RequiredScopes(ReadOrWrite)]
    private static void Listed()
    {
    }

    [RequiredScopes(ReadScope, WriteScope)]
    private static void OneByOne()
    {
    }

    [RequiredScopes(ReadScope)]
    private static void Single()
    {
    }

    [Theory]
    [InlineData(nameof(Listed))]
    [InlineData(nameof(OneByOne))]
    public void AListAndTheScopesOneByOne_ReadTheSame(string method)
    {
        Assert.Equal(new[] { ReadScope, WriteScope }, Scopes(method));
    }

    [Fact]
    public void OneScope_IsOneScope()
    {
        Assert.Equal(new[] { ReadScope }, Scopes(nameof(Single)));
    }

    [Fact]
    public void ExtraSpaces_AddNoEmptyScopes_AndNullIsRefused()
    {
        Assert.Equal(new[] { ReadScope, WriteScope }, new RequiredScopesAttribute("  " + ReadScope + "   " + WriteScope + " ").Scopes);
        Assert.Throws<ArgumentNullException>(() => new RequiredScopesAttribute((string)null!));
    }

    private static string[] Scopes(string method) =>
        typeof(RequiredScopesAttributeTests).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!.GetCustomAttribute<RequiredScopesAttribute>()!.Scopes;
}
