using BudgetMesh.Publication.Rendering;

namespace BudgetMesh.Publication.Publishing;

/// <summary>The states of a publication, as stored.</summary>
internal static class States
{
    public const string Pending = "pending";
    public const string Published = "published";
    public const string Refused = "refused";
    public const string RetractionPending = "retraction_pending";
    public const string Retracted = "retracted";

    /// <summary>A stored state as operators read it, for refusals a person sees.</summary>
    public static string Chinese(string state) => state switch
    {
        Pending => "发布中",
        Published => "已发布",
        Refused => "拒绝发布",
        RetractionPending => "撤回中",
        Retracted => "已撤回",
        _ => "未知状态",
    };
}

/// <summary>One row of <c>publications</c>.</summary>
internal sealed record PublicationRecord(
    Guid SubmissionId,
    int Revision,
    string ContentHash,
    string State,
    int ChangeNo,
    string DistrictCode,
    string DistrictName,
    string DepartmentCode,
    string DepartmentName,
    string UnitCode,
    string UnitName,
    int BudgetYear,
    string Directory,
    byte[]? Package,
    string ApprovedBy,
    DateTimeOffset ApprovedAt,
    string? OverrideReason,
    string? RefusalReason,
    IReadOnlyList<string> Files,
    DateTimeOffset? PublishedAt,
    string? AnnouncedHash,
    string? RetractedBy,
    string? RetractionReason,
    DateTimeOffset? RetractedAt,
    int Attempts,
    string? LastError,
    string? TraceParent = null,
    string? TraceState = null)
{
    public IndexEntry IndexEntry => new(DistrictCode, DistrictName, BudgetYear, DepartmentName, UnitCode, UnitName, Directory, PublishedAt);
}
