using System.Text;
using DiscoveryGen.Runtime;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Errors;

public sealed class RpcStatusTests
{
    [Fact]
    public void ParsesTheErrorEnvelope()
    {
        var status = RpcStatus.TryParse(Encoding.UTF8.GetBytes(
            """{"error":{"code":403,"message":"denied","status":"PERMISSION_DENIED","details":[{"@type":"t1"},{"@type":"t2","x":1}]}}"""))!;

        Assert.Equal(403, status.Code);
        Assert.Equal("denied", status.Message);
        Assert.Equal("PERMISSION_DENIED", status.Status);
        Assert.Equal(2, status.Details.Count);
        Assert.Equal(1, status.Details[1].GetProperty("x").GetInt32());
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html>oops</html>")]
    [InlineData("[]")]
    [InlineData("{\"unrelated\":true}")]
    [InlineData("{\"error\":")]
    public void ReturnsNullForBodiesThatAreNotAStatus(string body) =>
        Assert.Null(RpcStatus.TryParse(Encoding.UTF8.GetBytes(body)));
}
