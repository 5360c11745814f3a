using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Publication.Rendering;

namespace BudgetMesh.Publication.Approval;

/// <summary>What the gate decided: publish, or refuse with a reason operators can read.</summary>
internal sealed record GateDecision(string? Refusal)
{
    public static readonly GateDecision Publish = new((string?)null);

    public bool Allowed => Refusal is null;
}

/// <summary>What an operator approved: the revision, its content hash, and the reason for overriding open errors, if any.</summary>
internal sealed record ApprovedFacts(int Revision, string ContentHash, string? OverrideReason);

/// <summary>
/// Rule G1: only the exact approved revision (content hash), and only when no error finding is open or the operator
/// overrode them with a recorded reason. Pure: everything it judges is a parameter.
/// </summary>
internal static class PublicationGate
{
    public static GateDecision Check(ApprovedFacts approval, GetSubmissionResponse? submission, Report? report)
    {
        if (submission?.Package is not { } package)
        {
            return Refuse("受理服务没有返回该版本的预算公开包");
        }

        var hash = package.ComputeContentHash();
        if (!string.Equals(hash, approval.ContentHash, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse($"内容校验值不符：批准的是{approval.ContentHash}，取回的第{approval.Revision}版是{hash}");
        }

        if (submission.Receipt is { } receipt && (receipt.Revision != approval.Revision || !string.Equals(receipt.ContentHash, approval.ContentHash, StringComparison.OrdinalIgnoreCase)))
        {
            return Refuse($"受理服务返回的是第{receipt.Revision}版（{receipt.ContentHash}），不是批准的第{approval.Revision}版");
        }

        if (report is null)
        {
            return Refuse("没有该版本的核对报告");
        }

        if (report.Revision != approval.Revision || !string.Equals(report.ContentHash, approval.ContentHash, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse($"核对报告针对的是第{report.Revision}版（{report.ContentHash}），不是批准的版本");
        }

        var errors = Math.Max(report.Summary?.Errors ?? 0, report.Results.SelectMany(r => r.Findings).Count(f => f.Severity == Severity.Error));
        if (errors > 0 && string.IsNullOrWhiteSpace(approval.OverrideReason))
        {
            return Refuse($"核对报告有{errors}个错误，且批准时没有记录放行理由");
        }

        var header = package.Header ?? new PackageHeader();
        if (!SitePaths.IsSafeSegment(header.DistrictCode) || !SitePaths.IsSafeSegment(SitePaths.UnitSegment(header)) || header.BudgetYear is < 1900 or > 9999)
        {
            return Refuse("区划代码、单位代码或预算年度不能用作网站路径");
        }

        return GateDecision.Publish;
    }

    private static GateDecision Refuse(string reason) => new(reason);
}
