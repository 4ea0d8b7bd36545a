using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Pipeline;

namespace DiscoveryGen.Runtime.Batch;

/// <summary>
/// The calls queued in one <see cref="BatchRequest{TService}"/>, in the order they were made: the batch's service
/// pipeline adds them (<see cref="BatchQueueStage"/>, <see cref="BatchTransportStage"/>), the batch takes them once
/// (<see cref="CloseAsync"/>). Thread-safe: calls may be queued from several threads.
/// </summary>
internal sealed class BatchQueue
{
    private readonly object _gate = new();
    private readonly List<BatchSlot> _slots = new();
    private readonly Dictionary<CallContext, BatchSlot> _byCall = new(ReferenceEqualityComparer.Instance);
    private bool _closed;

    /// <summary>How many calls were queued.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _slots.Count;
            }
        }
    }

    /// <summary>Queues <paramref name="call"/> (its place is kept even if its request is built later).</summary>
    /// <exception cref="InvalidOperationException">The batch was already executed.</exception>
    public BatchSlot Reserve(CallContext call)
    {
        lock (_gate)
        {
            if (_closed)
            {
                throw new InvalidOperationException(
                    $"{call.MethodId} was called on the service of a batch that was already executed: queue calls before ExecuteAsync, or create a new batch.");
            }

            var slot = new BatchSlot(call);
            _slots.Add(slot);
            _byCall.Add(call, slot);
            return slot;
        }
    }

    /// <summary>The slot <see cref="Reserve"/> gave <paramref name="call"/>.</summary>
    public BatchSlot SlotOf(CallContext call)
    {
        lock (_gate)
        {
            return _byCall[call];
        }
    }

    /// <summary>The call's request is serialized: it goes out with the batch unless the call ends first.</summary>
    public void MarkReady(BatchSlot slot, byte[] part)
    {
        lock (_gate)
        {
            if (slot.State == BatchSlot.Stage.Reserved)
            {
                slot.Part = part;
                slot.State = BatchSlot.Stage.Ready;
            }
        }

        slot.SignalSettled();
    }

    /// <summary>The call's pipeline is done with the slot: a call that ended before it was sent is left out of the batch.</summary>
    public void Finish(BatchSlot slot)
    {
        lock (_gate)
        {
            if (slot.State is BatchSlot.Stage.Reserved or BatchSlot.Stage.Ready)
            {
                slot.State = BatchSlot.Stage.Dropped;
            }

            _byCall.Remove(slot.Call);
        }

        slot.SignalSettled();
        slot.SignalDone();
    }

    /// <summary>Ends every queued call that has no answer yet with <paramref name="exception"/> (the batch could not be sent).</summary>
    public void FailAll(Exception exception)
    {
        BatchSlot[] slots;
        lock (_gate)
        {
            _closed = true;
            slots = _slots.ToArray();
        }

        foreach (var slot in slots)
        {
            slot.Fail(exception);
        }
    }

    /// <summary>
    /// Closes the queue (later calls fail) and waits until every queued call's request is built or the call ended;
    /// returns the slots to send, in the order the calls were made, marked Sent.
    /// </summary>
    /// <exception cref="InvalidOperationException">The batch was already executed.</exception>
    public async Task<BatchSlot[]> CloseAsync(CancellationToken cancellationToken)
    {
        BatchSlot[] queued;
        lock (_gate)
        {
            if (_closed)
            {
                throw new InvalidOperationException("The batch was already executed; create a new batch for more calls.");
            }

            _closed = true;
            queued = _slots.ToArray();
        }

        var settled = new Task[queued.Length];
        for (var i = 0; i < queued.Length; i++)
        {
            settled[i] = queued[i].Settled;
        }

        await Task.WhenAll(settled).WaitAsync(cancellationToken).ConfigureAwait(false);
        var send = new List<BatchSlot>(queued.Length);
        lock (_gate)
        {
            foreach (var slot in queued)
            {
                if (slot.State == BatchSlot.Stage.Ready)
                {
                    slot.State = BatchSlot.Stage.Sent;
                    send.Add(slot);
                }
            }
        }

        return send.ToArray();
    }
}
