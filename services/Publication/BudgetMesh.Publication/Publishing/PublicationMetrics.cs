using System.Diagnostics.Metrics;

namespace BudgetMesh.Publication.Publishing;

/// <summary>Publication's own instrument: disclosures put on (or taken off) the website.</summary>
internal sealed class PublicationMetrics
{
    public const string MeterName = "BudgetMesh.Publication";

    private readonly Counter<long> _publications;

    public PublicationMetrics(IMeterFactory meters) =>
        _publications = meters.Create(MeterName).CreateCounter<long>("budgetmesh.publications", "{disclosure}", "Website changes committed: a disclosure published or retracted.");

    public void Published() => _publications.Add(1, new KeyValuePair<string, object?>("budgetmesh.operation", "publish"));

    public void Retracted() => _publications.Add(1, new KeyValuePair<string, object?>("budgetmesh.operation", "retract"));
}
