using System.Text.RegularExpressions;

namespace BudgetMesh.Console.Html;

/// <summary>
/// What the services record, in the words operators read: actors by name and role (never a raw id or role word),
/// actions in Chinese, and the Chinese half of the services' bilingual "中文 / English" texts.
/// </summary>
internal static partial class Words
{
    /// <summary>"财政局审核员 (operator)" → "财政局审核员（审核员）"; services by their Chinese names.</summary>
    public static string Actor(string actor)
    {
        var match = ActorPattern().Match(actor.Trim());
        if (!match.Success)
        {
            return Service(actor.Trim()) ?? actor;
        }

        var (name, role) = (match.Groups["name"].Value, match.Groups["role"].Value);
        if (Service(name) is { } service)
        {
            return $"{service}（{Actor(role)}）";
        }

        // Intake writes "(operator)"; the other services write "(operator key <id>)": the role is the first word.
        return role.Split(' ')[0] switch
        {
            "operator" => $"{name}（操作员）",
            "admin" => $"{name}（管理员）",
            "service" => $"{name}（系统服务）",
            "district" when role.Length > "district ".Length && !role.StartsWith("district key ", StringComparison.Ordinal) => $"{name}（区县系统 {role["district ".Length..]}）",
            "district" => $"{name}（区县系统）",
            _ => $"{name}（{role}）",
        };
    }

    public static string Action(string action) => action switch
    {
        "submit" => "报送",
        "reconciling" => "开始校核",
        "reconciled" => "校核完成",
        "approve" => "批准",
        "override" => "越过错误批准",
        "return" => "退回",
        "supersede" => "被新版本替代",
        "publish" => "发布",
        "retract" => "撤回",
        "review" => "标记已审阅",
        "unreview" => "取消已审阅",
        "assign" => "分派",
        "unassign" => "取消分派",
        "event-ignored" => "忽略过期事件",
        "key-create" => "创建密钥",
        "key-revoke" => "吊销密钥",
        _ => "其他操作",
    };

    /// <summary>The Chinese part of a "中文 / English" text; other text unchanged.</summary>
    public static string Chinese(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var cut = text.IndexOf(" / ", StringComparison.Ordinal);
        return cut > 0 && CjkPattern().IsMatch(text[..cut]) && !CjkPattern().IsMatch(text[(cut + 3)..]) ? text[..cut] : text;
    }

    private static string? Service(string name) => name switch
    {
        "reconciler" => "校核服务",
        "publication" => "发布服务",
        "intake" => "受理服务",
        "bootstrap" => "启动配置",
        "three-public" => "三公经费服务",
        _ => null,
    };

    [GeneratedRegex(@"^(?<name>.+?)\s*\((?<role>[^()]+)\)$")]
    private static partial Regex ActorPattern();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex CjkPattern();
}
