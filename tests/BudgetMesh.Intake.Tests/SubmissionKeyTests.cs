using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.ServiceDefaults.Postgres;
using BudgetMesh.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BudgetMesh.Intake.Tests;

/// <summary>
/// A department or unit that prints no code (all of Shanghai's) is identified by its printed name: over real PostgreSQL
/// and gRPC, and for the rows stored before migration 0003.
/// </summary>
public sealed class SubmissionKeyTests(IntakeFixture intake) : IClassFixture<IntakeFixture>
{
    [Fact]
    public async Task A_package_without_codes_is_accepted_and_resubmitting_it_gives_the_same_receipt()
    {
        var package = WithoutCodes("上海市普陀区人民政府办公室" + Guid.NewGuid().ToString("N"));

        var first = await intake.OwnDistrict.SubmitAsync(package);
        var again = await intake.OwnDistrict.SubmitAsync(package.Clone());

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Receipt, again.Receipt);
        var id = Guid.Parse(first.Receipt.SubmissionId);
        Assert.Equal("name:" + package.Header.DepartmentName, await intake.ScalarAsync<string>("SELECT department_key FROM intake.submissions WHERE id = $1", id));

        var revised = package.Clone();
        revised.Tables.Gf.Rows[0].Total = "1.23";
        var second = (await intake.OwnDistrict.SubmitAsync(revised)).Receipt;
        Assert.Equal((first.Receipt.SubmissionId, 2), (second.SubmissionId, second.Revision));
    }

    [Fact]
    public async Task Two_departments_without_codes_in_one_district_are_two_submissions()
    {
        var suffix = Guid.NewGuid().ToString("N");
        var office = await intake.OwnDistrict.SubmitAsync(WithoutCodes("区政府办公室" + suffix));
        var justice = await intake.OwnDistrict.SubmitAsync(WithoutCodes("区司法局" + suffix));

        Assert.False(justice.Duplicate);
        Assert.NotEqual(office.Receipt.SubmissionId, justice.Receipt.SubmissionId);
        Assert.Equal((1, 1), (office.Receipt.Revision, justice.Receipt.Revision));
    }

    [Fact]
    public async Task A_printed_code_still_identifies_the_department_whatever_its_name()
    {
        var package = intake.NewPackage();
        var first = await intake.OwnDistrict.SubmitAsync(package);

        var renamed = package.Clone();
        renamed.Header.DepartmentName += "（更名）";
        var second = (await intake.OwnDistrict.SubmitAsync(renamed)).Receipt;

        Assert.Equal((first.Receipt.SubmissionId, 2), (second.SubmissionId, second.Revision));
    }

    [Fact]
    public async Task Rows_stored_before_migration_0003_keep_their_identity()
    {
        var database = new PostgresDatabaseFixture();
        await database.InitializeAsync();
        try
        {
            await BackfillAsync(database);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    private static async Task BackfillAsync(PostgresDatabaseFixture database)
    {
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database.ConnectionString) { SearchPath = "intake" }.ConnectionString);
        var all = Migration.FromAssembly(typeof(IntakeApp).Assembly, "intake");
        await Migrate(all.Where(m => string.CompareOrdinal(m.Id, "intake/0003") < 0).ToList());
        var stored = Guid.NewGuid();
        await Execute("INSERT INTO submissions (id, district_code, department_code, unit_code, budget_year, department_name, unit_name, created_at, updated_at) VALUES ($1, '500107', '312', '312001', 2025, '区政府办', '区政府办本级', now(), now())", stored);

        await Migrate(all);

        await using (var keys = dataSource.CreateCommand("SELECT department_key || '|' || unit_key FROM submissions WHERE id = $1"))
        {
            keys.Parameters.AddWithValue(stored);
            Assert.Equal("312|312001", await keys.ExecuteScalarAsync());
        }

        // The same identity under the new constraint: a second row for it is refused.
        var duplicate = await Assert.ThrowsAsync<PostgresException>(() => Execute("INSERT INTO submissions (id, district_code, department_code, unit_code, budget_year, department_name, unit_name, created_at, updated_at, department_key, unit_key) VALUES ($1, '500107', '312', '312001', 2025, '改名', '改名', now(), now(), '312', '312001')", Guid.NewGuid()));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, duplicate.SqlState);

        Task Migrate(IReadOnlyList<Migration> migrations) => new SchemaMigrator(dataSource, "intake", migrations, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);

        async Task Execute(string sql, Guid id)
        {
            await using var command = dataSource.CreateCommand(sql);
            command.Parameters.AddWithValue(id);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static BudgetPackage WithoutCodes(string department)
    {
        var package = Seeds.Jiulongpo();
        (package.Header.DepartmentCode, package.Header.DepartmentName) = ("", department);
        (package.Header.UnitCode, package.Header.UnitName) = ("", department);
        return package;
    }
}
