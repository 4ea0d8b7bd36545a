using System;
using System.IO;
using System.Text.Json;

namespace DiscoveryGen.Runtime.Auth;

/// <summary>Turns a credentials file (its <c>type</c>) into the credential that uses it.</summary>
internal static class CredentialFile
{
    private const long MaxFileBytes = 1024 * 1024;

    public static GoogleCredentials Load(string path, string source, string? quotaOverride, GoogleCredentialsOptions settings)
    {
        string json;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new GoogleAuthException($"{CredentialJson.Capitalize(source)} does not exist.");
            }

            if (info.Length > MaxFileBytes)
            {
                throw new GoogleAuthException($"{CredentialJson.Capitalize(source)} is larger than 1 MiB: not a credentials file.");
            }

            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GoogleAuthException($"{CredentialJson.Capitalize(source)} could not be read: {ex.Message}", ex);
        }

        return Parse(json, source, quotaOverride, settings);
    }

    public static GoogleCredentials Parse(string json, string source, string? quotaOverride, GoogleCredentialsOptions settings)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            // Only the position: the message could quote part of a key.
            throw new GoogleAuthException($"{CredentialJson.Capitalize(source)} is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new GoogleAuthException($"{CredentialJson.Capitalize(source)} is not a JSON object.");
            }

            return FromElement(document.RootElement, source, quotaOverride, settings);
        }
    }

    public static GoogleCredentials FromElement(JsonElement root, string source, string? quotaOverride, GoogleCredentialsOptions settings)
    {
        var type = CredentialJson.Optional(root, "type", source);
        var quota = quotaOverride ?? CredentialJson.Optional(root, "quota_project_id", source);
        return type switch
        {
            "service_account" => new ServiceAccountCredentials(root, source, quota, settings),
            "authorized_user" => new AuthorizedUserCredentials(root, source, quota, settings),
            "impersonated_service_account" => new ImpersonatedCredentials(root, source, quota, settings),
            "external_account" => new ExternalAccountCredentials(root, source, quota, settings),
            "external_account_authorized_user" or "gdch_service_account" => throw NotSupported(type, source),
            null => throw new GoogleAuthException($"{CredentialJson.Capitalize(source)} has no 'type'; expected service_account, authorized_user, impersonated_service_account or external_account."),
            _ => throw new GoogleAuthException($"The type '{type}' of {source} is not a Google credential type; expected service_account, authorized_user, impersonated_service_account or external_account."),
        };
    }

    internal static NotSupportedException NotSupported(string what, string source) =>
        new($"{CredentialJson.Capitalize(what)} credentials ({source}) are not supported by DiscoveryGen's built-in Google credentials. " +
            "Use the Google.Apis.Auth adapter (package DiscoveryGen.Auth.GoogleApis: GoogleCredentialTokenProvider, " +
            "options.UseGoogleCredential(…)), which supports them but is not trimming/NativeAOT-safe.");
}
