using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Node = (DiscoveryGen.Build.Tasks.Analysis.AssemblyModule Module, System.Reflection.Metadata.MethodDefinitionHandle Handle);

namespace DiscoveryGen.Build.Tasks.Analysis;

/// <summary>
/// Finds the discovery methods an assembly's own code can reach, by walking its IL call graph with
/// System.Reflection.Metadata (the assemblies are read, never loaded or run).
/// </summary>
/// <remarks>
/// <para>API methods are the methods carrying <c>[DiscoveryMethod]</c>. Generated client code is the outermost type
/// declaring them (the service class) and everything nested in it (resources, the operation helpers, the compiler's
/// closures and state machines for them). Every other method of the assembly is a root: the app's own code, dead or
/// not, including its lambdas, local functions, async methods and iterators.</para>
/// <para>Edges: <c>call</c>, <c>callvirt</c>, <c>newobj</c>, <c>jmp</c>, <c>ldftn</c>, <c>ldvirtftn</c> and <c>ldtoken</c> to a
/// method of this assembly (through generic instantiations and member references too); from an async method or
/// iterator to its state machine's methods (named by the compiler's <c>[…StateMachine(typeof(…))]</c>); from a
/// virtual or interface method to its overrides and implementations in its assembly. A generated helper counts only
/// when an edge reaches it. See <see cref="RuntimeCallbacks"/> for the one callback that is reached conditionally.</para>
/// <para>Referenced assemblies that hold a generated client (a client library, README "Large APIs") join the walk:
/// a member reference whose type resolves through an assembly reference to one of them is an edge into it, matched
/// by name and signature. Nothing in a referenced assembly is a root, and all of it counts as generated code: its
/// methods are followed when reached and never named in <c>calledFrom</c>. A referenced helper library that holds no
/// client but references DiscoveryGen.Runtime joins the walk the same way, so the app's calls through it into a client
/// library it references are followed (<c>calledFrom</c> names the app's methods that called the helper).</para>
/// </remarks>
internal sealed class ApiReachability
{
    private readonly AssemblyModule _root;
    private readonly Dictionary<string, AssemblyModule> _modulesByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<Node, HashSet<Node>> _callers = new();
    private readonly HashSet<Node> _reached = new();
    private readonly Queue<Node> _work = new();
    private readonly List<(Node From, Node To)> _deferredCancel = new();
    private bool _cancelReached;

    private ApiReachability(AssemblyModule root, IEnumerable<AssemblyModule> referencedClients)
    {
        _root = root;
        foreach (var module in referencedClients)
        {
            if (!string.Equals(module.Name, root.Name, StringComparison.OrdinalIgnoreCase) && !_modulesByName.ContainsKey(module.Name))
            {
                _modulesByName[module.Name] = module;
            }
        }
    }

    /// <summary>Analyzes the assembly at <paramref name="path"/>.</summary>
    public static AnalysisResult Analyze(string path) => Analyze(path, Array.Empty<string>());

    /// <summary>
    /// Analyzes the assembly at <paramref name="path"/>, following its calls into the assemblies among
    /// <paramref name="references"/> that hold a generated client. Only references the assembly's metadata names are
    /// opened, and of those only the ones that use <c>[DiscoveryMethod]</c> are read further.
    /// </summary>
    public static AnalysisResult Analyze(string path, IEnumerable<string> references)
    {
        using var stream = System.IO.File.OpenRead(path);
        using var pe = new PEReader(stream);
        var root = AssemblyModule.Root(pe);
        return Run(root, OpenReferenced(root, references));
    }

