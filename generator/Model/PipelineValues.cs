using System;
using DiscoveryGen.Generator.Options;

namespace DiscoveryGen.Generator.Model;

/// <summary>The Document step's value: a parsed document without positions, with its namespace metadata and knobs.</summary>
internal sealed record DocumentSpec(string FilePath, string? Namespace, DocumentOptions Options, ApiDocument Document);

/// <summary>The Build step's value: the client model, how to format it, and the build diagnostics.</summary>
internal sealed record BuildResult(string FilePath, ClientModel Model, EmitOptions Options, EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>The hint-name prefix before de-duplication: <c>{Namespace}.{Service}</c>.</summary>
    public string HintPrefix => Model.Namespace + "." + Model.ServiceClassName;
}

/// <summary>
/// An <see cref="EquatableArray{T}"/> as a pipeline step's value (sidecars, diagnostics). A class, so the driver's generic
/// code for the step is its shared reference-type code, which the compiler ships precompiled; over the struct it was
/// code compiled in every new compiler process (about 280 methods before the first document was read).
/// </summary>
internal sealed class ArrayValue<T> : IEquatable<ArrayValue<T>>
    where T : IEquatable<T>
{
    public ArrayValue(EquatableArray<T> items) => Items = items;

    public EquatableArray<T> Items { get; }

    public bool Equals(ArrayValue<T>? other) => other is not null && Items.Equals(other.Items);

    public override bool Equals(object? obj) => Equals(obj as ArrayValue<T>);

    public override int GetHashCode() => Items.GetHashCode();
}
