using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;

namespace DiscoveryGen.Generator.Tests.Infrastructure;

/// <summary>
/// Snapshot assertions in Verify.SourceGenerators' shape: <c>Snapshots/{Class}.{Method}#{Hint}.verified.cs</c>, content
/// "//HintName: {hint}" + the source. A mismatch writes the <c>.received.cs</c> twin and fails with the first differing
/// line; the set of files for a prefix must match. Accept with <c>tests/accept-snapshots.sh</c> (renames received → verified),
/// or by running the tests with DISCOVERYGEN_ACCEPT_SNAPSHOTS=1 outside CI.
/// </summary>
public static class Snapshot
{
    public static void Verify(IEnumerable<(string HintName, string Source)> sources, string? parameter = null,
        [CallerFilePath] string callerFile = "", [CallerMemberName] string method = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        Directory.CreateDirectory(directory);
        var testClass = Path.GetFileNameWithoutExtension(callerFile);
        var prefix = $"{testClass}.{method}{(parameter is null ? string.Empty : "_" + parameter)}#";
        var accept = Environment.GetEnvironmentVariable("DISCOVERYGEN_ACCEPT_SNAPSHOTS") == "1"
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

        var failures = new List<string>();
        var expectedFiles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (hint, source) in sources)
        {
            var stem = hint.EndsWith(".cs", StringComparison.Ordinal) ? hint[..^3] : hint;
            var verified = Path.Combine(directory, prefix + stem + ".verified.cs");
            var received = Path.Combine(directory, prefix + stem + ".received.cs");
            expectedFiles.Add(Path.GetFileName(verified));
            var actual = Normalize("//HintName: " + hint + "\n" + source);
            var expected = File.Exists(verified) ? Normalize(File.ReadAllText(verified)) : null;
            if (expected == actual)
            {
                File.Delete(received);
                continue;
            }

            if (accept)
            {
                File.WriteAllText(verified, actual);
                File.Delete(received);
                continue;
            }

            File.WriteAllText(received, actual);
            failures.Add(expected is null
                ? $"{Path.GetFileName(verified)} does not exist; wrote {Path.GetFileName(received)}."
                : $"{Path.GetFileName(verified)} differs: {FirstDifference(expected, actual)}");
        }

        foreach (var orphan in Directory.GetFiles(directory, prefix + "*.verified.cs").Select(Path.GetFileName))
        {
            if (!expectedFiles.Contains(orphan!))
            {
                if (accept)
                {
                    File.Delete(Path.Combine(directory, orphan!));
                }
                else
                {
                    failures.Add($"{orphan} is no longer generated (orphaned snapshot).");
                }
            }
        }

        if (failures.Count > 0)
        {
            throw new Xunit.Sdk.XunitException("Snapshot mismatch:\n" + string.Join("\n", failures));
        }
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimStart('\uFEFF');

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "<end of file>";
            var right = i < a.Length ? a[i] : "<end of file>";
            if (left != right)
            {
                return $"line {i + 1}:\n  verified: {left}\n  received: {right}";
            }
        }

        return "(line endings only)";
    }
}
