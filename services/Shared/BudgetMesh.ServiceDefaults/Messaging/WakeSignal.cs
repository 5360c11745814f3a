namespace BudgetMesh.ServiceDefaults.Messaging;

/// <summary>
/// Wakes a background loop right after a commit that gave it work, so the work leaves in milliseconds; the loop's
/// polling only catches what a crashed process left behind. One subclass per loop, registered as a singleton.
/// </summary>
public abstract class WakeSignal
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
            // Already signalled: one wake-up covers everything committed before it.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);
}
