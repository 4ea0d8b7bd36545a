using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace DiscoveryGen.Build.Tasks.Analysis;

/// <summary>
/// Finds the discovery methods an assembly's own code can reach, by walking its IL call graph with
/// System.Reflection.Metadata (the assembly is read, never loaded or run).
/// </summary>
/// <remarks>
/// <para>API methods are the methods carrying <c>[DiscoveryMethod]</c>. Generated client code is the outermost type
/// declaring them (the service class) and everything nested in it (resources, the operation helpers, the compiler's
/// closures and state machines for them). Every other method of the assembly is a root: the app's own code, dead or
/// not, including its lambdas, local functions, async methods and iterators.</para>
/// <para>Edges: <c>call</c>, <c>callvirt</c>, <c>newobj</c>, <c>jmp</c>, <c>ldftn</c>, <c>ldvirtftn</c> and <c>ldtoken</c> to a
/// method of this assembly (through generic instantiations and member references too); from an async method or
/// iterator to its state machine's methods (named by the compiler's <c>[…StateMachine(typeof(…))]</c>); from a
/// virtual or interface method to its overrides and implementations in this assembly. A generated helper counts only
/// when an edge reaches it. See <see cref="RuntimeCallbacks"/> for the one callback that is reached conditionally.</para>
/// </remarks>
internal sealed class ApiReachability
{
    private readonly PEReader _pe;
    private readonly MetadataReader _reader;
    private readonly TypeNames _names;
    private readonly AttributeReader _attributes;
    private readonly Dictionary<string, TypeDefinitionHandle> _typesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<MethodDefinitionHandle, ApiMethod> _apiMethods = new();
    private readonly HashSet<TypeDefinitionHandle> _generatedTypes = new();
    private readonly Dictionary<MethodDefinitionHandle, HashSet<MethodDefinitionHandle>> _callers = new();
    private readonly HashSet<MethodDefinitionHandle> _reached = new();
    private readonly Queue<MethodDefinitionHandle> _work = new();
    private readonly List<(MethodDefinitionHandle From, MethodDefinitionHandle To)> _deferredCancel = new();
    private Dictionary<TypeDefinitionHandle, List<TypeDefinitionHandle>>? _subtypes;
    private bool _cancelReached;

    private ApiReachability(PEReader pe)
    {
        _pe = pe;
        _reader = pe.GetMetadataReader();
        _names = new TypeNames(_reader);
        _attributes = new AttributeReader(_reader, _names);
    }

    /// <summary>Analyzes the assembly at <paramref name="path"/>.</summary>
    public static AnalysisResult Analyze(string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        using var pe = new PEReader(stream);
        return Analyze(pe);
    }

    /// <summary>Analyzes an assembly image (e.g. one compiled in memory).</summary>
    public static AnalysisResult Analyze(ImmutableArray<byte> image)
    {
        using var pe = new PEReader(image);
        return Analyze(pe);
    }

    private static AnalysisResult Analyze(PEReader pe)
    {
        if (!pe.HasMetadata)
        {
            throw new BadImageFormatException("The file has no .NET metadata.");
        }

        return new ApiReachability(pe).Run();
    }

    private AnalysisResult Run()
    {
        IndexTypesAndApiMethods();
        foreach (var typeHandle in _reader.TypeDefinitions)
        {
            if (_generatedTypes.Contains(typeHandle))
            {
                continue;
            }

            foreach (var method in _reader.GetTypeDefinition(typeHandle).GetMethods())
            {
                if (_reached.Add(method))
                {
                    _work.Enqueue(method);
                }
            }
        }

        while (_work.Count > 0)
        {
            Visit(_work.Dequeue());
        }

        var reached = _apiMethods
            .Where(pair => _reached.Contains(pair.Key))
            .GroupBy(pair => pair.Value.Id, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => new ReachedApiMethod(
                Merge(group.Select(pair => pair.Value).ToList()),
                group.SelectMany(pair => CallersInApp(pair.Key)).Distinct(StringComparer.Ordinal).OrderBy(name => name, StringComparer.Ordinal).ToList()))
            .ToList();
        var assemblyName = _reader.IsAssembly ? _reader.GetString(_reader.GetAssemblyDefinition().Name) : string.Empty;
        return new AnalysisResult(assemblyName, _apiMethods.Count, reached);
    }

