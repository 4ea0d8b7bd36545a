using System;
using BenchmarkDotNet.Running;
using DiscoveryGen.Benchmarks;

// dotnet run -c Release --project tests/Benchmarks -- --filter '*' --job short     (the README table)
// dotnet run -c Release --project tests/Benchmarks -- --filter '*' --job dry --inProcess   (a quick smoke run)
// dotnet run -c Release --project tests/Benchmarks -- size                          (the size table)
// dotnet run -c Release --project tests/Benchmarks -- phases                        (parse/build/emit split)
// dotnet run -c Release --project tests/Benchmarks -- firstrun                      (generation's first run in a new process, as csc without a server pays it)
// dotnet run -c Release --project tests/Benchmarks -- large                         (README "Large APIs": size and compile time)
// dotnet run -c Release --project tests/Benchmarks -- dump storage.v1 /tmp/storage (the generated client as files)
// dotnet run -c Release --project tests/Benchmarks -- compile /tmp/a /tmp/b=old/DiscoveryGen.Runtime.dll (compile cost of dumped sources)
// dotnet run -c Release --project tests/Benchmarks -- csc aiplatform.v1 --generator A.dll --generator B.dll   (the generator's first run in the SDK's csc)
// dotnet run -c Release --project tests/Benchmarks -- loop aiplatform.v1 emit 10     (one phase, or cold: a driver run, again and again, for a profiler; --alloc)
// dotnet run -c Release --project tests/Benchmarks -- deser [--rounds N] [--reads K]     (objects.list read by the generated client, Google.Apis and the floor, interleaved: ratios a noisy machine does not skew)
// dotnet run -c Release --project tests/Benchmarks -- payload [uniform]              (the objects.list JSON the deserialization benchmark reads)
// dotnet run -c Release --project tests/Benchmarks -- build [--server]              (real consumer builds of aiplatform.v1)
#if !BENCHMARK_CORPUS
// Built without ../shared/discovery: the storage.v1 benchmarks are compiled out; the others read the corpus at run
// time and fail naming the path.
Console.Error.WriteLine(DiscoveryGen.Tests.Shared.TestPaths.MissingShared(DiscoveryGen.Tests.Shared.TestPaths.SharedDiscovery("storage.v1.json")) +
    " This build has no storage.v1 benchmarks: put ../shared beside the repository and build again.");
#endif
if (args.Length > 0 && args[0] == "size")
{
    return SizeReport.Run(Console.Out);
}

if (args.Length > 0 && args[0] == "phases")
{
    return PhaseReport.Run(Console.Out, args[1..]);
}

if (args.Length > 0 && args[0] == "firstrun")
{
    return FirstRunReport.Run(Console.Out, args[1..]);
}

if (args.Length > 0 && args[0] == "firstrun-child")
{
    return FirstRunReport.RunChild(Console.Out, args[1]);
}

if (args.Length > 0 && args[0] == "large")
{
    return LargeApiReport.Run(Console.Out, args[1..]);
}

if (args.Length > 0 && args[0] == "compile")
{
    return CompileDirReport.Run(Console.Out, args[1..]);
}

if (args.Length > 0 && args[0] == "csc")
{
    return CscReport.Run(Console.Out, args[1..]);
}

if (args.Length > 0 && args[0] == "cscparts")
{
    return CscPartsReport.Run(Console.Out, args[1..]);
}

if (args.Length > 0 && args[0] == "loop")
{
    return LoopReport.Run(Console.Out, args[1..]);
}

if (args.Length > 0 && args[0] == "deser")
{
#if BENCHMARK_CORPUS
    return DeserializationReport.Run(Console.Out, args[1..]);
#else
    return 1;
#endif
}

if (args.Length > 0 && args[0] == "dump")
{
    return DumpReport.Run(Console.Out, args[1..]);
}

if (args.Length > 0 && args[0] == "payload")
{
    // The objects.list JSON the deserialization benchmark reads ("payload uniform": the original one).
    using var stdout = Console.OpenStandardOutput();
    stdout.Write(args.Length > 1 && args[1] == "uniform" ? StoragePayloads.List : StoragePayloads.RealisticList);
    return 0;
}

if (args.Length > 0 && args[0] == "build")
{
    return BuildCostReport.Run(Console.Out, args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(GeneratorBenchmarks).Assembly).Run(args);
return 0;
