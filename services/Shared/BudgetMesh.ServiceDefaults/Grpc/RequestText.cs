namespace BudgetMesh.ServiceDefaults.Grpc;

/// <summary>
/// Free-text request fields (reasons, comments, filters) checked the same way in every service: a bounded length and
/// no control characters other than tab and line breaks. A NUL, for one, cannot be stored by PostgreSQL and would
/// otherwise surface as UNKNOWN instead of INVALID_ARGUMENT naming the field.
/// </summary>
public static class RequestText
{
    /// <summary>The default longest reason or comment, in characters.</summary>
    public const int DefaultMaxLength = 2000;

    /// <summary>The trimmed text, or null when blank; INVALID_ARGUMENT naming <paramref name="field"/> when not acceptable.</summary>
    public static string? Optional(string text, string field, int maxLength = DefaultMaxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return Problem(text, maxLength) is { } problem
            ? throw RpcErrors.InvalidArgument("所填文字无效", (field, problem))
            : text.Trim();
    }

    /// <summary>Why <paramref name="text"/> is not acceptable (too long, a control character), or null when it is.</summary>
    public static string? Problem(string text, int maxLength = DefaultMaxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > maxLength)
        {
            return $"至多{maxLength}个字符";
        }

        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
            {
                return $"不得含控制字符（U+{(int)c:X4}）";
            }
        }

        return null;
    }

    /// <summary>The trimmed text; INVALID_ARGUMENT naming <paramref name="field"/> when blank or not acceptable.</summary>
    public static string Required(string text, string field, string missing, int maxLength = DefaultMaxLength) =>
        Optional(text, field, maxLength) ?? throw RpcErrors.InvalidArgument(missing, (field, "必填"));
}
