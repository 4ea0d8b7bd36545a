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

    [Fact]
    public void SimpleAndReserved_RejectNullAndEmpty_NamingTheParameter()
    {
        // A path variable is always required: these calls are the generated methods' check of it.
        Assert.Equal("bucket", Assert.Throws<ArgumentNullException>(() => PathEncoding.Simple(null!, "bucket")).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => PathEncoding.Reserved(null!, "name")).ParamName);
        Assert.Equal("bucket", Assert.Throws<ArgumentException>(() => PathEncoding.Simple("", "bucket")).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => PathEncoding.Reserved("", "name")).ParamName);
    }

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

public sealed class PathEncodingSurrogateTests
{
    // Not theory data: test discovery serializes strings, and a lone surrogate does not survive that.
    [Fact]
    public void LoneSurrogates_AreRejected_NotTurnedIntoReplacementCharacters()
    {
        foreach (var value in new[] { "a\uD800b", "a\uDE00", "tail\uD83D", "\uDE00\uD83D" })
        {
            AssertRejected(value);
        }
    }

    private static void AssertRejected(string value)
    {
        var simple = Assert.Throws<ArgumentException>(() => PathEncoding.Simple(value, "name"));
        var reserved = Assert.Throws<ArgumentException>(() => PathEncoding.Reserved("projects/" + value, "name"));
        var escape = Assert.Throws<ArgumentException>(() => PathEncoding.Escape(value));

        Assert.Equal("name", simple.ParamName);
        Assert.Equal("name", reserved.ParamName);
        Assert.Contains("lone UTF-16 surrogate", simple.Message, StringComparison.Ordinal);
        Assert.Contains("lone UTF-16 surrogate", escape.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SurrogatePairs_AreEncodedAsUtf8() =>
        Assert.Equal("%F0%9F%98%80x", PathEncoding.Simple("\uD83D\uDE00x", "name"));

    [Fact]
    public void AQueryValueWithALoneSurrogate_IsRejected_AndTheQueryIsUnchanged()
    {
        var request = new ApiRequest(new MethodDescriptor("test.list", "GET", "things", null, Array.Empty<string>(), Array.Empty<string>()), "things");
        request.AddQuery("a", "1");

        var error = Assert.Throws<ArgumentException>(() => request.AddQuery("filter", "x\uD800"));

        Assert.Equal("filter", error.ParamName);
        Assert.Equal("a=1", request.Query);
    }
}
