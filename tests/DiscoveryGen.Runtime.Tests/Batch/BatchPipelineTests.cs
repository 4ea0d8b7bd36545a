using System;
using System.Linq;
using System.Net.Http;
using DiscoveryGen.Runtime.Batch;
using DiscoveryGen.Runtime.Pipeline;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Batch;

/// <summary>The service of a batch: its own stage order, and options derived from the caller's without changing them.</summary>
public sealed class BatchPipelineTests
{
    [Fact]
    public void QueuedCalls_HaveNoRetryOrAttemptTimeoutStage_AndABatchTransport()
    {
        var batch = new BatchRequest<ApiClient>(Pipeline.Kit.Client(), "batch", "v1/", (http, options) => new ApiClient(http, options, Pipeline.Kit.BaseUri));

        Assert.Equal(
            new[] { typeof(DiagnosticsStage), typeof(DeadlineStage), typeof(BatchQueueStage), typeof(AuthorizationStage), typeof(BatchTransportStage) },
            batch.Service.Pipeline.Stages.ToArray().Select(s => s.GetType()));
    }

    [Fact]
    public void TheCallersOptions_AreCopied_NeverChanged()
    {
        var tokens = AccessTokenProvider.FromToken("t");
        var client = Pipeline.Kit.Client(configure: o =>
        {
            o.AccessTokenProvider = tokens;
            o.QuotaProject = "q";
            o.ApiKey = "k";
            o.GzipRequestBodies = true;
            o.AttemptTimeout = TimeSpan.FromSeconds(3);
        });
        var retry = client.Options.Retry;

        var batch = new BatchRequest<ApiClient>(client, "batch", "v1/", (http, options) => new ApiClient(http, options, new Uri("https://ignored.example.com/")));

        Assert.Same(tokens, client.Options.AccessTokenProvider);
        Assert.Equal(("q", "k", true, TimeSpan.FromSeconds(3)), (client.Options.QuotaProject, client.Options.ApiKey, client.Options.GzipRequestBodies, client.Options.AttemptTimeout));
        Assert.Same(retry, client.Options.Retry);
        Assert.Null(client.Options.Batch);

        // The queued calls: on the caller's base URI, with the key; the token and quota project belong to the batch request.
        var inner = batch.Service.Options;
        Assert.Equal(client.BaseUri, batch.Service.BaseUri);
        Assert.Equal(("k", (IAccessTokenProvider?)null, (string?)null, false), (inner.ApiKey, inner.AccessTokenProvider, inner.QuotaProject, inner.GzipRequestBodies));
        Assert.Same(retry, inner.Retry);
        Assert.Null(inner.AttemptTimeout);
        Assert.Same(client.Options.TimeProvider, inner.TimeProvider);
    }
}
