namespace DiscoveryGen.Runtime;

/// <summary>One link of a <see cref="Help"/> detail.</summary>
public sealed record HelpLink(string? Description, string? Url);
