using System.Globalization;

namespace BudgetMesh.Contracts.Intake.V1;

/// <summary>
/// The one vocabulary operators read for a submission's status and the one clock they read times on, shared by the
/// console and the CLI so the same state never has two names (校核 is the machine check, 审批 the operator's decision).
/// </summary>
public static class StatusWords
{
    /// <summary>Asia/Shanghai: UTC+8 all year (no daylight saving), so a fixed offset is exact.</summary>
    public static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>The label that goes with every time shown.</summary>
    public const string TimeZoneLabel = "北京时间";

    public static string Label(SubmissionStatus status) => status switch
    {
        SubmissionStatus.Received => "已接收",
        SubmissionStatus.Reconciling => "校核中",
        SubmissionStatus.ReconciledClean => "校核通过",
        SubmissionStatus.ReconciledWarnings => "校核有警告",
        SubmissionStatus.ReconciledErrors => "校核有错误",
        SubmissionStatus.Approved => "已批准，待发布",
        SubmissionStatus.Published => "已发布",
        SubmissionStatus.Returned => "已退回",
        SubmissionStatus.Superseded => "已被新版本替代",
        SubmissionStatus.Retracted => "已撤回",
        _ => "未知",
    };

    /// <summary>yyyy-MM-dd HH:mm:ss in Beijing time.</summary>
    public static string Time(DateTimeOffset at) => at.ToOffset(Beijing).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
