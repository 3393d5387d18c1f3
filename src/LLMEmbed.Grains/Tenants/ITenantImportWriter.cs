namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// How an import chunk, featurized in an interleaved call, gets its stream's rows written: as a
/// message to the tenant grain itself, so the write is an ordinary, non-interleaved turn that no
/// other change of the tenant's state runs beside.
/// </summary>
[Alias("llmembed.tenant.ITenantImportWriter")]
public interface ITenantImportWriter : IGrainWithStringKey
{
    [Alias("StoreQueued")] Task<Abstractions.Tenants.AddExamplesResult> StoreQueued(string stream);
}
