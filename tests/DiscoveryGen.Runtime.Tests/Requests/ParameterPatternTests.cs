using System;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Requests;

/// <summary>A path variable checked against its pattern where the generated method expands it.</summary>
public sealed class ParameterPatternTests
{
    private static readonly ParameterPattern Operation = new("^projects/[^/]+/locations/[^/]+/operations/[^/]+$");
    private static readonly ParameterPattern Id = new("^[a-z0-9-]+$");

    [Fact]
    public void Reserved_ExpandsAMatchingValueLikePathEncoding() =>
        Assert.Equal(
            PathEncoding.Reserved("projects/p 1/locations/global/operations/op:1", "name"),
            Operation.Reserved("projects/p 1/locations/global/operations/op:1", "name"));

    [Fact]
    public void Simple_ExpandsAMatchingValueLikePathEncoding() => Assert.Equal("op-1", Id.Simple("op-1", "id"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("projects/p1/locations/global")]
    [InlineData("projects/p1/locations/global/operations/..")]
    public void Reserved_RejectsAMissingOrMismatchedValue_NamingTheParameter(string? value) =>
        Assert.Equal("name", Assert.ThrowsAny<ArgumentException>(() => Operation.Reserved(value, "name")).ParamName);

    [Theory]
    [InlineData(null)]
    [InlineData("Op_1")]
    public void Simple_RejectsAMissingOrMismatchedValue_NamingTheParameter(string? value) =>
        Assert.Equal("id", Assert.ThrowsAny<ArgumentException>(() => Id.Simple(value, "id")).ParamName);
}
