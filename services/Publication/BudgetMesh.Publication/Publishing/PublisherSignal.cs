namespace BudgetMesh.Publication.Publishing;

/// <summary>Wakes the publisher when work was committed, so a publication does not wait for the next poll.</summary>
internal sealed class PublisherSignal
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
