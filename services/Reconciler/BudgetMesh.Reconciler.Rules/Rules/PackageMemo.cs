namespace BudgetMesh.Reconciler.Rules;

/// <summary>
/// What several rules derive from the same package (coded tables with parsed amounts, the printed tables and
/// their cells), computed once per <see cref="Reconciliation.ReconciliationEngine.RunInProcess"/> instead of once per rule.
/// Only inside <see cref="Begin"/>: the package cannot change during a run, while a rule called on its own (tests
/// change a package and run a rule again) always derives afresh. The rules stay pure; this only memoises.
/// </summary>
internal sealed class PackageMemo : IDisposable
{
    [ThreadStatic]
    private static PackageMemo? _current;

    private readonly PackageMemo? _outer;
    private readonly Dictionary<(object Source, int Kind), object?> _values = new(SourceComparer.Instance);

    private PackageMemo(PackageMemo? outer) => _outer = outer;

    /// <summary>Memoises derivations on this thread until disposed: one package's run.</summary>
    public static PackageMemo Begin() => _current = new PackageMemo(_current);

    /// <summary>
    /// <paramref name="derive"/>(<paramref name="source"/>), once per run for the same source object (by reference)
    /// and <paramref name="kind"/>; computed every time outside a run.
    /// </summary>
    public static T Get<TSource, T>(TSource source, int kind, Func<TSource, T> derive)
        where TSource : class
    {
        var memo = _current;
        if (memo is null)
        {
            return derive(source);
        }

        if (memo._values.TryGetValue((source, kind), out var value))
        {
            return (T)value!;
        }

        var derived = derive(source);
        memo._values[(source, kind)] = derived;
        return derived;
    }

    public void Dispose()
    {
        if (ReferenceEquals(_current, this))
        {
            _current = _outer;
        }
    }

    /// <summary>Protobuf messages compare by value (deeply): the memo wants the very object.</summary>
    private sealed class SourceComparer : IEqualityComparer<(object Source, int Kind)>
    {
        public static readonly SourceComparer Instance = new();

        public bool Equals((object Source, int Kind) x, (object Source, int Kind) y) => ReferenceEquals(x.Source, y.Source) && x.Kind == y.Kind;

        public int GetHashCode((object Source, int Kind) obj) => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Source), obj.Kind);
    }
}
