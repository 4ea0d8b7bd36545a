namespace DiscoveryGen.Runtime;

/// <summary>What kind of Google credential a <see cref="GoogleCredentials"/> is (the <c>type</c> of its JSON file).</summary>
public enum GoogleCredentialKind
{
    /// <summary>A service-account key (<c>service_account</c>): an RS256-signed JWT, exchanged at <c>token_uri</c> or sent as is.</summary>
    ServiceAccount,

    /// <summary>A user's refresh token (<c>authorized_user</c>, what <c>gcloud auth application-default login</c> writes).</summary>
    AuthorizedUser,

    /// <summary>The metadata server of Compute Engine, Cloud Run, GKE, Cloud Functions and App Engine flexible.</summary>
    MetadataServer,

    /// <summary>A service account impersonated through IAM Credentials <c>generateAccessToken</c> (<c>impersonated_service_account</c>).</summary>
    ImpersonatedServiceAccount,

    /// <summary>Workload identity federation (<c>external_account</c>): a file- or URL-sourced subject token exchanged at Google's STS.</summary>
    ExternalAccount,
}
