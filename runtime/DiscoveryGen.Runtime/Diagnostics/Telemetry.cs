using System.Diagnostics;

namespace DiscoveryGen.Runtime;

/// <summary>
/// The runtime's tracing: one <see cref="Activity"/> (kind Client) per call, from the <see cref="ActivitySourceName"/>
/// source, following OpenTelemetry's HTTP client conventions: name <c>{method} {url.template}</c>; attributes
/// <c>http.request.method</c>, <c>url.template</c>, <c>url.full</c> (credentials redacted), <c>server.address</c>,
/// <c>server.port</c>, <c>http.response.status_code</c>, <c>error.type</c>, <c>http.request.resend_count</c>, plus
/// <c>discoverygen.method.id</c> and <c>discoverygen.attempt_count</c>. Each retry adds a <c>retry</c> event.
/// HttpClient's own per-attempt spans (System.Net.Http) nest under it.
/// </summary>
public static class ApiTelemetry
{
    /// <summary>The ActivitySource name to subscribe to (e.g. OpenTelemetry's <c>AddSource("DiscoveryGen.Runtime")</c>).</summary>
    public const string ActivitySourceName = "DiscoveryGen.Runtime";

    internal static readonly ActivitySource Source = new(ActivitySourceName, typeof(ApiTelemetry).Assembly.GetName().Version?.ToString(3));
}
