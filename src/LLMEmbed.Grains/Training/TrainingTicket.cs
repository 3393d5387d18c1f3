namespace LLMEmbed.Grains.Training;

/// <summary>One run's place at <see cref="TrainingSlots"/>: wait for the slot, train, then dispose to pass the slot on.</summary>
public sealed class TrainingTicket : IDisposable
{
    private readonly TrainingSlots _slots;
    private readonly TaskCompletionSource _granted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _left;

    internal TrainingTicket(TrainingSlots slots) => _slots = slots;

    /// <summary>The ticket's place in the queue while it waits; null once granted or gone.</summary>
    internal LinkedListNode<TrainingTicket>? Node { get; set; }

    public bool Granted => _granted.Task.IsCompleted;

    internal void Grant() => _granted.TrySetResult();

    /// <summary>Completes when the ticket holds a slot; cancelling stops the wait only (dispose leaves the queue).</summary>
    public Task WaitAsync(CancellationToken ct) => _granted.Task.WaitAsync(ct);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _left, 1) == 0) _slots.Leave(this);
    }
}
