using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace BudgetMesh.ServiceDefaults.Postgres;

/// <summary>One versioned SQL script, embedded in the assembly that owns it.</summary>
public sealed record Migration(string Id, string Sql)
{
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));

    /// <summary>
    /// Reads the embedded resources named `*.Migrations.NNNN_name.sql` of an assembly, in order.
    /// The id is prefixed with <paramref name="owner"/> so the shared scripts and a service's scripts
    /// never collide in the one history table.
    /// </summary>
    public static IReadOnlyList<Migration> FromAssembly(Assembly assembly, string owner)
    {
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.Contains(".Migrations.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var name = resource[(resource.LastIndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..^".sql".Length];
            migrations.Add(new Migration($"{owner}/{name}", reader.ReadToEnd()));
        }

        return migrations;
    }
}
