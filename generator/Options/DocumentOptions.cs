using System;
using System.Collections.Generic;
using DiscoveryGen.Generator.Diagnostics;
using DiscoveryGen.Generator.Model;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DiscoveryGen.Generator.Options;

/// <summary>
/// The MSBuild knobs of one document as MSBuild hands them over (item metadata, else the project-wide property),
/// unvalidated. <see cref="Resolve"/> validates them in the build step, so a bad value becomes diagnostic DG0013.
/// </summary>
internal sealed record DocumentOptions(
    string? Visibility, string? XmlDocs, string? IncludeResources, string? ExcludeResources, string? Deprecated = null, string? StripSchemaPrefix = null)
{
    public const string VisibilityMetadata = "build_metadata.AdditionalFiles.Visibility";
    public const string XmlDocsMetadata = "build_metadata.AdditionalFiles.XmlDocs";
    public const string IncludeResourcesMetadata = "build_metadata.AdditionalFiles.IncludeResources";
    public const string ExcludeResourcesMetadata = "build_metadata.AdditionalFiles.ExcludeResources";
    public const string DeprecatedMetadata = "build_metadata.AdditionalFiles.Deprecated";
    public const string StripSchemaPrefixMetadata = "build_metadata.AdditionalFiles.StripSchemaPrefix";
    public const string VisibilityProperty = "build_property.DiscoveryGenVisibility";
    public const string XmlDocsProperty = "build_property.DiscoveryGenXmlDocs";
    public const string DeprecatedProperty = "build_property.DiscoveryGenDeprecated";

    public static readonly DocumentOptions Default = new(null, null, null, null);

    public static DocumentOptions Read(AnalyzerConfigOptions file, AnalyzerConfigOptions global) => new(
        Get(file, VisibilityMetadata) ?? Get(global, VisibilityProperty),
        Get(file, XmlDocsMetadata) ?? Get(global, XmlDocsProperty),
        Get(file, IncludeResourcesMetadata),
        Get(file, ExcludeResourcesMetadata),
        Get(file, DeprecatedMetadata) ?? Get(global, DeprecatedProperty),
        Get(file, StripSchemaPrefixMetadata));

    /// <summary>Validated options; problems are added to <paramref name="diagnostics"/> and the default is used.</summary>
    public ResolvedOptions Resolve(string filePath, List<DiagnosticInfo> diagnostics)
    {
        var @internal = false;
        if (Visibility is not null)
        {
            if (string.Equals(Visibility, "internal", StringComparison.OrdinalIgnoreCase))
            {
                @internal = true;
            }
            else if (!string.Equals(Visibility, "public", StringComparison.OrdinalIgnoreCase))
            {
                diagnostics.Add(Invalid(filePath, "Visibility", $"'{Visibility}' is not 'public' or 'internal'; 'public' is used"));
            }
        }

        var xmlDocs = true;
        if (XmlDocs is not null)
        {
            if (string.Equals(XmlDocs, "false", StringComparison.OrdinalIgnoreCase))
            {
                xmlDocs = false;
            }
            else if (!string.Equals(XmlDocs, "true", StringComparison.OrdinalIgnoreCase))
            {
                diagnostics.Add(Invalid(filePath, "XmlDocs", $"'{XmlDocs}' is not 'true' or 'false'; 'true' is used"));
            }
        }

        var obsolete = true;
        if (Deprecated is not null)
        {
            if (string.Equals(Deprecated, "omit", StringComparison.OrdinalIgnoreCase))
            {
                obsolete = false;
            }
            else if (!string.Equals(Deprecated, "obsolete", StringComparison.OrdinalIgnoreCase))
            {
                diagnostics.Add(Invalid(filePath, "Deprecated", $"'{Deprecated}' is not 'obsolete' or 'omit'; 'obsolete' is used"));
            }
        }

        return new ResolvedOptions(new EmitOptions(@internal, xmlDocs, obsolete), SplitList(IncludeResources), SplitList(ExcludeResources), StripSchemaPrefix);
    }

    public static DiagnosticInfo Invalid(string filePath, string option, string problem) =>
        DiagnosticInfo.Create(DiagnosticDescriptors.InvalidOption, LocationInfo.FileOnly(filePath), option, problem);

    /// <summary>
    /// Resource paths separated by commas (or whitespace; semicolons too, though MSBuild metadata cannot deliver them:
    /// it passes through a generated .editorconfig, where ';' starts a comment, so commas are the documented separator).
    /// </summary>
    private static EquatableArray<string> SplitList(string? value)
    {
        if (value is null)
        {
            return EquatableArray<string>.Empty;
        }

        var items = new List<string>();
        foreach (var item in value.Split(new[] { ',', ';', ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var trimmed = item.Trim();
            if (trimmed.Length > 0 && !items.Contains(trimmed))
            {
                items.Add(trimmed);
            }
        }

        return items.ToEquatableArray();
    }

    private static string? Get(AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}

/// <summary>Validated options of one document (<see cref="StripSchemaPrefix"/> is checked against the schemas while naming them).</summary>
internal sealed record ResolvedOptions(EmitOptions Emit, EquatableArray<string> IncludeResources, EquatableArray<string> ExcludeResources, string? StripSchemaPrefix);
