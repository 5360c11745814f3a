using Google.Protobuf;

namespace BudgetMesh.Intake.Tests;

public sealed class ContentHashTests
{
    [Fact]
    public void The_same_package_always_has_the_same_hash()
    {
        Assert.Equal(Seeds.Jiulongpo().ComputeContentHash(), Seeds.Jiulongpo().ComputeContentHash());
        Assert.Matches("^[0-9a-f]{64}$", Seeds.Jiulongpo().ComputeContentHash());
    }

    [Fact]
    public void Any_change_of_content_changes_the_hash()
    {
        var changed = Seeds.Jiulongpo();
        changed.Tables.Gf.Rows[3].Total = "0.01";

        Assert.NotEqual(Seeds.Jiulongpo().ComputeContentHash(), changed.ComputeContentHash());
    }

    [Fact]
    public void A_blank_cell_and_a_zero_are_different_content()
    {
        var blank = Seeds.Jiulongpo();
        blank.Tables.Gf.Rows[0].ClearPriorYear();
        var zero = blank.Clone();
        zero.Tables.Gf.Rows[0].PriorYear = "0";

        Assert.NotEqual(blank.ComputeContentHash(), zero.ComputeContentHash());
    }

    [Fact]
    public void Unknown_fields_from_a_newer_client_do_not_make_new_content()
    {
        var package = Seeds.Jiulongpo();
        var bytes = package.ToByteArray();
        var withUnknown = new byte[bytes.Length + 3];
        bytes.CopyTo(withUnknown, 0);
        // Field 99, varint 1: a field this contract does not know.
        withUnknown[^3] = 0x98;
        withUnknown[^2] = 0x06;
        withUnknown[^1] = 0x01;
        var parsed = Contracts.Budget.V1.BudgetPackage.Parser.ParseFrom(withUnknown);

        Assert.NotEqual(bytes.Length, parsed.ToByteArray().Length);
        Assert.Equal(package.ComputeContentHash(), parsed.ComputeContentHash());
    }

    [Fact]
    public void The_hash_of_the_serialised_bytes_equals_the_hash_of_the_package_with_or_without_unknown_fields()
    {
        var package = Seeds.Jiulongpo();
        var bytes = package.ToByteArray();
        var withUnknown = new byte[bytes.Length + 3];
        bytes.CopyTo(withUnknown, 0);
        withUnknown[^3] = 0x98;
        withUnknown[^2] = 0x06;
        withUnknown[^1] = 0x01;
        var parsed = Contracts.Budget.V1.BudgetPackage.Parser.ParseFrom(withUnknown);

        Assert.Equal(package.ComputeContentHash(), Contracts.Budget.V1.BudgetPackage.ComputeContentHash(bytes));
        Assert.Equal(package.ComputeContentHash(), Contracts.Budget.V1.BudgetPackage.ComputeContentHash(parsed.ToByteArray()));
    }
}
