using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Generator.Emitting;

/// <summary>
/// Runs independent jobs on the calling thread and on up to <see cref="MaxHelpers"/> thread-pool workers, each taking
/// the costliest job left (by the caller's estimate), and returns the results in the jobs' order, so what comes out
/// does not depend on which thread ran what.
/// </summary>
/// <remarks>
/// csc runs generators one after another before it binds anything, so during generation the machine's other cores
/// wait. The calling thread works too and, when it runs out of jobs, waits only for jobs a worker has already taken:
/// a worker that never started (a starved pool) is run inline by the wait and finds nothing left, so the jobs finish
/// even with no worker at all. A failure stops the others taking new jobs and is rethrown as itself, not wrapped.
/// </remarks>
internal static class SharedWork
{
    /// <summary>More threads than three gain little: a large API's largest file is about a third of its text.</summary>
    internal const int MaxHelpers = 2;

    /// <param name="jobs">What to run, with what each is expected to cost (any unit; only the order matters).</param>
    /// <param name="parallel">False runs every job on the calling thread (small inputs, where a worker costs more than it saves).</param>
    public static T[] Run<T>(IReadOnlyList<(Func<T> Job, long Cost)> jobs, bool parallel, CancellationToken cancellationToken)
    {
        var state = new State<T>(jobs, cancellationToken);
        var helpers = parallel ? Math.Min(Math.Min(MaxHelpers, ProcessorCount - 1), jobs.Count - 1) : 0;
        if (helpers <= 0)
        {
            state.Drain();
            return state.Results;
        }

        var workers = new Task[helpers];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Factory.StartNew(static s => ((State<T>)s!).Drain(), state, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
        }

        ExceptionDispatchInfo? failure = null;
        try
        {
            state.Drain();
        }
        catch (Exception exception)
        {
            failure = ExceptionDispatchInfo.Capture(exception);
        }

        foreach (var worker in workers)
        {
            try
            {
                worker.Wait(CancellationToken.None);
            }
            catch (AggregateException exception) when (exception.InnerExceptions.Count == 1)
            {
                failure ??= ExceptionDispatchInfo.Capture(exception.InnerExceptions[0]);
            }
        }

        failure?.Throw();
        return state.Results;
    }

    // RS1035 bans Environment in analyzers so that no setting is read from the environment: the number of processors
    // decides only how many threads write, never what they write.
#pragma warning disable RS1035
    private static int ProcessorCount => Environment.ProcessorCount;
#pragma warning restore RS1035

    private sealed class State<T>
    {
        private readonly IReadOnlyList<(Func<T> Job, long Cost)> _jobs;
        private readonly int[] _order;
        private readonly CancellationToken _cancellationToken;
        private int _next = -1;

        public State(IReadOnlyList<(Func<T> Job, long Cost)> jobs, CancellationToken cancellationToken)
        {
            _jobs = jobs;
            _cancellationToken = cancellationToken;
            Results = new T[jobs.Count];

            // Costliest first (ties in list order), so the last jobs to finish are short ones.
            _order = new int[jobs.Count];
            for (var i = 0; i < _order.Length; i++)
            {
                _order[i] = i;
            }

            Array.Sort(_order, (a, b) => jobs[a].Cost != jobs[b].Cost ? jobs[b].Cost.CompareTo(jobs[a].Cost) : a.CompareTo(b));
        }

        public T[] Results { get; }

        public void Drain()
        {
            int next;
            while ((next = Interlocked.Increment(ref _next)) < _jobs.Count)
            {
                try
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    var index = _order[next];
                    Results[index] = _jobs[index].Job();
                }
                catch
                {
                    // Nobody takes another job; the jobs already running finish, and the first failure is rethrown.
                    Interlocked.Exchange(ref _next, _jobs.Count);
                    throw;
                }
            }
        }
    }
}
