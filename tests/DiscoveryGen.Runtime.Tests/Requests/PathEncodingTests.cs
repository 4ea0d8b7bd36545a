using System;
using DiscoveryGen.Runtime;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Requests;

public sealed class PathEncodingTests
{
    [Theory]
    [InlineData("abc-._~XYZ019", "abc-._~XYZ019")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("a b", "a%20b")]
    [InlineData("a+b:c@d", "a%2Bb%3Ac%40d")]
    [InlineData("ü✓", "%C3%BC%E2%9C%93")]
    [InlineData("100%", "100%25")]
    [InlineData("?#[]", "%3F%23%5B%5D")]
    public void Simple_EscapesEverythingOutsideTheUnreservedSet(string value, string expected) =>
        Assert.Equal(expected, PathEncoding.Simple(value, "x"));

    [Theory]
    [InlineData("projects/p1/locations/l", "projects/p1/locations/l")]
    [InlineData("projects/p 1/x:y", "projects/p%201/x%3Ay")]
    [InlineData("b/o/with%2Fslash", "b/o/with%252Fslash")]
    [InlineData("a//b", "a//b")]
    public void Reserved_KeepsSlashesAndEscapesEachSegment(string value, string expected) =>
        Assert.Equal(expected, PathEncoding.Reserved(value, "name"));

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/../b")]
    [InlineData("a/./b")]
    [InlineData("../x")]
    [InlineData("x/..")]
    public void Reserved_RejectsDotSegments(string value)
    {
        var ex = Assert.Throws<ArgumentException>(() => PathEncoding.Reserved(value, "name"));
        Assert.Equal("name", ex.ParamName);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public void Simple_RejectsDotSegments(string value) =>
        Assert.Throws<ArgumentException>(() => PathEncoding.Simple(value, "id"));

    [Fact]
    public void Simple_AllowsDotsInsideAValue() => Assert.Equal("a..b", PathEncoding.Simple("a..b", "id"));
}
