using Orleans.Concurrency;

namespace LLMEmbed.Grains.Abstractions.Tenants;

/// <summary>A tenant's life cycle and settings: the admin API and the gateway's key check.</summary>
[Alias("llmembed.tenant.ITenantAdminGrain")]
public interface ITenantAdminGrain : IGrainWithStringKey
{
    [Alias("Create")] Task<TenantInfo> Create(TenantSettings settings);
    [AlwaysInterleave, Alias("Describe")] Task<TenantInfo> Describe();
    [Alias("Delete")] Task Delete();
    [Alias("RotateKey")] Task RotateKey(byte[] keyHash);
    /// <summary>
    /// Changes how long texts are read. Refused (FailedPrecondition) once the tenant stores examples:
    /// their features were made under the old setting and are not re-made.
    /// </summary>
    [Alias("ChangeLongText")] Task<TenantInfo> ChangeLongText(Backbones.LongTextSettings longText);
    /// <summary>Whether classify may abstain, the coverage new heads' thresholds are chosen for, and an optional threshold override.</summary>
    [Alias("ChangeScope")] Task<TenantInfo> ChangeScope(ScopeSettings scope);
    /// <summary>Examples every described label needs before the trained head answers instead of zero-shot (0..100,000).</summary>
    [Alias("ChangeZeroShotBelow")] Task<TenantInfo> ChangeZeroShotBelow(int zeroShotBelow);
    /// <summary>Constant-time comparison of a presented key hash with the stored one.</summary>
    [AlwaysInterleave, Alias("Authorize")] Task<bool> Authorize(byte[] keyHash);
}
