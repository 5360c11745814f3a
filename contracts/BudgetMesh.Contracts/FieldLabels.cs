using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Contracts;

/// <summary>
/// A field path as services report it in BadRequest details (proto field names, machine-readable, e.g.
/// <c>package.tables.gf.rows[3].total</c> or <c>submission_id</c>) in the words an operator reads
/// ("预算包 附表 GF 第4行 合计", "报送编号"): the details keep the path, what is shown is this.
/// </summary>
public static partial class FieldLabels
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        // Request fields of the services' rpcs.
        ["submission_id"] = "报送编号", ["revision"] = "修订版本", ["content_hash"] = "内容哈希", ["comment"] = "意见",
        ["reason"] = "理由", ["override_reason"] = "越过错误的理由", ["page_token"] = "分页标记", ["page_size"] = "每页条数",
        ["status"] = "状态", ["state"] = "状态", ["query"] = "查询词", ["key_id"] = "密钥编号", ["format"] = "导出格式",
        ["csv"] = "目录文件", ["lines"] = "行", ["scheme"] = "分类", ["unit_kind"] = "单位性质", ["year"] = "年度",
        ["package_unit"] = "预算包单位", ["assignee"] = "分派对象",
        // The package's structure (package.proto).
        ["package"] = "预算包", ["header"] = "包头", ["narrative"] = "情况说明", ["text"] = "文本", ["tables"] = "附表",
        ["meta"] = "表头信息", ["rows"] = "行", ["district_code"] = "区划代码", ["district_name"] = "区县名称",
        ["department_code"] = "部门代码", ["unit_code"] = "单位代码", ["unit_name"] = "单位名称", ["budget_year"] = "预算年度",
        ["amount_unit"] = "金额单位", ["document_title"] = "文件标题", ["contact"] = "联系人", ["phone"] = "联系电话",
        ["printed_title"] = "表名", ["annex_label"] = "附件编号", ["empty_explanation"] = "空表说明", ["notes"] = "注释",
        ["projects"] = "项目", ["cells"] = "单元格", ["items"] = "条目",
    };

    /// <summary>The path in Chinese; segments it cannot name are kept as printed.</summary>
    public static string Chinese(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return "请求";
        }

        var parts = new List<string>();
        var underTables = false;
        foreach (Match segment in Segment().Matches(path))
        {
            var name = segment.Groups["name"].Value;
            var label = underTables && TableKey().IsMatch(name)
                ? name.ToUpperInvariant()
                : Names.GetValueOrDefault(name) ?? ColumnNames.Of(name) ?? name;
            underTables = name == "tables";
            if (segment.Groups["index"].Success)
            {
                var index = int.Parse(segment.Groups["index"].Value, CultureInfo.InvariantCulture) + 1;
                label = name == "rows" || name == "lines"
                    ? $"第{index.ToString(CultureInfo.InvariantCulture)}行"
                    : $"{label}第{index.ToString(CultureInfo.InvariantCulture)}项";
            }

            parts.Add(label);
        }

        var text = new StringBuilder();
        foreach (var part in parts)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(part);
        }

        return text.ToString();
    }

    [GeneratedRegex(@"(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:\[(?<index>\d+)\])?")]
    private static partial Regex Segment();

    [GeneratedRegex(@"^[a-z]{2,3}$")]
    private static partial Regex TableKey();
}
