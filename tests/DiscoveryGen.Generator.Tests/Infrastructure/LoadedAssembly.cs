using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Infrastructure;

/// <summary>
/// The generated client of a <see cref="GeneratorOutput"/>, compiled and loaded into a collectible context of its own
/// (the runtime it references resolves to the test's); disposing unloads it.
/// </summary>
public sealed class LoadedAssembly : IDisposable
{
    private readonly AssemblyLoadContext _context;

    private LoadedAssembly(AssemblyLoadContext context, Assembly assembly)
    {
        _context = context;
        Assembly = assembly;
    }

    public Assembly Assembly { get; }

    /// <summary>Emits the output's compilation (which must succeed) and loads it.</summary>
    public static LoadedAssembly Load(GeneratorOutput output, string name)
    {
        using var stream = new MemoryStream();
        var emit = output.Compilation.Emit(stream);
        Assert.True(emit.Success, name + ": " + GeneratorHarness.Format(emit.Diagnostics));
        stream.Position = 0;
        var context = new AssemblyLoadContext(name + "-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        return new LoadedAssembly(context, context.LoadFromStream(stream));
    }

    public void Dispose() => _context.Unload();
}
