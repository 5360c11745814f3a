using BudgetMesh.Testing.Network;

namespace BudgetMesh.Reliability.Tests.Network;

/// <summary>
/// A test that needs a network namespace: shown as skipped, with the reason, where this machine cannot make one
/// (not root, or `ip netns add` refused, as in an unprivileged container).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NetworkNamespaceFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Unavailable = new(() => IsolatedHost.WhyUnavailableAsync().GetAwaiter().GetResult());

    public NetworkNamespaceFactAttribute()
    {
        if (Unavailable.Value is { } reason)
        {
            Skip = reason;
        }
    }
}
