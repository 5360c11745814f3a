namespace BudgetMesh.ServiceDefaults.Messaging;

/// <summary>A commit wrote outbox rows: wakes the <see cref="OutboxRelay"/>.</summary>
public sealed class OutboxSignal : WakeSignal;
