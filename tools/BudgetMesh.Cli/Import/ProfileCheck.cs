using Google.Protobuf.Reflection;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// What a layout profile's table may say, checked against the contract: its key is a table of the package, its titles
/// are given, each column rule names a field of the table's rows, each label or key rule a field of the table itself (of
/// a two-sided table for income/expenditure, of a key/value table for keys), enum values are values of the enum, and an
/// `after` names a field of the same side. Reasons are in Chinese: a user edits the file.
/// </summary>
internal static class ProfileCheck
{
    public static string? Error(LayoutProfiles.TableProfile table)
    {
        var key = table.Key;
        if (!ColumnFields.IsTable(key))
        {
            return $"表 key “{key}” 不是预算包中的表（可用：{string.Join('、', ColumnFields.Keys)}）";
        }

        if (table.Titles is null || table.Titles.Count == 0 || table.Titles.Any(v => v is null || v.Count == 0))
        {
            return $"表 {key} 没有表名写法（titles）";
        }

        var variants = table.Titles.Concat(table.Captions ?? [])
            .Concat(new[] { table.Columns, table.Income, table.Expenditure, table.Keys }.SelectMany(r => r ?? []).SelectMany(r => r.Names ?? []));
        if (variants.Any(v => v is null || v.Count == 0 || v.Any(w => string.IsNullOrWhiteSpace(w.Trim('^', '$', '!')))))
        {
            return $"表 {key} 有空的写法（空列表或空词会匹配任何文字）";
        }

        var row = ColumnFields.RowOf(key);
        foreach (var field in (table.Columns ?? []).Select(c => c.Field).Concat(table.Order ?? []).Concat((table.Sums ?? []).SelectMany(s => s)))
        {
            if (Parts(field).Any(part => ColumnFields.Settable(row, part) is null))
            {
                return $"表 {key} 的列字段 “{field}” 不是该表行的字段（可用：{string.Join('、', ColumnFields.Of(key))}）";
            }
        }

        foreach (var rule in table.Columns ?? [])
        {
            if ((Named(key, rule) ?? Values(key, row, rule)) is { } error)
            {
                return error;
            }
        }

        var sides = ColumnFields.SidesOf(key);
        foreach (var (side, rules) in new[] { ("income", table.Income), ("expenditure", table.Expenditure) }.Where(s => s.Item2 is { Count: > 0 }))
        {
            if (sides is null)
            {
                return $"表 {key} 不是左右两栏的收支表，不能有 {side}";
            }

            foreach (var rule in rules!)
            {
                if (Line(key, side, sides, rule, rules!) is { } error)
                {
                    return error;
                }
            }
        }

        if (table.Keys is { Count: > 0 } keys)
        {
            if (ColumnFields.KeysOf(key) is not { } labelled)
            {
                return $"表 {key} 不是键值形式的表，不能有 keys";
            }

            foreach (var rule in keys)
            {
                if (Parts(rule.Field).Any(part => ColumnFields.Settable(labelled, part) is null))
                {
                    return $"表 {key} 的键字段 “{rule.Field}” 不是该表的字段（可用：{string.Join('、', ColumnFields.Names(labelled))}）";
                }

                if ((Named(key, rule) ?? Values(key, labelled, rule)) is { } error)
                {
                    return error;
                }
            }
        }

        return null;
    }

    /// <summary>A line rule of a two-sided table: a field holding a line (or lines), its constants, its `after`.</summary>
    private static string? Line(string key, string side, MessageDescriptor table, LayoutProfiles.ColumnRule rule, IReadOnlyList<LayoutProfiles.ColumnRule> rules)
    {
        var field = ColumnFields.Resolve(table, rule.Field);
        if (field is null || field.FieldType != FieldType.Message)
        {
            var lines = table.Fields.InDeclarationOrder().Where(f => f.FieldType == FieldType.Message && f.JsonName != "meta").Select(f => f.JsonName);
            return $"表 {key} 的 {side} 字段 “{rule.Field}” 不是该表的收支行字段（可用：{string.Join('、', lines)}）";
        }

        if (rule.After is { } after && !rules.Any(r => r.Field == after && r != rule))
        {
            return $"表 {key} 的 {side} 规则 “{rule.Field}” 的 after “{after}” 不是同一栏中其他规则的字段";
        }

        foreach (var (name, value) in rule.Set ?? new Dictionary<string, string>())
        {
            var constant = ColumnFields.Settable(field.MessageType, name);
            if (constant is null)
            {
                return $"表 {key} 的 {side} 规则 “{rule.Field}” 的 set 字段 “{name}” 不是该行的字段（可用：{string.Join('、', ColumnFields.Names(field.MessageType))}）";
            }

            if (constant.FieldType == FieldType.Enum && constant.EnumType.FindValueByName(value) is null)
            {
                return $"表 {key} 的 {side} 规则 “{rule.Field}” 的 set 值 “{value}” 不是 {constant.EnumType.Name} 的取值（可用：{string.Join('、', constant.EnumType.Values.Select(v => v.Name))}）";
            }
        }

        return null;
    }

    /// <summary>A column or key rule must say which printed words name its field.</summary>
    private static string? Named(string key, LayoutProfiles.ColumnRule rule) =>
        rule.Names is null || rule.Names.Count == 0 || rule.Names.Any(v => v is null || v.Count == 0)
            ? $"表 {key} 的字段 “{rule.Field}” 没有写法（names）"
            : null;

    /// <summary>Values belong to an enum field and name values of its enum.</summary>
    private static string? Values(string key, MessageDescriptor message, LayoutProfiles.ColumnRule rule)
    {
        if (rule.Values is not { Count: > 0 } values)
        {
            return null;
        }

        var field = ColumnFields.Settable(message, rule.Field);
        if (field is null || field.FieldType != FieldType.Enum)
        {
            return $"表 {key} 的字段 “{rule.Field}” 不是枚举字段，不能有 values";
        }

        return values.Where(v => field.EnumType.FindValueByName(v.Value) is null)
            .Select(v => $"表 {key} 的字段 “{rule.Field}” 的 values 中 “{v.Key}” 对应的 “{v.Value}” 不是 {field.EnumType.Name} 的取值（可用：{string.Join('、', field.EnumType.Values.Select(e => e.Name))}）")
            .FirstOrDefault();
    }

    private static string[] Parts(string field) => field.Split('+');
}
