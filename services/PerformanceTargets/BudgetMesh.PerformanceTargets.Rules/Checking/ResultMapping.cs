using BudgetMesh.PerformanceTargets.Rules;
using Report = BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.PerformanceTargets.Checking;

/// <summary>The rules' results onto the shared report model.</summary>
internal static class ResultMapping
{
    public const string Owner = "performance";

    public static Report.RuleResult ToProto(RuleResult result)
    {
        var proto = new Report.RuleResult
        {
            RuleId = result.RuleId,
            Outcome = result.Outcome switch
            {
                RuleOutcome.Pass => Report.Outcome.Pass,
                RuleOutcome.Fail => Report.Outcome.Fail,
                RuleOutcome.NotApplicable => Report.Outcome.NotApplicable,
                RuleOutcome.Review => Report.Outcome.Review,
                _ => throw new ArgumentOutOfRangeException(nameof(result)),
            },
            Note = result.Note,
            Owner = Owner,
        };
        proto.Findings.AddRange(result.Findings.Select(ToProto));
        return proto;
    }

    private static Report.Finding ToProto(RuleFinding finding)
    {
        var proto = new Report.Finding
        {
            RuleId = finding.RuleId,
            Severity = finding.Severity switch
            {
                FindingSeverity.Error => Report.Severity.Error,
                FindingSeverity.Warning => Report.Severity.Warning,
                FindingSeverity.Info => Report.Severity.Info,
                _ => throw new ArgumentOutOfRangeException(nameof(finding)),
            },
            Message = finding.Message,
            Expected = finding.Expected,
            Actual = finding.Actual,
            Difference = finding.Difference,
            Tolerance = finding.Tolerance,
            Unit = finding.Unit,
        };
        proto.Locations.AddRange(finding.Locations.Select(ToProto));
        return proto;
    }

    private static Report.Location ToProto(CellRef cell)
    {
        var location = new Report.Location
        {
            Table = cell.Place switch
            {
                Place.Overall => Report.TableKey.Zt,
                Place.Project => Report.TableKey.Xj,
                Place.ProjectList => Report.TableKey.Xm,
                Place.FunctionExpenditure => Report.TableKey.Gf,
                Place.Narrative => Report.TableKey.Nar,
                _ => throw new ArgumentOutOfRangeException(nameof(cell)),
            },
            Project = cell.Project,
            RowIndex = cell.RowIndex,
            Column = cell.Column,
            RowCode = cell.RowCode,
            Label = cell.Label,
        };
        if (cell.Place == Place.Narrative)
        {
            location.Span = new Report.TextSpan { Start = cell.SpanStart, Length = cell.SpanLength };
        }

        return location;
    }
}
