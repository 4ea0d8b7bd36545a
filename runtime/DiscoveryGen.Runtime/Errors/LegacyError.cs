namespace DiscoveryGen.Runtime;

/// <summary>One entry of the legacy (pre-google.rpc.Status) <c>error.errors[]</c> list some APIs still send.</summary>
public sealed record LegacyError(
    string? Domain,
    string? Reason,
    string? Message,
    string? Location,
    string? LocationType,
    string? ExtendedHelp,
    string? SendReport);
