using BudgetMesh.Console.Html;
using BudgetMesh.Console.Submissions;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Console.Findings;

/// <summary>
/// The findings list: counts, then by severity and rule (code and catalog title), each finding with its places as
/// links to the marked cell or sentence; then the rules that need a person, did not apply, or passed.
/// </summary>
internal static class FindingsSection
{
    public static Markup Render(ReportView? view, string? reportError, string narrative, IReadOnlyList<TableView> tables, FindingAnchors anchors)
    {
        if (view is null)
        {
            var why = reportError is null ? "本版本尚无校核报告（校核中或尚未开始）。" : $"校核报告暂不可用：{reportError}。";
            return Markup.Of($"""<h2 id="findings-section">审核发现</h2><p class="muted" id="findings">{why}</p>""");
        }

        var summary = view.Report.Summary ?? new ReportSummary();
        var groups = view.BySeverity().Select(g => Markup.Of($"""
            <h3 class="{ReportView.SeverityClass(g.Severity)}">{ReportView.SeverityLabel(g.Severity)}（{g.Rules.Sum(r => r.Count())}）</h3>
            {g.Rules.Select(rule => Markup.Of($"""
                <details open class="rule" data-rule="{rule.Key}"><summary>{RuleLabel(rule.Key)}（{RuleNames.Owner(rule.First().Rule.Owner)}）{rule.Count()}处</summary>
                <table><thead><tr><th scope="col">编号</th><th scope="col">说明</th><th scope="col">位置</th><th scope="col">应为</th><th scope="col">实为</th><th scope="col">差额</th><th scope="col">容差</th><th scope="col">单位</th></tr></thead><tbody>
                {rule.Select(f => Markup.Of($"""
                    <tr id="finding-{f.Id}" data-finding="{f.Id}" class="{ReportView.SeverityClass(f.Finding.Severity)}"><td>{f.Id}</td><td>{f.Finding.Message}</td>
                    <td class="places">{Places(f, narrative, tables, anchors)}</td><td class="num">{f.Finding.Expected}</td><td class="num">{f.Finding.Actual}</td>
                    <td class="num">{f.Finding.Difference}</td><td class="num">{f.Finding.Tolerance}</td><td>{f.Finding.Unit}</td></tr>
                    """))}
                </tbody></table></details>
                """))}
            """));
        var passed = view.WithOutcome(Outcome.Pass).Select(r => Markup.Of($"<li>{RuleLabel(r.RuleId)}</li>"));
        var notApplicable = view.WithOutcome(Outcome.NotApplicable).Select(r => Markup.Of($"<li>{RuleLabel(r.RuleId)}：{r.Note}</li>"));
        var review = view.WithOutcome(Outcome.Review).Select(r => Markup.Of($"<li>{RuleLabel(r.RuleId)}：{r.Note}</li>"));
        return Markup.Of($"""
            <h2 id="findings-section">审核发现</h2>
            <p id="findings">错误 {summary.Errors} · 警告 {summary.Warnings} · 提示 {summary.Infos} · 待人工判断 {summary.Reviews} · 共运行 {summary.Rules} 条规则
               （规则目录版本 <code>{view.Report.RuleCatalogVersion}</code>，分类目录版本 <code>{view.Report.ClassificationCatalogVersion}</code>）</p>
            {groups}
            <h3>待人工判断</h3><ul id="rules-review">{review}</ul>
            <details><summary>不适用的规则（{view.WithOutcome(Outcome.NotApplicable).Count()}）</summary><ul id="rules-na">{notApplicable}</ul></details>
            <details><summary>通过的规则（{view.WithOutcome(Outcome.Pass).Count()}）</summary><ul id="rules-passed">{passed}</ul></details>
            """);
    }

    /// <summary>A rule as operators name it: its short code and its title from the catalog.</summary>
    public static Markup RuleLabel(string ruleId) => Markup.Of($"""<span class="rule-name" data-rule="{ruleId}"><strong>{RuleNames.Code(ruleId)}</strong> {RuleNames.Title(ruleId)}</span>""");

    private static Markup Places(NumberedFinding finding, string narrative, IReadOnlyList<TableView> tables, FindingAnchors anchors) =>
        Markup.Join(finding.Finding.Locations.Select((location, index) =>
        {
            var text = LocationText.Describe(location, narrative, tables);
            var places = anchors.Of(finding.Id, index);
            var more = places.Count > 1 ? Markup.Of($"（共{places.Count}格）") : Markup.Empty;
            return places.Count == 0
                ? Markup.Of($"""<span class="place">{text}</span>""")
                : Markup.Of($"""<a class="place" href="#{places[0]}">{text}</a>{more}""");
        }).Select((m, i) => i == 0 ? m : Markup.Of($"；{m}")));
}
