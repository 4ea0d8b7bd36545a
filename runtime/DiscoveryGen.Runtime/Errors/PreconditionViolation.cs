namespace DiscoveryGen.Runtime;

/// <summary>One failed precondition of a <see cref="PreconditionFailure"/>.</summary>
public sealed record PreconditionViolation(string? Type, string? Subject, string? Description);
