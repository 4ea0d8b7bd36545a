using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary>Reads one JSON value; the reader is on the value's first token and is left on its last.</summary>
public delegate T JsonReadFunc<T>(ref Utf8JsonReader reader);
