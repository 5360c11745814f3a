using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// The regional layouts as data (Profiles/*.json, embedded; more with `import --profile FILE`): per family, each table's
/// key, the title variants that name it, which printed column header means which contract field, which row label of a
/// two-sided table (CZ, SZ) and which key of a target form (ZT, XJ) names which field of the table. A variant is a list
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

    /// <summary>
    /// A profile file, checked (<see cref="ProfileCheck"/>): every key is a table of the contract, and every field a rule
    /// names is a field of that table or of its rows, with values its type can hold.
    /// </summary>
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
            if (ProfileCheck.Error(table) is { } error)
            {
                throw new InvalidDataException($"版式配置 {source}：{error}");
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
    /// <param name="Headings">Two-sided tables (CZ, SZ): the words of their column headings (a row of only these is a heading).</param>
    /// <param name="Income">Two-sided tables: which printed label on the left (income) side names which field of the table.</param>
    /// <param name="Expenditure">Two-sided tables: the same for the right (expenditure) side.</param>
    /// <param name="Keys">Key/value forms (ZT, XJ): which printed key names which field of the table.</param>
    /// <param name="Captions">Key/value forms: printed words that head a block and carry no value of their own (其中, 绩效指标).</param>
    internal sealed record TableProfile(
        string Key,
        IReadOnlyList<IReadOnlyList<string>> Titles,
        bool FreeForm = false,
        IReadOnlyList<ColumnRule>? Columns = null,
        IReadOnlyList<string>? Order = null,
        IReadOnlyList<IReadOnlyList<string>>? Sums = null,
        IReadOnlyList<string>? Headings = null,
        IReadOnlyList<ColumnRule>? Income = null,
        IReadOnlyList<ColumnRule>? Expenditure = null,
        IReadOnlyList<ColumnRule>? Keys = null,
        IReadOnlyList<IReadOnlyList<string>>? Captions = null);

    /// <summary>A contract field and the printed words that name it: a column header, a row label or a key.</summary>
    /// <param name="Field">
    /// The field's JSON name (e.g. `fiscalAppropriation`; `meta.notes` for the table's notes). `a+b` is a cell that prints
    /// both: a code and a name (`2010302-一般行政管理事务`) or a name and a number (`幸娅 68832810`), the code or number into
    /// `b`; a cell that does not split goes whole into `a`.
    /// </param>
    /// <param name="Names">The variants that name it; none on a two-sided table's side: any other label of that side.</param>
    /// <param name="Values">For a field of the contract's enums: each printed value and the enum value it stands for.</param>
    /// <param name="After">Applies only once a line of this field was read on the same side (a fund line under 上年结转).</param>
    /// <param name="Set">Fields of the line this rule creates set to constants (an income line's source).</param>
    /// <param name="Adds">A part printed apart: the parts are added up into the field when the field itself is not printed.</param>
    /// <param name="Verbatim">Text kept exactly as printed, surrounding spaces included (a goal text).</param>
    internal sealed record ColumnRule(
        string Field,
        IReadOnlyList<IReadOnlyList<string>>? Names = null,
        IReadOnlyDictionary<string, string>? Values = null,
        string? After = null,
        IReadOnlyDictionary<string, string>? Set = null,
        bool Adds = false,
        bool Verbatim = false);
}

/// <summary>One table of one profile: what a reader needs to map its printed columns.</summary>
internal sealed class TableLayout(LayoutProfiles.Profile profile, LayoutProfiles.TableProfile table)
{
    public LayoutProfiles.Profile Profile { get; } = profile;

    public LayoutProfiles.TableProfile Table { get; } = table;

    public string Key => Table.Key;

    /// <summary>The field a printed column header names (whitespace ignored), or null when the profile names none.</summary>
    public string? FieldOf(string header) => ColumnOf(header)?.Field;

    /// <summary>The column rule a printed header matches (whitespace ignored), or null.</summary>
    public LayoutProfiles.ColumnRule? ColumnOf(string header) => First(Table.Columns, header, _ => true);

    /// <summary>The rule of a two-sided table's left (income) side a label matches, given the fields already read on that side.</summary>
    public LayoutProfiles.ColumnRule? IncomeOf(string label, IReadOnlySet<string> read) => Side(Table.Income, label, read);

    /// <summary>The same for the right (expenditure) side.</summary>
    public LayoutProfiles.ColumnRule? ExpenditureOf(string label, IReadOnlySet<string> read) => Side(Table.Expenditure, label, read);

    /// <summary>Whether a row of only these words is a two-sided table's column heading.</summary>
    public bool IsHeadingWord(string cell) => Table.Headings?.Contains(Compact(cell)) == true;

    /// <summary>The key rule a printed key (normalised) matches, or null.</summary>
    public LayoutProfiles.ColumnRule? KeyOf(string key) => First(Table.Keys, key, _ => true);

    /// <summary>Whether a printed key is a caption: it heads a block and carries no value.</summary>
    public bool IsCaption(string key) => Table.Captions?.Any(v => LayoutProfiles.Matches(Compact(key), v)) == true;

    /// <summary>The amount fields in printed order when no header can be read.</summary>
    public IReadOnlyList<string> Order => Table.Order ?? [];

    /// <summary>The table's sums (a field, then the fields it adds up).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Sums => Table.Sums ?? [];

    private static LayoutProfiles.ColumnRule? Side(IReadOnlyList<LayoutProfiles.ColumnRule>? rules, string label, IReadOnlySet<string> read) =>
        rules?.FirstOrDefault(r => (r.After is null || read.Contains(r.After)) && (r.Names is null || r.Names.Count == 0 || Names(r, Compact(label))));

    private static LayoutProfiles.ColumnRule? First(IReadOnlyList<LayoutProfiles.ColumnRule>? rules, string text, Func<LayoutProfiles.ColumnRule, bool> applies)
    {
        var compact = Compact(text);
        return compact.Length == 0 ? null : rules?.FirstOrDefault(r => applies(r) && Names(r, compact));
    }

    private static bool Names(LayoutProfiles.ColumnRule rule, string text) => rule.Names?.Any(v => LayoutProfiles.Matches(text, v)) == true;

    private static string Compact(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(LayoutProfiles.Profile))]
internal sealed partial class ProfileJson : JsonSerializerContext;
