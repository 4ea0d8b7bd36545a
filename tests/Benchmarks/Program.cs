using System;
using BenchmarkDotNet.Running;
using DiscoveryGen.Benchmarks;

// dotnet run -c Release --project tests/Benchmarks -- --filter '*' --job short     (the README table)
// dotnet run -c Release --project tests/Benchmarks -- --filter '*' --job dry --inProcess   (a quick smoke run)
// dotnet run -c Release --project tests/Benchmarks -- size                          (the size table)
// dotnet run -c Release --project tests/Benchmarks -- phases                        (parse/build/emit split)
// dotnet run -c Release --project tests/Benchmarks -- large                         (README "Large APIs": size and compile time)
// dotnet run -c Release --project tests/Benchmarks -- build                         (real consumer builds of aiplatform.v1)
if (args.Length > 0 && args[0] == "size")
{
    return SizeReport.Run(Console.Out);
}

if (args.Length > 0 && args[0] == "phases")
{
    return PhaseReport.Run(Console.Out, args[1..]);
}

if (args.Length > 0 && args[0] == "large")
{
    return LargeApiReport.Run(Console.Out, args[1..]);
}

if (args.Length > 0 && args[0] == "build")
{
    return BuildCostReport.Run(Console.Out, args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(GeneratorBenchmarks).Assembly).Run(args);
return 0;
