using System.Security.Cryptography;
using BudgetMesh.Contracts.Budget.V1;
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

    [Fact]
    public void An_unknown_field_deep_inside_a_table_row_does_not_make_new_content()
    {
        var package = Seeds.Jiulongpo();
        var row = package.Tables.Gf.Rows[2];
        package.Tables.Gf.Rows[2] = FunctionExpenditureRow.Parser.ParseFrom([.. row.ToByteArray(), 0x98, 0x06, 0x01]);
        var bytes = package.ToByteArray();

        Assert.NotEqual(Seeds.Jiulongpo().ToByteArray().Length, bytes.Length);
        Assert.Equal(Seeds.Jiulongpo().ComputeContentHash(), BudgetPackage.ComputeContentHash(bytes));
        Assert.Equal(Seeds.Jiulongpo().ComputeContentHash(), package.ComputeContentHash());
    }

    [Fact]
    public void A_known_field_number_with_the_wrong_wire_type_is_an_unknown_field_and_does_not_make_new_content()
    {
        // Field 1 (the header, a message) sent as a varint: Google.Protobuf keeps it among the unknown fields.
        var parsed = BudgetPackage.Parser.ParseFrom([.. Seeds.Jiulongpo().ToByteArray(), 0x08, 0x01]);

        Assert.Equal(Seeds.Jiulongpo().Header, parsed.Header);
        Assert.Equal(Seeds.Jiulongpo().ComputeContentHash(), BudgetPackage.ComputeContentHash(parsed.ToByteArray()));
    }

    [Fact]
    public void The_hash_is_sha256_of_the_bytes_reparsed_without_unknown_fields_for_every_seed_and_its_variants()
    {
        foreach (var package in Seeds.All().SelectMany(p => new[] { p, Blanked(p) }))
        {
            var bytes = package.ToByteArray();
            var reparsed = BudgetPackage.Parser.WithDiscardUnknownFields(true).ParseFrom(bytes).ToByteArray();

            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(reparsed)), BudgetPackage.ComputeContentHash(bytes));
        }

        static BudgetPackage Blanked(BudgetPackage seed)
        {
            var changed = seed.Clone();
            changed.Tables.Gf.Rows[0].ClearPriorYear();
            return changed;
        }
    }
}
