namespace DiscoveryGen.Runtime;

/// <summary>One invalid field of a <see cref="BadRequest"/>.</summary>
/// <param name="Field">Path to the field, e.g. <c>codeRepositoryIndex.kmsKey</c>.</param>
/// <param name="Description">Why the value is invalid.</param>
/// <param name="Reason">The machine-readable reason, when given.</param>
/// <param name="LocalizedMessage">A localized message, when given.</param>
public sealed record FieldViolation(string? Field, string? Description, string? Reason, string? LocalizedMessage);
