using System;
using System.Diagnostics.CodeAnalysis;
using System.Net.Http;
using System.Threading;
using DiscoveryGen.Extensions.DependencyInjection;
using DiscoveryGen.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers generated DiscoveryGen services on <c>IHttpClientFactory</c>.</summary>
public static class DiscoveryClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TService"/> (a generated service, e.g. <c>CloudAICompanionService</c>) as a
    /// transient built over a named HttpClient from <c>IHttpClientFactory</c> (name: <see cref="ClientName{TService}"/>),
    /// which owns and recycles the handlers; the service never disposes them. Its <see cref="ClientOptions"/> are the
    /// named options of the same name: <paramref name="configure"/>, then defaults from the container — an
    /// <c>ILogger</c> (category <c>DiscoveryGen.Runtime.ApiClient</c>), an <see cref="IAccessTokenProvider"/> and a
    /// <see cref="TimeProvider"/> if registered. The HttpClient's own Timeout is infinite: <see cref="ClientOptions.Timeout"/>
    /// governs. Returns the HttpClient builder, so handlers compose
    /// (<c>.AddStandardResilienceHandler()</c>, <c>.ConfigurePrimaryHttpMessageHandler(…)</c>).
    /// </summary>
    public static IHttpClientBuilder AddDiscoveryClient<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TService>(
        this IServiceCollection services,
        Action<ClientOptions>? configure = null)
        where TService : class =>
        services.AddDiscoveryClient(CreateWithConstructor<TService>, configuration: null, configure);

    /// <summary>
    /// As <see cref="AddDiscoveryClient{TService}(IServiceCollection, Action{ClientOptions})"/>, binding the options from
    /// <paramref name="configuration"/> first (keys: see <see cref="ClientOptionsBinder"/>), re-read when it reloads.
    /// </summary>
    public static IHttpClientBuilder AddDiscoveryClient<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TService>(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<ClientOptions>? configure = null)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddDiscoveryClient(CreateWithConstructor<TService>, configuration, configure);
    }

    /// <summary>
    /// Registers <typeparamref name="TService"/> built by <paramref name="factory"/> (e.g.
    /// <c>(http, options) =&gt; new CloudAICompanionService(http, options)</c>: no reflection at all).
    /// </summary>
    public static IHttpClientBuilder AddDiscoveryClient<TService>(
        this IServiceCollection services,
        Func<HttpClient, ClientOptions, TService> factory,
        IConfiguration? configuration = null,
        Action<ClientOptions>? configure = null)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(factory);
        var name = ClientName<TService>();
        var options = services.AddOptions<ClientOptions>(name);
        if (configuration is not null)
        {
            options.Configure(o => ClientOptionsBinder.Bind(configuration, o));
            services.AddSingleton<IOptionsChangeTokenSource<ClientOptions>>(new ConfigurationChangeTokenSource<ClientOptions>(name, configuration));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.PostConfigure<IServiceProvider>((o, provider) =>
        {
            if (o.Logger is null && provider.GetService<ILoggerFactory>() is { } loggers)
            {
                o.Logger = new ApiLoggerAdapter(loggers.CreateLogger("DiscoveryGen.Runtime.ApiClient"));
            }

            o.AccessTokenProvider ??= provider.GetService<IAccessTokenProvider>();
            if (ReferenceEquals(o.TimeProvider, TimeProvider.System) && provider.GetService<TimeProvider>() is { } time)
            {
                o.TimeProvider = time;
            }
        });

        services.AddTransient(provider =>
        {
            var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(name);
            var clientOptions = provider.GetRequiredService<IOptionsMonitor<ClientOptions>>().Get(name);
            return factory(http, clientOptions);
        });
        return services.AddHttpClient(name, static http => http.Timeout = Timeout.InfiniteTimeSpan);
    }

    /// <summary>The name of the HttpClient and of the <see cref="ClientOptions"/> used for <typeparamref name="TService"/>.</summary>
    public static string ClientName<TService>() => "DiscoveryGen:" + typeof(TService).FullName;

    private static TService CreateWithConstructor<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TService>(HttpClient http, ClientOptions options)
        where TService : class =>
        (TService)Activator.CreateInstance(typeof(TService), http, options)!;
}
