using System;
using System.Net.Http;
using DiscoveryGen.Runtime;
using Xunit;

namespace DiscoveryGen.Runtime.Tests;

public sealed class ApiResourceTests
{
    private sealed class Resource : ApiResource
    {
        public Resource(ApiClient? client)
            : base(client)
        {
        }

        public ApiClient Send() => __client;
    }

    [Fact]
    public void AResourceWithAClient_SendsWithIt()
    {
        using var http = new HttpClient();
        var client = new ApiClient(http, null, new Uri("https://example.googleapis.com/"));

        Assert.Same(client, new Resource(client).Send());
    }

    [Fact]
    public void ATestDoubleWithoutAClient_ThrowsAClearInvalidOperationException_NotANullReference()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new Resource(null).Send());

        Assert.Contains(typeof(Resource).FullName!, ex.Message, StringComparison.Ordinal);
        Assert.Contains("protected parameterless constructor", ex.Message, StringComparison.Ordinal);
        Assert.Contains("set up this member", ex.Message, StringComparison.Ordinal);
    }
}
