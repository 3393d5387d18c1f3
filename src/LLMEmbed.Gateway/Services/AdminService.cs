using Grpc.Core;
using LLMEmbed.Gateway.Archive;
using LLMEmbed.Gateway.Limits;
using LLMEmbed.Gateway.Security;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Protos.V1;
using Microsoft.Extensions.Options;
using ContractLimits = LLMEmbed.Grains.Abstractions.Tenants.TenantLimits;

namespace LLMEmbed.Gateway.Services;

/// <summary>Admin: tenant lifecycle. The admin key is checked by <see cref="AuthInterceptor"/>.</summary>
public sealed class AdminService(IGrainFactory grains, IOptions<GatewayOptions> options, TenantAuthenticator authenticator,
    TenantExporter exporter, TenantRestorer restorer) : Admin.AdminBase
{
    public override async Task ExportTenant(ExportTenantRequest request, IServerStreamWriter<ExportTenantChunk> responseStream, ServerCallContext context)
    {
        TenantIds.Validate(request.Tenant);
        await using var output = new ChunkWriteStream(responseStream, context.CancellationToken);
        await exporter.ExportAsync(request.Tenant, output, context.CancellationToken);
        await output.FlushAsync(context.CancellationToken);
    }

    public override async Task<ImportTenantResponse> ImportTenant(IAsyncStreamReader<ImportTenantChunk> requestStream, ServerCallContext context)
    {
        await using var input = new ChunkReadStream(requestStream);
        await input.StartAsync(context.CancellationToken);
        if (!string.IsNullOrEmpty(input.Tenant)) TenantIds.Validate(input.Tenant);
        var (info, totals) = await restorer.RestoreAsync(input, input.Tenant, context.CancellationToken);
        return new ImportTenantResponse { Tenant = info.ToSummary(), Bytes = totals.Bytes, Entries = totals.Entries };
    }

    public override async Task<CreateTenantResponse> CreateTenant(CreateTenantRequest request, ServerCallContext context)
    {
        TenantIds.Validate(request.Tenant);
        var limits = Resolve(request.Limits, options.Value.DefaultLimits);
        var longText = LongTextRequest.Resolve(request.LongText, request.ChunkOverlap, request.MaxWindows, LongTextSettings.Default);
        var key = TenantKey.Generate(request.Tenant);
        await grains.GetGrain<ITenantAdminGrain>(request.Tenant).Create(new TenantSettings(
            string.IsNullOrWhiteSpace(request.Recipe) ? options.Value.DefaultRecipe : request.Recipe, request.KeepTexts, limits, TenantKey.Hash(key), longText));
        await Directory.Add(request.Tenant);
        return new CreateTenantResponse { Tenant = request.Tenant, Key = key };
    }

    public override async Task<RotateTenantKeyResponse> RotateTenantKey(RotateTenantKeyRequest request, ServerCallContext context)
    {
        TenantIds.Validate(request.Tenant);
        var key = TenantKey.Generate(request.Tenant);
        await grains.GetGrain<ITenantAdminGrain>(request.Tenant).RotateKey(TenantKey.Hash(key));
        await authenticator.RevokeAsync(request.Tenant);
        return new RotateTenantKeyResponse { Tenant = request.Tenant, Key = key };
    }

    public override async Task<DeleteTenantResponse> DeleteTenant(DeleteTenantRequest request, ServerCallContext context)
    {
        TenantIds.Validate(request.Tenant);
        var tenant = grains.GetGrain<ITenantAdminGrain>(request.Tenant);
        await tenant.Delete();
        await Directory.Remove(request.Tenant);
        await authenticator.RevokeAsync(request.Tenant);
        // Reported from what the tenant grain now says, not assumed: deleted means it no longer exists.
        bool deleted;
        try
        {
            await tenant.Describe();
            deleted = false;
        }
        catch (NotFoundException)
        {
            deleted = true;
        }
        return new DeleteTenantResponse { Deleted = deleted };
    }

    public override async Task<ListTenantsResponse> ListTenants(ListTenantsRequest request, ServerCallContext context)
    {
        var ids = await Directory.List();
        var infos = await Task.WhenAll(ids.Order(StringComparer.Ordinal).Select(DescribeListed));
        return new ListTenantsResponse { Tenants = { infos.OfType<TenantInfo>().Select(i => i.ToSummary()) } };
    }

    /// <summary>A listed tenant's summary; null for one whose delete did not finish (it no longer exists; deleting it again clears it).</summary>
    private async Task<TenantInfo?> DescribeListed(string id)
    {
        try { return await grains.GetGrain<ITenantAdminGrain>(id).Describe(); }
        catch (NotFoundException) { return null; }
    }

    public override async Task<TenantSummary> GetTenant(GetTenantRequest request, ServerCallContext context)
    {
        TenantIds.Validate(request.Tenant);
        return (await grains.GetGrain<ITenantAdminGrain>(request.Tenant).Describe()).ToSummary();
    }

    public override async Task<TenantSummary> UpdateTenantSettings(UpdateTenantSettingsRequest request, ServerCallContext context)
    {
        TenantIds.Validate(request.Tenant);
        var tenant = grains.GetGrain<ITenantAdminGrain>(request.Tenant);
        var current = (await tenant.Describe()).LongText ?? LongTextSettings.Default;
        var longText = LongTextRequest.Resolve(request.LongText, request.ChunkOverlap, request.MaxWindows, current);
        var info = await tenant.ChangeLongText(longText);
        if (request.Abstain is not null || request.ScopeTargetCoverage is not null || request.ScopeThreshold is not null)
            info = await tenant.ChangeScope(ScopeRequest.Resolve(request.Abstain, request.ScopeTargetCoverage, request.ScopeThreshold,
                info.Scope ?? ScopeSettings.Default));
        if (request.ZeroShotBelow is { } zeroShotBelow) info = await tenant.ChangeZeroShotBelow(zeroShotBelow);
        await authenticator.RevokeAsync(request.Tenant); // cached tenant info carries the per-call bound, which the setting changes
        return info.ToSummary();
    }

    public override async Task<ListBackbonesResponse> ListBackbones(ListBackbonesRequest request, ServerCallContext context)
    {
        var replicas = await grains.GetGrain<IBackboneFleetGrain>(0).ListReplicas();
        return new ListBackbonesResponse
        {
            Replicas =
            {
                replicas.Select(r => new BackboneReplica
                {
                    Backbone = r.BackboneId, Silo = r.Silo, ExecutionProvider = r.ExecutionProvider, QueueDepth = r.QueueDepth,
                    Batches = r.Batches, Sequences = r.Sequences, MeanBatchSize = r.MeanBatchSize, LargestBatch = r.LargestBatch,
                    Rejected = r.Rejected, Dropped = r.Dropped,
                }),
            },
        };
    }

    private ITenantDirectoryGrain Directory => grains.GetGrain<ITenantDirectoryGrain>(0);

    /// <summary>Zero fields take the gateway default; negative ones are rejected.</summary>
    internal static ContractLimits Resolve(Protos.V1.TenantLimits? requested, GatewayLimitOptions defaults)
    {
        var d = defaults.ToLimits();
        if (requested is null) return d;
        if (requested.RequestsPerSecond < 0) throw new InvalidRequestException("limits.requests_per_second must not be negative.", "limits.requests_per_second");
        if (requested.TextsPerCall < 0 || requested.TextsPerCall > Grains.Abstractions.ClusterLimits.MaxTextsPerCall)
            throw new InvalidRequestException($"limits.texts_per_call must be between 0 and {Grains.Abstractions.ClusterLimits.MaxTextsPerCall}.", "limits.texts_per_call");
        if (requested.MaxExamples < 0) throw new InvalidRequestException("limits.max_examples must not be negative.", "limits.max_examples");
        if (requested.MaxLabels < 0) throw new InvalidRequestException("limits.max_labels must not be negative.", "limits.max_labels");
        return new ContractLimits(
            requested.RequestsPerSecond == 0 ? d.RequestsPerSecond : requested.RequestsPerSecond,
            requested.TextsPerCall == 0 ? d.TextsPerCall : requested.TextsPerCall,
            requested.MaxExamples == 0 ? d.MaxExamples : requested.MaxExamples,
            requested.MaxLabels == 0 ? d.MaxLabels : requested.MaxLabels);
    }
}
