using System.Globalization;
using Grpc.Core;
using LLMEmbed.Gateway.Security;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Services;

// Listing, relabelling and deleting stored rows: the grain checks and applies; here only proto <-> contract.
public sealed partial class ExamplesService
{
    private const int DefaultPageSize = 100;

    public override async Task<ListExamplesResponse> ListExamples(ListExamplesRequest request, ServerCallContext context)
    {
        long after = -1;
        if (request.PageToken.Length > 0 && !long.TryParse(request.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out after))
            throw new InvalidRequestException($"page_token '{request.PageToken}' is not one this service gave.", "page_token");
        var query = new ExampleQuery(request.PageSize == 0 ? DefaultPageSize : request.PageSize, after,
            Blank(request.Label), Blank(request.ImportId), request.Source.Length == 0 ? null : ParseSource(request.Source));
        var page = await grains.GetGrain<ITenantExamplesGrain>(context.TenantCaller().Tenant!).ListExamples(query);
        var response = new ListExamplesResponse { NextPageToken = page.Next?.ToString(CultureInfo.InvariantCulture) ?? "" };
        response.Examples.AddRange(page.Examples.Select(ToProto));
        return response;
    }

    public override async Task<Protos.V1.StoredExample> RelabelExample(RelabelExampleRequest request, ServerCallContext context) =>
        ToProto(await grains.GetGrain<ITenantExamplesGrain>(context.TenantCaller().Tenant!).RelabelExample(request.Id, request.Label));

    public override async Task<DeleteExamplesResponse> DeleteExamples(DeleteExamplesRequest request, ServerCallContext context)
    {
        var grain = grains.GetGrain<ITenantExamplesGrain>(context.TenantCaller().Tenant!);
        var deleted = await grain.DeleteExamples([.. request.Ids], Blank(request.ImportId));
        return new DeleteExamplesResponse { Deleted = deleted, TotalExamples = (await grain.CountExamples()).Total };
    }

    internal static ExampleSource ParseSource(string source) =>
        Enum.GetValues<ExampleSource>().FirstOrDefault(s => SegmentLabelKeys.Name(s) == source, (ExampleSource)255) is var parsed && parsed != (ExampleSource)255
            ? parsed
            : throw new InvalidRequestException($"source must be import, feedback, suggestion or unlabelled, got '{source}'.", "source");

    private static string? Blank(string value) => value.Length == 0 ? null : value;

    private static Protos.V1.StoredExample ToProto(Grains.Abstractions.Tenants.StoredExample e) => new()
    {
        Id = e.Id, Text = e.Text ?? "", Label = e.Label, Source = SegmentLabelKeys.Name(e.Source), ImportId = e.ImportId ?? "",
    };
}
