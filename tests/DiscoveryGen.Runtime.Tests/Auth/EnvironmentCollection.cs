using System;
using System.Collections.Generic;
using System.IO;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Auth;

/// <summary>
/// Tests that change process-wide environment variables (credential lookup, the metadata server's address) run in
/// this collection: alone, after every parallel test, each restoring what it changed.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "Process environment";
}

/// <summary>
/// Sets the variables credential lookup reads, with HOME (and APPDATA) pointing at an empty temporary folder, and puts
/// every one back on dispose.
/// </summary>
public sealed class TemporaryEnvironment : IDisposable
{
    private static readonly string[] Names =
    [
        "GOOGLE_APPLICATION_CREDENTIALS", "CLOUDSDK_CONFIG", "GCE_METADATA_HOST", "GOOGLE_CLOUD_QUOTA_PROJECT", "HOME", "APPDATA",
    ];

    private readonly Dictionary<string, string?> _saved = new(StringComparer.Ordinal);

    public TemporaryEnvironment()
    {
        foreach (var name in Names)
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, null);
        }

        Home = Path.Combine(Path.GetTempPath(), "discoverygen-home-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Home);
        Environment.SetEnvironmentVariable("HOME", Home);
        Environment.SetEnvironmentVariable("APPDATA", Home);
    }

    /// <summary>The temporary home folder.</summary>
    public string Home { get; }

    /// <summary>Where gcloud keeps Application Default Credentials under <see cref="Home"/> on this OS.</summary>
    public string WellKnownFile => OperatingSystem.IsWindows()
        ? Path.Combine(Home, "gcloud", "application_default_credentials.json")
        : Path.Combine(Home, ".config", "gcloud", "application_default_credentials.json");

    public void Set(string name, string? value) => Environment.SetEnvironmentVariable(name, value);

    public string WriteFile(string relativePath, string content)
    {
        var path = Path.Combine(Home, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
