using System;
using System.Collections.Generic;
using System.Threading;
using DiscoveryGen.Generator.Diagnostics;
using DiscoveryGen.Generator.Model;
using DiscoveryGen.Generator.Parsing;

namespace DiscoveryGen.Generator.Building;

/// <summary>
/// The Build step: resolves the namespace and the knobs, applies the resource filter, builds the client model and
/// checks the IAM sidecar against the whole document.
/// </summary>
internal static class ClientSpecBuilder
{
    public static BuildResult Build(DocumentSpec spec, EquatableArray<IamSidecar> sidecars, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var defaultNamespace = ClientBuilder.DefaultNamespace(spec.Document);
        var @namespace = defaultNamespace;
        if (spec.Namespace is not null)
        {
            if (Naming.IsValidNamespace(spec.Namespace))
            {
                @namespace = spec.Namespace;
            }
            else
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidNamespace, LocationInfo.FileOnly(spec.FilePath), spec.Namespace, defaultNamespace));
            }
        }

        IamSidecar? sidecar = null;
        foreach (var candidate in sidecars)
        {
            if (string.Equals(candidate.DocumentPath, spec.FilePath, StringComparison.Ordinal))
            {
                sidecar = candidate;
            }
        }

        var options = spec.Options.Resolve(spec.FilePath, diagnostics);
        var document = ResourceFilter.Apply(spec.Document, options, spec.FilePath, diagnostics);
        var model = ClientBuilder.Build(document, spec.Document.Root, @namespace, sidecar, spec.FilePath, options.StripSchemaPrefix, diagnostics, cancellationToken);
        if (sidecar is not null)
        {
            // Against the whole document: a method left out by IncludeResources/ExcludeResources is still known.
            var known = MethodIds(spec.Document.Root, new HashSet<string>(StringComparer.Ordinal));
            var sidecarPath = spec.FilePath.Substring(0, spec.FilePath.Length - ".json".Length) + IamSidecarParser.Suffix;
            foreach (var entry in sidecar.Methods)
            {
                if (!known.Contains(entry.MethodId))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SidecarUnknownMethod, LocationInfo.FileOnly(sidecarPath), entry.MethodId));
                }
            }
        }

        return new BuildResult(spec.FilePath, model, options.Emit, diagnostics.ToEquatableArray());
    }

    private static HashSet<string> MethodIds(ResourceDef resource, HashSet<string> into)
    {
        foreach (var method in resource.Methods)
        {
            into.Add(method.Id);
        }

        foreach (var child in resource.Resources)
        {
            MethodIds(child, into);
        }

        return into;
    }
}
