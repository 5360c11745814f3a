using MassTransit;

namespace BudgetMesh.ServiceDefaults.Messaging;

/// <summary>
/// The events a service may write to its outbox, keyed by their message URN. Rows name the URN, not the
/// CLR type, so renaming a class never strands an unpublished row.
/// </summary>
public sealed class OutboxMessageTypes
{
    private readonly Dictionary<string, Type> _byUrn = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _byType = [];

    public OutboxMessageTypes(IEnumerable<Type> types)
    {
        foreach (var type in types)
        {
            var urn = MessageUrn.ForTypeString(type);
            _byUrn[urn] = type;
            _byType[type] = urn;
        }
    }

    public string UrnOf(Type type) =>
        _byType.TryGetValue(type, out var urn)
            ? urn
            : throw new InvalidOperationException($"{type.Name} is not registered as an outbox event of this service; list it in AddBus(publishes: ...).");

    public Type TypeOf(string urn) =>
        _byUrn.TryGetValue(urn, out var type)
            ? type
            : throw new InvalidOperationException($"No event type is registered for URN {urn}.");
}
