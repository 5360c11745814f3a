using System.Collections.Concurrent;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace BudgetMesh.Reconciler.Rules;

/// <summary>A printed table of the package with its meta (XJ tables one by one).</summary>
internal sealed record PrintedTable(TableKey Key, IMessage Message, TableMeta Meta, int Index)
{
    /// <summary>How operators call it: the annex label and title when printed, else the table's usual name.</summary>
    public string DisplayName => Meta.AnnexLabel.Length > 0 ? $"{Meta.AnnexLabel} {TableNames.Of(Key)}" : TableNames.Of(Key);
}

/// <summary>One printed cell found by walking a table's proto fields.</summary>
/// <param name="IsAmount">An optional string field: an amount cell (decimal string, or non-numeric text as printed).</param>
internal sealed record PrintedCell(TableKey Table, string Column, string Text, bool IsAmount, int RowIndex, string RowCode, string Label)
{
    public Location Location => new() { Table = Table, Column = Column, RowIndex = RowIndex, RowCode = RowCode, Label = Label };
}

/// <summary>
/// Walks the package generically through protobuf reflection, so that checks about every cell (template
/// residue, units, magnitudes) cannot forget a table or a field added later.
/// </summary>
internal static class PrintedCells
{
    /// <summary>Every table the package prints, in annex order.</summary>
    public static IReadOnlyList<PrintedTable> Tables(BudgetPackage package) => PackageMemo.Get(package, 10, p => ReadTables(p).ToList());

    private static IEnumerable<PrintedTable> ReadTables(BudgetPackage package)
    {
        var tables = package.Tables;
        if (tables is null)
        {
            yield break;
        }

        foreach (var field in AnnexTables.Descriptor.Fields.InFieldNumberOrder())
        {
            var key = KeyOf(field.Name);
            var value = field.Accessor.GetValue(tables);
            if (field.IsRepeated)
            {
                var index = 0;
                foreach (IMessage item in (System.Collections.IList)value)
                {
                    yield return new PrintedTable(key, item, MetaOf(item), index++);
                }
            }
            else if (field.Accessor.HasValue(tables) && value is IMessage message)
            {
                yield return new PrintedTable(key, message, MetaOf(message), -1);
            }
        }
    }

    /// <summary>The printed table of a key (the first XJ for XJ), or null when absent.</summary>
    public static PrintedTable? Find(BudgetPackage package, TableKey key) => Tables(package).FirstOrDefault(t => t.Key == key);

    /// <summary>Every string cell of a table except its meta.</summary>
    public static IReadOnlyList<PrintedCell> Cells(PrintedTable table) =>
        PackageMemo.Get(table.Message, 11, _ =>
        {
            var cells = new List<PrintedCell>();
            Walk(cells, table.Key, table.Message, table.Key == TableKey.Xj ? table.Index : -1, string.Empty, string.Empty, skipMeta: true);
            return cells;
        });

    /// <summary>The table's amount cells that hold numbers, as values.</summary>
    public static IReadOnlyList<(PrintedCell Cell, decimal Value)> Numbers(PrintedTable table) =>
        PackageMemo.Get(table.Message, 12, _ => Cells(table).Where(c => c.IsAmount).Select(c => (Cell: c, Amount: Amount.Parse(c.Text))).Where(x => x.Amount.IsNumber).Select(x => (x.Cell, x.Amount.Value)).ToList());

    // Appends depth-first in field-number order; a list rather than nested iterators, which cost a state machine
    // per message and a MoveNext per level for every cell.
    private static void Walk(List<PrintedCell> cells, TableKey key, IMessage message, int rowIndex, string rowCode, string label, bool skipMeta)
    {
        var shape = ShapeOf(message.Descriptor);
        var code = shape.Code is { } codeField ? (string)codeField.Accessor.GetValue(message) : rowCode;
        var ownLabel = shape.Label is { } labelField ? (string)labelField.Accessor.GetValue(message) : label;
        foreach (var field in shape.Fields)
        {
            if (skipMeta && field.Name == "meta")
            {
                continue;
            }

            // Only string and message fields hold cells: other values (years, enums) are not read, nor boxed.
            switch (field.FieldType)
            {
                case FieldType.String when field.IsRepeated:
                    foreach (string text in (System.Collections.IList)field.Accessor.GetValue(message))
                    {
                        cells.Add(new PrintedCell(key, field.Name, text, false, rowIndex, code, ownLabel));
                    }

                    break;
                case FieldType.String:
                    if (field.HasPresence && !field.Accessor.HasValue(message))
                    {
                        break;
                    }

                    cells.Add(new PrintedCell(key, field.Name, (string)field.Accessor.GetValue(message), field.HasPresence, rowIndex, code, ownLabel));
                    break;
                case FieldType.Message when field.IsRepeated:
                    var index = 0;
                    foreach (IMessage item in (System.Collections.IList)field.Accessor.GetValue(message))
                    {
                        Walk(cells, key, item, key == TableKey.Xj ? rowIndex : index, code, ownLabel, false);
                        index++;
                    }

                    break;
                case FieldType.Message when field.Accessor.GetValue(message) is IMessage child:
                    Walk(cells, key, child, rowIndex, string.Empty, field.Name, false);
                    break;
            }
        }
    }

    /// <summary>A message type's fields in number order and the ones naming its rows: schema, the same for every package.</summary>
    private sealed record Shape(FieldDescriptor[] Fields, FieldDescriptor? Code, FieldDescriptor? Label);

    private static readonly ConcurrentDictionary<MessageDescriptor, Shape> Shapes = new();

    private static Shape ShapeOf(MessageDescriptor descriptor) => Shapes.GetOrAdd(descriptor, d =>
    {
        var fields = d.Fields.InFieldNumberOrder();
        return new Shape([.. fields], fields.FirstOrDefault(f => f.Name == "code"), fields.FirstOrDefault(f => f.Name is "label" or "name"));
    });

    private static TableMeta MetaOf(IMessage message) =>
        message.Descriptor.FindFieldByName("meta")?.Accessor.GetValue(message) as TableMeta ?? new TableMeta();

    private static TableKey KeyOf(string fieldName) => Enum.Parse<TableKey>(char.ToUpperInvariant(fieldName[0]) + fieldName[1..]);
}
