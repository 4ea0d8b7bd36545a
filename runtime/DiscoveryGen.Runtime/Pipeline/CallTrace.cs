using System;
using System.Diagnostics;
using System.Globalization;

namespace DiscoveryGen.Runtime.Pipeline;

/// <summary>
/// The call's <see cref="Activity"/> (see <see cref="ApiTelemetry"/> for its name and attributes): started before the
/// first attempt, its outcome set once when the call ends. Nothing is built when no listener samples the source.
/// </summary>
internal static class CallTrace
{
    /// <summary>Starts the call's span, or returns null when no listener wants it.</summary>
    public static Activity? Start(CallContext call, Uri baseUri, string basePath)
    {
        var source = ApiTelemetry.Source;
        if (!source.HasListeners())
        {
            return null;
        }

        var template = call.Template ?? basePath + call.Request.Method.Path;
        var activity = source.StartActivity(call.VerbName + " " + template, ActivityKind.Client);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag("http.request.method", call.VerbName);
        activity.SetTag("url.template", template);
        activity.SetTag("url.scheme", baseUri.Scheme);
        activity.SetTag("server.address", baseUri.Host);
        activity.SetTag("server.port", baseUri.Port);
        activity.SetTag("discoverygen.method.id", call.Request.Method.Id);
        activity.SetTag("discoverygen.idempotent", call.Idempotent);
        return activity;
    }

    /// <summary>Records how many attempts ran and, for a failure, <c>error.type</c> and the (redacted) message.</summary>
    public static void SetOutcome(Activity? activity, CallContext call, int attempts, Exception? error)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("discoverygen.attempt_count", attempts);
        if (attempts > 1)
        {
            activity.SetTag("http.request.resend_count", attempts - 1);
        }

        if (error is null)
        {
            return;
        }

        activity.SetTag("error.type", error switch
        {
            ApiException api when (int)api.StatusCode >= 300 => ((int)api.StatusCode).ToString(CultureInfo.InvariantCulture),
            _ => error.GetType().FullName,
        });
        activity.SetStatus(ActivityStatusCode.Error, call.Sanitize(error.Message));
    }

    /// <summary>Adds the <c>retry</c> event: which attempt failed, how, and the wait before the next.</summary>
    public static void RetryScheduled(Activity? activity, int attempt, TimeSpan delay, string errorType) =>
        activity?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection
        {
            ["discoverygen.attempt"] = attempt,
            ["discoverygen.retry.delay_ms"] = (long)delay.TotalMilliseconds,
            ["error.type"] = errorType,
        }));
}
