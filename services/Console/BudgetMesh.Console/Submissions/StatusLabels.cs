using BudgetMesh.Contracts.Intake.V1;
using Google.Protobuf.WellKnownTypes;

namespace BudgetMesh.Console.Submissions;

/// <summary>Status words and times the way operators read them.</summary>
internal static class StatusLabels
{
    public static string Label(SubmissionStatus status) => status switch
    {
        SubmissionStatus.Received => "已接收",
        SubmissionStatus.Reconciling => "审核中",
        SubmissionStatus.ReconciledClean => "审核通过",
        SubmissionStatus.ReconciledWarnings => "有警告",
        SubmissionStatus.ReconciledErrors => "有错误",
        SubmissionStatus.Approved => "已批准，待发布",
        SubmissionStatus.Published => "已发布",
        SubmissionStatus.Returned => "已退回",
        SubmissionStatus.Superseded => "已被新版本替代",
        SubmissionStatus.Retracted => "已撤回",
        _ => "未知",
    };

    public static string BadgeClass(SubmissionStatus status) => status switch
    {
        SubmissionStatus.ReconciledErrors or SubmissionStatus.Returned => "badge err",
        SubmissionStatus.ReconciledWarnings => "badge warn",
        SubmissionStatus.ReconciledClean or SubmissionStatus.Approved or SubmissionStatus.Published => "badge ok",
        _ => "badge",
    };

    public static string Ago(Timestamp? at, DateTimeOffset now)
    {
        if (at is null)
        {
            return string.Empty;
        }

        var elapsed = now - at.ToDateTimeOffset();
        return elapsed.TotalSeconds switch
        {
            < 60 => "刚刚",
            < 3600 => $"{(int)elapsed.TotalMinutes}分钟前",
            < 86400 => $"{(int)elapsed.TotalHours}小时前",
            _ => $"{(int)elapsed.TotalDays}天前",
        };
    }

    // Every time an operator reads is Beijing time (Asia/Shanghai, UTC+8 all year, no daylight saving), labelled as such.
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public static string Time(Timestamp? at) => at is null ? string.Empty : Time(at.ToDateTimeOffset());

    public static string Time(DateTimeOffset at) => at.ToOffset(Beijing).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    public static string Clock(DateTimeOffset at) => at.ToOffset(Beijing).ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
}
