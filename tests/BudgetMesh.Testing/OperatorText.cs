using System.Text.RegularExpressions;

namespace BudgetMesh.Testing;

/// <summary>
/// The one allow-list for ASCII words in what operators and the public read (console pages, website pages, CLI
/// output): codes and units as printed, never English words or internal identifiers. The browser suites receive
/// <see cref="AllowedPattern"/> so every scan applies the same list.
/// </summary>
public static partial class OperatorText
{
    /// <summary>
    /// Codes and units as printed: table keys, rule and finding codes, file formats, digests and protocol names (GF, XMJ,
    /// R2, T3, F12, CSV, JSON, XLSX, UUID, URL, SHA-256, gRPC), and codes with a run of digits (project codes such as
    /// 50010423T000003183049, catalog versions). What a user types at the command line (the CLI's name, commands, flags)
    /// is syntax, not prose: a CLI scan passes those as <c>alsoAllowed</c>.
    /// </summary>
    public const string AllowedPattern = @"^(?:[A-Z]{1,4}\d{0,3}|SARIF|SHA-256|UTF-8|gRPC|[0-9A-Za-z]*\d{3}[0-9A-Za-z]*)$";

    /// <summary>
    /// The ASCII words of <paramref name="text"/> that the allow-list does not cover, each once, in order. A service's
    /// address (http://127.0.0.1:5101/), as an error names it, is an address like a code, not words.
    /// </summary>
    public static IReadOnlyList<string> EnglishWords(string text, Func<string, bool>? alsoAllowed = null) =>
        [.. Word().Matches(Address().Replace(text, " ")).Select(m => m.Value).Where(w => !Allowed().IsMatch(w) && !(alsoAllowed?.Invoke(w) ?? false)).Distinct(StringComparer.Ordinal)];

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9_-]*")]
    private static partial Regex Word();

    [GeneratedRegex(@"https?://[A-Za-z0-9.:\[\]/_-]+")]
    private static partial Regex Address();

    [GeneratedRegex(AllowedPattern)]
    private static partial Regex Allowed();
}
