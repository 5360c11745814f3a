using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace BudgetMesh.Cli.Tests.Import;

/// <summary>
/// A package as its printed cells: every set scalar field by path (tables.gf.rows[3].basic = "15686797.42"), repeated
/// fields item by item; a field without presence counts when it differs from its default.
/// </summary>
internal static class PackageCells
{
    public static Dictionary<string, string> Of(IMessage message, string path)
    {
        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        Walk(message, path, cells);
        return cells;
    }

    /// <summary>Cells of <paramref name="expected"/> that <paramref name="actual"/> prints otherwise or not at all, and cells only <paramref name="actual"/> has.</summary>
    public static List<string> Differences(Dictionary<string, string> expected, Dictionary<string, string> actual) =>
        expected.Where(e => !actual.TryGetValue(e.Key, out var a) || a != e.Value)
            .Select(e => $"{e.Key}: 期望 “{e.Value}”，导入 “{(actual.TryGetValue(e.Key, out var a) ? a : "（无）")}”")
            .Concat(actual.Where(a => !expected.ContainsKey(a.Key)).Select(a => $"{a.Key}: 期望（无），导入 “{a.Value}”"))
            .ToList();

    private static void Walk(IMessage message, string path, Dictionary<string, string> cells)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var name = $"{path}.{field.JsonName}";
            var value = field.Accessor.GetValue(message);
            if (field.IsRepeated)
            {
                var i = 0;
                foreach (var item in (IList)value)
                {
                    Leaf(field, item, $"{name}[{i++}]", cells);
                }
            }
            else if (field.FieldType == FieldType.Message)
            {
                if (value is IMessage child)
                {
                    Walk(child, name, cells);
                    cells.TryAdd(name, "（有）");
                }
            }
            else if (field.HasPresence ? field.Accessor.HasValue(message) : !IsDefault(value))
            {
                cells[name] = Format(value);
            }
        }
    }

    private static void Leaf(FieldDescriptor field, object item, string path, Dictionary<string, string> cells)
    {
        if (item is IMessage message)
        {
            Walk(message, path, cells);
            cells.TryAdd(path, "（有）");
        }
        else
        {
            cells[path] = Format(item);
        }
    }

    private static bool IsDefault(object value) => value switch
    {
        string s => s.Length == 0,
        bool b => !b,
        int i => i == 0,
        long l => l == 0,
        Enum e => Convert.ToInt32(e, System.Globalization.CultureInfo.InvariantCulture) == 0,
        _ => false,
    };

    private static string Format(object value) => value switch
    {
        Enum e => e.ToString(),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
    };
}
