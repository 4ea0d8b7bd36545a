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

        public int MaxEmptyPages => __maxEmptyPages;
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

    [Fact]
    public void PagingLimit_IsTheClientsOption_OrTheDefaultInATestDouble()
    {
        using var http = new HttpClient();
        var client = new ApiClient(http, new ClientOptions { MaxConsecutiveEmptyPages = 7 }, new Uri("https://example.googleapis.com/"));

        Assert.Equal(7, new Resource(client).MaxEmptyPages);
        Assert.Equal(ClientOptions.DefaultMaxConsecutiveEmptyPages, new Resource(null).MaxEmptyPages);
    }
}
