using System.Globalization;
using System.Text.RegularExpressions;

namespace BudgetMesh.Publication.Rendering;

/// <summary>One file on the website: its path from the site root and its exact bytes.</summary>
internal sealed record SiteFile(string Path, byte[] Content, string ContentType);

/// <summary>Where a disclosure lives: <c>/&lt;district&gt;/&lt;year&gt;/&lt;unit_code&gt;/</c>, stable across revisions so a new one replaces the old.</summary>
internal static partial class SitePaths
{
    public const string TopIndex = "/index.html";

    public static string Directory(string districtCode, int year, string unitCode) =>
        $"/{districtCode}/{year.ToString(CultureInfo.InvariantCulture)}/{unitCode}/";

    /// <summary>The disclosure's folder for a package: see <see cref="UnitSegment"/>.</summary>
    public static string Directory(BudgetMesh.Contracts.Budget.V1.PackageHeader header) =>
        Directory(header.DistrictCode, header.BudgetYear, UnitSegment(header));

    /// <summary>
    /// The unit's path segment: its code, or — for a document that prints none (Shanghai's; Intake identifies those
    /// by name) — "n" and the first 16 hex digits of the SHA-256 of its printed name: stable across revisions,
    /// distinct per unit, and safe as a path segment whatever the name holds.
    /// </summary>
    public static string UnitSegment(BudgetMesh.Contracts.Budget.V1.PackageHeader header) =>
        header.UnitCode.Length > 0 || header.UnitName.Trim().Length == 0
            ? header.UnitCode
            : "n" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(header.UnitName.Trim())))[..16];

    public static string Page(string directory) => directory + "index.html";

    public static string DistrictIndex(string districtCode, int year) =>
        $"/{districtCode}/{year.ToString(CultureInfo.InvariantCulture)}/index.html";

    /// <summary>Codes become path segments: only letters, digits, '-' and '_' may, so no code can climb out of its folder.</summary>
    public static bool IsSafeSegment(string value) => SafeSegment().IsMatch(value);

    [GeneratedRegex("^[0-9A-Za-z_-]{1,64}$")]
    private static partial Regex SafeSegment();
}
