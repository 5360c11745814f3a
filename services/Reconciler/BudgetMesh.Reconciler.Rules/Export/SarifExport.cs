using System.Text.Json;
using System.Text.Json.Nodes;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Reconciler.Export;

/// <summary>
/// A report as SARIF 2.1.0, for code-scanning style tools: one run, the catalog as the driver's rules, one
/// result per finding with a logical location per table cell (the package has no files or lines).
/// </summary>
internal static class SarifExport
{
    public const string ContentType = "application/sarif+json";
    public const string Schema = "https://json.schemastore.org/sarif-2.1.0.json";

    public static byte[] Write(Report report, RuleCatalog.RuleCatalog catalog)
    {
        var rules = new JsonArray();
        foreach (var rule in catalog.Rules)
        {
            rules.Add(new JsonObject
            {
                ["id"] = rule.Id,
                ["name"] = rule.Id,
                ["shortDescription"] = new JsonObject { ["text"] = rule.Title },
                ["fullDescription"] = new JsonObject { ["text"] = $"{rule.Title}（依据：{rule.Basis}）" },
                ["defaultConfiguration"] = new JsonObject { ["level"] = Level(rule.DefaultSeverity) },
                ["properties"] = new JsonObject
                {
                    ["group"] = rule.Group,
                    ["owner"] = rule.Owner,
                    ["tables"] = new JsonArray([.. rule.Tables.Select(t => (JsonNode)JsonValue.Create(t))]),
                },
            });
        }

        var results = new JsonArray();
        foreach (var result in report.Results)
        {
            foreach (var finding in result.Findings)
            {
                var entry = new JsonObject
                {
                    ["ruleId"] = finding.RuleId,
                    ["level"] = Level(finding.Severity),
                    ["message"] = new JsonObject { ["text"] = finding.Message },
                    ["locations"] = new JsonArray([.. finding.Locations.Select(Location)]),
                    ["properties"] = new JsonObject
                    {
                        ["outcome"] = result.Outcome.ToString(),
                        ["expected"] = finding.Expected,
                        ["actual"] = finding.Actual,
                        ["difference"] = finding.Difference,
                        ["tolerance"] = finding.Tolerance,
                        ["unit"] = finding.Unit,
                    },
                };
                if (catalog.OrderOf(finding.RuleId) is var index and < int.MaxValue)
                {
                    entry["ruleIndex"] = index;
                }

                results.Add(entry);
            }
        }

        var document = new JsonObject
        {
            ["$schema"] = Schema,
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = new JsonObject
                    {
                        ["name"] = "BudgetMesh Reconciler",
                        ["version"] = catalog.Version,
                        ["informationUri"] = "https://www.mof.gov.cn/",
                        ["rules"] = rules,
                    },
                },
                ["automationDetails"] = new JsonObject { ["id"] = $"budgetmesh/{report.SubmissionId}/{report.Revision}" },
                ["results"] = results,
                ["properties"] = new JsonObject
                {
                    ["submissionId"] = report.SubmissionId,
                    ["revision"] = report.Revision,
                    ["contentHash"] = report.ContentHash,
                    ["ruleCatalogVersion"] = report.RuleCatalogVersion,
                    ["classificationCatalogVersion"] = report.ClassificationCatalogVersion,
                },
            }),
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    internal static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Info => "note",
        _ => "none",
    };

    private static JsonNode Location(Location location)
    {
        var name = string.Join("/", new[] { location.Table.ToString().ToUpperInvariant(), location.RowCode, location.Column }.Where(p => p.Length > 0));
        var logical = new JsonObject
        {
            ["name"] = name,
            ["fullyQualifiedName"] = location.RowIndex >= 0 ? $"{name}#row{location.RowIndex}" : name,
            ["kind"] = location.Table == TableKey.Nar ? "narrative" : "table-cell",
        };
        var node = new JsonObject { ["logicalLocations"] = new JsonArray(logical) };
        if (location.Label.Length > 0)
        {
            node["message"] = new JsonObject { ["text"] = location.Label };
        }

        if (location.Span is { } span)
        {
            node["physicalLocation"] = new JsonObject
            {
                ["artifactLocation"] = new JsonObject { ["uri"] = "narrative.txt" },
                ["region"] = new JsonObject { ["charOffset"] = span.Start, ["charLength"] = span.Length },
            };
        }

        return node;
    }
}
