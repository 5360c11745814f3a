namespace BudgetMesh.ServiceDefaults.Messaging;

/// <summary>
/// Wakes the relay right after a commit that wrote outbox rows, so events leave in milliseconds; the
/// relay's polling only catches what a crashed process left behind.
/// </summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up drains everything pending.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);
}
