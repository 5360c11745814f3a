using BudgetMesh.Intake.Keys;

namespace BudgetMesh.Intake.Tests;

public sealed class ApiKeysTests
{
    [Fact]
    public void A_generated_key_parses_back_to_its_id_and_secret()
    {
        for (var i = 0; i < 50; i++)
        {
            var (key, text) = ApiKeys.Generate();

            Assert.StartsWith("bm_", text, StringComparison.Ordinal);
            Assert.True(ApiKeys.TryParse(text, out var parsed));
            Assert.Equal(key, parsed);
            Assert.Equal(43, parsed.Secret.Length);
        }
    }

    [Fact]
    public void A_secret_with_underscores_is_split_at_the_first_one_after_the_id()
    {
        Assert.True(ApiKeys.TryParse("bm_abc123_se_cr_et-0123456789abcdef", out var key));
        Assert.Equal("abc123", key.KeyId);
        Assert.Equal("se_cr_et-0123456789abcdef", key.Secret);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("bm_")]
    [InlineData("bm__0123456789abcdef0123")]
    [InlineData("bm_abc_short")]
    [InlineData("bm_ab!c_0123456789abcdef0123")]
    [InlineData("bm_abc_0123456789abcdef 0123")]
    [InlineData("xx_abc_0123456789abcdef0123")]
    public void Malformed_keys_do_not_parse(string? text) => Assert.False(ApiKeys.TryParse(text, out _));

    [Fact]
    public void The_bearer_scheme_is_read_case_insensitively()
    {
        var (_, text) = ApiKeys.Generate();

        Assert.True(ApiKeys.TryParseBearer("Bearer " + text, out _));
        Assert.True(ApiKeys.TryParseBearer("bearer " + text, out _));
        Assert.False(ApiKeys.TryParseBearer(text, out _));
        Assert.False(ApiKeys.TryParseBearer("Basic " + text, out _));
    }

    [Fact]
    public void Only_the_right_secret_matches_its_hash()
    {
        var (key, _) = ApiKeys.Generate();
        var hash = ApiKeys.HashSecret(key.Secret);

        Assert.True(ApiKeys.Matches(hash, key.Secret));
        Assert.False(ApiKeys.Matches(hash, key.Secret + "x"));
        Assert.Equal(32, hash.Length);
    }

    [Fact]
    public void A_parsed_key_never_prints_its_secret()
    {
        var (key, _) = ApiKeys.Generate();

        Assert.DoesNotContain(key.Secret, key.ToString(), StringComparison.Ordinal);
    }
}
