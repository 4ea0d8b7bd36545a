using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using DiscoveryGen.Generator.Building;
using DiscoveryGen.Generator.Emitting;
using DiscoveryGen.Generator.Model;
using DiscoveryGen.Generator.Parsing;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Emitting;

/// <summary>
/// A large API's files are written on several threads (<see cref="SharedWork"/>), a models file in several parts that
/// are joined afterwards: the text must not depend on it.
/// </summary>
public sealed class ParallelEmitTests
{
    [Fact]
    [Trait("Needs", "SharedCorpus")]
    public void LargeApi_OnSeveralThreads_WritesExactlyWhatOneThreadWrites()
    {
        var input = EmitInputFor("aiplatform.v1.json");
        var inGToL = input.Model.Types.Count(static t => t.Name[0] is >= 'G' and <= 'L');
        Assert.True(inGToL > 2 * ClientEmitter.TypesPerPart, $"aiplatform.v1's G-L models file should be written in several parts (it has {inGToL} types).");

        var sequential = ClientEmitter.Emit(input, parallel: false, CancellationToken.None);

        // The joined parts are the models written in one go, in order.
        var oneGo = new SourceWriter(capacity: 1 << 20);
        foreach (var type in input.Model.Types.Where(static t => t.Name[0] is >= 'G' and <= 'L'))
        {
            oneGo.WriteLine();
            ModelEmitter.EmitType(oneGo, type, input.Options.Accessibility);
        }

        var modelsFile = sequential.Single(static f => f.HintName.EndsWith(".Models.G-L.g.cs", StringComparison.Ordinal)).Source.ToString();
        Assert.True(modelsFile.EndsWith(oneGo.Text.ToString(), StringComparison.Ordinal), "The models file is not its types written in order.");

        for (var run = 0; run < 3; run++)
        {
            var parallel = ClientEmitter.Emit(input, parallel: true, CancellationToken.None);
            Assert.Equal(sequential.Select(static f => f.HintName), parallel.Select(static f => f.HintName));
            for (var i = 0; i < sequential.Count; i++)
            {
                Assert.True(sequential[i].Source.ToString() == parallel[i].Source.ToString(), $"{sequential[i].HintName} differs when written on several threads.");
            }
        }
    }

    [Fact]
    [Trait("Needs", "SharedCorpus")]
    public void LargeApi_ByDefault_WritesTheSameText()
    {
        var input = EmitInputFor("aiplatform.v1.json");
        var sequential = ClientEmitter.Emit(input, parallel: false, CancellationToken.None);

        // Not a timing: the default for an API this large is the parallel path, whose output is the same text.
        var byDefault = ClientEmitter.Emit(input, CancellationToken.None);
        Assert.Equal(sequential.Select(static f => f.Source.ToString()), byDefault.Select(static f => f.Source.ToString()));
    }

    [Fact]
    public void Results_ComeBackInJobOrder_WhicheverRanFirst()
    {
        var jobs = Enumerable.Range(0, 40).Select(i => ((Func<int>)(() => i * i), Cost: (long)((i * 7919) % 13))).ToArray();
        Assert.Equal(Enumerable.Range(0, 40).Select(static i => i * i), SharedWork.Run(jobs, parallel: true, CancellationToken.None));
        Assert.Equal(Enumerable.Range(0, 40).Select(static i => i * i), SharedWork.Run(jobs, parallel: false, CancellationToken.None));
    }

    [Fact]
    public void Jobs_AreTakenCostliestFirst_TiesInListOrder()
    {
        var ran = new List<string>();
        (Func<string>, long) Job(string name, long cost) => (() => { ran.Add(name); return name; }, cost);
        var results = SharedWork.Run(new[] { Job("small", 1), Job("large", 9), Job("mid-a", 5), Job("mid-b", 5) }, parallel: false, CancellationToken.None);
        Assert.Equal(new[] { "large", "mid-a", "mid-b", "small" }, ran);
        Assert.Equal(new[] { "small", "large", "mid-a", "mid-b" }, results);
    }

    [Fact]
    public void AFailingJob_IsRethrownAsItself_AndStopsTheRest()
    {
        var started = 0;
        var jobs = Enumerable.Range(0, 200).Select(i => ((Func<int>)(() =>
        {
            Interlocked.Increment(ref started);
            if (i == 3)
            {
                throw new InvalidOperationException("job 3");
            }

            Thread.Sleep(1);
            return i;
        }), Cost: 200L - i)).ToArray();

        var thrown = Assert.Throws<InvalidOperationException>(() => SharedWork.Run(jobs, parallel: true, CancellationToken.None));
        Assert.Equal("job 3", thrown.Message);
        Assert.True(Volatile.Read(ref started) < 200, $"{started} jobs started after job 3 failed: the others should stop taking jobs.");
    }

    [Fact]
    public void Cancellation_StopsBeforeTheNextJob()
    {
        using var source = new CancellationTokenSource();
        var ran = 0;
        var jobs = Enumerable.Range(0, 50).Select(i => ((Func<int>)(() =>
        {
            if (Interlocked.Increment(ref ran) == 5)
            {
                source.Cancel();
            }

            return i;
        }), Cost: 1L)).ToArray();

        Assert.ThrowsAny<OperationCanceledException>(() => SharedWork.Run(jobs, parallel: true, source.Token));
        Assert.InRange(Volatile.Read(ref ran), 5, 5 + SharedWork.MaxHelpers);
    }

    [Fact]
    public void Emit_HonoursCancellation()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        var input = new EmitInput(BuildModel(File.ReadAllText(TestPaths.Discovery("cloudaicompanion.v1.json"))), "Test.Service", EmitOptions.Default);
        Assert.ThrowsAny<OperationCanceledException>(() => ClientEmitter.Emit(input, parallel: true, source.Token));
    }

    private static EmitInput EmitInputFor(string document)
    {
        var path = TestPaths.SharedDiscovery(document);
        Assert.True(File.Exists(path), $"The shared discovery corpus is missing: expected {path}.");
        var model = BuildModel(File.ReadAllText(path));
        return new EmitInput(model, model.Namespace + "." + model.ServiceClassName, EmitOptions.Default);
    }

    private static ClientModel BuildModel(string json)
    {
        var parsed = DiscoveryParser.Parse("/test/doc.json", null, SourceText.From(json), CancellationToken.None).Document!;
        return ClientBuilder.Build(parsed, parsed.Root, ClientBuilder.DefaultNamespace(parsed), null, "/test/doc.json", null, new List<DiagnosticInfo>(), CancellationToken.None);
    }
}