    private void IndexTypesAndApiMethods()
    {
        var declaringApiTypes = new HashSet<TypeDefinitionHandle>();
        foreach (var typeHandle in _reader.TypeDefinitions)
        {
            _typesByName[_names.Of(typeHandle)] = typeHandle;
            foreach (var methodHandle in _reader.GetTypeDefinition(typeHandle).GetMethods())
            {
                if (_attributes.ApiMethodOf(_reader.GetMethodDefinition(methodHandle)) is { } api)
                {
                    _apiMethods[methodHandle] = api;
                    declaringApiTypes.Add(typeHandle);
                }
            }
        }

        foreach (var type in declaringApiTypes)
        {
            MarkGenerated(Outermost(type));
        }
    }

    private TypeDefinitionHandle Outermost(TypeDefinitionHandle type)
    {
        while (true)
        {
            var declaring = _reader.GetTypeDefinition(type).GetDeclaringType();
            if (declaring.IsNil)
            {
                return type;
            }

            type = declaring;
        }
    }

    private void MarkGenerated(TypeDefinitionHandle type)
    {
        if (_generatedTypes.Add(type))
        {
            foreach (var nested in _reader.GetTypeDefinition(type).GetNestedTypes())
            {
                MarkGenerated(nested);
            }
        }
    }

    private void Link(MethodDefinitionHandle from, MethodDefinitionHandle to)
    {
        if (!_callers.TryGetValue(to, out var callers))
        {
            _callers[to] = callers = new HashSet<MethodDefinitionHandle>();
        }

        callers.Add(from);
        if (_reached.Add(to))
        {
            _work.Enqueue(to);
        }
    }

    private void Visit(MethodDefinitionHandle handle)
    {
        var method = _reader.GetMethodDefinition(handle);
        if (_attributes.StateMachineTypeOf(method) is { } stateMachine && _typesByName.TryGetValue(stateMachine, out var machineType))
        {
            foreach (var step in _reader.GetTypeDefinition(machineType).GetMethods())
            {
                Link(handle, step);
            }
        }

        if ((method.Attributes & System.Reflection.MethodAttributes.Virtual) != 0)
        {
            foreach (var implementation in Implementations(handle, method))
            {
                Link(handle, implementation);
            }
        }

        if (method.RelativeVirtualAddress == 0)
        {
            return;
        }

        var instructions = IlScanner.TokenInstructions(_pe.GetMethodBody(method.RelativeVirtualAddress));
        var buildsOperationHandle = instructions.Any(i => i.OpCode == ILOpCode.Newobj && IsRuntimeMember(i.Operand, RuntimeCallbacks.OperationHandleType, ".ctor"));
        for (var index = 0; index < instructions.Count; index++)
        {
            var instruction = instructions[index];
            switch (instruction.OpCode)
            {
                case ILOpCode.Call:
                case ILOpCode.Callvirt:
                case ILOpCode.Newobj:
                case ILOpCode.Jmp:
                case ILOpCode.Ldftn:
                case ILOpCode.Ldvirtftn:
                case ILOpCode.Ldtoken: // a method handle (an expression tree's call) may be invoked later: count it
                    break;
                default:
                    continue;
            }

            if (IsRuntimeMember(instruction.Operand, RuntimeCallbacks.OperationHandleType, RuntimeCallbacks.CancelMember))
            {
                ReleaseCancelCallbacks();
            }

            var isCancelCallback = buildsOperationHandle
                && instruction.OpCode is ILOpCode.Ldftn or ILOpCode.Ldvirtftn
                && index + 1 < instructions.Count
                && instructions[index + 1].OpCode == ILOpCode.Newobj
                && DelegateTypeOf(instructions[index + 1].Operand) == RuntimeCallbacks.CancelCallbackType;
            foreach (var target in Resolve(instruction.Operand))
            {
                if (isCancelCallback && !_cancelReached)
                {
                    _deferredCancel.Add((handle, target));
                }
                else
                {
                    Link(handle, target);
                }
            }
        }
    }

    private void ReleaseCancelCallbacks()
    {
        if (_cancelReached)
        {
            return;
        }

        _cancelReached = true;
        foreach (var (from, to) in _deferredCancel)
        {
            Link(from, to);
        }

        _deferredCancel.Clear();
    }

