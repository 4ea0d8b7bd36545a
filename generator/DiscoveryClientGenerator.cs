using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using DiscoveryGen.Generator.Building;
using DiscoveryGen.Generator.Diagnostics;
using DiscoveryGen.Generator.Emitting;
using DiscoveryGen.Generator.Model;
using DiscoveryGen.Generator.Options;
using DiscoveryGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace DiscoveryGen.Generator;

/// <summary>
/// Generates a typed client for every AdditionalFile ending in <c>.json</c> whose root has
/// <c>"kind": "discovery#restDescription"</c>; a <c>&lt;doc&gt;.iam.json</c> beside it adds IAM permissions.
/// Wiring only: parsing, building and emitting live in their own folders.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DiscoveryClientGenerator : IIncrementalGenerator
{
    private const string NamespaceMetadata = "build_metadata.AdditionalFiles.Namespace";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var jsonFiles = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase));

        var inputs = jsonFiles
            .Where(static file => !IamSidecarParser.IsSidecarPath(file.Path))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, _) =>
            {
                var options = pair.Right.GetOptions(pair.Left);
                return new DocumentInput(pair.Left, NamespaceOf(options), DocumentOptions.Read(options, pair.Right.GlobalOptions));
            })
            .WithTrackingName(StepNames.Input);

        var parsed = inputs
            .Select(static (input, ct) => new ParsedInput(DiscoveryParser.Parse(input.File.Path, input.Namespace, input.File.GetText(ct), ct), input.Options))
            .WithTrackingName(StepNames.Parse);

        // Without diagnostics (they hold positions), so a whitespace-only edit leaves this step unchanged.
        var documents = parsed
            .Where(static parsedInput => parsedInput.Result.Document is not null)
            .Select(static (parsedInput, _) => new DocumentSpec(parsedInput.Result.FilePath, parsedInput.Result.Namespace, parsedInput.Options, parsedInput.Result.Document!))
            .WithTrackingName(StepNames.Document);

        var sidecarResults = jsonFiles
            .Where(static file => IamSidecarParser.IsSidecarPath(file.Path))
            .Select(static (file, ct) => IamSidecarParser.Parse(file.Path, file.GetText(ct), ct));

        var sidecars = sidecarResults
            .Select(static (result, _) => result.Sidecar)
            .Where(static sidecar => sidecar is not null)
            .Collect()
            .Select(static (all, _) => new ArrayValue<IamSidecar>(all.Select(static s => s!).OrderBy(static s => s.DocumentPath, StringComparer.Ordinal).ToEquatableArray()))
            .WithTrackingName(StepNames.Sidecars);

        var built = documents
            .Combine(sidecars)
            .Select(static (pair, ct) => ClientSpecBuilder.Build(pair.Left, pair.Right.Items, ct))
            .WithTrackingName(StepNames.Build);

        // The one cross-document concern: two documents must not generate into one namespace. Only the first in ordinal
        // path order is generated; each later one gets DG0009 and no files, so the build shows that one error instead
        // of the compiler's thousands about types declared twice. The claims are tiny, and a document's emit input
        // does not depend on them.
        var claims = built
            .Select(static (b, _) => new NamespaceClaim(b.FilePath, b.Model.Namespace))
            .Collect()
            .Select(static (all, _) => new ArrayValue<NamespaceClaim>(all.OrderBy(static c => c.FilePath, StringComparer.Ordinal).ToEquatableArray()));
        var emitInputs = built
            .Combine(claims)
            .Where(static pair => OwnsNamespace(pair.Left, pair.Right.Items))
            .Select(static (pair, _) => new EmitInput(pair.Left.Model, pair.Left.HintPrefix, pair.Left.Options));

        // A project that lowers <LangVersion> below what the generated code needs gets one clear error per document
        // instead of the compiler's hundreds (and no generated files to cause them).
        var languageVersion = context.ParseOptionsProvider.Select(static (options, _) => new LanguageCheck((options as CSharpParseOptions)?.LanguageVersion ?? LanguageVersion.Latest));
        context.RegisterSourceOutput(emitInputs.Combine(languageVersion), static (spc, pair) =>
        {
            if (CompilesAs(pair.Right.Version))
            {
                Emit(spc, pair.Left);
            }
        });
        context.RegisterSourceOutput(built.Select(static (b, _) => b.FilePath).Combine(languageVersion), static (spc, pair) => ReportLanguageVersion(spc, pair.Left, pair.Right.Version));
        context.RegisterSourceOutput(parsed.Select(static (p, _) => new ArrayValue<DiagnosticInfo>(p.Result.Diagnostics)), Report);
        context.RegisterSourceOutput(sidecarResults.Select(static (r, _) => new ArrayValue<DiagnosticInfo>(r.Diagnostics)), Report);
        context.RegisterSourceOutput(built.Select(static (b, _) => new ArrayValue<DiagnosticInfo>(b.Diagnostics)), Report);
        context.RegisterSourceOutput(claims, static (spc, all) => ReportDuplicateNamespaces(spc, all.Items));
    }

    /// <summary>
    /// The oldest C# the generated code compiles as: it uses collection expressions (C# 12) and implements static
    /// abstract interface members (C# 11). The .NET 10 SDK's default is C# 14.
    /// </summary>
    internal const LanguageVersion MinimumLanguageVersion = LanguageVersion.CSharp12;

    private static bool CompilesAs(LanguageVersion version) => version >= MinimumLanguageVersion;

    private static void ReportLanguageVersion(SourceProductionContext context, string filePath, LanguageVersion version)
    {
        if (!CompilesAs(version))
        {
            context.ReportDiagnostic(DiagnosticInfo.Create(
                DiagnosticDescriptors.LanguageVersionTooLow, LocationInfo.FileOnly(filePath), filePath, version.ToDisplayString(), MinimumLanguageVersion.ToDisplayString()).ToDiagnostic());
        }
    }

    private static string? NamespaceOf(AnalyzerConfigOptions options) =>
        options.TryGetValue(NamespaceMetadata, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static void Emit(SourceProductionContext context, EmitInput input)
    {
        foreach (var (hintName, source) in ClientEmitter.Emit(input))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            context.AddSource(hintName, source);
        }
    }

    /// <summary>Whether no document earlier in ordinal path order generates into this one's namespace (DG0009).</summary>
    private static bool OwnsNamespace(BuildResult result, EquatableArray<NamespaceClaim> claims)
    {
        foreach (var claim in claims)
        {
            if (claim.Namespace == result.Model.Namespace && string.CompareOrdinal(claim.FilePath, result.FilePath) < 0)
            {
                return false;
            }
        }

        return true;
    }

    private static void Report(SourceProductionContext context, ArrayValue<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics.Items)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }

    private static void ReportDuplicateNamespaces(SourceProductionContext context, EquatableArray<NamespaceClaim> claims)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var claim in claims)
        {
            if (owners.TryGetValue(claim.Namespace, out var owner))
            {
                context.ReportDiagnostic(DiagnosticInfo.Create(
                    DiagnosticDescriptors.DuplicateNamespace, LocationInfo.FileOnly(claim.FilePath), claim.FilePath, claim.Namespace, owner).ToDiagnostic());
            }
            else
            {
                owners[claim.Namespace] = claim.FilePath;
            }
        }
    }

    private sealed record DocumentInput(AdditionalText File, string? Namespace, DocumentOptions Options);

    private sealed record ParsedInput(ParseResult Result, DocumentOptions Options);

    private sealed record NamespaceClaim(string FilePath, string Namespace);

    /// <summary>The project's C# version, as a class: a step whose value is a struct (the enum) makes the driver compile its table and node code for it in every new compiler process.</summary>
    private sealed record LanguageCheck(LanguageVersion Version);
}
