using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// The regional layouts as data (Profiles/*.json, embedded; more with `import --profile FILE`): per family, each table's
/// key, the title variants that name it, and which printed column header means which contract field. A variant is a list
/// of words a text must all contain ("表$" = ends with 表, "^…$" = the whole text, "!…" = must not contain). Adding a
/// province is a data file and its tests. Profiles are tried in order (a user's first, then Shanghai's more specific
/// titles, then Chongqing's); within one, tables in their listed order.
/// </summary>
internal sealed class LayoutProfiles
{
    private static readonly Lazy<LayoutProfiles> Embedded = new(() => new LayoutProfiles(
        new[] { "shanghai", "chongqing" }.Select(name => Parse(EmbeddedJson(name), $"{name}.json")).ToList()));

    private readonly List<TableLayout> tables;

    private LayoutProfiles(IReadOnlyList<Profile> profiles)
    {
        Profiles = profiles;
        tables = profiles.SelectMany(p => p.Tables.Select(t => new TableLayout(p, t))).ToList();
    }

    /// <summary>The profiles built into the command.</summary>
    public static LayoutProfiles Builtin => Embedded.Value;

    public IReadOnlyList<Profile> Profiles { get; }

    /// <summary>These profiles with <paramref name="first"/> tried before them (a user's own layout, say).</summary>
    public LayoutProfiles With(IEnumerable<Profile> first) => new([.. first, .. Profiles]);

    /// <summary>A profile file, checked: every key is a table of the contract and every column field a field of its rows.</summary>
    /// <exception cref="InvalidDataException">In Chinese, naming the file, the table and what is wrong.</exception>
    public static Profile Parse(string json, string source)
    {
        Profile? profile;
        try
        {
            profile = JsonSerializer.Deserialize(json, ProfileJson.Default.Profile);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"版式配置 {source} 不是有效的 JSON：{ex.Message}");
        }

        if (profile is null || profile.Tables is null || profile.Tables.Count == 0)
        {
            throw new InvalidDataException($"版式配置 {source}：tables 为空");
        }

        foreach (var table in profile.Tables)
        {
            if (!ColumnFields.IsTable(table.Key))
            {
                throw new InvalidDataException($"版式配置 {source}：表 key “{table.Key}” 不是预算包中的表（可用：{string.Join('、', ColumnFields.Keys)}）");
            }

            if (table.Titles is null || table.Titles.Count == 0 || table.Titles.Any(v => v.Count == 0))
            {
                throw new InvalidDataException($"版式配置 {source}：表 {table.Key} 没有表名写法（titles）");
            }

            foreach (var field in (table.Columns ?? []).Select(c => c.Field).Concat(table.Order ?? []).Concat((table.Sums ?? []).SelectMany(s => s)))
            {
                if (!ColumnFields.Has(table.Key, field))
                {
                    throw new InvalidDataException($"版式配置 {source}：表 {table.Key} 的列字段 “{field}” 不是该表行的字段（可用：{string.Join('、', ColumnFields.Of(table.Key))}）");
                }
            }
        }

        return profile with { Source = profile.Source ?? source };
    }

    /// <summary>The table a title names, or null.</summary>
    public TableLayout? Find(string title) => tables.FirstOrDefault(t => t.Table.Titles.Any(v => Matches(title, v)));

    /// <summary>The first layout of a key (for a table whose title did not decide, such as one read under a label).</summary>
    public TableLayout? OfKey(string key) => tables.FirstOrDefault(t => t.Key == key);

    /// <summary>Whether a table is a form of labelled cells (targets, procurement) rather than columns under a header.</summary>
    public bool IsFreeForm(string key) => tables.Any(t => t.Key == key && t.Table.FreeForm);

    /// <summary>Whether <paramref name="text"/> contains every word of a variant (see the class summary for the forms).</summary>
    public static bool Matches(string text, IReadOnlyList<string> variant) => variant.All(word => word switch
    {
        ['!', .. var absent] => !text.Contains(absent, StringComparison.Ordinal),
        ['^', .. var whole, '$'] => text == whole,
        ['^', .. var start] => text.StartsWith(start, StringComparison.Ordinal),
        [.. var end, '$'] => text.EndsWith(end, StringComparison.Ordinal),
        _ => text.Contains(word, StringComparison.Ordinal),
    });

    private static string EmbeddedJson(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"BudgetMesh.Cli.Import.Profiles.{name}.json")
            ?? throw new InvalidOperationException($"layout profile {name}.json is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    internal sealed record Profile(string Family, string? Source, IReadOnlyList<TableProfile> Tables);

    /// <param name="Columns">Which printed header names which field of the table's rows (first rule that matches wins).</param>
    /// <param name="Order">The fields of the amount columns in printed order, for text that prints no readable header.</param>
    /// <param name="Sums">The table's arithmetic: each list a field that is the sum of the fields after it (合计 = 基本支出 + 项目支出).</param>
    internal sealed record TableProfile(
        string Key,
        IReadOnlyList<IReadOnlyList<string>> Titles,
        bool FreeForm = false,
        IReadOnlyList<ColumnRule>? Columns = null,
        IReadOnlyList<string>? Order = null,
        IReadOnlyList<IReadOnlyList<string>>? Sums = null);

    /// <summary>A contract field (its JSON name, e.g. `fiscalAppropriation`) and the header variants that name it.</summary>
    internal sealed record ColumnRule(string Field, IReadOnlyList<IReadOnlyList<string>> Names);
}

/// <summary>One table of one profile: what a reader needs to map its printed columns.</summary>
internal sealed class TableLayout(LayoutProfiles.Profile profile, LayoutProfiles.TableProfile table)
{
    public LayoutProfiles.Profile Profile { get; } = profile;

    public LayoutProfiles.TableProfile Table { get; } = table;

    public string Key => Table.Key;

    /// <summary>The field a printed column header names (whitespace ignored), or null when the profile names none.</summary>
    public string? FieldOf(string header)
    {
        var text = string.Concat(header.Where(c => !char.IsWhiteSpace(c)));
        return text.Length == 0 ? null : Table.Columns?.FirstOrDefault(c => c.Names.Any(v => LayoutProfiles.Matches(text, v)))?.Field;
    }

    /// <summary>The amount fields in printed order when no header can be read.</summary>
    public IReadOnlyList<string> Order => Table.Order ?? [];

    /// <summary>The table's sums (a field, then the fields it adds up).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Sums => Table.Sums ?? [];
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(LayoutProfiles.Profile))]
internal sealed partial class ProfileJson : JsonSerializerContext;