    /// <summary>The methods of this assembly a method token names (none for a method of another assembly).</summary>
    private IEnumerable<MethodDefinitionHandle> Resolve(EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.MethodDefinition:
                return new[] { (MethodDefinitionHandle)handle };
            case HandleKind.MethodSpecification:
                return Resolve(_reader.GetMethodSpecification((MethodSpecificationHandle)handle).Method);
            case HandleKind.MemberReference:
                var reference = _reader.GetMemberReference((MemberReferenceHandle)handle);
                if (reference.GetKind() != MemberReferenceKind.Method)
                {
                    return Array.Empty<MethodDefinitionHandle>();
                }

                var parent = reference.Parent;
                if (parent.Kind == HandleKind.MethodDefinition)
                {
                    return new[] { (MethodDefinitionHandle)parent };
                }

                var type = _names.GenericDefinition(parent);
                return type.Kind == HandleKind.TypeDefinition
                    ? MethodsMatching((TypeDefinitionHandle)type, reference.Name, reference.Signature)
                    : Array.Empty<MethodDefinitionHandle>();
            default:
                return Array.Empty<MethodDefinitionHandle>();
        }
    }

    /// <summary>
    /// The methods of <paramref name="type"/> a member reference names: the one with the same name and the same
    /// signature blob (a reference and a definition in one module encode a signature identically); when none matches
    /// exactly, every method of that name, so that an unusual encoding over-reports rather than misses.
    /// </summary>
    private IEnumerable<MethodDefinitionHandle> MethodsMatching(TypeDefinitionHandle type, StringHandle name, BlobHandle signature)
    {
        var sameName = _reader.GetTypeDefinition(type).GetMethods()
            .Where(m => _reader.StringComparer.Equals(_reader.GetMethodDefinition(m).Name, _reader.GetString(name)))
            .ToList();
        var wanted = _reader.GetBlobContent(signature);
        var exact = sameName.Where(m => _reader.GetBlobContent(_reader.GetMethodDefinition(m).Signature).SequenceEqual(wanted)).ToList();
        return exact.Count > 0 ? exact : sameName;
    }

    /// <summary>Overrides and implementations of a virtual or interface method in this assembly's types derived from its own.</summary>
    private IEnumerable<MethodDefinitionHandle> Implementations(MethodDefinitionHandle handle, MethodDefinition method)
    {
        var name = _reader.GetString(method.Name);
        var arity = ParameterCount(method.Signature);
        foreach (var subtype in Subtypes(method.GetDeclaringType()))
        {
            var definition = _reader.GetTypeDefinition(subtype);
            foreach (var candidateHandle in definition.GetMethods())
            {
                var candidate = _reader.GetMethodDefinition(candidateHandle);
                var candidateName = _reader.GetString(candidate.Name);
                if ((candidateName == name || candidateName.EndsWith("." + name, StringComparison.Ordinal)) && ParameterCount(candidate.Signature) == arity)
                {
                    yield return candidateHandle;
                }
            }

            foreach (var implementationHandle in definition.GetMethodImplementations())
            {
                var implementation = _reader.GetMethodImplementation(implementationHandle);
                if (implementation.MethodBody.Kind == HandleKind.MethodDefinition && Resolve(implementation.MethodDeclaration).Contains(handle))
                {
                    yield return (MethodDefinitionHandle)implementation.MethodBody;
                }
            }
        }
    }

    private int ParameterCount(BlobHandle signature)
    {
        var blob = _reader.GetBlobReader(signature);
        var header = blob.ReadSignatureHeader();
        if (header.IsGeneric)
        {
            blob.ReadCompressedInteger();
        }

        return blob.ReadCompressedInteger();
    }

    /// <summary>Every type of this assembly that derives from or implements <paramref name="type"/>, transitively.</summary>
    private IEnumerable<TypeDefinitionHandle> Subtypes(TypeDefinitionHandle type)
    {
        if (_subtypes is null)
        {
            _subtypes = new Dictionary<TypeDefinitionHandle, List<TypeDefinitionHandle>>();
            foreach (var handle in _reader.TypeDefinitions)
            {
                var definition = _reader.GetTypeDefinition(handle);
                var supertypes = definition.GetInterfaceImplementations()
                    .Select(i => _reader.GetInterfaceImplementation(i).Interface)
                    .Append(definition.BaseType);
                foreach (var supertype in supertypes)
                {
                    if (!supertype.IsNil && _names.GenericDefinition(supertype) is { Kind: HandleKind.TypeDefinition } local)
                    {
                        var key = (TypeDefinitionHandle)local;
                        if (!_subtypes.TryGetValue(key, out var list))
                        {
                            _subtypes[key] = list = new List<TypeDefinitionHandle>();
                        }

                        list.Add(handle);
                    }
                }
            }
        }

        var seen = new HashSet<TypeDefinitionHandle>();
        var pending = new Stack<TypeDefinitionHandle>();
        pending.Push(type);
        while (pending.Count > 0)
        {
            if (_subtypes.TryGetValue(pending.Pop(), out var direct))
            {
                foreach (var subtype in direct)
                {
                    if (seen.Add(subtype))
                    {
                        pending.Push(subtype);
                        yield return subtype;
                    }
                }
            }
        }
    }

    /// <summary>True when a method token names <paramref name="member"/> of the runtime type <paramref name="typeName"/> (any instantiation).</summary>
    private bool IsRuntimeMember(EntityHandle handle, string typeName, string member)
    {
        if (handle.Kind != HandleKind.MemberReference)
        {
            return false;
        }

        var reference = _reader.GetMemberReference((MemberReferenceHandle)handle);
        return _reader.StringComparer.Equals(reference.Name, member)
            && _names.GenericDefinition(reference.Parent) is { IsNil: false } type
            && _names.Of(type) == typeName;
    }

    /// <summary>The delegate type a <c>newobj</c> right after <c>ldftn</c> creates.</summary>
    private string? DelegateTypeOf(EntityHandle constructor) =>
        constructor.Kind == HandleKind.MemberReference
            ? _names.Of(_reader.GetMemberReference((MemberReferenceHandle)constructor).Parent)
            : null;

    /// <summary>The app methods (outside generated client code) from which a reached method is reached, walking callers back through generated code.</summary>
    private IEnumerable<string> CallersInApp(MethodDefinitionHandle method)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<MethodDefinitionHandle> { method };
        var pending = new Queue<MethodDefinitionHandle>();
        pending.Enqueue(method);
        while (pending.Count > 0)
        {
            if (!_callers.TryGetValue(pending.Dequeue(), out var callers))
            {
                continue;
            }

            foreach (var caller in callers)
            {
                if (!_generatedTypes.Contains(_reader.GetMethodDefinition(caller).GetDeclaringType()))
                {
                    result.Add(DisplayName(caller));
                }
                else if (seen.Add(caller))
                {
                    pending.Enqueue(caller);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// <c>Type.Method</c> as the developer wrote it: a lambda (<c>&lt;Run&gt;b__0_0</c>), local function
    /// (<c>&lt;Run&gt;g__Local|0_1</c>) or state machine step (<c>&lt;Run&gt;d__3.MoveNext</c>) is named after the method
    /// it was written in (<c>Run</c>), in the type it was written in.
    /// </summary>
    private string DisplayName(MethodDefinitionHandle handle)
    {
        var method = _reader.GetMethodDefinition(handle);
        var name = _reader.GetString(method.Name);
        var type = method.GetDeclaringType();
        string? source = null;
        while (true)
        {
            var typeName = _reader.GetString(_reader.GetTypeDefinition(type).Name);
            var declaring = _reader.GetTypeDefinition(type).GetDeclaringType();
            if (!typeName.StartsWith("<", StringComparison.Ordinal) || declaring.IsNil)
            {
                break;
            }

            // A state machine <Run>d__3 is named after its method; a closure class (<>c, <>c__DisplayClass0_0) is not.
            source ??= typeName.StartsWith("<>", StringComparison.Ordinal) ? null : SourceName(typeName);
            type = declaring;
        }

        source ??= SourceName(name);
        return _names.Of(type) + "." + source;
    }

    /// <summary>Unwraps compiler-generated names until a written one is left (<c>&lt;&lt;Main&gt;$&gt;b__0_0</c> → <c>Main</c>).</summary>
    private static string SourceName(string name)
    {
        while (true)
        {
            var inner = Unwrap(name);
            if (inner == name)
            {
                return name;
            }

            name = inner;
        }
    }

    /// <summary>The name inside a compiler-generated name's outer angle brackets (<c>&lt;&lt;Main&gt;$&gt;b__0_0</c> → <c>&lt;Main&gt;$</c>); other names unchanged.</summary>
    private static string Unwrap(string name)
    {
        if (!name.StartsWith("<", StringComparison.Ordinal))
        {
            return name;
        }

        var depth = 0;
        for (var i = 0; i < name.Length; i++)
        {
            depth += name[i] == '<' ? 1 : name[i] == '>' ? -1 : 0;
            if (depth == 0)
            {
                return i > 1 ? name.Substring(1, i - 1) : name;
            }
        }

        return name;
    }

    /// <summary>One entry per discovery id (a media sibling carries the same id as its method): scopes and known permissions merged.</summary>
    private static ApiMethod Merge(IReadOnlyList<ApiMethod> methods)
    {
        var first = methods[0];
        if (methods.Count == 1)
        {
            return first;
        }

        var scopes = methods.SelectMany(m => m.Scopes).Distinct(StringComparer.Ordinal).ToList();
        var known = methods.Where(m => m.Permissions is not null).ToList();
        var permissions = known.Count == 0 ? null : known.SelectMany(m => m.Permissions!).Distinct(StringComparer.Ordinal).ToList();
        return new ApiMethod(first.Id, first.HttpMethod, first.Path, scopes, permissions, known.Count > 0 && known.All(m => m.PermissionsAnyOf));
    }
}
