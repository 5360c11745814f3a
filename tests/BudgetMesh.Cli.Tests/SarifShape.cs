using System.Text.Json;

namespace BudgetMesh.Cli.Tests;

/// <summary>
/// The SARIF 2.1.0 properties every consumer relies on, checked structurally: no JSON-schema package restores here
/// (dependencies.md), so this validates the schema's required properties and enumerations that a report uses,
/// not the whole schema.
/// </summary>
internal static class SarifShape
{
    private static readonly string[] Levels = ["none", "note", "warning", "error"];

    public static IReadOnlyList<string> Problems(JsonElement root)
    {
        var problems = new List<string>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ["the log is not an object"];
        }

        if (String(root, "version") != "2.1.0")
        {
            problems.Add("version must be \"2.1.0\"");
        }

        if (String(root, "$schema") is not { } schema || !schema.Contains("sarif", StringComparison.OrdinalIgnoreCase) || !schema.Contains("2.1.0", StringComparison.Ordinal))
        {
            problems.Add("$schema must name the SARIF 2.1.0 schema");
        }

        if (!root.TryGetProperty("runs", out var runs) || runs.ValueKind != JsonValueKind.Array)
        {
            problems.Add("runs must be an array");
            return problems;
        }

        var r = 0;
        foreach (var run in runs.EnumerateArray())
        {
            var at = $"runs[{r++}]";
            if (!run.TryGetProperty("tool", out var tool) || !tool.TryGetProperty("driver", out var driver))
            {
                problems.Add($"{at}.tool.driver is required");
                continue;
            }

            if (String(driver, "name") is not { Length: > 0 })
            {
                problems.Add($"{at}.tool.driver.name is required");
            }

            var ruleIds = new HashSet<string>(StringComparer.Ordinal);
            if (driver.TryGetProperty("rules", out var rules))
            {
                var i = 0;
                foreach (var rule in rules.EnumerateArray())
                {
                    if (String(rule, "id") is { Length: > 0 } id)
                    {
                        ruleIds.Add(id);
                    }
                    else
                    {
                        problems.Add($"{at}.tool.driver.rules[{i}].id is required");
                    }

                    i++;
                }
            }

            if (!run.TryGetProperty("results", out var results))
            {
                continue;
            }

            if (results.ValueKind != JsonValueKind.Array)
            {
                problems.Add($"{at}.results must be an array");
                continue;
            }

            var n = 0;
            foreach (var result in results.EnumerateArray())
            {
                var where = $"{at}.results[{n++}]";
                if (String(result, "ruleId") is not { Length: > 0 } ruleId)
                {
                    problems.Add($"{where}.ruleId is required");
                }
                else if (ruleIds.Count > 0 && !ruleIds.Contains(ruleId))
                {
                    problems.Add($"{where}.ruleId {ruleId} is not among the driver's rules");
                }

                if (result.TryGetProperty("level", out var level) && !Levels.Contains(level.GetString()))
                {
                    problems.Add($"{where}.level {level} is not one of none, note, warning, error");
                }

                if (!result.TryGetProperty("message", out var message) || String(message, "text") is not { Length: > 0 })
                {
                    problems.Add($"{where}.message.text is required");
                }

                if (result.TryGetProperty("locations", out var locations))
                {
                    var l = 0;
                    foreach (var location in locations.EnumerateArray())
                    {
                        if (!location.TryGetProperty("physicalLocation", out _) && !location.TryGetProperty("logicalLocations", out _))
                        {
                            problems.Add($"{where}.locations[{l}] needs a physicalLocation or logicalLocations");
                        }

                        l++;
                    }
                }
            }
        }

        return problems;
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
