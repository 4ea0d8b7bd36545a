using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace DiscoveryGen.Build.Tasks.Analysis;

/// <summary>
/// One assembly of the walk (the analyzed assembly, or a referenced one that holds a generated client or may call one): its metadata,
/// its API methods and generated types, and the lookups <see cref="ApiReachability"/> makes in it. Read, never loaded.
/// </summary>
internal sealed class AssemblyModule : IDisposable
{
    private const string RuntimeAssembly = "DiscoveryGen.Runtime";
    private const string DiscoveryMethodNamespace = "DiscoveryGen.Runtime";
    private const string DiscoveryMethodName = "DiscoveryMethodAttribute";

    private readonly HashSet<TypeDefinitionHandle> _generatedTypes = new();
    private readonly Dictionary<MethodDefinitionHandle, ApiMethod?> _apiMethodCache = new();
    private Dictionary<string, TypeDefinitionHandle>? _typesByName;
    private Dictionary<TypeDefinitionHandle, List<TypeDefinitionHandle>>? _subtypes;

    private AssemblyModule(PEReader pe, bool isRoot, bool holdsClient = false)
    {
        HoldsClient = isRoot || holdsClient;
        Pe = pe;
        Reader = pe.GetMetadataReader();
        Names = new TypeNames(Reader);
        Attributes = new AttributeReader(Reader, Names);
        IsRoot = isRoot;
        Name = Reader.IsAssembly ? Reader.GetString(Reader.GetAssemblyDefinition().Name) : string.Empty;
        if (isRoot)
        {
            IndexTypesAndApiMethods();
        }
    }

    public PEReader Pe { get; }

    public MetadataReader Reader { get; }

    public TypeNames Names { get; }

    public AttributeReader Attributes { get; }

    /// <summary>The analyzed assembly: its methods outside generated client code are the roots, and are the app's methods that <c>calledFrom</c> names.</summary>
    public bool IsRoot { get; }

    /// <summary>
    /// False for a referenced assembly that holds no generated client but may call one in an assembly it references
    /// (a helper library between the app and a client library): walked like a client, never reported as one.
    /// </summary>
    public bool HoldsClient { get; }

    /// <summary>The assembly's simple name.</summary>
    public string Name { get; }

    /// <summary>The methods carrying <c>[DiscoveryMethod]</c>, indexed up front in the analyzed assembly only (see <see cref="ApiMethodOf"/>).</summary>
    public Dictionary<MethodDefinitionHandle, ApiMethod> ApiMethods { get; } = new();

    /// <summary>
    /// The discovery method a method of this module calls, or null. A referenced assembly is not indexed up front
    /// (all of it counts as generated code, so only the methods the walk reaches are ever asked about).
    /// </summary>
    public ApiMethod? ApiMethodOf(MethodDefinitionHandle handle)
    {
        if (IsRoot)
        {
            return ApiMethods.TryGetValue(handle, out var indexed) ? indexed : null;
        }

        if (!_apiMethodCache.TryGetValue(handle, out var api))
        {
            _apiMethodCache[handle] = api = Attributes.ApiMethodOf(Reader.GetMethodDefinition(handle));
        }

        return api;
    }

    /// <summary>The analyzed assembly.</summary>
    public static AssemblyModule Root(PEReader pe)
    {
        if (!pe.HasMetadata)
        {
            throw new BadImageFormatException("The file has no .NET metadata.");
        }

        return new AssemblyModule(pe, isRoot: true);
    }

    /// <summary>
    /// A referenced assembly as a module of the walk: one that holds a generated client, or one that references
    /// DiscoveryGen.Runtime without holding a client (a helper library), so its code may
    /// call a client in an assembly it references (every call to an API method names the runtime's
    /// <c>RequestOptions</c>). Null (and <paramref name="pe"/> disposed) for any other assembly, decided on its
    /// assembly and type references before any method is read.
    /// </summary>
    public static AssemblyModule? Referenced(PEReader pe)
    {
        try
        {
            var reader = pe.HasMetadata ? pe.GetMetadataReader() : null;
            if (reader is not null && ReferencesRuntime(reader))
            {
                var module = new AssemblyModule(pe, isRoot: false, holdsClient: AppliesDiscoveryMethod(reader));
                if (module.Name.Length > 0)
                {
                    return module;
                }
            }
        }
        catch
        {
            pe.Dispose();
            throw;
        }

        pe.Dispose();
        return null;
    }

