using LLMEmbed.Gateway.Security;
using LLMEmbed.Grains.Abstractions.Errors;

namespace LLMEmbed.Gateway.Tests;

public sealed class TenantKeyTests
{
    [Fact]
    public void Generated_keys_name_their_tenant_and_carry_32_random_bytes()
    {
        var key = TenantKey.Generate("acme-news");
        Assert.StartsWith("lle_acme-news.", key);
        var secret = key[(key.LastIndexOf('.') + 1)..];
        Assert.Equal(43, secret.Length); // 32 bytes in unpadded base64url
        Assert.DoesNotContain('=', secret);
        Assert.DoesNotContain('+', secret);
        Assert.DoesNotContain('/', secret);
        Assert.True(TenantKey.TryGetTenant(key, out var tenant));
        Assert.Equal("acme-news", tenant);
        Assert.NotEqual(key, TenantKey.Generate("acme-news"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer lle_a.x")]
    [InlineData("lle_.abc")]
    [InlineData("lle_acme.")]
    [InlineData("lle_acme")]
    [InlineData("lle_bad tenant.abc")]
    [InlineData("sk_acme.abc")]
    public void Malformed_keys_name_no_tenant(string? key) => Assert.False(TenantKey.TryGetTenant(key, out _));

    [Fact]
    public void Hash_is_sha256_of_the_whole_key()
    {
        var hash = TenantKey.Hash("lle_a.secret");
        Assert.Equal(32, hash.Length);
        Assert.Equal(hash, TenantKey.Hash("lle_a.secret"));
        Assert.NotEqual(hash, TenantKey.Hash("lle_b.secret"));
        Assert.Equal(Convert.FromHexString("A665A45920422F9D417E4867EFDC4FB8A04A1F3FFF1FA07E998E86F7F7A27AE3"), TenantKey.Hash("123"));
    }

    [Fact]
    public void Secrets_compare_by_value_whatever_their_lengths()
    {
        Assert.True(TenantKey.SecretsEqual("admin-key-0123456789", "admin-key-0123456789"));
        Assert.False(TenantKey.SecretsEqual("admin-key-0123456789", "admin-key-012345678"));
        Assert.False(TenantKey.SecretsEqual("", "admin-key-0123456789"));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("tenant_1")]
    [InlineData("Reuters-2")]
    public void Valid_tenant_ids_pass(string tenant) => TenantIds.Validate(tenant);

    [Theory]
    [InlineData("")]
    [InlineData("-leading")]
    [InlineData("has.dot")]
    [InlineData("has space")]
    [InlineData("x123456789012345678901234567890123456789012345678901234567890123456789")]
    public void Invalid_tenant_ids_are_invalid_arguments_on_field_tenant(string tenant)
    {
        var error = Assert.Throws<InvalidRequestException>(() => TenantIds.Validate(tenant));
        Assert.Equal("tenant", error.Field);
    }
}
