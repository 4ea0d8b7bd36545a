using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Xunit;

namespace DiscoveryGen.Runtime.Tests;

/// <summary>One span per call with OpenTelemetry HTTP client attributes; ILogger-style events.</summary>
public sealed class TelemetryTests : LoopbackTest
{
    [Fact]
    public async Task SuccessfulCall_AfterRetries_HasOneSpanWithHttpAttributes()
    {
        using var activities = new ActivityCollector();
        Server.Responder = Sequence(Unavailable(), OperationJson());

        await Service().Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        var span = Assert.Single(Spans(activities));
        Assert.Equal("GET /v1/{+name}", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("GET", span.GetTagItem("http.request.method"));
        Assert.Equal("/v1/{+name}", span.GetTagItem("url.template"));
        Assert.Equal(new Uri(Server.BaseUri, "v1/" + OperationName).ToString(), span.GetTagItem("url.full"));
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal("cloudaicompanion.projects.locations.operations.get", span.GetTagItem("discoverygen.method.id"));
        Assert.Equal(2, span.GetTagItem("discoverygen.attempt_count"));
        Assert.Equal(1, span.GetTagItem("http.request.resend_count"));
        Assert.Null(span.GetTagItem("error.type"));
        Assert.NotEqual(ActivityStatusCode.Error, span.Status);
        var retry = Assert.Single(span.Events);
        Assert.Equal("retry", retry.Name);
        Assert.Equal("503", retry.Tags.Single(t => t.Key == "error.type").Value);
    }

    [Fact]
    public async Task FailedCall_SpanHasErrorTypeAndStatus()
    {
        using var activities = new ActivityCollector();
        Server.Responder = _ => CannedResponse.Json("""{"error":{"code":404,"message":"nope","status":"NOT_FOUND"}}""", 404);

        await Assert.ThrowsAsync<ApiException>(() => Service().Projects.Locations.Operations.CancelAsync(OperationName, cancellationToken: TestTimeout));

        var span = Assert.Single(Spans(activities));
        Assert.Equal("POST /v1/{+name}:cancel", span.DisplayName);
        Assert.Equal(404, span.GetTagItem("http.response.status_code"));
        Assert.Equal("404", span.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Contains("NOT_FOUND", span.StatusDescription, StringComparison.Ordinal);
        Assert.Null(span.GetTagItem("http.request.resend_count"));
    }

    [Fact]
    public async Task TimedOutCall_SpanErrorTypeIsTheTimeout()
    {
        using var activities = new ActivityCollector();
        Server.Responder = _ => OperationJson() with { Delay = CannedResponse.Forever };
        var call = Service(o => { o.TimeProvider = Clock; o.Timeout = TimeSpan.FromMilliseconds(200); })
            .Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);
        await Server.WaitForRequestsAsync(1, TestTimeout);

        Clock.Advance(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAsync<ApiTimeoutException>(() => call);

        Assert.Equal(typeof(ApiTimeoutException).FullName, Assert.Single(Spans(activities)).GetTagItem("error.type"));
    }

    [Fact]
    public async Task LogEvents_CarryStructuredValues()
    {
        Server.Responder = Sequence(Unavailable(), OperationJson());

        await Service().Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        var retry = Assert.Single(Logs.Events(ApiLogEvents.RetryScheduled));
        Assert.Equal(ApiLogLevel.Information, retry.Level);
        Assert.Equal("RetryScheduled", retry.EventName);
        Assert.Equal("{MethodId} attempt {Attempt} failed ({Failure}); retrying in {DelayMs} ms", retry.MessageTemplate);
        Assert.Equal(1, retry.Properties.Single(p => p.Key == "Attempt").Value);
        Assert.StartsWith("cloudaicompanion.projects.locations.operations.get attempt 1 failed (HTTP 503 UNAVAILABLE); retrying in ", retry.Message, StringComparison.Ordinal);
        var done = Assert.Single(Logs.Events(ApiLogEvents.CallSucceeded));
        Assert.Equal(ApiLogLevel.Debug, done.Level);
        Assert.Equal(2, done.Properties.Single(p => p.Key == "Attempts").Value);
    }

    [Fact]
    public async Task FailedCall_IsLoggedAsAWarningWithTheException()
    {
        Server.Responder = _ => CannedResponse.Json("""{"error":{"code":403,"message":"denied","status":"PERMISSION_DENIED"}}""", 403);

        var ex = await Assert.ThrowsAsync<ApiException>(() => Service().Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        var failed = Assert.Single(Logs.Events(ApiLogEvents.CallFailed));
        Assert.Equal(ApiLogLevel.Warning, failed.Level);
        Assert.Same(ex, failed.Exception);
    }

    [Fact]
    public async Task NonRetryableLocalFailures_AreTracedAndLoggedToo()
    {
        using var activities = new ActivityCollector();
        Server.Responder = _ => CannedResponse.Json("""{"name": 42""");
        var failingAuth = AccessTokenProvider.FromCallback((_, _) => throw new InvalidOperationException("token source offline"));

        var unreadable = await Assert.ThrowsAsync<ApiException>(() => Service().Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));
        var auth = await Assert.ThrowsAsync<InvalidOperationException>(() => Service(o => o.AccessTokenProvider = failingAuth).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Single(Server.Requests); // a malformed 2xx body is not retried; a failed token source sends nothing
        Assert.Equal(new Exception[] { unreadable, auth }, Logs.Events(ApiLogEvents.CallFailed).Select(e => e.Exception));
        var spans = Spans(activities).ToArray();
        Assert.Equal(2, spans.Length);
        Assert.All(spans, s => Assert.Equal(ActivityStatusCode.Error, s.Status));
        Assert.Contains(spans, s => Equals(s.GetTagItem("error.type"), typeof(InvalidOperationException).FullName));
    }

    private System.Collections.Generic.IEnumerable<Activity> Spans(ActivityCollector collector) =>
        collector.Stopped.Where(a => Equals(a.GetTagItem("server.port"), Server.BaseUri.Port));
}