    /// <summary>
    /// True when the metadata references DiscoveryGen.Runtime's <c>DiscoveryMethodAttribute</c> (framework and
    /// reference assemblies do not): the compiler writes that type reference only for an attribute it applies.
    /// </summary>
    private static bool AppliesDiscoveryMethod(MetadataReader reader)
    {
        foreach (var handle in reader.TypeReferences)
        {
            var type = reader.GetTypeReference(handle);
            if (reader.StringComparer.Equals(type.Name, DiscoveryMethodName) && reader.StringComparer.Equals(type.Namespace, DiscoveryMethodNamespace))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ReferencesRuntime(MetadataReader reader)
    {
        foreach (var handle in reader.AssemblyReferences)
        {
            if (reader.StringComparer.Equals(reader.GetAssemblyReference(handle).Name, RuntimeAssembly, ignoreCase: true))
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose() => Pe.Dispose();

    public MethodDefinition Method(MethodDefinitionHandle handle) => Reader.GetMethodDefinition(handle);

    public bool TryGetType(string reflectionName, out TypeDefinitionHandle type)
    {
        if (_typesByName is null)
        {
            _typesByName = new Dictionary<string, TypeDefinitionHandle>(StringComparer.Ordinal);
            foreach (var handle in Reader.TypeDefinitions)
            {
                _typesByName[Names.Of(handle)] = handle;
            }
        }

        return _typesByName.TryGetValue(reflectionName, out type);
    }

    /// <summary>True for the generated service classes and everything nested in them.</summary>
    public bool IsGenerated(TypeDefinitionHandle type) => _generatedTypes.Contains(type);

    /// <summary>The simple names of the assemblies this one references.</summary>
    public IEnumerable<string> AssemblyReferenceNames() =>
        Reader.AssemblyReferences.Select(h => Reader.GetString(Reader.GetAssemblyReference(h).Name));

    /// <summary>The simple name of the assembly that defines a type reference, or null when it is this module's (or unknown).</summary>
    public string? AssemblyOf(TypeReferenceHandle handle)
    {
        var scope = Reader.GetTypeReference(handle).ResolutionScope;
        while (scope.Kind == HandleKind.TypeReference)
        {
            scope = Reader.GetTypeReference((TypeReferenceHandle)scope).ResolutionScope;
        }

        return scope.Kind == HandleKind.AssemblyReference
            ? Reader.GetString(Reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name)
            : null;
    }

    private void IndexTypesAndApiMethods()
    {
        var declaringApiTypes = new HashSet<TypeDefinitionHandle>();
        foreach (var typeHandle in Reader.TypeDefinitions)
        {
            foreach (var methodHandle in Reader.GetTypeDefinition(typeHandle).GetMethods())
            {
                if (Attributes.ApiMethodOf(Reader.GetMethodDefinition(methodHandle)) is { } api)
                {
                    ApiMethods[methodHandle] = api;
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
            var declaring = Reader.GetTypeDefinition(type).GetDeclaringType();
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
            foreach (var nested in Reader.GetTypeDefinition(type).GetNestedTypes())
            {
                MarkGenerated(nested);
            }
        }
    }

    /// <summary>
    /// The methods of <paramref name="type"/> a member reference of this module names: the one with the same name and
    /// the same signature blob (a reference and a definition in one module encode a signature identically); when none
    /// matches exactly, every method of that name, so that an unusual encoding over-reports rather than misses.
    /// </summary>
    public IEnumerable<MethodDefinitionHandle> MethodsMatching(TypeDefinitionHandle type, StringHandle name, BlobHandle signature)
    {
        var sameName = MethodsNamed(type, Reader.GetString(name));
        var wanted = Reader.GetBlobContent(signature);
        var exact = sameName.Where(m => Reader.GetBlobContent(Reader.GetMethodDefinition(m).Signature).SequenceEqual(wanted)).ToList();
        return exact.Count > 0 ? exact : sameName;
    }

    /// <summary>
    /// The methods of <paramref name="type"/> (a type of this module) that another module's member reference names:
    /// same name and the same signature spelled in reflection names (tokens differ between modules); when none
    /// matches, every method of that name.
    /// </summary>
    public IEnumerable<MethodDefinitionHandle> MethodsMatching(TypeDefinitionHandle type, string name, MethodSignature<string> wanted)
    {
        var sameName = MethodsNamed(type, name);
        var exact = sameName.Where(m => SameSignature(Reader.GetMethodDefinition(m).DecodeSignature(Names, null), wanted)).ToList();
        return exact.Count > 0 ? exact : sameName;
    }

    private List<MethodDefinitionHandle> MethodsNamed(TypeDefinitionHandle type, string name) =>
        Reader.GetTypeDefinition(type).GetMethods()
            .Where(m => Reader.StringComparer.Equals(Reader.GetMethodDefinition(m).Name, name))
            .ToList();

    private static bool SameSignature(MethodSignature<string> a, MethodSignature<string> b) =>
        a.Header.IsInstance == b.Header.IsInstance
        && a.GenericParameterCount == b.GenericParameterCount
        && a.ReturnType == b.ReturnType
        && a.ParameterTypes.SequenceEqual(b.ParameterTypes, StringComparer.Ordinal);

    /// <summary>Every type of this module that derives from or implements <paramref name="type"/>, transitively.</summary>
    public IEnumerable<TypeDefinitionHandle> Subtypes(TypeDefinitionHandle type)
    {
        if (_subtypes is null)
        {
            _subtypes = new Dictionary<TypeDefinitionHandle, List<TypeDefinitionHandle>>();
            foreach (var handle in Reader.TypeDefinitions)
            {
                var definition = Reader.GetTypeDefinition(handle);
                var supertypes = definition.GetInterfaceImplementations()
                    .Select(i => Reader.GetInterfaceImplementation(i).Interface)
                    .Append(definition.BaseType);
                foreach (var supertype in supertypes)
                {
                    if (!supertype.IsNil && Names.GenericDefinition(supertype) is { Kind: HandleKind.TypeDefinition } local)
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
}
