// Source polyfills so netstandard2.0 can use records and init accessors (no extra DLL to ship).
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit
    {
    }
}
