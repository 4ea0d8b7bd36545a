using System;
using System.IO;
using System.Text;

namespace DiscoveryGen.Runtime.Auth;

/// <summary>
/// Application Default Credentials (AIP-4110): <c>GOOGLE_APPLICATION_CREDENTIALS</c>, then gcloud's well-known file,
/// then the metadata server. <c>GOOGLE_CLOUD_QUOTA_PROJECT</c> overrides the quota project of whatever is found.
/// </summary>
internal static class ApplicationDefaultCredentials
{
    public const string CredentialsVariable = "GOOGLE_APPLICATION_CREDENTIALS";
    public const string QuotaProjectVariable = "GOOGLE_CLOUD_QUOTA_PROJECT";
    public const string CloudSdkConfigVariable = "CLOUDSDK_CONFIG";
    public const string WellKnownFileName = "application_default_credentials.json";

    public static GoogleCredentials Find(GoogleCredentialsOptions settings)
    {
        var quota = Environment.GetEnvironmentVariable(QuotaProjectVariable);
        quota = string.IsNullOrWhiteSpace(quota) ? null : quota.Trim();
        var tried = new StringBuilder();

        var explicitPath = Environment.GetEnvironmentVariable(CredentialsVariable);
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            // Set but wrong is an error, never a reason to fall through to other credentials.
            return CredentialFile.Load(explicitPath, $"the credentials file '{explicitPath}' named by {CredentialsVariable}", quota, settings);
        }

        tried.Append(CredentialsVariable).Append(" (not set)");
        var wellKnown = WellKnownFilePath();
        if (wellKnown is not null && File.Exists(wellKnown))
        {
            return CredentialFile.Load(wellKnown, $"gcloud's credentials file '{wellKnown}'", quota, settings);
        }

        tried.Append("; gcloud's credentials file ").Append(wellKnown is null ? "(no home or APPDATA folder)" : $"'{wellKnown}' (not found)");
        return new MetadataServerCredentials(settings, quota, tried.ToString());
    }

    /// <summary>
    /// <c>$CLOUDSDK_CONFIG/application_default_credentials.json</c>; else <c>%APPDATA%\gcloud\…</c> on Windows and
    /// <c>~/.config/gcloud/…</c> elsewhere.
    /// </summary>
    internal static string? WellKnownFilePath()
    {
        var config = Environment.GetEnvironmentVariable(CloudSdkConfigVariable);
        if (!string.IsNullOrWhiteSpace(config))
        {
            return Path.Combine(config, WellKnownFileName);
        }

        if (OperatingSystem.IsWindows())
        {
            var appData = Environment.GetEnvironmentVariable("APPDATA");
            if (string.IsNullOrEmpty(appData))
            {
                appData = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData);
            }

            return string.IsNullOrEmpty(appData) ? null : Path.Combine(appData, "gcloud", WellKnownFileName);
        }

        var home = Environment.GetEnvironmentVariable("HOME");
        if (string.IsNullOrEmpty(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".config", "gcloud", WellKnownFileName);
    }
}
