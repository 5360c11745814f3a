namespace BudgetMesh.Publication.Publishing;

/// <summary>Wakes a background loop when work for it was committed, so the work does not wait for the next poll.</summary>
internal abstract class WorkSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up covers all work committed before it.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}

/// <summary>Website work (a fetched approval to push, a retraction) was committed: wakes the <see cref="Publisher"/>.</summary>
internal sealed class PublisherSignal : WorkSignal;

/// <summary>An approval was taken in whose revision is still to be fetched: wakes the ApprovalFetcher.</summary>
internal sealed class ApprovalSignal : WorkSignal;
