using BudgetMesh.Contracts.Intake.V1;
using Google.Protobuf.WellKnownTypes;

namespace BudgetMesh.Console.Submissions;

/// <summary>Status words and times the way operators read them.</summary>
internal static class StatusLabels
{
    public static string Label(SubmissionStatus status) => StatusWords.Label(status);

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

    private static readonly TimeSpan Beijing = StatusWords.Beijing;

    public static string Time(Timestamp? at) => at is null ? string.Empty : Time(at.ToDateTimeOffset());

    public static string Time(DateTimeOffset at) => StatusWords.Time(at);

    public static string Clock(DateTimeOffset at) => at.ToOffset(Beijing).ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
}
