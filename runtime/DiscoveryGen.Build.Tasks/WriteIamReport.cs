using System;
using System.IO;
using System.Linq;
using System.Text;
using DiscoveryGen.Build.Tasks.Analysis;
using DiscoveryGen.Build.Tasks.Report;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DiscoveryGen.Build.Tasks;

/// <summary>
/// Writes the least-privilege report of a built assembly: <c>&lt;assembly&gt;.iam.json</c> (the Google API methods its
/// code can reach, their IAM permissions and OAuth scopes, the unions) and a custom-role file for
/// <c>gcloud iam roles create --file</c>. Reads the assembly's metadata and IL only; never loads it. Calls into a
/// referenced assembly that holds a generated client (a client library, README "Large APIs") are followed into it,
/// also through a helper library between them.
/// An assembly that neither holds a generated client nor reaches one it references gets no report.
/// </summary>
public sealed class WriteIamReport : Task
{
    /// <summary>The built assembly (the compiler's output, <c>@(IntermediateAssembly)</c>).</summary>
    [Required]
    public string AssemblyPath { get; set; } = string.Empty;

    /// <summary>
    /// The assemblies the project references (<c>@(ReferencePath)</c>). Only those the built assembly's metadata names
    /// (and, through a helper library, the ones that library names) and that hold a generated client or reference
    /// DiscoveryGen.Runtime are read; the rest are skipped on their file name or their references alone.
    /// </summary>
    public ITaskItem[] References { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>
    /// The project's <c>$(OutputType)</c>. A library (<c>Library</c>) whose own code calls none of its generated client
    /// gets a line saying that its apps report their calls; an app that calls nothing yet does not.
    /// </summary>
    public string OutputType { get; set; } = string.Empty;

    /// <summary>Where the JSON report goes.</summary>
    [Required]
    public string ReportPath { get; set; } = string.Empty;

    /// <summary>Where the custom-role YAML goes.</summary>
    [Required]
    public string RoleFilePath { get; set; } = string.Empty;

    /// <summary>How many API methods the report lists.</summary>
    [Output]
    public int MethodCount { get; set; }

    /// <summary>How many distinct IAM permissions the report lists.</summary>
    [Output]
    public int PermissionCount { get; set; }

    /// <summary>False when the assembly holds no generated client and reaches none it references, so nothing was written.</summary>
    [Output]
    public bool Written { get; set; }

    /// <summary>
    /// True when the analysis ran to its end (a report was written, or none was due); false when it warned (DG0900), so
    /// the next build tries again rather than taking the run as up to date.
    /// </summary>
    [Output]
    public bool Completed { get; set; }

    public override bool Execute()
    {
        AnalysisResult result;
        try
        {
            result = ApiReachability.Analyze(AssemblyPath, References.Select(r => r.GetMetadata("FullPath")).Where(p => p.Length > 0));
        }
        catch (Exception e)
        {
            // The report is advice about the build, not part of it: whatever stops the analysis warns and the build goes on.
            Log.LogWarning(null, "DG0900", null, AssemblyPath, 0, 0, 0, 0, "DiscoveryGen could not write the least-privilege report for {0}: {1}: {2}", AssemblyPath, e.GetType().Name, e.Message);
            return true;
        }

        if (!result.HasClient)
        {
            Log.LogMessage(MessageImportance.Low, "DiscoveryGen: {0} contains no generated client and calls none in the assemblies it references; no least-privilege report.", AssemblyPath);
            Completed = true;
            return true;
        }

        var report = new IamReport(result);
        WriteIfChanged(ReportPath, report.ToJson());
        WriteIfChanged(RoleFilePath, report.ToRoleYaml(Path.GetFileName(RoleFilePath)));
        MethodCount = report.Methods.Count;
        PermissionCount = report.Permissions.Count;
        Written = true;
        Completed = true;
        var details = report.PermissionUnknown.Count == 0 ? string.Empty : $", {report.PermissionUnknown.Count} with permission unknown";
        if (result.ReachedClientAssemblies.Count > 0)
        {
            details += $" (generated client{(result.ReachedClientAssemblies.Count == 1 ? string.Empty : "s")} in {string.Join(", ", result.ReachedClientAssemblies)} included)";
        }

        Log.LogMessage(
            MessageImportance.High,
            "DiscoveryGen least-privilege report: {0} lists {1} IAM permission{2} for {3} API method{4}{5}; custom role: {6}",
            ReportPath,
            PermissionCount,
            PermissionCount == 1 ? string.Empty : "s",
            MethodCount,
            MethodCount == 1 ? string.Empty : "s",
            details,
            RoleFilePath);
        if (result.GeneratedApiMethodCount > 0 && MethodCount == 0 && string.Equals(OutputType, "Library", StringComparison.OrdinalIgnoreCase))
        {
            // A client library's own code calls nothing of its client: the apps that reference it report what they call.
            Log.LogMessage(
                MessageImportance.High,
                "DiscoveryGen: no code in {0} outside its generated client calls an API method; an assembly that references {0} and calls its client lists those methods in its own report.",
                result.AssemblyName);
        }

        return true;
    }

    /// <summary>Writes only when the content differs, so an unchanged report keeps its timestamp (incremental builds stay quiet).</summary>
    private static void WriteIfChanged(string path, string content)
    {
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(content);
        if (File.Exists(path))
        {
            var existing = File.ReadAllBytes(path);
            if (existing.Length == bytes.Length && StructuralEquals(existing, bytes))
            {
                return;
            }
        }

        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllBytes(path, bytes);
    }

    private static bool StructuralEquals(byte[] a, byte[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }
}