    /// <summary>
    /// The referenced assemblies that join the walk, opened as the walk's assemblies name them: the compiler writes an
    /// assembly reference only for an assembly the code uses, so the files the analyzed assembly names are read, then
    /// the ones a helper library among them names (app → helper library → client library), and no others. A reference
    /// is found by its file name; a name no file is called (a file named otherwise than its assembly) is looked up once
    /// among the assembly names the remaining files declare.
    /// </summary>
    private static IEnumerable<AssemblyModule?> OpenReferenced(AssemblyModule root, IEnumerable<string> references)
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var reference in references)
        {
            byName[System.IO.Path.GetFileNameWithoutExtension(reference)] = reference;
        }

        Dictionary<string, string>? byAssemblyName = null;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { root.Name };
        var pending = new Queue<string>(root.AssemblyReferenceNames());
        while (pending.Count > 0)
        {
            var next = pending.Dequeue();
            if (!seen.Add(next))
            {
                continue;
            }

            if (!byName.TryGetValue(next, out var path))
            {
                byAssemblyName ??= AssemblyNamesOfRenamedFiles(byName.Values);
                if (!byAssemblyName.TryGetValue(next, out path))
                {
                    continue;
                }
            }

            if (!System.IO.File.Exists(path))
            {
                continue;
            }

            var module = AssemblyModule.Referenced(new PEReader(System.IO.File.OpenRead(path)));
            yield return module;
            foreach (var name in module?.AssemblyReferenceNames() ?? Array.Empty<string>())
            {
                pending.Enqueue(name);
            }
        }
    }

    /// <summary>
    /// The files among <paramref name="paths"/> whose assembly is named otherwise than the file, by assembly name (each
    /// file's metadata header read; files that are missing or no .NET assembly are left out).
    /// </summary>
    private static Dictionary<string, string> AssemblyNamesOfRenamedFiles(IEnumerable<string> paths)
    {
        var renamed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in paths)
        {
            try
            {
                using var pe = new PEReader(System.IO.File.OpenRead(path));
                if (!pe.HasMetadata)
                {
                    continue;
                }

                var metadata = pe.GetMetadataReader();
                if (!metadata.IsAssembly)
                {
                    continue;
                }

                var name = metadata.GetString(metadata.GetAssemblyDefinition().Name);
                if (!string.Equals(name, System.IO.Path.GetFileNameWithoutExtension(path), StringComparison.OrdinalIgnoreCase) && !renamed.ContainsKey(name))
                {
                    renamed[name] = path;
                }
            }
            catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException or BadImageFormatException)
            {
            }
        }

        return renamed;
    }

    /// <summary>Analyzes an assembly image (e.g. one compiled in memory).</summary>
    public static AnalysisResult Analyze(ImmutableArray<byte> image) => Analyze(image, Array.Empty<ImmutableArray<byte>>());

    /// <summary>Analyzes an assembly image with the images of assemblies it references (those holding a generated client join the walk).</summary>
    public static AnalysisResult Analyze(ImmutableArray<byte> image, IEnumerable<ImmutableArray<byte>> references)
    {
        using var pe = new PEReader(image);
        return Run(AssemblyModule.Root(pe), references.Select(r => AssemblyModule.Referenced(new PEReader(r))));
    }

    /// <summary>Opens the referenced client assemblies (null: not one), walks, and disposes every one opened, also on failure.</summary>
    private static AnalysisResult Run(AssemblyModule root, IEnumerable<AssemblyModule?> opened)
    {
        var clients = new List<AssemblyModule>();
        try
        {
            foreach (var client in opened)
            {
                if (client is not null)
                {
                    clients.Add(client);
                }
            }

            return new ApiReachability(root, clients).Run();
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private AnalysisResult Run()
    {
        foreach (var typeHandle in _root.Reader.TypeDefinitions)
        {
            if (_root.IsGenerated(typeHandle))
            {
                continue;
            }

            foreach (var method in _root.Reader.GetTypeDefinition(typeHandle).GetMethods())
            {
                var node = (_root, method);
                if (_reached.Add(node))
                {
                    _work.Enqueue(node);
                }
            }
        }

        while (_work.Count > 0)
        {
            Visit(_work.Dequeue());
        }

        var reached = _reached
            .Select(node => (Node: node, Api: node.Module.ApiMethodOf(node.Handle)!))
            .Where(entry => entry.Api is not null)
            .OrderBy(entry => entry.Node.Module == _root ? string.Empty : entry.Node.Module.Name, StringComparer.Ordinal)
            .ThenBy(entry => MetadataTokens.GetRowNumber(entry.Node.Handle))
            .GroupBy(entry => entry.Api.Id, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => new ReachedApiMethod(
                Merge(group.Select(entry => entry.Api).ToList()),
                group.SelectMany(entry => CallersInApp(entry.Node)).Distinct(StringComparer.Ordinal).OrderBy(name => name, StringComparer.Ordinal).ToList()))
            .ToList();
        var reachedClients = _modulesByName.Values
            .Where(module => module.HoldsClient && _reached.Any(node => node.Module == module))
            .Select(module => module.Name)
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToList();
        return new AnalysisResult(_root.Name, _root.ApiMethods.Count, reached, reachedClients);
    }

    private void Link(Node from, Node to)
    {
        if (!_callers.TryGetValue(to, out var callers))
        {
            _callers[to] = callers = new HashSet<Node>();
        }

        callers.Add(from);
        if (_reached.Add(to))
        {
            _work.Enqueue(to);
        }
    }

    private void Visit(Node node)
    {
        var module = node.Module;
        var method = module.Method(node.Handle);
        if (module.Attributes.StateMachineTypeOf(method) is { } stateMachine && module.TryGetType(stateMachine, out var machineType))
        {
            foreach (var step in module.Reader.GetTypeDefinition(machineType).GetMethods())
            {
                Link(node, (module, step));
            }
        }

        if ((method.Attributes & System.Reflection.MethodAttributes.Virtual) != 0)
        {
            foreach (var implementation in Implementations(module, node.Handle, method))
            {
                Link(node, (module, implementation));
            }
        }

        if (method.RelativeVirtualAddress == 0)
        {
            return;
        }

        var instructions = IlScanner.TokenInstructions(module.Pe.GetMethodBody(method.RelativeVirtualAddress));
        var buildsOperationHandle = instructions.Any(i => i.OpCode == ILOpCode.Newobj && IsRuntimeMember(module, i.Operand, RuntimeCallbacks.OperationHandleType, ".ctor"));
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

            if (IsRuntimeMember(module, instruction.Operand, RuntimeCallbacks.OperationHandleType, RuntimeCallbacks.CancelMember))
            {
                ReleaseCancelCallbacks();
            }

            var isCancelCallback = buildsOperationHandle
                && instruction.OpCode is ILOpCode.Ldftn or ILOpCode.Ldvirtftn
                && index + 1 < instructions.Count
                && instructions[index + 1].OpCode == ILOpCode.Newobj
                && DelegateTypeOf(module, instructions[index + 1].Operand) == RuntimeCallbacks.CancelCallbackType;
            foreach (var target in Resolve(module, instruction.Operand))
            {
                if (isCancelCallback && !_cancelReached)
                {
                    _deferredCancel.Add((node, target));
                }
                else
                {
                    Link(node, target);
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

    /// <summary>
    /// The methods of the walk's assemblies a method token of <paramref name="module"/> names: its own methods, or
    /// those of a referenced client assembly; none for a method of any other assembly.
    /// </summary>
    private IEnumerable<Node> Resolve(AssemblyModule module, EntityHandle handle)
    {
        var reader = module.Reader;
        switch (handle.Kind)
        {
            case HandleKind.MethodDefinition:
                return new[] { (module, (MethodDefinitionHandle)handle) };
            case HandleKind.MethodSpecification:
                return Resolve(module, reader.GetMethodSpecification((MethodSpecificationHandle)handle).Method);
            case HandleKind.MemberReference:
                var reference = reader.GetMemberReference((MemberReferenceHandle)handle);
                if (reference.GetKind() != MemberReferenceKind.Method)
                {
                    return Array.Empty<Node>();
                }

                var parent = reference.Parent;
                if (parent.Kind == HandleKind.MethodDefinition)
                {
                    return new[] { (module, (MethodDefinitionHandle)parent) };
                }

                var type = module.Names.GenericDefinition(parent);
                if (type.Kind == HandleKind.TypeDefinition)
                {
                    return module.MethodsMatching((TypeDefinitionHandle)type, reference.Name, reference.Signature).Select(m => (module, m));
                }

                if (type.Kind == HandleKind.TypeReference
                    && _modulesByName.Count > 0
                    && module.AssemblyOf((TypeReferenceHandle)type) is { } assembly
                    && _modulesByName.TryGetValue(assembly, out var target)
                    && target.TryGetType(module.Names.Of((TypeReferenceHandle)type), out var targetType))
                {
                    var signature = reference.DecodeMethodSignature(module.Names, null);
                    return target.MethodsMatching(targetType, reader.GetString(reference.Name), signature).Select(m => (target, m));
                }

                return Array.Empty<Node>();
            default:
                return Array.Empty<Node>();
        }
    }

    /// <summary>Overrides and implementations of a virtual or interface method in its assembly's types derived from its own.</summary>
    private IEnumerable<MethodDefinitionHandle> Implementations(AssemblyModule module, MethodDefinitionHandle handle, MethodDefinition method)
    {
        var reader = module.Reader;
        var name = reader.GetString(method.Name);
        var arity = ParameterCount(reader, method.Signature);
        foreach (var subtype in module.Subtypes(method.GetDeclaringType()))
        {
            var definition = reader.GetTypeDefinition(subtype);
            foreach (var candidateHandle in definition.GetMethods())
            {
                var candidate = reader.GetMethodDefinition(candidateHandle);
                var candidateName = reader.GetString(candidate.Name);
                if ((candidateName == name || candidateName.EndsWith("." + name, StringComparison.Ordinal)) && ParameterCount(reader, candidate.Signature) == arity)
                {
                    yield return candidateHandle;
                }
            }

            foreach (var implementationHandle in definition.GetMethodImplementations())
            {
                var implementation = reader.GetMethodImplementation(implementationHandle);
                if (implementation.MethodBody.Kind == HandleKind.MethodDefinition && Resolve(module, implementation.MethodDeclaration).Contains((module, handle)))
                {
                    yield return (MethodDefinitionHandle)implementation.MethodBody;
                }
            }
        }
    }

    private static int ParameterCount(MetadataReader reader, BlobHandle signature)
    {
        var blob = reader.GetBlobReader(signature);
        var header = blob.ReadSignatureHeader();
        if (header.IsGeneric)
        {
            blob.ReadCompressedInteger();
        }

        return blob.ReadCompressedInteger();
    }

    /// <summary>True when a method token names <paramref name="member"/> of the runtime type <paramref name="typeName"/> (any instantiation).</summary>
    private static bool IsRuntimeMember(AssemblyModule module, EntityHandle handle, string typeName, string member)
    {
        if (handle.Kind != HandleKind.MemberReference)
        {
            return false;
        }

        var reference = module.Reader.GetMemberReference((MemberReferenceHandle)handle);
        return module.Reader.StringComparer.Equals(reference.Name, member)
            && module.Names.GenericDefinition(reference.Parent) is { IsNil: false } type
            && module.Names.Of(type) == typeName;
    }

    /// <summary>The delegate type a <c>newobj</c> right after <c>ldftn</c> creates.</summary>
    private static string? DelegateTypeOf(AssemblyModule module, EntityHandle constructor) =>
        constructor.Kind == HandleKind.MemberReference
            ? module.Names.Of(module.Reader.GetMemberReference((MemberReferenceHandle)constructor).Parent)
            : null;

    /// <summary>True for the analyzed assembly's own methods outside generated client code.</summary>
    private bool IsAppMethod(Node node) =>
        node.Module == _root && !_root.IsGenerated(_root.Method(node.Handle).GetDeclaringType());

    /// <summary>The app methods (outside generated client code) from which a reached method is reached, walking callers back through generated code and referenced client assemblies.</summary>
    private IEnumerable<string> CallersInApp(Node method)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<Node> { method };
        var pending = new Queue<Node>();
        pending.Enqueue(method);
        while (pending.Count > 0)
        {
            if (!_callers.TryGetValue(pending.Dequeue(), out var callers))
            {
                continue;
            }

            foreach (var caller in callers)
            {
                if (IsAppMethod(caller))
                {
                    result.Add(DisplayName(caller.Handle));
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
        var reader = _root.Reader;
        var method = reader.GetMethodDefinition(handle);
        var name = reader.GetString(method.Name);
        var type = method.GetDeclaringType();
        string? source = null;
        while (true)
        {
            var typeName = reader.GetString(reader.GetTypeDefinition(type).Name);
            var declaring = reader.GetTypeDefinition(type).GetDeclaringType();
            if (!typeName.StartsWith("<", StringComparison.Ordinal) || declaring.IsNil)
            {
                break;
            }

            // A state machine <Run>d__3 is named after its method; a closure class (<>c, <>c__DisplayClass0_0) is not.
            source ??= typeName.StartsWith("<>", StringComparison.Ordinal) ? null : SourceName(typeName);
            type = declaring;
        }

        source ??= SourceName(name);
        return _root.Names.Of(type) + "." + source;
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
